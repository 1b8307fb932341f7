import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def date_as_before(apps, schema_editor):
    """Each record starts with what the portal's validators took of it until now, so that no page
    moves on deploying this: a meeting and a public agenda item their `modified`, a non-public
    item when it was created."""
    for name in ("Meeting", "HistoricalMeeting"):
        apps.get_model("council", name).objects.update(public_modified=F("modified"))
    for name in ("AgendaItem", "HistoricalAgendaItem"):
        items = apps.get_model("council", name).objects
        items.filter(public=True).update(public_modified=F("modified"))
        items.filter(public=False).update(public_modified=F("created"))


def public_modified():
    return models.DateTimeField(
        default=django.utils.timezone.now, editable=False, verbose_name="changed as the public sees it"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0009_meeting_chair_minute_taker_substitutes_guests"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name="public_modified", field=public_modified())
            for model in ("meeting", "historicalmeeting", "agendaitem", "historicalagendaitem")
        ),
        migrations.RunPython(date_as_before, migrations.RunPython.noop),
    ]
