import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def date_as_before(apps, schema_editor):
    """Existing meetings (and their history) start with their `modified`: the portal's validators
    took it until now, so no page moves on deploying this."""
    for name in ("Meeting", "HistoricalMeeting"):
        apps.get_model("council", name).objects.update(public_modified=F("modified"))


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0009_meeting_chair_minute_taker_substitutes_guests"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmeeting",
            name="public_modified",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="changed as the public sees it"
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="public_modified",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="changed as the public sees it"
            ),
        ),
        migrations.RunPython(date_as_before, migrations.RunPython.noop),
    ]
