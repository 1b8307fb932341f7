"""Page titles and headings say each thing once ("Sitzung der Stadtverordnetenversammlung",
not "Stadtverordnetenversammlung: Sitzung der Stadtverordnetenversammlung")."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from council.models import Meeting
from tests import factories as f
from tests.portal.conftest import content
from tests.portal.test_accessibility import portal_pages

pytestmark = pytest.mark.django_db


def title_and_heading(html):
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    heading = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()
    return title, heading


def repeated_words(text):
    words = Counter(word.casefold() for word in re.findall(r"\w{5,}", text))
    return [word for word, count in words.items() if count > 1]


def test_a_meeting_named_after_its_organization_names_it_once(client, world):
    meeting = world.decided_paper.consultations.get().meeting
    Meeting.objects.filter(pk=meeting.pk).update(name="Sitzung der Gemeindevertretung")
    html = content(client.get(reverse("portal:meeting", args=[world.body.slug, meeting.pk])))
    title, heading = title_and_heading(html)
    assert heading == "Sitzung der Gemeindevertretung"
    assert title == f"Sitzung der Gemeindevertretung, 24.06.2026 – {world.body.name}"
    listed = content(client.get(reverse("portal:meetings", args=[world.body.slug]), {"ansicht": "liste", "jahr": 2026}))
    assert "Gemeindevertretung: Sitzung der Gemeindevertretung" not in listed
    assert '<td data-label="Gremium">Sitzung der Gemeindevertretung</td>' in listed


def test_a_meeting_with_another_name_keeps_its_organization_in_front(client, world):
    Meeting.objects.filter(pk=world.meeting.pk).update(name="Sondersitzung")
    html = content(client.get(reverse("portal:meeting", args=[world.body.slug, world.meeting.pk])))
    assert title_and_heading(html) == (
        f"Ausschuss für Stadtentwicklung: Sondersitzung, 10.06.2026 – {world.body.name}",
        "Ausschuss für Stadtentwicklung: Sondersitzung",
    )


def test_no_portal_title_or_heading_repeats_itself(client, world):
    f.legal_pages(world.body)
    meeting = world.decided_paper.consultations.get().meeting
    Meeting.objects.filter(pk=meeting.pk).update(name="Sitzung der Gemeindevertretung")
    urls = [*portal_pages(world)[:-1], reverse("portal:meeting", args=[world.body.slug, meeting.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        title, heading = title_and_heading(content(response))
        assert repeated_words(title) == [] and repeated_words(heading) == [], (url, title, heading)
