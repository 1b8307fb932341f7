import datetime as dt

import pytest

from accounts import roles
from council.models import AgendaItem, Meeting
from meetings import agenda
from meetings.errors import MeetingsError
from resolutions import signals
from resolutions.models import Paper
from tests import factories as f
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


def numbers(meeting):
    return list(meeting.agenda_items.order_by("order").values_list("number", "name"))


def scheduled_paper(world, public=True, name=None):
    paper = f.paper(world.body, public=public, under_direction_of=world.department, name=name or "Vorlage")
    return f.consultation(paper, world.council)


def test_standing_items_come_first_and_papers_are_numbered_per_part(world):
    meeting = f.meeting(world.council)
    secret = scheduled_paper(world, public=False, name="Grundstücksverkauf")
    open_paper = scheduled_paper(world, name="Haushaltssatzung")
    agenda.add_paper(meeting, secret, by=world.office)
    agenda.add_paper(meeting, open_paper, by=world.office)
    agenda.add_standing_items(meeting, ["opening", "quorum", "residents"], by=world.office)

    assert numbers(meeting) == [
        ("Ö 1", "Eröffnung der Sitzung"),
        ("Ö 2", "Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit"),
        ("Ö 3", "Einwohnerfragestunde"),
        ("Ö 4", "Haushaltssatzung"),
        ("N 1", "Grundstücksverkauf"),
    ]


def test_standing_items_are_not_added_twice(world):
    meeting = f.meeting(world.council)
    agenda.add_standing_items(meeting, ["opening"], by=world.office)
    agenda.add_standing_items(meeting, ["opening", "minutes"], by=world.office)
    assert [name for _, name in numbers(meeting)] == [
        "Eröffnung der Sitzung",
        "Bestätigung der Niederschrift der letzten Sitzung",
    ]


def test_moving_and_removing_items_renumber_both_parts(world):
    meeting = f.meeting(world.council)
    for name in ("A", "B", "C"):
        agenda.add_item(meeting, name, public=True, by=world.office)
    agenda.add_item(meeting, "X", public=False, by=world.office)
    agenda.add_item(meeting, "Y", public=False, by=world.office)

    agenda.move_item(meeting.agenda_items.get(name="C"), -1, by=world.office)
    agenda.move_item(meeting.agenda_items.get(name="C"), -1, by=world.office)
    agenda.move_item(meeting.agenda_items.get(name="Y"), -1, by=world.office)
    assert numbers(meeting) == [("Ö 1", "C"), ("Ö 2", "A"), ("Ö 3", "B"), ("N 1", "Y"), ("N 2", "X")]

    agenda.remove_item(meeting.agenda_items.get(name="A"), by=world.office)
    agenda.set_public(meeting.agenda_items.get(name="X"), True, by=world.office)
    assert numbers(meeting) == [("Ö 1", "C"), ("Ö 2", "B"), ("Ö 3", "X"), ("N 1", "Y")]
    orders = list(meeting.agenda_items.order_by("order").values_list("order", flat=True))
    assert orders == [1, 2, 3, 4]


def test_an_item_cannot_move_past_the_edge_of_its_part(world):
    meeting = f.meeting(world.council)
    agenda.add_item(meeting, "A", public=True, by=world.office)
    agenda.add_item(meeting, "X", public=False, by=world.office)
    with pytest.raises(MeetingsError, match="am Rand"):
        agenda.move_item(meeting.agenda_items.get(name="A"), 1, by=world.office)
    with pytest.raises(MeetingsError, match="am Rand"):
        agenda.move_item(meeting.agenda_items.get(name="X"), -1, by=world.office)


def test_adding_a_paper_schedules_its_consultation_and_puts_it_in_consultation(world):
    meeting = f.meeting(world.council)
    consultation = scheduled_paper(world)
    assert list(agenda.schedulable_consultations(meeting)) == [consultation]

    item = agenda.add_paper(meeting, consultation, by=world.office)

    consultation.refresh_from_db()
    assert consultation.meeting == meeting
    assert consultation.paper.state == Paper.State.IN_CONSULTATION
    assert item.consultation == consultation and item.number == "Ö 1"
    assert list(agenda.schedulable_consultations(meeting)) == []
    assert consultation.paper.history.first().history_user == world.office


def test_only_released_papers_of_this_organization_are_offered(world):
    meeting = f.meeting(world.council)
    f.consultation(f.paper(world.body, state=Paper.State.DRAFT), world.council)
    f.consultation(f.paper(world.body), world.committee)
    other_body = f.body()
    f.consultation(f.paper(other_body), f.organization(other_body))
    assert list(agenda.schedulable_consultations(meeting)) == []
    foreign = f.consultation(f.paper(world.body), world.committee)
    with pytest.raises(MeetingsError, match="sieht „Stadtverordnetenversammlung“ nicht vor"):
        agenda.add_paper(meeting, foreign, by=world.office)


