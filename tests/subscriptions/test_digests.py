"""The digest: at most daily per address, only what the public sees, changes since the last one, bounded queries."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from council.models import Meeting, Organization
from resolutions.files import store_file
from resolutions.models import File, Paper
from subscriptions.digests import send_digests
from subscriptions.models import Subscriber, Subscription
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF"
SECRET = "Geheimgrundstück"


def follower(email, confirmed_days_ago=3, **target):
    """A confirmed subscription of `email` to a paper, an organization or (body + query) a search."""
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    body = target.get("body") or (target.get("paper") or target.get("organization")).body
    kind = "paper" if "paper" in target else "organization" if "organization" in target else "search"
    confirmed = timezone.now() - dt.timedelta(days=confirmed_days_ago)
    return Subscription.objects.create(
        subscriber=subscriber,
        kind=kind,
        confirmation_sent_at=confirmed,
        confirmed_at=confirmed,
        **{"body": body, **target},
    )


def ago(**delta):
    return timezone.now() - dt.timedelta(**delta)


def later():
    """The time the digest runs: after the changes have settled."""
    return timezone.now() + dt.timedelta(minutes=10)


def invited_meeting(organization, published, **fields):
    return f.meeting(
        organization, state=Meeting.State.INVITED, invitation_published_at=published, start=ago(days=-7), **fields
    )


def test_a_paper_follower_gets_its_agenda_its_new_documents_and_its_decision_in_one_mail():
    body = f.body()
    committee = f.organization(body, name="Bauausschuss")
    paper = f.paper(body, state=Paper.State.IN_CONSULTATION, name="Radweg an der Nuthe")
    follower("leser@example.org", paper=paper)
    meeting = invited_meeting(committee, ago(days=1))
    f.agenda_item(meeting, number="Ö 4", consultation=f.consultation(paper, committee, meeting=meeting))
    store_file(PDF, file_name="plan.pdf", name="Lageplan", paper=paper, text="-")
    store_file(PDF, file_name="geheim.pdf", name=f"{SECRET} Anlage", paper=paper, public=False, text="-")
    Paper.objects.filter(pk=paper.pk).update(state=Paper.State.DECIDED, result="adopted", decided_at=ago(hours=2))

    assert send_digests(later()) == 1
    (message,) = mail.outbox
    assert message.to == ["leser@example.org"] and "Radweg an der Nuthe" in message.subject
    text = message.body
    assert "Auf der Tagesordnung: Bauausschuss" in text and "Ö 4" in text
    assert "Neues Dokument: Lageplan" in text and "Entschieden:" in text
    assert f"/{body.slug}/vorlagen/{paper.pk}/" in text and f"/{body.slug}/sitzungen/{meeting.pk}/" in text
    assert SECRET not in text
    assert text.index("Auf der Tagesordnung") < text.index("Entschieden:")  # in the order it happened
    unsubscribe_all = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/abo/abbestellen/" in unsubscribe_all and unsubscribe_all in text
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Dieses Abo beenden: http" in text


def test_at_most_one_digest_a_day_and_nothing_is_reported_twice():
    body = f.body()
    paper = f.paper(body)
    follower("leser@example.org", paper=paper)
    store_file(PDF, file_name="a.pdf", name="Erste Anlage", paper=paper, text="-")
    first_run = later()
    assert send_digests(first_run) == 1
    second = store_file(PDF, file_name="b.pdf", name="Zweite Anlage", paper=paper, text="-")
    File.objects.filter(pk=second.pk).update(created=first_run + dt.timedelta(seconds=30))  # after the first run
    assert send_digests(first_run + dt.timedelta(minutes=1)) == 0  # the same day
    assert send_digests(first_run + dt.timedelta(days=1)) == 1
    assert "Zweite Anlage" in mail.outbox[1].body and "Erste Anlage" not in mail.outbox[1].body
    assert send_digests(first_run + dt.timedelta(days=2)) == 0  # nothing new: no mail


def test_changes_before_the_confirmation_are_not_reported():
    body = f.body()
    paper = f.paper(body)
    store_file(PDF, file_name="a.pdf", name="Alte Anlage", paper=paper, text="-")
    subscription = follower("leser@example.org", paper=paper)
    subscription.confirmed_at = timezone.now() + dt.timedelta(seconds=1)
    subscription.save()
    assert send_digests(later()) == 0


def test_an_unconfirmed_subscription_gets_no_digest():
    body = f.body()
    paper = f.paper(body)
    subscription = follower("leser@example.org", paper=paper)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=None, confirmation_sent_at=timezone.now())
    store_file(PDF, file_name="a.pdf", name="Anlage", paper=paper, text="-")
    assert send_digests(later()) == 0 and Subscription.objects.exists()


def test_an_organization_follower_gets_new_meetings_published_agendas_and_decisions_but_nothing_nonpublic():
    body = f.body()
    committee = f.organization(body, name="Hauptausschuss")
    follower("leser@example.org", organization=committee)
    f.meeting(committee, start=ago(days=-30))
    meeting = invited_meeting(committee, ago(hours=5))
    f.agenda_item(meeting, order=1, number="Ö 1", name="Eröffnung")
    f.agenda_item(meeting, order=2, number="N 1", public=False, name=SECRET)
    public_paper = f.paper(body, state=Paper.State.DECIDED, name="Bürgerbus", decided_at=ago(hours=3))
    f.consultation(public_paper, committee, role="decision")
    secret_paper = f.paper(body, state=Paper.State.DECIDED, public=False, name=SECRET, decided_at=ago(hours=3))
    f.consultation(secret_paper, committee, role="decision")
    other = f.organization(body, name="Kulturausschuss")
    f.meeting(other, start=ago(days=-30))

    assert send_digests(later()) == 1
    text = mail.outbox[0].body
    assert text.count("Neue Sitzung:") == 2  # the planned one and the invited one, not the other committee's
    assert "Einladung zur Sitzung am" in text and "Ö 1 Eröffnung" in text and "N 1 nichtöffentlich" in text
    assert "Beschluss: " in text and "Bürgerbus" in text
    assert SECRET not in text


def test_a_search_follower_gets_new_public_papers_matching_the_terms_and_nothing_else(
    django_capture_on_commit_callbacks,
):
    body = f.body()
    follower("leser@example.org", body=body, query="Radweg")
    # Searches read the portal's search index, which follows the papers after commit.
    with django_capture_on_commit_callbacks(execute=True):
        f.paper(body, name="Neue Radwege an der Nuthe", released_at=ago(hours=4))
        f.paper(body, name="Radweg zum Bahnhof (alt)", released_at=ago(days=10))
        f.paper(body, name="Sanierung der Grundschule", released_at=ago(hours=4))
        f.paper(body, name=f"Radweg über das {SECRET}", public=False, released_at=ago(hours=4))
        f.paper(body, state=Paper.State.DRAFT, reference=None, name="Radweg-Entwurf")
        f.paper(f.body(), name="Radweg im Nachbarort", released_at=ago(hours=4))

    assert send_digests(later()) == 1
    text = mail.outbox[0].body
    assert "Neue Vorlage: " in text and "Neue Radwege an der Nuthe" in text
    for absent in ("(alt)", "Grundschule", SECRET, "Entwurf", "Nachbarort"):
        assert absent not in text, absent


def test_a_search_also_finds_papers_by_the_text_of_a_public_attachment(django_capture_on_commit_callbacks):
    body = f.body()
    follower("leser@example.org", body=body, query="Fledermausquartier")
    with django_capture_on_commit_callbacks(execute=True):
        paper = f.paper(body, name="Bebauungsplan Nord", released_at=ago(hours=4))
        store_file(PDF, file_name="gutachten.pdf", name="Gutachten", paper=paper, text="Ein Fledermausquartier im Dach")
    assert send_digests(later()) == 1 and "Bebauungsplan Nord" in mail.outbox[0].body


def build_subscribers(body, count):
    committee = f.organization(body, kind=Organization.Kind.COMMITTEE)
    for n in range(count):
        paper = f.paper(body, name=f"Radweg {n}", released_at=ago(hours=3))
        store_file(PDF, file_name=f"{n}.pdf", name=f"Anlage {n}", paper=paper, text="-")
        meeting = invited_meeting(committee, ago(hours=2))
        f.agenda_item(meeting, consultation=f.consultation(paper, committee, meeting=meeting))
        email = f"leser{n}@example.org"
        follower(email, paper=paper)
        follower(email, organization=committee)
        follower(email, body=body, query="Radweg")


def digest_queries(count, after_commit):
    body = f.body()
    with after_commit(execute=True):  # the search index follows the papers after commit
        build_subscribers(body, count)
    with CaptureQueriesContext(connection) as queries:
        sent = send_digests(later())
    assert sent == count
    Subscriber.objects.all().delete()
    return len(queries)


def test_the_digest_selection_costs_the_same_queries_for_few_and_many_subscriptions(
    django_capture_on_commit_callbacks,
):
    few, many = (
        digest_queries(2, django_capture_on_commit_callbacks),
        digest_queries(7, django_capture_on_commit_callbacks),
    )
    assert few == many and many <= 20, (few, many)


def test_the_command_sends_the_digests_and_forgets_expired_requests():
    body = f.body()
    paper = f.paper(body)
    follower("leser@example.org", paper=paper, confirmed_days_ago=1)
    record = store_file(PDF, file_name="a.pdf", name="Anlage", paper=paper, text="-")
    File.objects.filter(pk=record.pk).update(created=ago(minutes=30))  # settled before the run
    expired = follower("vergessen@example.org", paper=paper)
    Subscription.objects.filter(pk=expired.pk).update(confirmed_at=None, confirmation_sent_at=ago(days=3))
    out = io.StringIO()
    call_command("send_subscription_digests", stdout=out)
    assert out.getvalue().startswith("1 Zusammenfassung(en)") and mail.outbox[0].to == ["leser@example.org"]
    assert not Subscriber.objects.filter(email="vergessen@example.org").exists()
