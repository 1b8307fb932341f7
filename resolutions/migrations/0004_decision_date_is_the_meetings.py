"""A decided paper's decision date is the day of the meeting that decided it.

Until now `decided_at` held the moment the result was recorded (or nothing, for papers of
the demo). The deciding meeting is the latest one whose agenda item recorded a deciding
result for the paper's deciding consultation (adopted, adopted with changes, rejected),
or, for a paper that was only noted, the latest item that took note of it.
"""

from django.db import migrations

DECIDING = ("adopted", "adopted_with_changes", "rejected")


def repair(apps, schema_editor):
    Paper = apps.get_model("resolutions", "Paper")
    AgendaItem = apps.get_model("council", "AgendaItem")
    for paper in Paper.objects.filter(state="decided").only("pk", "result", "decided_at").iterator():
        items = AgendaItem.objects.filter(consultation__paper_id=paper.pk).exclude(meeting__state="cancelled")
        if paper.result == "noted":
            items = items.filter(result="noted")
        else:
            items = items.filter(result__in=DECIDING, consultation__role="decision")
        start = items.order_by("-meeting__start").values_list("meeting__start", flat=True).first()
        if start is not None and start != paper.decided_at:
            Paper.objects.filter(pk=paper.pk).update(decided_at=start)


class Migration(migrations.Migration):

    dependencies = [
        ("council", "0002_initial"),
        ("resolutions", "0003_transition_steps_of_the_beratungsfolge"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
