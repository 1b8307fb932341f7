"""Files know their number of pages ("PDF, 2 Seiten, 753 KB"); the PDFs already stored are counted."""

from django.db import migrations, models


def count_stored_pages(apps, schema_editor):
    """Count the pages of the PDFs already stored; a file that cannot be read stays unknown."""
    from resolutions.files import count_pages

    File = apps.get_model("resolutions", "File")
    for record in File.objects.filter(mime_type="application/pdf", page_count=None).iterator():
        try:
            with record.file.open("rb") as stored:
                pages = count_pages(stored.read(), record.mime_type)
        except OSError:
            continue
        if pages:
            File.objects.filter(pk=record.pk).update(page_count=pages)


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0006_consultation_meeting_from_agenda_item"),
    ]

    operations = [
        migrations.AddField(
            model_name="file",
            name="page_count",
            field=models.PositiveIntegerField(
                blank=True, help_text="Number of pages of a PDF; empty where unknown.", null=True, verbose_name="pages"
            ),
        ),
        migrations.AddField(
            model_name="historicalfile",
            name="page_count",
            field=models.PositiveIntegerField(
                blank=True, help_text="Number of pages of a PDF; empty where unknown.", null=True, verbose_name="pages"
            ),
        ),
        migrations.RunPython(count_stored_pages, migrations.RunPython.noop, elidable=True),
    ]
