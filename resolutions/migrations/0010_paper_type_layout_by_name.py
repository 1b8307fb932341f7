"""Set the printed layout of the paper types that exist, once, by their names.

From now on the layout is configured on each PaperType; nothing reads the names again.
Types whose name matches none of these keep the defaults (an administration's paper with
every block).
"""

from django.db import migrations

# name (lower case, prefix match) -> fields
LAYOUTS = [
    ("beschlussvorlage", {}),
    (
        "informationsvorlage",
        {"print_treasurer_confirmation": False, "print_financial_impact": True},
    ),
    ("mitteilung", {"print_treasurer_confirmation": False, "print_financial_impact": False}),
    (
        "antrag",
        {
            "author_kind": "faction",
            "print_department": False,
            "print_author": True,
            "print_financial_impact": True,
            "print_signoff_lines": False,
            "print_treasurer_confirmation": False,
        },
    ),
    (
        "anfrage",
        {
            "author_kind": "faction",
            "print_department": False,
            "print_author": True,
            "print_financial_impact": False,
            "print_signoff_lines": False,
            "print_treasurer_confirmation": False,
        },
    ),
]


def set_layouts(apps, schema_editor):
    PaperType = apps.get_model("resolutions", "PaperType")
    for paper_type in PaperType.objects.all():
        name = paper_type.name.strip().lower()
        for start, fields in LAYOUTS:
            if name.startswith(start):
                for key, value in fields.items():
                    setattr(paper_type, key, value)
                if fields:
                    paper_type.save(update_fields=list(fields))
                break


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0009_paper_type_print_layout")]

    operations = [migrations.RunPython(set_layouts, migrations.RunPython.noop)]
