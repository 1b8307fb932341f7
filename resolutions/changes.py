"""Which of a paper's own fields differ between two versions of it, in the words of the pages.

Surface-neutral: the back office's comparison (`office.diffs`) marks the differences of
these fields word by word; the councillor dashboard names the changed fields in one line
("Beschlusstext, Finanzielle Auswirkung"). Works on anything with the paper's fields: a
Paper or a historical record of one.
"""

# (field, German label, kind): kind "rich" is rich text, "relation" a foreign key.
# The content of a paper only: its state and its reference are the lifecycle's (the steps
# of the timeline), not content, and would make every comparison differ.
COMPARED_FIELDS = [
    ("name", "Titel", "text"),
    ("paper_type", "Vorlagenart", "relation"),
    ("under_direction_of", "Federführendes Amt", "relation"),
    ("author_organization", "Einreichende Fraktion", "relation"),
    ("author_person", "Einreichende Person", "relation"),
    ("date", "Datum", "date"),
    ("public", "Öffentlich", "bool"),
    ("resolution_text", "Beschlusstext", "rich"),
    ("reasoning", "Erläuterung/Begründung", "rich"),
    ("financial_impact", "Finanzielle Auswirkung", "bool"),
    ("financial_amount", "Betrag (EUR)", "amount"),
    ("financial_budget_line", "Haushaltsstelle", "text"),
    ("financial_description", "Erläuterung der Finanzierung", "text"),
]


def _value(record, field, kind):
    return getattr(record, field + "_id" if kind == "relation" else field, None)


def changed_fields(old_record, new_record):
    """The labels of the fields that differ, in the order of the paper page."""
    return [
        label
        for field, label, kind in COMPARED_FIELDS
        if _value(old_record, field, kind) != _value(new_record, field, kind)
    ]
