import pytest

from council.models import AgendaItem, Meeting
from demo.council_office import BUS_TITLE, FOUNTAINS_TITLE, VOLUNTEERING_TITLE
from meetings import results
from meetings.minutes import minutes_for
from resolutions.amendments import amended_text
from resolutions.models import Amendment, Implementation, Paper

pytestmark = pytest.mark.django_db


def test_demo_shows_the_council_offices_work(demo):
    body = demo.luckenwalde
    meetings = Meeting.objects.filter(body=body)
    assert set(meetings.values_list("state", flat=True)) == set(Meeting.State.values)

    volunteering = Paper.objects.get(body=body, name=VOLUNTEERING_TITLE)
    text = amended_text(volunteering)
    assert not text.unmatched
    assert [str(note) for note in text.footnotes] == [
        "*) geändert HA 13.07.2026/jae",
        "**) ergänzt STVV 09.09.2026/jae",
        "***) gestrichen STVV 09.09.2026/jae",
    ]
    assert "Vereine und Initiativen" in text.decided and "2.500 Euro" in text.decided
    assert "berichtet jährlich" not in text.decided
    kinds = set(
        Amendment.objects.filter(body=body).exclude(consultation__paper=demo.seed_paper).values_list("kind", flat=True)
    )
    assert kinds == set(Amendment.Kind.values)

    fountains = Paper.objects.get(body=body, name=FOUNTAINS_TITLE)
    results = list(
        AgendaItem.objects.filter(consultation__paper=fountains)
        .order_by("meeting__start")
        .values_list("result", "is_supplement")
    )
    assert results == [("deferred", False), ("recommended", False), ("", True)]
    assert fountains.consultations.get(position=2).meeting.state == Meeting.State.INVITED
    bus = Paper.objects.get(body=body, name=BUS_TITLE)
    assert bus.consultations.get().meeting is None and bus.state == Paper.State.IN_CONSULTATION

    assert AgendaItem.objects.filter(body=body, is_supplement=True, meeting__state=Meeting.State.INVITED).count() >= 2
    assert AgendaItem.objects.filter(body=body, unanimous=True).exists()
    assert AgendaItem.objects.filter(body=body, votes_yes__isnull=False).count() > 10

    approved = meetings.get(minutes_state=Meeting.MinutesState.APPROVED, organization__short_name="STVV")
    assert approved.minutes_approved_in.start > approved.start
    record = minutes_for(approved, None)
    assert any(row.person.name == "Katrin Vogelsang" and row.role == "Stadtverordnete" for row in record.present)
    assert VOLUNTEERING_TITLE in [entry.item.name for entry in record.public_items]
    assert meetings.filter(minutes_state=Meeting.MinutesState.DRAFT).exists()

    statuses = set(Implementation.objects.filter(body=body).values_list("status", flat=True))
    assert statuses == set(Implementation.Status.values)


def test_no_demo_vote_counts_more_votes_than_voting_members_present(demo):
    """The attendance, recorded after the meeting, must not contradict the votes recorded in it."""
    items = AgendaItem.objects.exclude(votes_yes=None).select_related("meeting__organization")
    assert items.exists()
    for item in items:
        votes = (item.votes_yes or 0) + (item.votes_no or 0) + (item.votes_abstention or 0)
        present = results.members_present(item.meeting)
        assert present is None or votes <= present, (item.meeting, item.number, votes, present)


def test_every_demo_agenda_lists_the_public_part_before_the_non_public_part(demo):
    for meeting in Meeting.objects.filter(body=demo.luckenwalde).prefetch_related("agenda_items"):
        parts = [item.public for item in sorted(meeting.agenda_items.all(), key=lambda item: item.order)]
        assert parts == sorted(parts, reverse=True), meeting
