"""Not a byte of non-public data for the public: secrets planted in every non-public field
must not appear on any portal page, feed, calendar, search result or file."""

import pytest
from django.urls import reverse

from council.models import AgendaItem, Meeting, Organization, Person
from resolutions.models import File, Paper
from tests.portal.conftest import content, crawl
from tests.portal.world import SECRET_WORD, build_world

pytestmark = pytest.mark.django_db


def every_detail_url(body):
    """Detail URLs of every record of the Body, including those that must be 404."""
    urls = [reverse("portal:paper", args=[body.slug, pk]) for pk in Paper.objects.values_list("pk", flat=True)]
    urls += [reverse("portal:meeting", args=[body.slug, pk]) for pk in Meeting.objects.values_list("pk", flat=True)]
    urls += [
        reverse(name, args=[body.slug, pk])
        for pk in Organization.objects.values_list("pk", flat=True)
        for name in ("portal:organization", "portal:organization_calendar")
    ]
    urls += [reverse("portal:person", args=[body.slug, pk]) for pk in Person.objects.values_list("pk", flat=True)]
    urls += [
        reverse("portal:agenda_item", args=[body.slug, meeting_pk, pk])
        for meeting_pk, pk in AgendaItem.objects.values_list("meeting_id", "pk")
    ]
    urls += [reverse("portal:file", args=[body.slug, r.pk, r.file_name]) for r in File.objects.all()]
    urls += [
        reverse("portal:calendar", args=[body.slug]),
        reverse("portal:papers_feed", args=[body.slug]),
        reverse("portal:decisions_feed", args=[body.slug]),
        f"/{body.slug}/sitzungen/?ansicht=liste&vergangene=1",
        f"/{body.slug}/sitzungen/?monat=2026-06",
        f"/{body.slug}/sitzungen/?monat=2026-07",
    ]
    for state in ("", "draft", "in_signoff", "decided"):
        urls.append(f"/{body.slug}/vorlagen/?stand={state}")
    for word in (SECRET_WORD, "Geheimprojekt*", "nichtöffentlich", "9871", "Stadtpark"):
        urls.append(f"/{body.slug}/suche/?q={word}")
    return urls


def test_no_secret_reaches_an_anonymous_visitor(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is built after commit
        world = build_world(extra=2)
    pages = crawl(client, world.body, every_detail_url(world.body))
    # The crawl really covered the portal: every kind of page and the public file.
    kinds = {"vorlagen/", "sitzungen/", "gremien/", "personen/", "suche/", "kalender.ics", ".atom", "dokumente/"}
    assert all(any(kind in url for url in pages) for kind in kinds)
    assert any(world.public_paper.name in text for text in pages.values())
    assert any("Lageplan" in text for url, text in pages.items() if "dokumente/" in url)
    # The month calendar leads from the first to the last meeting (and this month), not through a century.
    months = {url for url in pages if "monat=" in url}
    assert f"/{world.body.slug}/sitzungen/?monat=2026-06" in months and len(months) < 60
    leaks = {(url, canary) for url, text in pages.items() for canary in world.canaries if canary in text}
    assert not leaks
    # Votes of the non-public item (9871 yes) are not shown; the item is, as "nichtöffentlich".
    assert not [url for url, text in pages.items() if "9871" in text and "suche" not in url]
    meeting_page = pages[reverse("portal:meeting", args=[world.body.slug, world.meeting.pk])]
    assert world.secret_item.number in meeting_page and "nichtöffentlich" in meeting_page


def test_search_for_a_word_only_in_secrets_finds_nothing(client, world):
    response = client.get(f"/{world.body.slug}/suche/", {"q": SECRET_WORD})
    html = content(response)
    assert "0 Vorlagen" in html
    assert "Keine Sitzungen gefunden." in html and "Keine Tagesordnungspunkte gefunden." in html


def test_drafts_papers_in_signoff_and_nonpublic_papers_are_404(client, world):
    for paper in world.secret_papers:
        assert client.get(reverse("portal:paper", args=[world.body.slug, paper.pk])).status_code == 404
    for record in File.objects.filter(public=False) | File.objects.filter(paper__in=world.secret_papers):
        url = reverse("portal:file", args=[world.body.slug, record.pk, record.file_name])
        assert client.get(url).status_code == 404


def test_the_councillor_sees_the_nonpublic_part_of_their_committee(client, world):
    client.force_login(world.councillor_user)
    html = content(client.get(reverse("portal:meeting", args=[world.body.slug, world.meeting.pk])))
    assert world.secret_item.name in html


def test_a_body_sees_none_of_another_bodys_data(client, world):
    other = build_world()
    for record, name in ((other.public_paper, "Fremde Vorlage"), (other.decided_paper, "Fremder Beschluss")):
        record.name = name
        record.save()
    other.councillor.family_name = "Fremdrätin"
    other.councillor.save()
    for url in every_detail_url(world.body):
        response = client.get(url)
        text = content(response) if response.status_code == 200 else ""
        for record in (other.public_paper, other.decided_paper):
            assert record.name not in text, url
        assert other.councillor.family_name not in text, url
    # Another Body's public records under this Body's address are 404.
    assert client.get(reverse("portal:paper", args=[world.body.slug, other.public_paper.pk])).status_code == 404
    assert client.get(reverse("portal:meeting", args=[world.body.slug, other.meeting.pk])).status_code == 404
    assert client.get(reverse("portal:person", args=[world.body.slug, other.councillor.pk])).status_code == 404
    assert client.get(reverse("portal:organization", args=[world.body.slug, other.council.pk])).status_code == 404
    assert AgendaItem.objects.exists()


def test_staff_of_another_body_see_only_public_data_of_this_one(client, world):
    from accounts import roles
    from tests import factories as f

    other_body = f.body()
    client.force_login(f.user(other_body, roles.COUNCIL_OFFICE, roles.CLERK, department=f.department(other_body)))
    pages = crawl(client, world.body, every_detail_url(world.body))
    assert any(world.public_paper.name in text for text in pages.values())
    assert not {(url, canary) for url, text in pages.items() for canary in world.canaries if canary in text}
