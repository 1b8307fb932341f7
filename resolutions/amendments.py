"""Amendments to a resolution text: the decided text, the text with markers, footnotes.

The paper keeps the proposed text; each Amendment replaces one passage of the text as
it stood before it (`text_before`) with `text_after`. Applying them in order gives the
decided text. The marked-up text shows the amendments as councils write them:

- "ergänzt": the amended passage in bold, its marker (`*)`, `**)`, …) right after it;
  a paragraph added after (or before) a passage is a paragraph of its own, in bold;
- "geändert": only the words that changed: the old ones struck through, the new ones bold;
- "gestrichen": the struck passage stays readable, struck through (`<del>`), with its marker.

Every amendment is its own element with its own marker, linked to its footnote (and the
footnote back to it); the footnotes explain the markers:

    *) ergänzt STVV 14.12.2021/jae

The marker text is always derived from the records, never typed. A paragraph break in
`text_after` is a blank line ("\n\n").
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.safestring import mark_safe

from resolutions.richtext import sanitize

PARAGRAPH_BREAK = "\n\n"
LEGEND = "fett: ergänzt/geändert, durchgestrichen: gestrichen"

# Private-use sentinels mark where markers, changed and struck passages sit while the
# amendments are applied, so a later amendment can still match a passage an earlier one
# touched. Struck text is not part of the decided text: matching skips it whole.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_BOLD_OPEN, _BOLD_CLOSE = "\ue002", "\ue003"
_DEL_OPEN, _DEL_CLOSE = "\ue004", "\ue005"
_SENTINELS = f"(?:{_MARK_OPEN}\\d+{_MARK_CLOSE}|{_BOLD_OPEN}|{_BOLD_CLOSE}|{_DEL_OPEN}[^{_DEL_CLOSE}]*{_DEL_CLOSE}| )*"
_TRAILING_MARKS = re.compile(f"(?: ?{_MARK_OPEN}\\d+{_MARK_CLOSE}|{_BOLD_CLOSE})*")
_LEADING_MARKS = re.compile(
    f"(?: |{_MARK_OPEN}\\d+{_MARK_CLOSE}|{_BOLD_CLOSE}|{_DEL_OPEN}[^{_DEL_CLOSE}]*{_DEL_CLOSE})*"
)
# Words as the change is marked: a number with its separators ("150.000", "14.12.2021", "1,5")
# is one word, so a changed figure is struck and replaced whole, its marker after it.
WORDS = re.compile(r"\s*(?:\d+(?:[.,:/]\d+)+|\w+|[^\w\s]+)")


class AmendmentError(ValueError):
    """An amendment that cannot be applied to the text (its passage is not there)."""


@dataclass(frozen=True)
class Footnote:
    symbol: str
    label: str
    anchor: str = ""
    linked: bool = False

    def __str__(self):
        return f"{self.symbol} {self.label}"

    @property
    def ref(self):
        """The id of the marker in the text (the footnote links back to it)."""
        return f"{self.anchor}-ref"


@dataclass
class AmendedText:
    decided: str
    marked: str
    footnotes: list[Footnote] = field(default_factory=list)
    unmatched: list = field(default_factory=list)
    legend: str = LEGEND

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


def _in_html(text):
    """A plain passage as it stands in the HTML text: escaped, a blank line a paragraph break."""
    return html.escape(text, quote=False).replace(PARAGRAPH_BREAK, "</p>\n<p>")


def _pattern(form):
    return _SENTINELS.join(re.escape(char) for char in form)


def _find(text, passage, allow_sentinels):
    for form in _forms(passage.replace(PARAGRAPH_BREAK, "</p>\n<p>")):
        if not allow_sentinels:
            start = text.find(form)
            if start >= 0:
                return start, start + len(form)
            continue
        match = re.search(_pattern(form), text)
        if match:
            return match.start(), match.end()
    return None


def passage_exists(text, passage):
    """Whether `passage` occurs in the (HTML) text, for validating a new amendment."""
    return _find(text, passage, allow_sentinels=False) is not None


def changed_words(before, after):
    """(common start, old words, new words, common end) of a change, split at word boundaries."""
    old, new = WORDS.findall(before), WORDS.findall(after)
    if "".join(old) != before or "".join(new) != after:
        return "", before, after, ""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return (
        "".join(old[:head]),
        "".join(old[head : len(old) - tail]),
        "".join(new[head : len(new) - tail]),
        "".join(old[len(old) - tail :]),
    )


def apply_amendments(text, amendments, strict=False, anchors="fn"):
    """Apply amendments (in the order given) to the proposed HTML text.

    With strict=True an amendment whose passage is missing raises AmendmentError;
    otherwise it keeps its footnote and is listed in `unmatched`. `anchors` starts the ids
    of markers and footnotes (a page showing one text twice, like a preview, needs two).
    """
    decided = text
    marked = text
    footnotes = []
    unmatched = []
    for index, amendment in enumerate(amendments, start=1):
        symbol = marker_symbol(index)
        label = marker_label(amendment)
        anchor = f"{anchors}-{amendment.consultation.paper_id}-{index}"
        span = _find(decided, amendment.text_before, allow_sentinels=False)
        marked_span = _find(marked, amendment.text_before, allow_sentinels=True)
        if span is None or marked_span is None:
            if strict:
                raise AmendmentError(f"Die Textstelle „{amendment.text_before}“ kommt im Beschlusstext nicht vor.")
            unmatched.append(amendment)
            footnotes.append(Footnote(symbol, label, anchor))
            continue
        footnotes.append(Footnote(symbol, label, anchor, linked=True))
        decided = decided[: span[0]] + _in_html(amendment.text_after) + decided[span[1] :]
        marked = _mark(marked, marked_span, amendment, index)
    return AmendedText(
        decided=decided,
        marked=_render_sentinels(marked, {note.symbol: note for note in footnotes}),
        footnotes=footnotes,
        unmatched=unmatched,
    )


def _bold(text, markers):
    """Plain text in bold, each paragraph its own run, the markers after the last one."""
    paragraphs = text.split(PARAGRAPH_BREAK)
    runs = [f"{_BOLD_OPEN}{html.escape(part, quote=False)}{_BOLD_CLOSE}" for part in paragraphs[:-1]]
    last = html.escape(paragraphs[-1], quote=False)
    runs.append(f"{_BOLD_OPEN}{last} {markers}{_BOLD_CLOSE}" if last.strip() else f"{_BOLD_OPEN}{markers}{_BOLD_CLOSE}")
    return "</p>\n<p>".join(runs)


def _struck(region):
    """A passage of the marked text struck through; earlier bold inside it loses its bold, keeps its markers."""
    region = region.replace(_BOLD_OPEN, "").replace(_BOLD_CLOSE, "")
    leading = region[: len(region) - len(region.lstrip(" "))]
    return f"{leading}{_DEL_OPEN}{region.lstrip(' ')}{_DEL_CLOSE}"


def _marker(index):
    return f"{_MARK_OPEN}{index}{_MARK_CLOSE}"


def _mark(marked, span, amendment, index):
    from resolutions.models import Amendment

    before, after = amendment.text_before, amendment.text_after
    start, end = span
    if before.startswith(" "):
        # The space before the passage is the last one before its text, after an earlier marker.
        skipped = _LEADING_MARKS.match(marked, start).end()
        if skipped > start and marked[skipped - 1] == " ":
            start = skipped - 1
    if amendment.kind == Amendment.Kind.ADDED and after.startswith(before + PARAGRAPH_BREAK):
        # A paragraph added after the passage: the passage stays as it is, the paragraph is new.
        end = _TRAILING_MARKS.match(marked, end).end()
        added = after[len(before + PARAGRAPH_BREAK) :]
        return marked[:end] + "</p>\n<p>" + _bold(added, _marker(index)) + marked[end:]
    if amendment.kind == Amendment.Kind.ADDED and after.endswith(PARAGRAPH_BREAK + before):
        start = re.search(f"{_BOLD_OPEN}*$", marked[:start]).start()
        added = after[: -len(PARAGRAPH_BREAK + before)]
        return marked[:start] + _bold(added, _marker(index)) + "</p>\n<p>" + marked[start:]
    if amendment.kind == Amendment.Kind.STRUCK:
        start, end, earlier = _absorb_earlier_marks(marked, start, end)
        return marked[:start] + _struck(marked[start:end]) + " " + _marker(index) + marked[end:]
    if amendment.kind == Amendment.Kind.CHANGED:
        head, old, new, _tail = changed_words(before, after)
        inner = _sub_span(marked, start, head, old)
        if inner is not None:
            start, end = inner
    else:
        old, new = before, after
    start, end, earlier = _absorb_earlier_marks(marked, start, end)
    markers = " ".join(_marker(number) for number in sorted([*earlier, index]))
    if amendment.kind == Amendment.Kind.CHANGED and old.strip():
        region = marked[start:end]
        if earlier:
            region = re.sub(f" ?{_MARK_OPEN}\\d+{_MARK_CLOSE}", "", region)
        struck = _struck(region)
        leading = new[: len(new) - len(new.lstrip(" "))] or " "
        body = f"{struck}{leading}{_bold(new.lstrip(' '), markers)}" if new.strip() else f"{struck} {markers}"
        return marked[:start] + body + marked[end:]
    leading = new[: len(new) - len(new.lstrip(" "))]
    return marked[:start] + leading + _bold(new.lstrip(" "), markers) + marked[end:]


def _sub_span(marked, start, head, old):
    """Where the changed words `old` sit in the marked text, after the unchanged start `head`."""
    for head_form in _forms(head):
        for old_form in _forms(old):
            pattern = (
                f"({_pattern(head_form)}){_SENTINELS if head_form else ''}({_pattern(old_form)})"
                if old_form
                else f"({_pattern(head_form)})()"
            )
            match = re.compile(pattern).match(marked, start)
            if match:
                return match.start(2), match.end(2)
    return None


def _absorb_earlier_marks(marked, start, end):
    """Widen a passage over an earlier changed passage it lies in or covers.

    A later amendment that rewrites text an earlier one marked would otherwise nest one bold
    passage in another ("… vor. **) *)"); instead the passage is marked once and carries
    every marker, in order. Returns the span to replace and the earlier marker numbers.
    """
    left = re.search(f"{_BOLD_OPEN}+$", marked[:start])
    right = _TRAILING_MARKS.match(marked, end)
    wide_start, wide_end = (left.start() if left else start), right.end()
    region = marked[wide_start:wide_end]
    if region.count(_BOLD_OPEN) != region.count(_BOLD_CLOSE):
        wide_start, wide_end = start, end
        region = marked[start:end]
        if region.count(_BOLD_OPEN) != region.count(_BOLD_CLOSE):
            return start, end, []
    earlier = [int(number) for number in re.findall(f"{_MARK_OPEN}(\\d+){_MARK_CLOSE}", region)]
    return wide_start, wide_end, earlier


def _render_sentinels(marked, notes):
    def marker(match):
        symbol = marker_symbol(int(match.group(1)))
        note = notes.get(symbol)
        if note is None:
            return f'<span class="amendment-marker">{symbol}</span>'
        return (
            f'<a class="amendment-marker" href="#{note.anchor}" id="{note.ref}" '
            f'aria-label="Fußnote {symbol} {html.escape(note.label)}">{symbol}</a>'
        )

    marked = re.sub(f"{_MARK_OPEN}(\\d+){_MARK_CLOSE}", marker, marked)
    for sentinel, tag in (
        (_BOLD_OPEN, '<strong class="amended">'),
        (_BOLD_CLOSE, "</strong>"),
        (_DEL_OPEN, '<del class="amended">'),
        (_DEL_CLOSE, "</del>"),
    ):
        marked = marked.replace(sentinel, tag)
    return marked


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
