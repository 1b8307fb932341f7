"""Issue 12.5/12.6: notice period and urgency, preview and confirmation, the warning about
preliminary consultations, items taken off a published agenda ("abgesetzt"), cancelling
with confirmation, standing items ticked by default, the agenda builder's in-place answers."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import AgendaItem, Meeting
from meetings import agenda
from meetings.errors import MeetingsError
from meetings.forms import StandingItemsForm
from resolutions.models import Consultation, Paper, Transition
from tests import factories as f

pytestmark = pytest.mark.django_db


def future_meeting(world, days, organization=None):
    start = (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0)
    return f.meeting(organization or world.council, start=start)


def with_item(world, meeting, name="Haushaltssatzung"):
    paper = f.paper(world.body, under_direction_of=world.department, name=name)
    consultation = f.consultation(paper, meeting.organization)
    agenda.add_paper(meeting, consultation, by=world.office)
    return paper


def test_publishing_inside_the_notice_period_needs_a_reason_for_the_urgency(world):
    meeting = future_meeting(world, days=3)
    with_item(world, meeting)
    with pytest.raises(MeetingsError, match="Ladungsfrist von 7 Tagen"):
        agenda.publish_invitation(meeting, by=world.office)
    with pytest.raises(MeetingsError, match="Dringlichkeitssitzung"):
        agenda.publish_invitation(meeting, by=world.office, urgent_reason="   ")
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED and meeting.invitation_published_at is None

    agenda.publish_invitation(meeting, by=world.office, urgent_reason="Fördermittelfrist endet am Freitag")
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.INVITED
    assert meeting.urgent_reason == "Fördermittelfrist endet am Freitag"


def test_the_notice_period_is_per_organization_and_a_meeting_already_begun_is_inside_it(world):
    meeting = future_meeting(world, days=10)
    with_item(world, meeting)
    world.council.notice_days = 14
    world.council.save()
    with pytest.raises(MeetingsError, match="Ladungsfrist von 14 Tagen"):
        agenda.publish_invitation(meeting, by=world.office)
    world.council.notice_days = 7
    world.council.save()
    meeting.organization.refresh_from_db()
    agenda.publish_invitation(meeting, by=world.office)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.INVITED and meeting.urgent_reason == ""

    # The STVV special session at 08:00, invited at 10:00 the same day.
    special = future_meeting(world, days=20)
    with_item(world, special, name="Sondersitzung")
    with pytest.raises(MeetingsError, match="Ladungsfrist"):
        agenda.publish_invitation(special, by=world.office, at=special.start + dt.timedelta(hours=2))
    # Exactly at the deadline is still in time.
    agenda.publish_invitation(special, by=world.office, at=special.start - dt.timedelta(days=7))


def test_the_invitation_is_previewed_and_published_only_on_confirmation(client, world):
    meeting = future_meeting(world, days=30)
    paper = with_item(world, meeting)
    client.force_login(world.office)
    detail = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    # The agenda page offers the preview, never a direct publish button.
    assert "Einladung prüfen und veröffentlichen" in detail
    assert f'action="{reverse("meetings:publish", args=[meeting.pk])}"' not in detail

    url = reverse("meetings:publish", args=[meeting.pk])
    preview = client.get(url)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Vorschau der Einladung" in html and paper.reference in html and "eingehalten" in html
    assert "Begründung der Dringlichkeit" not in html
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED  # looking publishes nothing

    response = client.post(url, {})
    assert response.status_code == 302, response.content.decode()[-3000:]
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.INVITED


def test_the_preview_asks_for_the_urgency_inside_the_notice_period_and_keeps_the_input(client, world):
    meeting = future_meeting(world, days=2)
    with_item(world, meeting)
    client.force_login(world.office)
    url = reverse("meetings:publish", args=[meeting.pk])
    html = client.get(url).content.decode()
    assert "unterschritten" in html and "Begründung der Dringlichkeit" in html

    response = client.post(url, {"urgent_reason": ""})
    assert response.status_code == 400
    assert "bitte die Dringlichkeit begründen" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED

    too_long = "x" * 501
    response = client.post(url, {"urgent_reason": too_long})
    assert response.status_code == 400 and too_long in response.content.decode()

    client.post(url, {"urgent_reason": "Eilentscheidung zum Hochwasserschutz"})
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.INVITED
    # The reason is shown on the public meeting page and in the invitation PDF's context.
    page = client.get(reverse("portal:meeting", args=[world.body.slug, meeting.pk])).content.decode()
    assert "Eilentscheidung zum Hochwasserschutz" in page and "verkürzter Ladungsfrist" in page


def test_the_invitation_pdf_names_the_urgency(world):
    from documents.pdf import invitation_html

    meeting = future_meeting(world, days=2)
    with_item(world, meeting)
    agenda.publish_invitation(meeting, by=world.office, urgent_reason="Eilsache Kita-Gebühren")
    meeting.refresh_from_db()
    html = invitation_html(meeting, None)
    assert "Eilsache Kita-Gebühren" in html


def test_a_decision_before_its_preliminary_consultation_is_a_warning_not_a_block(client, world):
    council_meeting = future_meeting(world, days=30)
    committee_meeting = future_meeting(world, days=40, organization=world.committee)
    paper = f.paper(world.body, under_direction_of=world.department, name="Radwegekonzept")
    preliminary = f.consultation(paper, world.committee, position=1, role=Consultation.Role.PRELIMINARY)
    decision = f.consultation(paper, world.council, position=2, role=Consultation.Role.DECISION)
    client.force_login(world.office)

    response = client.post(reverse("meetings:add_paper", args=[council_meeting.pk]), {"consultation": decision.pk})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).content.decode()
    assert "bevor die Vorberatung in Hauptausschuss stattgefunden hat" in page
    [(item, organizations)] = agenda.premature_decisions(council_meeting)
    assert item.consultation_id == decision.pk and organizations == ["Hauptausschuss"]
    assert (
        "Hinweis zur Beratungsfolge"
        in client.get(reverse("meetings:publish", args=[council_meeting.pk])).content.decode()
    )

    # Scheduled in a committee meeting after the council's: still too late.
    agenda.add_paper(committee_meeting, preliminary, by=world.office)
    assert agenda.premature_decisions(council_meeting)
    # In a committee meeting before the council's: in time, no warning.
    agenda.remove_item(committee_meeting.agenda_items.get(), by=world.office)
    earlier = future_meeting(world, days=20, organization=world.committee)
    agenda.add_paper(earlier, Consultation.objects.get(pk=preliminary.pk), by=world.office)
    assert agenda.premature_decisions(council_meeting) == []

    # Publishing is not blocked by the warning.
    agenda.publish_invitation(council_meeting, by=world.office)


def test_an_item_taken_off_a_published_agenda_is_kept_as_abgesetzt(client, world):
    meeting = future_meeting(world, days=30)
    paper = with_item(world, meeting)
    other = with_item(world, meeting, name="Bebauungsplan")
    agenda.publish_invitation(meeting, by=world.office)
    item = meeting.agenda_items.get(consultation__paper=paper)
    client.force_login(world.office)

    detail = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "absetzen" in detail
    response = client.post(reverse("meetings:remove_item", args=[item.pk]))
    assert response.status_code == 302

    item.refresh_from_db()
    assert item.withdrawn and item.number == "Ö 1"  # kept, with its number
    assert meeting.agenda_items.count() == 2
    paper.refresh_from_db()
    assert paper.state == Paper.State.RELEASED  # the lifecycle's unschedule step
    assert Consultation.objects.get(paper=paper).meeting_id is None
    assert Transition.objects.filter(paper=paper, action="unschedule", comment__startswith="abgesetzt").exists()
    # It can be put on another agenda.
    assert paper.consultations.get() in agenda.schedulable_consultations(future_meeting(world, days=60))

    detail = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert f"<del>{paper.name}</del>" in detail and "abgesetzt" in detail
    public = client.get(reverse("portal:meeting", args=[world.body.slug, meeting.pk])).content.decode()
    assert f"<del>{paper.name}</del>" in public and "abgesetzt" in public
    assert other.name in public

    with pytest.raises(MeetingsError, match="bereits abgesetzt"):
        agenda.withdraw_item(item, by=world.office)


def test_before_the_invitation_an_item_is_removed_not_withdrawn(world):
    meeting = future_meeting(world, days=30)
    with_item(world, meeting)
    item = meeting.agenda_items.get()
    with pytest.raises(MeetingsError, match="noch nicht veröffentlicht"):
        agenda.withdraw_item(item, by=world.office)
    agenda.remove_item(item, by=world.office)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_cancelling_is_a_danger_action_with_a_confirmation_step(client, world):
    meeting = future_meeting(world, days=30)
    with_item(world, meeting)
    client.force_login(world.office)
    detail = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert 'class="danger"' in detail and "danger-zone" in detail

    url = reverse("meetings:cancel", args=[meeting.pk])
    confirm = client.post(url, {"reason": "Keine Beratungsgegenstände"})
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Ja, Sitzung endgültig absagen" in html and "Keine Beratungsgegenstände" in html
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED

    assert client.post(url, {"reason": ""}).status_code == 400  # no reason: the agenda page with the error

    response = client.post(url, {"reason": "Keine Beratungsgegenstände", "confirmed": "True"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CANCELLED and meeting.cancellation_reason == "Keine Beratungsgegenstände"


def test_standing_items_are_ticked_by_default(client, world):
    meeting = future_meeting(world, days=30)
    assert set(StandingItemsForm().initial.get("items") or StandingItemsForm().fields["items"].initial) == {
        "opening", "quorum", "minutes", "communications", "residents",
    }  # fmt: skip
    client.force_login(world.office)
    html = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert html.count('name="items"') == 5
    assert html.count('name="items" value') == 5 and html.count("checked") >= 5


def test_the_agenda_builder_gets_the_rows_in_place(client, world):
    meeting = future_meeting(world, days=30)
    first = with_item(world, meeting, name="Erste Vorlage")
    second = with_item(world, meeting, name="Zweite Vorlage")
    item = meeting.agenda_items.get(consultation__paper=second)
    client.force_login(world.office)
    headers = {"X-Agenda-Builder": "1"}

    response = client.post(reverse("meetings:move_item", args=[item.pk]), {"richtung": "hoch"}, headers=headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<tbody") or '<tbody id="agenda-rows"' in html
    assert "<html" not in html and "ist verschoben" in html
    assert html.index("Zweite Vorlage") < html.index("Erste Vorlage")

    response = client.post(reverse("meetings:toggle_public", args=[item.pk]), {}, headers=headers)
    assert response.status_code == 200 and "nichtöffentlichen Teil" in response.content.decode()
    item.refresh_from_db()
    assert not item.public and item.number == "N 1"

    # A refused move answers 400 with the reason, for the live region.
    response = client.post(reverse("meetings:move_item", args=[item.pk]), {"richtung": "runter"}, headers=headers)
    assert response.status_code == 400 and 'data-error="1"' in response.content.decode()
    assert first.name in response.content.decode()
