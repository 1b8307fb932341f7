import django.utils.timezone
from django.db import migrations, models

# As council.visibility.PUBLIC_PERSON_FIELDS when this was written.
SHOWN = ("family_name", "given_name", "title", "form_of_address", "affix", "gender", "party")


def date_as_before(apps, schema_editor):
    """Each person starts with the time of their newest version that created them or changed what
    the public sees of them, else their `modified`: what the portal's validators and OParl read
    from the history until now, so that nothing moves on deploying this. Each version of a
    person carries the time of the newest such version up to it."""
    Person = apps.get_model("council", "Person")
    History = apps.get_model("council", "HistoricalPerson")
    counted, dated, previous = {}, {}, {}
    versions = History.objects.order_by("id", "history_id").values_list(
        "history_id", "id", "history_type", "history_date", *SHOWN
    )
    rows = []
    for history_id, person_id, kind, moment, *shown in versions.iterator(chunk_size=2000):
        before = previous.get(person_id)
        if kind in ("+", "-") or (before is not None and before != shown):
            counted[person_id] = dated[person_id] = moment
        dated.setdefault(person_id, moment)
        previous[person_id] = shown
        rows.append(History(history_id=history_id, public_modified=dated[person_id]))
    History.objects.bulk_update(rows, ["public_modified"], batch_size=1000)
    Person.objects.update(public_modified=models.F("modified"))
    people = [Person(pk=pk, public_modified=moment) for pk, moment in counted.items()]
    Person.objects.bulk_update(people, ["public_modified"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0010_public_modified"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=model,
                name="public_modified",
                field=models.DateTimeField(
                    default=django.utils.timezone.now, editable=False, verbose_name="changed as the public sees it"
                ),
            )
            for model in ("person", "historicalperson")
        ),
        migrations.RunPython(date_as_before, migrations.RunPython.noop),
    ]
