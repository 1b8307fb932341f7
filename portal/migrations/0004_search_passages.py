"""The passages of the search index's paper and file rows (PostgreSQL only, like the vector):
where each starts and a vector for each, so that an excerpt is cut from one passage
(`portal.search_index`). The rows there are get theirs here; SQLite has neither.

Not atomic: the columns are added at once and the rows filled in batches, each committed, so
neither searches nor the index's writes wait for the whole table (a row not yet filled is
excerpted from all of its text meanwhile). The rows are updated in place: VACUUM the table
after migrating a large index (docs/operations.md), or its GIN index carries the old rows
until autovacuum comes.
"""

from django.db import migrations


def add_passages(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from portal.search_index import EXCERPTED, fill_passages

    schema_editor.execute(
        "ALTER TABLE portal_searchdocument ADD COLUMN IF NOT EXISTS passage_starts integer[],"
        " ADD COLUMN IF NOT EXISTS passages tsvector[]"
    )
    # Outside a transaction each batch's UPDATE commits by itself.
    rows = apps.get_model("portal", "SearchDocument").objects.filter(kind__in=EXCERPTED).order_by("pk")
    fill_passages(rows.values_list("pk", "kind", "text", "details").iterator(chunk_size=2000))


def drop_passages(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE portal_searchdocument DROP COLUMN IF EXISTS passage_starts, DROP COLUMN IF EXISTS passages"
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("portal", "0003_search_document")]

    operations = [migrations.RunPython(add_passages, drop_passages)]
