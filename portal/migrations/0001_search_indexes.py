"""GIN indexes for the portal's full-text search (PostgreSQL only).

The expressions are exactly what `portal.search` builds with Django's SearchVector
(German configuration), so the planner uses these indexes for the search.
SQLite has no full-text index here; the demo search there uses a substring match.
"""

from django.db import migrations

INDEXES = {
    "portal_paper_fts": (
        "resolutions_paper",
        "(setweight(to_tsvector('german'::regconfig, COALESCE(reference, '') || ' ' || COALESCE(name, '')), 'A')"
        " || setweight(to_tsvector('german'::regconfig, COALESCE(resolution_text, '')), 'B'))"
        " || setweight(to_tsvector('german'::regconfig, COALESCE(reasoning, '')), 'C')",
    ),
    "portal_file_fts": (
        "resolutions_file",
        "to_tsvector('german'::regconfig, COALESCE(name, '') || ' ' || COALESCE(text, ''))",
    ),
    "portal_agendaitem_fts": (
        "council_agendaitem",
        "to_tsvector('german'::regconfig, COALESCE(name, '') || ' ' || COALESCE(resolution_text, ''))",
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}))")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0002_initial"),
        ("resolutions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
