"""The councillor mails as Celery tasks: the digest on the beat schedule, invitations queued on publishing."""

import pytest
from django.core import mail

from councillors import tasks
from ratsinfo.celery import app
from resolutions.signals import invitation_published
from tests.councillors.test_notifications import edit_three_times

pytestmark = pytest.mark.django_db


def test_beat_sends_the_paper_change_digest_every_15_minutes(world):
    (entry,) = [entry for entry in app.conf.beat_schedule.values() if entry["task"].endswith("paper_change_digests")]
    assert entry["schedule"] == 15 * 60
    edit_three_times(world.secret_paper)
    app.tasks[entry["task"]].delay()  # what beat queues; inline here, as without a broker
    assert [message.to for message in mail.outbox] == [[world.member.email]]
    assert "Vergabe Los 3 Dach (Neufassung)" in mail.outbox[0].subject


def test_publishing_an_invitation_queues_the_mails_after_commit(world, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.send_invitation_mails, "delay", lambda *args, **kwargs: queued.append((args, kwargs)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation_published.send(sender=type(world.meeting), meeting=world.meeting, by=world.office, supplement=True)
        assert queued == []  # nothing before the commit
    assert len(callbacks) == 1
    assert queued == [((world.meeting.pk,), {"supplement": True})]
    assert mail.outbox == []  # the worker sends them
