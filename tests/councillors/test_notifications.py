"""E-mails: published invitations, and one digest with the differences of changed papers."""

import pytest
from django.core import mail
from django.core.management import call_command

from councillors.models import CouncillorProfile, PendingPaperChange
from resolutions.models import Paper
from resolutions.signals import invitation_published
from tests import factories as f
from tests.councillors.conftest import councillor

pytestmark = pytest.mark.django_db


def publish(world, django_capture_on_commit_callbacks, supplement=False):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_published.send(
            sender=type(world.meeting), meeting=world.meeting, by=world.office, supplement=supplement
        )


def test_members_get_one_mail_when_the_invitation_is_published(world, django_capture_on_commit_callbacks):
    opted_out = councillor(world.body, world.committee, username="ruhe")
    CouncillorProfile.objects.create(user=opted_out, notify_invitations=False)
    publish(world, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [[world.member.email]]
    message = mail.outbox[0]
    assert message.subject.startswith("Einladung: Hauptausschuss")
    assert "Neubau der Kita Sonnenschein" in message.body
    assert "  N 2 Vergabe Los 3 Dach (nichtöffentlich)" in message.body  # members see the non-public part
    assert "vertraulich" in message.body
    assert f"/mein/sitzungen/{world.meeting.pk}/" in message.body


def test_a_supplement_says_so(world, django_capture_on_commit_callbacks):
    publish(world, django_capture_on_commit_callbacks, supplement=True)
    assert mail.outbox[0].subject.startswith("Nachtrag zur Einladung: ")


def test_no_invitation_mail_without_commit(world):
    invitation_published.send(sender=type(world.meeting), meeting=world.meeting, by=world.office, supplement=False)
    assert mail.outbox == []  # the test transaction never commits


def edit_three_times(paper):
    paper.resolution_text = "<p>Die Versammlung beschließt.</p><p>Der Auftrag geht an die Firma Dachbau GmbH.</p>"
    paper.save()
    paper.name = paper.name + " (Neufassung)"
    paper.save()
    paper.resolution_text = "<p>Die Versammlung beschließt.</p><p>Der Auftrag geht an die Firma Dach &amp; Co.</p>"
    paper.save()


def test_three_saves_make_one_mail_with_the_difference(world):
    edit_three_times(world.secret_paper)
    assert PendingPaperChange.objects.count() == 1
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.member.email]
    assert "Vergabe Los 3 Dach (Neufassung)" in message.subject
    assert "Titel:\n  ~ Vergabe Los 3 Dach {+(Neufassung)+}" in message.body
    assert "Beschlussvorschlag:\n  + Der Auftrag geht an die Firma Dach & Co." in message.body
    assert "Dachbau GmbH" not in message.body  # an intermediate version nobody was told about
    assert "Die Versammlung beschließt." not in message.body  # unchanged lines stay out
    assert f"/mein/vorlagen/{world.secret_paper.pk}/" in message.body

    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1  # sent once


def test_a_word_changed_in_a_long_paragraph_is_marked_in_place(world):
    text = "Die Stadt beauftragt die Firma Dachbau GmbH mit der Erneuerung des Daches der Feuerwache zum Preis von {}."
    world.secret_paper.reasoning = "<p>" + text.format("312.000 EUR") + "</p><p>Weitere Angaben folgen.</p>"
    world.secret_paper.save()
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    world.secret_paper.reasoning = "<p>" + text.format("298.500 EUR") + "</p><p>Weitere Angaben folgen.</p>"
    world.secret_paper.save()
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2
    assert "  ~ Die Stadt beauftragt" in mail.outbox[1].body
    assert "zum Preis von [-312.000-] {+298.500+} EUR." in mail.outbox[1].body
    assert "Weitere Angaben folgen." not in mail.outbox[1].body


def test_one_digest_per_councillor_for_several_papers(world):
    edit_three_times(world.secret_paper)
    world.public_paper.reasoning = "<p>Neue Begründung.</p>"
    world.public_paper.save()
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "2 geänderte Vorlagen auf Ihrer Tagesordnung"
    assert "Erläuterung/Begründung:\n  + Neue Begründung." in mail.outbox[0].body


def test_nothing_is_sent_for_papers_the_councillor_may_not_see(world):
    draft = f.paper(world.body, name="Entwurf Parkordnung", state="draft")
    f.consultation(draft, world.committee, meeting=world.meeting)
    other_body_secret = f.paper(world.other_body_councillor.body, name="Fremde Vorlage", public=False)
    f.consultation(other_body_secret, world.other_meeting.organization, meeting=world.other_meeting)
    for paper in (draft, other_body_secret):
        paper.resolution_text = "<p>Geändert.</p>"
        paper.save()
    world.secret_paper.resolution_text = "<p>Geändert auch hier.</p>"
    world.secret_paper.save()
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    # Not the non-member; the other Body's councillor only about their own Body's paper.
    assert set(by_recipient) == {world.member.email, world.other_body_councillor.email}
    assert "Vergabe Los 3 Dach" in by_recipient[world.member.email]
    assert "Entwurf Parkordnung" not in by_recipient[world.member.email]
    assert "Fremde Vorlage" not in by_recipient[world.member.email]
    assert "Fremde Vorlage" in by_recipient[world.other_body_councillor.email]
    assert "Vergabe Los 3 Dach" not in by_recipient[world.other_body_councillor.email]
    assert PendingPaperChange.objects.count() == 0


def test_non_member_hears_nothing_of_the_nonpublic_paper_but_of_public_ones_on_their_agenda(world):
    f.consultation(
        world.public_paper,
        world.other_committee,
        position=2,
        meeting=f.meeting(world.other_committee, start=world.meeting.start),
    )
    for paper in (world.public_paper, world.secret_paper):
        paper.name += " geändert"
        paper.save()
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    assert "Vergabe Los 3 Dach" not in by_recipient[world.non_member.email]
    assert "Neubau der Kita Sonnenschein" in by_recipient[world.non_member.email]


def test_saves_without_a_visible_difference_send_nothing_and_opted_out_councillors_get_nothing(world):
    world.secret_paper.version += 1
    world.secret_paper.save()
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []
    CouncillorProfile.objects.create(user=world.member, notify_paper_changes=False)
    world.secret_paper.state = Paper.State.DECIDED
    world.secret_paper.result = Paper.Result.ADOPTED
    world.secret_paper.save()
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_member_switches_notifications_off_in_the_settings(client, world):
    client.force_login(world.member)
    response = client.post("/mein/einstellungen/", {"notify_invitations": "on"})
    assert response.status_code == 302
    profile = CouncillorProfile.objects.get(user=world.member)
    assert profile.notify_invitations and not profile.notify_paper_changes
    assert profile.history.first().history_user == world.member
