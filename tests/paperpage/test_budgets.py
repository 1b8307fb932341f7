"""The three paper pages need a fixed number of queries, however many consultations,
agenda items, amendments, files, related papers, supplements and amendments the paper has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from council.models import AgendaItem
from resolutions.files import store_file
from resolutions.models import Amendment, Consultation, Paper
from tests import factories as f
from tests.paperpage.conftest import at, pages

pytestmark = pytest.mark.django_db

# Portal anonymous / portal member / councillor page / back office (council office). The
# councillor page marks the paper read (one upsert); the back office's area bar links the
# portal of the user's Body (one query, as on every back-office page).
BUDGETS = {"anonymous": 7, "portal": 11, "councillors": 13, "office": 17}


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def counts(client, town, story):
    urls = pages(town, story.paper)
    client.logout()
    found = {"anonymous": count(client, urls["portal"])}
    client.force_login(town.member)
    found["portal"] = count(client, urls["portal"])
    count(client, urls["councillors"])  # the councillor profile is made on the first visit
    found["councillors"] = count(client, urls["councillors"])
    client.force_login(town.office)
    found["office"] = count(client, urls["office"])
    return found


def grow(town, story, n):
    """n more consultations, each with an item (public and not), an amendment, files, a related paper, a supplement or amendment."""
    for index in range(n):
        organization = f.organization(town.body)
        consultation = f.consultation(
            story.paper, organization, position=10 + index, role=Consultation.Role.PRELIMINARY
        )
        meeting = f.meeting(organization, start=at(2026, 4, 1 + index))
        f.agenda_item(meeting, public=index % 2 == 0, consultation=consultation, result=AgendaItem.Result.RECOMMENDED)
        consultation.meeting = meeting
        consultation.save()
        f.amendment(consultation, Amendment.Kind.ADDED, "Zweckverband.", "Zweckverband.", meeting=meeting)
        store_file(b"%PDF-1.4 Anlage", file_name=f"anlage-{index}.pdf", paper=story.paper, public=index % 2 == 0)
        related = f.paper(town.body, name=f"Verwandt {index}")
        story.paper.related_papers.add(related)
        related.related_papers.add(story.paper)
        kind = Paper.Subordination.values[index % 2]
        f.paper(town.body, name=f"Ergänzung {index}", superordinate=story.paper, subordination=kind)


def test_the_paper_pages_keep_their_budget_as_the_paper_grows(client, town, story):
    small = counts(client, town, story)
    grow(town, story, 4)
    large = counts(client, town, story)
    assert large == small
    assert small == BUDGETS, small
