"""Consultations without a meeting whose agenda items name one get the latest of those meetings.

A deferred paper waiting for a new date kept its consultation without a meeting although
an agenda item had dealt with it; `Consultation.meeting` is the meeting it is (or was
last) scheduled for. Each repaired row gets a history record, so the change is kept and
OParl mirrors see the paper as modified.
"""

from django.db import migrations
from django.utils import timezone


def fill_meetings(apps, schema_editor):
    Consultation = apps.get_model("resolutions", "Consultation")
    HistoricalConsultation = apps.get_model("resolutions", "HistoricalConsultation")
    AgendaItem = apps.get_model("council", "AgendaItem")
    now = timezone.now()
    latest = {}
    for consultation_id, meeting_id in (
        AgendaItem.objects.filter(consultation__meeting__isnull=True)
        .order_by("meeting__start", "order")
        .values_list("consultation_id", "meeting_id")
    ):
        latest[consultation_id] = meeting_id
    copied = [field.attname for field in Consultation._meta.concrete_fields]
    for consultation in Consultation.objects.filter(pk__in=latest):
        consultation.meeting_id = latest[consultation.pk]
        consultation.modified = now
        consultation.save(update_fields=["meeting", "modified"])
        HistoricalConsultation.objects.create(
            **{name: getattr(consultation, name) for name in copied},
            history_date=now,
            history_type="~",
            history_change_reason="Sitzung aus dem Tagesordnungspunkt übernommen",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0002_initial"),
        ("resolutions", "0005_financial_impact_may_be_unknown"),
    ]

    operations = [migrations.RunPython(fill_meetings, migrations.RunPython.noop)]