def test_removing_a_paper_before_publication_releases_it_again(world):
    meeting = f.meeting(world.council)
    consultation = scheduled_paper(world)
    item = agenda.add_paper(meeting, consultation, by=world.office)
    agenda.remove_item(item, by=world.office)
    consultation.refresh_from_db()
    assert consultation.meeting is None
    assert consultation.paper.state == Paper.State.RELEASED


def test_publishing_freezes_the_agenda_and_tells_the_members(world):
    meeting = f.meeting(world.council)
    agenda.add_standing_items(meeting, ["opening", "quorum"], by=world.office)
    heard = []

    def receiver(sender, meeting, by, supplement, **kwargs):
        heard.append((meeting.pk, by, supplement))

    signals.invitation_published.connect(receiver)
    try:
        agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
        meeting.refresh_from_db()
        assert meeting.state == Meeting.State.INVITED and meeting.invitation_published_at is not None
        assert heard == [(meeting.pk, world.office, False)]

        with pytest.raises(MeetingsError, match="festgeschrieben"):
            agenda.move_item(meeting.agenda_items.get(number="Ö 2"), -1, by=world.office)
        with pytest.raises(MeetingsError, match="nicht mehr entfernt"):
            agenda.remove_item(meeting.agenda_items.get(number="Ö 1"), by=world.office)

        late = agenda.add_paper(meeting, scheduled_paper(world, name="Eilantrag"), by=world.office)
        assert heard[-1] == (meeting.pk, world.office, True)
    finally:
        signals.invitation_published.disconnect(receiver)
    assert late.is_supplement and late.number == "Ö 3"
    assert not meeting.agenda_items.get(number="Ö 1").is_supplement
    assert late.history.filter(is_supplement=True).exists()


def test_an_empty_agenda_cannot_be_published_and_publishing_twice_is_refused(world):
    meeting = f.meeting(world.council)
    with pytest.raises(MeetingsError, match="leer"):
        agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
    agenda.add_item(meeting, "Eröffnung", public=True, by=world.office)
    agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
    with pytest.raises(MeetingsError, match="bereits veröffentlicht"):
        agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))


def test_the_agenda_of_a_cancelled_or_held_meeting_stays_as_it_is(world):
    cancelled = f.meeting(world.council, state=Meeting.State.CANCELLED)
    held = f.meeting(world.council, start=at(2026, 2, 1), state=Meeting.State.HELD)
    for meeting in (cancelled, held):
        with pytest.raises(MeetingsError):
            agenda.add_item(meeting, "Neu", public=True, by=world.office)
    assert not AgendaItem.objects.filter(name="Neu").exists()


def test_publishing_the_invitation_mails_every_member_once(world, mailoutbox, django_capture_on_commit_callbacks):
    expected = []
    for index, member in enumerate(world.members[:3]):
        expected.append(f"mitglied{index}@example.org")
        f.user(world.body, roles.COUNCILLOR, person=member, email=expected[-1])
    f.user(world.body, roles.COUNCILLOR, person=f.person(world.body), email="aussen@example.org")
    meeting = f.meeting(world.council)
    agenda.add_standing_items(meeting, ["opening", "quorum"], by=world.office)
    with django_capture_on_commit_callbacks(execute=True):
        agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == expected
    assert all("Einladung" in message.subject for message in mailoutbox)


def test_papers_meant_for_this_meeting_are_offered_first_and_marked(world):
    meeting = f.meeting(world.council)
    other = f.meeting(world.council)
    first = f.consultation(f.paper(world.body, reference="B/2027/0001"), world.council)
    meant = f.consultation(f.paper(world.body, reference="B/2027/0002"), world.council, target_meeting=meeting)
    elsewhere = f.consultation(f.paper(world.body, reference="B/2027/0003"), world.council, target_meeting=other)
    offered = list(agenda.schedulable_consultations(meeting))
    assert offered == [meant, first, elsewhere]
    assert [c.targeted for c in offered] == [True, False, False]
    from meetings.forms import PaperItemForm

    labels = [
        label
        for _, label in PaperItemForm(consultations=agenda.schedulable_consultations(meeting))
        .fields["consultation"]
        .choices
    ][1:]
    assert labels[0].endswith("– für diese Sitzung vorgesehen")
    assert not labels[1].endswith("vorgesehen")
