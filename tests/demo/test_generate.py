"""`generate_data`: the shape of the generated Bodies, determinism, and that a second run adds nothing."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q

from council.models import AgendaItem, Body, Meeting
from demo.generate import generate, generated_bodies
from resolutions.models import Amendment, Consultation, File, Paper, Transition

pytestmark = pytest.mark.django_db


def references_and_titles(seed):
    """What a run with `seed` generates, rolled back afterwards."""
    with transaction.atomic():
        generate(2, 200, seed)
        made = list(Paper.objects.filter(body__in=generated_bodies()).order_by("body__slug", "reference")
                    .values_list("body__slug", "reference", "name", "state", "public"))  # fmt: skip
        transaction.set_rollback(True)
    return made


def test_generated_bodies_have_the_shape_of_ten_years_of_council_work(demo):
    demo_papers = Paper.objects.count()
    assert generate(2, 200, seed=3) == 2

    bodies = generated_bodies()
    assert sorted(bodies.values_list("slug", flat=True)) == ["zv-001", "zv-002"]
    papers = Paper.objects.filter(body__in=bodies)
    assert papers.count() == 200
    assert Paper.objects.count() == demo_papers + 200
    for body in bodies:
        assert Paper.objects.filter(body=body).count() == 100
        years = {meeting.start.year for meeting in Meeting.objects.filter(body=body)}
        assert len(years) >= 10
        assert body.organization_set.filter(kind="committee").count() == 4
        assert body.person_set.count() == 30

    # Mostly public, some non-public papers, agenda items and files.
    hidden = papers.filter(public=False).count()
    assert 0 < hidden < 30
    items = AgendaItem.objects.filter(body__in=bodies)
    assert (
        items.filter(public=False).exists() and items.filter(public=True).count() > items.filter(public=False).count()
    )
    files = File.objects.filter(body__in=bodies)
    assert files.exists() and files.filter(public=False).exists()
    assert Amendment.objects.filter(body__in=bodies).exists()
    assert items.exclude(votes_yes=None).exists() and items.filter(unanimous=True).exists()

    # Every decided paper has its decision date and exactly one deciding agenda item with its result.
    decided = papers.filter(state="decided")
    assert decided.count() > 100
    assert not decided.filter(decided_at=None).exists()
    assert not decided.filter(result="").exists()
    deciding = decided.annotate(
        deciding=Count(
            "consultations__agenda_items",
            filter=Q(consultations__role__in=["decision", "information"])
            & Q(consultations__agenda_items__result__in=["adopted", "adopted_with_changes", "rejected", "noted"]),
        )
    )
    assert set(deciding.values_list("deciding", flat=True)) == {1}
    changed = papers.filter(result="adopted_with_changes").annotate(amendments=Count("consultations__amendments"))
    assert changed.exists() and not changed.filter(amendments=0).exists()
    # Published papers carry a reference, released ones a release date; each has its timeline and history.
    assert not papers.filter(reference=None).exists() and not papers.filter(released_at=None).exists()
    assert Transition.objects.filter(paper__in=papers, action="release").count() == 200
    assert Paper.history.filter(body_id__in=bodies.values("pk")).count() == 200
    assert (
        Consultation.history.filter(body_id__in=bodies.values("pk")).count()
        == Consultation.objects.filter(body__in=bodies).count()
    )
    # A Body's references are unique (the database says so too) and items are numbered per meeting.
    assert not AgendaItem.objects.filter(body__in=bodies, number="").exists()


def test_a_second_run_adds_nothing(demo):
    generate(2, 200, seed=3)
    before = {model: model.objects.count() for model in (Body, Paper, Meeting, AgendaItem, File)}
    out = io.StringIO()
    call_command("generate_data", "--bodies", "2", "--papers", "200", "--seed", "3", stdout=out, verbosity=0)
    assert "Nichts zu tun" in out.getvalue()
    assert {model: model.objects.count() for model in before} == before


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(db):
    first = references_and_titles(seed=1)
    assert len(first) == 200
    assert references_and_titles(seed=1) == first
    assert references_and_titles(seed=2) != first


def test_the_command_reports_what_it_made(db):
    out = io.StringIO()
    call_command("generate_data", "--bodies", "1", "--papers", "20", stdout=out, verbosity=0)
    assert "1 Körperschaften erzeugt" in out.getvalue()
    assert Paper.objects.filter(body__slug="zv-001").count() == 20


def test_generate_data_refuses_a_database_other_than_postgresql(monkeypatch):
    from django.core.management import CommandError, call_command
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("generate_data", "--bodies", "1", "--papers", "1")
