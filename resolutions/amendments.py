"""Amendments to a resolution text: the decided text, the text with markers, footnotes.

The paper keeps the proposed text; each Amendment replaces one passage of the text as
it stood before it (`text_before`) with `text_after`. Applying them in order gives the
decided text. The marked-up text shows every changed passage in bold followed by its
marker (`*)`, `**)`, …) and the footnotes explain the markers:

    *) ergänzt STVV 14.12.2021/jae

The marker text is always derived from the records, never typed.
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.safestring import mark_safe

from resolutions.richtext import sanitize

# Private-use sentinels mark where markers and changed passages sit while the amendments
# are applied, so a later amendment can still match a passage an earlier one touched.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_BOLD_OPEN, _BOLD_CLOSE = "\ue002", "\ue003"
_SENTINELS = f"(?:{_MARK_OPEN}\\d+{_MARK_CLOSE}|{_BOLD_OPEN}|{_BOLD_CLOSE}| )*"


class AmendmentError(ValueError):
    """An amendment that cannot be applied to the text (its passage is not there)."""


@dataclass(frozen=True)
class Footnote:
    symbol: str
    label: str

    def __str__(self):
        return f"{self.symbol} {self.label}"


@dataclass
class AmendedText:
    decided: str
    marked: str
    footnotes: list[Footnote] = field(default_factory=list)
    unmatched: list = field(default_factory=list)

    @property
    def decided_html(self):
        return mark_safe(self.decided)

    @property
    def marked_html(self):
        return mark_safe(self.marked)


def marker_symbol(index):
    """1 → "*)", 2 → "**)", 3 → "***)", then numbered: 4 → "4*)"."""
    return "*" * index + ")" if index <= 3 else f"{index}*)"


def marker_label(amendment):
    """ "ergänzt STVV 14.12.2021/jae": kind, organization, meeting date, initials."""
    consultation = amendment.consultation
    meeting = amendment.meeting or consultation.meeting
    parts = [amendment.get_kind_display(), consultation.organization.marker_name]
    if meeting is not None:
        parts.append(f"{meeting.date:%d.%m.%Y}")
    return " ".join(parts) + f"/{amendment.initials}"


def _forms(passage):
    """The ways a plain-text passage may be written in sanitised HTML."""
    forms = [html.escape(passage, quote=False), html.escape(passage, quote=True), passage]
    return list(dict.fromkeys(forms))


def _find(text, passage, allow_sentinels):
    for form in _forms(passage):
        if not allow_sentinels:
            start = text.find(form)
            if start >= 0:
                return start, start + len(form)
            continue
        pattern = _SENTINELS.join(re.escape(char) for char in form)
        match = re.search(pattern, text)
        if match:
            return match.start(), match.end()
    return None


def passage_exists(text, passage):
    """Whether `passage` occurs in the (HTML) text, for validating a new amendment."""
    return _find(text, passage, allow_sentinels=False) is not None


def apply_amendments(text, amendments, strict=False):
    """Apply amendments (in the order given) to the proposed HTML text.

    With strict=True an amendment whose passage is missing raises AmendmentError;
    otherwise it keeps its footnote and is listed in `unmatched`.
    """
    decided = text
    marked = text
    footnotes = []
    unmatched = []
    for index, amendment in enumerate(amendments, start=1):
        symbol = marker_symbol(index)
        footnotes.append(Footnote(symbol, marker_label(amendment)))
        span = _find(decided, amendment.text_before, allow_sentinels=False)
        marked_span = _find(marked, amendment.text_before, allow_sentinels=True)
        if span is None or marked_span is None:
            if strict:
                raise AmendmentError(f"Die Textstelle „{amendment.text_before}“ kommt im Beschlusstext nicht vor.")
            unmatched.append(amendment)
            continue
        replacement = html.escape(amendment.text_after, quote=False)
        decided = decided[: span[0]] + replacement + decided[span[1] :]
        start, end, earlier = _absorb_earlier_marks(marked, *marked_span)
        markers = " ".join(f"{_MARK_OPEN}{number}{_MARK_CLOSE}" for number in sorted([*earlier, index]))
        body = f"{replacement} {markers}" if amendment.text_after else markers
        marked = marked[:start] + f"{_BOLD_OPEN}{body}{_BOLD_CLOSE}" + marked[end:]
    return AmendedText(decided=decided, marked=_render_sentinels(marked), footnotes=footnotes, unmatched=unmatched)


def _absorb_earlier_marks(marked, start, end):
    """Widen a passage over an earlier changed passage it lies in or covers.

    A later amendment that rewrites text an earlier one marked would otherwise nest one bold
    passage in another ("… vor. **) *)"); instead the passage is marked once and carries
    every marker, in order. Returns the span to replace and the earlier marker numbers.
    """
    left = re.search(f"{_BOLD_OPEN}+$", marked[:start])
    right = re.compile(f"(?: ?{_MARK_OPEN}\\d+{_MARK_CLOSE}|{_BOLD_CLOSE})*").match(marked, end)
    wide_start, wide_end = (left.start() if left else start), right.end()
    region = marked[wide_start:wide_end]
    if region.count(_BOLD_OPEN) != region.count(_BOLD_CLOSE):
        wide_start, wide_end = start, end
        region = marked[start:end]
        if region.count(_BOLD_OPEN) != region.count(_BOLD_CLOSE):
            return start, end, []
    earlier = [int(number) for number in re.findall(f"{_MARK_OPEN}(\\d+){_MARK_CLOSE}", region)]
    return wide_start, wide_end, earlier


def _render_sentinels(marked):
    marked = re.sub(
        f"{_MARK_OPEN}(\\d+){_MARK_CLOSE}",
        lambda m: f'<span class="amendment-marker">{marker_symbol(int(m.group(1)))}</span>',
        marked,
    )
    return marked.replace(_BOLD_OPEN, '<strong class="amended">').replace(_BOLD_CLOSE, "</strong>")


def amendments_of(paper):
    from resolutions.models import Amendment

    return list(
        Amendment.objects.filter(consultation__paper=paper)
        .select_related("consultation__organization", "consultation__meeting", "meeting")
        .order_by("consultation__position", "position", "id")
    )


def amended_text(paper, amendments=None):
    """The paper's decided text, marked text and footnotes, from its Amendment records."""
    if amendments is None:
        amendments = amendments_of(paper)
    return apply_amendments(sanitize(paper.resolution_text), amendments)
