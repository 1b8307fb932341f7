"""Comparing two versions of a paper: which fields differ, and the texts with <ins>/<del>.

Works on anything that has the paper's fields (a Paper, a historical record of one), so
the history page and the refusal of a stale form show changes the same way.
"""

import difflib
import html
import re
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from resolutions.richtext import to_plain_text

# (field, German label, kind): kind "rich" is compared as plain text with paragraph breaks.
COMPARED_FIELDS = [
    ("name", "Titel", "text"),
    ("paper_type", "Vorlagenart", "relation"),
    ("under_direction_of", "Federführendes Amt", "relation"),
    ("date", "Datum", "date"),
    ("state", "Stand", "choice"),
    ("reference", "Vorlagen-Nr.", "text"),
    ("public", "Öffentlich", "bool"),
    ("resolution_text", "Beschlusstext", "rich"),
    ("reasoning", "Erläuterung/Begründung", "rich"),
    ("financial_impact", "Finanzielle Auswirkung", "bool"),
    ("financial_amount", "Betrag (EUR)", "amount"),
    ("financial_budget_line", "Haushaltsstelle", "text"),
    ("financial_description", "Erläuterung der Finanzierung", "text"),
]

_BLOCK_END = re.compile(r"</(p|li|h3|h4|blockquote)>|<br\s*/?>", re.IGNORECASE)
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def rich_to_text(value):
    """Plain text of rich text with one line per paragraph or list item."""
    text = _BLOCK_END.sub("\n", value or "")
    text = html.unescape(to_plain_text(text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def display(record, field, kind, state_labels=None):
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
    if kind == "choice":
        return str((state_labels or {}).get(value, value))
    return "" if value is None else str(value)


def marked_diff(old, new):
    """`new` with what was removed in <del> and what was added in <ins>, escaped."""
    old_tokens, new_tokens = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    parts = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(old_tokens[a1:a2]), "".join(new_tokens[b1:b2])
        if op == "equal":
            parts.append(escape(added))
            continue
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>\n"))


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    diff: str

    @property
    def changed(self):
        return self.old != self.new


def compare(old_record, new_record, only_changed=False):
    from resolutions.models import Paper

    labels = dict(Paper.State.choices)
    rows = []
    for field, label, kind in COMPARED_FIELDS:
        old = display(old_record, field, kind, labels)
        new = display(new_record, field, kind, labels)
        if only_changed and old == new:
            continue
        rows.append(FieldChange(field, label, old, new, marked_diff(old, new)))
    return rows
