"""From an edited resolution text to amendments: which passages were added, changed, struck.

The council office edits the decided text as plain paragraphs (separated by a blank line).
The text is cut into passages (sentences and clauses ending in . ! ? : ;) and compared
passage by passage (difflib); a passage that only gained words is "ergänzt", a passage or
a run of words that disappeared is "gestrichen", anything else "geändert". So adding
"zum nächstmöglichen Zeitpunkt" to the seed's sentence gives exactly the seed's amendment.
A new paragraph is recorded as an addition to the passage before it whose text holds the
paragraph break (a blank line), so it stays a paragraph of its own. A change keeps its whole
passage; the rendering marks only the words that changed (`resolutions.amendments`).
"""

import difflib
import html
import re
from dataclasses import dataclass

import nh3

from resolutions.amendments import PARAGRAPH_BREAK, WORDS
from resolutions.models import Amendment

_BLOCK_END = re.compile(r"</(?:p|li|h3|h4|blockquote)>|<br\s*/?>", re.IGNORECASE)
_PASSAGE_END = re.compile(r"(?<=[.!?:;])\s+")


@dataclass(frozen=True)
class Change:
    kind: str
    text_before: str
    text_after: str


def plain_paragraphs(html_text):
    """The paragraphs of an HTML text as plain strings (tags dropped, entities resolved)."""
    blocks = _BLOCK_END.sub("\n\n", html_text or "")
    plain = html.unescape(nh3.clean(blocks, tags=set()))
    return split_paragraphs(plain)


def split_paragraphs(text):
    paragraphs = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))
    return [" ".join(paragraph.split()) for paragraph in paragraphs if paragraph.strip()]


def as_editable(html_text):
    """The text as the office edits it: plain paragraphs separated by a blank line."""
    return "\n\n".join(plain_paragraphs(html_text))


def normalized(text):
    return " ".join(" ".join(split_paragraphs(text)).split())


def _passages(paragraph):
    return [passage for passage in _PASSAGE_END.split(paragraph) if passage]


def _word_change(before, after):
    """Classify the change of one run of passages by comparing its words."""
    old, new = WORDS.findall(before), WORDS.findall(after)
    opcodes = [op for op in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes() if op[0] != "equal"]
    tags = {op[0] for op in opcodes}
    if tags == {"insert"}:
        return [Change(Amendment.Kind.ADDED, before, after)]
    if tags == {"delete"}:
        # Strike exactly the words that went; their leading space goes with them.
        changes = []
        for _, i1, i2, _, _ in opcodes:
            struck = "".join(old[i1:i2])
            if struck.strip():
                changes.append(Change(Amendment.Kind.STRUCK, struck, ""))
        return changes
    return [Change(Amendment.Kind.CHANGED, before, after)]


def _paragraph_changes(old_paragraph, new_paragraph):
    old, new = _passages(old_paragraph), _passages(new_paragraph)
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before, after = " ".join(old[i1:i2]), " ".join(new[j1:j2])
        if tag == "delete":
            changes.append(Change(Amendment.Kind.STRUCK, before, ""))
        elif tag == "insert":
            if j1 > 0:
                # Earlier changes are applied already: anchor on the text as it now reads.
                anchor = new[j1 - 1]
                changes.append(Change(Amendment.Kind.ADDED, anchor, f"{anchor} {after}"))
            elif old:
                anchor = old[0]
                changes.append(Change(Amendment.Kind.ADDED, anchor, f"{after} {anchor}"))
        elif i2 - i1 == j2 - j1:
            # As many passages as before: each one changed on its own, with its own marker.
            for old_passage, new_passage in zip(old[i1:i2], new[j1:j2], strict=True):
                changes.extend(_word_change(old_passage, new_passage))
        else:
            changes.extend(_word_change(before, after))
    return changes


def derive_changes(current_html, edited_text):
    """The changes that turn the current decided text into the edited plain text, in text order."""
    old, new = plain_paragraphs(current_html), split_paragraphs(edited_text)
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "delete":
            changes.extend(Change(Amendment.Kind.STRUCK, paragraph, "") for paragraph in old[i1:i2])
        elif tag == "insert":
            added = PARAGRAPH_BREAK.join(new[j1:j2])
            if j1 > 0:
                anchor = _passages(new[j1 - 1])[-1]
                changes.append(Change(Amendment.Kind.ADDED, anchor, f"{anchor}{PARAGRAPH_BREAK}{added}"))
            elif old:
                anchor = _passages(old[0])[0]
                changes.append(Change(Amendment.Kind.ADDED, anchor, f"{added}{PARAGRAPH_BREAK}{anchor}"))
        else:
            pairs = list(zip(old[i1:i2], new[j1:j2], strict=False))
            for old_paragraph, new_paragraph in pairs:
                changes.extend(_paragraph_changes(old_paragraph, new_paragraph))
            extra_old, extra_new = old[i1 + len(pairs) : i2], new[j1 + len(pairs) : j2]
            changes.extend(Change(Amendment.Kind.STRUCK, paragraph, "") for paragraph in extra_old)
            if extra_new:
                anchor = _passages(new[j1 + len(pairs) - 1])[-1]
                added = PARAGRAPH_BREAK.join(extra_new)
                changes.append(Change(Amendment.Kind.ADDED, anchor, f"{anchor}{PARAGRAPH_BREAK}{added}"))
    return changes
