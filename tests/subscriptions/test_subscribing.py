"""Following by e-mail through the portal's forms: double opt-in, limits, unsubscribing (RFC 8058)."""

import datetime as dt
import re

import pytest
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from resolutions.models import Paper
from subscriptions import subscribing, tokens
from subscriptions.models import Subscriber, Subscription
from tests import factories as f

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def paper(db):
    return f.paper(f.body(), name="Radweg an der Nuthe")


def follow(client, paper, email="leser@example.org"):
    return client.post(f"/{paper.body.slug}/abo/vorlage/{paper.pk}/", {"email": email})


def link(message, path):
    """The link to `path` (e.g. "/abo/bestaetigen/") in a mail's text, without the site."""
    found = re.search(rf"{re.escape(SITE)}({re.escape(path)}\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_following_a_paper_asks_for_confirmation_and_the_link_confirms_it(paper):
    client = Client(enforce_csrf_checks=True)  # the portal's follow form has no CSRF token (cached page)
    response = follow(client, paper, " Leser@Example.org ")
    assert response.status_code == 302 and response["Location"] == f"/{paper.body.slug}/abo/angefragt/"
    assert "Bitte bestätigen Sie Ihr Abo" in client.get(response["Location"]).content.decode()
    (message,) = mail.outbox
    assert message.to == ["leser@example.org"] and "Radweg an der Nuthe" in message.subject
    confirm = link(message, "/abo/bestaetigen/")
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None

    page = client.get(confirm)  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200 and "Abo bestätigen" in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert client.post(confirm).status_code == 403  # the confirmation itself is CSRF-protected
    done = client.post(confirm, {"csrfmiddlewaretoken": token}, follow=True)
    assert "Abo bestätigt" in done.content.decode()
    assert Subscription.objects.get().confirmed_at is not None


def test_every_mail_carries_a_one_click_unsubscribe_link_and_the_rfc_8058_headers(paper):
    follow(Client(), paper)
    (message,) = mail.outbox
    unsubscribe = link(message, "/abo/abbestellen/")
    assert message.extra_headers["List-Unsubscribe"] == f"<{SITE}{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_bad_address_is_a_form_error_that_keeps_the_input(client, paper):
    response = follow(client, paper, "leser-at-example")
    page = response.content.decode()
    assert response.status_code == 200 and "gültige E-Mail-Adresse" in page
    assert 'value="leser-at-example"' in page and 'aria-invalid="true"' in page
    assert not mail.outbox and not Subscriber.objects.exists()


@pytest.mark.parametrize("fields", [{"state": Paper.State.DRAFT}, {"public": False}])
def test_a_paper_the_public_cannot_see_cannot_be_followed(client, fields):
    paper = f.paper(f.body(), **fields)
    assert follow(client, paper).status_code == 404
    assert not mail.outbox and not Subscriber.objects.exists()


def test_an_organization_and_a_search_can_be_followed_too(client):
    body = f.body()
    committee = f.organization(body, name="Bauausschuss")
    assert client.post(f"/{body.slug}/abo/gremium/{committee.pk}/", {"email": "a@example.org"}).status_code == 302
    assert client.post(f"/{body.slug}/abo/suche/", {"email": "a@example.org", "q": "  Radweg  "}).status_code == 302
    assert [message.subject for message in mail.outbox] == [
        "Bitte bestätigen: Gremium Bauausschuss",
        f"Bitte bestätigen: Neue Vorlagen zur Suche „Radweg“ ({body.name})",
    ]
    faction = f.organization(body, kind="faction")
    assert client.post(f"/{body.slug}/abo/gremium/{faction.pk}/", {"email": "a@example.org"}).status_code == 404
    missing_terms = client.post(f"/{body.slug}/abo/suche/", {"email": "a@example.org", "q": " "})
    assert missing_terms.status_code == 200 and "wonach neue Vorlagen" in missing_terms.content.decode()


def test_the_same_address_gets_one_confirmation_per_subscription_per_hour(client, paper):
    follow(client, paper)
    follow(client, paper)
    assert len(mail.outbox) == 1
    Subscription.objects.update(confirmation_sent_at=timezone.now() - dt.timedelta(minutes=61))
    follow(client, paper)
    assert len(mail.outbox) == 2
    subscribing.confirm(Subscription.objects.get())
    follow(client, paper)  # already following: nothing to confirm
    assert len(mail.outbox) == 2


def test_one_address_cannot_be_flooded_with_requests_for_many_papers(client):
    body = f.body()
    for _ in range(subscribing.MAX_PENDING_PER_ADDRESS + 2):
        follow(client, f.paper(body), "opfer@example.org")
    assert len(mail.outbox) == subscribing.MAX_PENDING_PER_ADDRESS


def test_the_answer_does_not_tell_a_stranger_whether_an_address_is_subscribed(client, paper):
    follow(client, paper)
    subscribing.confirm(Subscription.objects.get())
    again = follow(client, paper)
    assert again.status_code == 302 and again["Location"] == f"/{paper.body.slug}/abo/angefragt/"


def test_a_mail_server_that_is_down_is_a_form_error_and_keeps_no_address(client, paper, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    response = follow(client, paper)
    assert response.status_code == 200 and "nicht versandt werden" in response.content.decode()
    assert 'value="leser@example.org"' in response.content.decode()
    assert not Subscriber.objects.exists()


def test_an_expired_confirmation_link_is_refused_and_the_address_is_forgotten(client, paper, monkeypatch):
    follow(client, paper)
    confirm = link(mail.outbox[0], "/abo/bestaetigen/")
    later = timezone.now() + tokens.CONFIRMATION_MAX_AGE + dt.timedelta(minutes=1)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())
    response = client.get(confirm)
    assert response.status_code == 410 and "abgelaufen" in response.content.decode()
    assert subscribing.purge_expired(later) == 1
    assert not Subscriber.objects.exists()


def test_a_forged_link_is_a_404_not_a_500(client, paper):
    assert client.get("/abo/bestaetigen/eyJzIjoxfQ:1abc:falsch/").status_code == 404
    assert client.get("/abo/abbestellen/eyJzIjoxfQ:falsch/").status_code == 404
    assert Client(enforce_csrf_checks=True).post("/abo/abbestellen/unsinn/").status_code == 404


def test_unsubscribing_asks_on_get_and_deletes_the_address_on_post_idempotently(client, paper):
    follow(client, paper)
    subscribing.confirm(Subscription.objects.get())
    unsubscribe = link(mail.outbox[0], "/abo/abbestellen/")
    page = client.get(unsubscribe)
    assert page.status_code == 200 and '<button type="submit">Abo beenden</button>' in page.content.decode()
    assert Subscription.objects.exists()  # GET changes nothing
    one_click = Client(enforce_csrf_checks=True)  # a mail program, RFC 8058
    response = one_click.post(
        unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and "Abbestellt" in response.content.decode()
    assert not Subscription.objects.exists() and not Subscriber.objects.exists()
    assert one_click.post(unsubscribe).status_code == 200
    assert "besteht nicht mehr" in client.get(unsubscribe).content.decode()


def test_ending_one_subscription_keeps_the_address_for_the_others_and_the_all_link_ends_them_all(client):
    body = f.body()
    first, second = f.paper(body), f.paper(body)
    follow(client, first)
    follow(client, second)
    Subscription.objects.update(confirmed_at=timezone.now())
    client.post(link(mail.outbox[0], "/abo/abbestellen/"))
    assert list(Subscription.objects.values_list("paper", flat=True)) == [second.pk]
    subscriber = Subscriber.objects.get()
    everything = f"/abo/abbestellen/{tokens.unsubscribe_token(subscriber=subscriber)}/"
    assert "Alle Abos von leser@example.org beenden" in client.get(everything).content.decode()
    client.post(everything)
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()


def test_subscription_pages_need_few_queries(client, paper):
    slug = paper.body.slug
    with CaptureQueriesContext(connection) as queries:
        follow(client, paper)
    assert len(queries) <= 12, [query["sql"] for query in queries]
    confirm = link(mail.outbox[0], "/abo/bestaetigen/")
    unsubscribe = link(mail.outbox[0], "/abo/abbestellen/")
    for method, url in [
        ("get", f"/{slug}/abo/vorlage/{paper.pk}/"),
        ("get", f"/{slug}/abo/angefragt/"),
        ("get", confirm),
        ("post", confirm),
        ("get", unsubscribe),
        ("post", unsubscribe),
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert getattr(client, method)(url).status_code in (200, 302), url
        assert len(queries) <= 8, (method, url, len(queries))


def test_the_paper_followed_is_named_with_its_reference_on_one_line(client, paper):
    reference = f'Vorlage <span class="nowrap">{paper.reference}</span> Radweg an der Nuthe'
    assert reference in client.get(f"/{paper.body.slug}/abo/vorlage/{paper.pk}/").content.decode()
    follow(client, paper)
    (message,) = mail.outbox
    assert reference in client.get(link(message, "/abo/bestaetigen/")).content.decode()
    assert reference in client.get(link(message, "/abo/abbestellen/")).content.decode()
