"""Comparing two versions of a paper: which fields differ, and the texts with <ins>/<del>.

`compare` works on anything that has the paper's fields (a Paper, a historical record of
one), so the comparison page and the refusal of a stale form show changes the same way;
`compare_snapshots` adds the Beratungsfolge and the attachments of two content versions
(`office.versions`). Texts are compared word by word (`marked_diff`).
"""

import difflib
import html
import re
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from resolutions.changes import COMPARED_FIELDS
from resolutions.richtext import to_plain_text

_BLOCK_END = re.compile(r"</(p|li|h3|h4|blockquote)>|<br\s*/?>", re.IGNORECASE)
# Numbers with their separators ("120.000,50"), words, single punctuation marks.
_TOKENS = re.compile(r"\d+(?:[.,]\d+)*|\w+|[^\w\s]")


def rich_to_text(value):
    """Plain text of rich text with one line per paragraph or list item."""
    text = _BLOCK_END.sub("\n", value or "")
    text = html.unescape(to_plain_text(text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def display(record, field, kind):
    value = getattr(record, field + "_id" if kind == "relation" else field, None)
    if kind == "relation":
        related = getattr(record, field, None) if value is not None else None
        return str(related) if related is not None else "–"
    if kind == "rich":
        return rich_to_text(value)
    if kind == "bool":
        # None is an unknown financial impact (imported papers).
        return {True: "ja", False: "nein"}.get(value, "keine Angabe")
    if kind == "date":
        return value.strftime("%d.%m.%Y") if value else "–"
    if kind == "amount":
        return number_format(value, 2, use_l10n=True, force_grouping=True) if value is not None else "–"
    return "" if value is None else str(value)


def _tokens(text):
    return [(match.group(), match.start(), match.end()) for match in _TOKENS.finditer(text)]


def marked_diff(old, new):
    """`new` with what was removed in <del> and what was added in <ins>, escaped, word by word.

    Words (and numbers such as "120.000,50") are compared whole, so a change never splits
    a word. The whitespace between words is kept outside the marks, taken from the text
    it belongs to, and a replaced passage reads "<del>in Mitzeichnung</del>
    <ins>freigegeben</ins>", never glued together. Line breaks become <br>.
    """
    old, new = old or "", new or ""
    a, b = _tokens(old), _tokens(new)

    def gap(text, tokens, index):
        """The whitespace before token `index` (after the previous token); none past the end."""
        if index >= len(tokens):
            return ""
        return text[tokens[index - 1][2] if index > 0 else 0 : tokens[index][1]]

    def passage(text, tokens, first, stop):
        return text[tokens[first][1] : tokens[stop - 1][2]]

    matcher = difflib.SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b], autojunk=False)
    parts = []
    after_removal = False
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        old_gap, new_gap = gap(old, a, a1), gap(new, b, b1)
        if op == "equal":
            # After a removal the new text may have no space where the old one had one.
            parts.append(escape((new_gap or old_gap) if after_removal else new_gap))
            parts.append(escape(passage(new, b, b1, b2)))
        elif op == "insert":
            parts.append(f"{escape(new_gap)}<ins>{escape(passage(new, b, b1, b2))}</ins>")
        elif op == "delete":
            parts.append(f"{escape(old_gap)}<del>{escape(passage(old, a, a1, a2))}</del>")
        else:
            removed, added = passage(old, a, a1, a2), passage(new, b, b1, b2)
            between = " " if removed[-1].isalnum() and added[0].isalnum() else ""
            parts.append(f"{escape(new_gap or old_gap)}<del>{escape(removed)}</del>{between}<ins>{escape(added)}</ins>")
        after_removal = op == "delete"
    return mark_safe("".join(parts).replace("\n", "<br>\n"))


def marked_items(old_items, new_items):
    """Two lists of (key, label), one line each by label: kept plain, removed in <del>, added in <ins>."""
    old, new = dict(old_items), dict(new_items)
    lines = []
    for key in sorted(old.keys() | new.keys(), key=lambda key: (new.get(key, old.get(key)).lower(), str(key))):
        label = escape(new.get(key, old.get(key)))
        if key not in new:
            label = f"<del>{label}</del>"
        elif key not in old:
            label = f"<ins>{label}</ins>"
        lines.append(label)
    return mark_safe("<br>\n".join(lines))


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    diff: str
    changed: bool | None = None

    def __post_init__(self):
        if self.changed is None:
            self.changed = self.old != self.new


def compare(old_record, new_record, only_changed=False):
    """The paper's own fields of two records (Paper or historical), each with its marked differences."""
    rows = []
    for field, label, kind in COMPARED_FIELDS:
        old = display(old_record, field, kind)
        new = display(new_record, field, kind)
        if only_changed and old == new:
            continue
        rows.append(FieldChange(field, label, old, new, marked_diff(old, new)))
    return rows


def consultation_lines(consultations):
    """The Beratungsfolge as text, one step a line: "2. Stadtverordnetenversammlung (Entscheidung)"."""
    return "\n".join(f"{c.position}. {c.organization.name} ({c.get_role_display()})" for c in consultations)


def compare_snapshots(old, new, only_changed=True):
    """Two versions of a paper (`office.versions.Snapshot`): its fields, the Beratungsfolge, the attachments."""
    rows = compare(old.record, new.record)
    old_steps, new_steps = consultation_lines(old.consultations), consultation_lines(new.consultations)
    rows.append(FieldChange("consultations", "Beratungsfolge", old_steps, new_steps, marked_diff(old_steps, new_steps)))
    old_files, new_files = [(f.id, f.name) for f in old.files], [(f.id, f.name) for f in new.files]
    rows.append(
        FieldChange(
            "files",
            "Anlagen",
            "\n".join(name for _, name in old_files),
            "\n".join(name for _, name in new_files),
            marked_items(old_files, new_files),
            changed=old_files != new_files,
        )
    )
    return [row for row in rows if row.changed or not only_changed]
