"""The subscription digest as a Celery task: queued by beat every hour, each address mailed at most once a day."""

import pytest
from django.core import mail

from ratsinfo.celery import app
from resolutions.files import store_file
from resolutions.models import File
from subscriptions import tasks
from subscriptions.models import Subscriber, Subscription
from tests import factories as f
from tests.subscriptions.test_digests import PDF, ago, follower

pytestmark = pytest.mark.django_db


def test_beat_runs_the_subscription_digest_every_hour_and_an_address_gets_one_mail_a_day():
    (entry,) = [
        entry for entry in app.conf.beat_schedule.values() if entry["task"].endswith("send_subscription_digests")
    ]
    assert entry["schedule"] == 60 * 60
    paper = f.paper(f.body(), name="Radweg an der Nuthe")
    follower("leser@example.org", paper=paper)
    first = store_file(PDF, file_name="a.pdf", name="Lageplan", paper=paper, text="-")
    File.objects.filter(pk=first.pk).update(created=ago(hours=1))  # settled before the run

    app.tasks[entry["task"]].delay()  # what beat queues; inline here, as without a broker
    assert [message.to for message in mail.outbox] == [["leser@example.org"]]
    assert "Neues Dokument: Lageplan" in mail.outbox[0].body

    second = store_file(PDF, file_name="b.pdf", name="Zweite Anlage", paper=paper, text="-")
    File.objects.filter(pk=second.pk).update(created=ago(minutes=30))
    app.tasks[entry["task"]].delay()  # the next hour, the same day
    assert len(mail.outbox) == 1
    assert Subscriber.objects.get().last_digest_at is not None


def test_the_hourly_run_forgets_unconfirmed_requests_whose_link_expired():
    subscription = follower("leser@example.org", paper=f.paper(f.body()))
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=None, confirmation_sent_at=ago(days=3))
    tasks.send_subscription_digests.delay()
    assert not Subscription.objects.exists() and not Subscriber.objects.exists()
    assert mail.outbox == []
