"""The paper list, its count, the feeds, the paper and the meeting page read indexes, not whole tables (issue 17).

EXPLAIN on a generated Body of a few thousand papers: the plans PostgreSQL chooses there
are those that keep the pages fast at 100 000 papers (docs/performance.md, "Lists and
pages in one large Body").
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Body, Meeting, Organization
from demo.generate import generate
from portal.feeds import DecisionFeed, PaperFeed
from portal.forms import apply_paper_filters
from resolutions.models import Paper

pytestmark = pytest.mark.django_db

# Tables with a row per paper, consultation or agenda item: never read whole for one page.
LARGE_TABLES = ("resolutions_paper", "resolutions_consultation", "council_agendaitem")


@pytest.fixture
def big_body(db):
    assert connection.vendor == "postgresql"
    generate(1, 3000, seed=3)
    with connection.cursor() as cursor:
        for table in LARGE_TABLES:
            cursor.execute(f"ANALYZE {table}")
    return Body.objects.get(slug="zv-001")


def whole_table_reads(plan):
    """The large tables the plan reads from end to end."""
    return [table for table in LARGE_TABLES if re.search(rf"Seq Scan on {table}\b", plan)]


def explained(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def plans_of_page(client, url):
    """EXPLAIN of every SELECT the page ran, computed (the page store cleared)."""
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [(query["sql"], explained(query["sql"])) for query in queries if query["sql"].startswith("SELECT")]


def gremium_papers(body):
    council = Organization.objects.get(body=body, kind=Organization.Kind.COUNCIL)
    papers = Paper.objects.visible_to(None).filter(body=body)
    return apply_paper_filters(papers, {"stand": "decided", "gremium": council})


def test_the_list_its_count_the_validators_and_the_feeds_read_indexes(big_body):
    # A page of the filtered list: the first rows of an index in the list's order, nothing sorted.
    plan = gremium_papers(big_body).select_related("paper_type").order_by("-date", "-id")[:20].explain()
    assert "paper_body_date" in plan and "Sort" not in plan and not whole_table_reads(plan), plan

    # Its count reads the Body's whole share of papers (at 95 000 papers a merge join of the index-only
    # scans of paper_body_state_public and consultation_org_paper, docs/performance.md). The app's
    # connections ask for no parallel workers (ratsinfo/settings.py): PostgreSQL's parallel hash
    # join for it took twice as long.
    plan = gremium_papers(big_body).order_by().values("pk").explain()
    assert "Gather" not in plan and "Parallel" not in plan, plan

    papers = Paper.objects.visible_to(None).filter(body=big_body)
    plan = papers.order_by("-modified").values("modified")[:1].explain()
    assert "paper_body_modified" in plan and "Sort" not in plan, plan
    for feed, index in ((PaperFeed(), "paper_body_released"), (DecisionFeed(), "paper_body_decided")):
        plan = feed.newest(big_body)[:50].explain()
        assert index in plan and "Sort" not in plan and not whole_table_reads(plan), plan


def test_no_query_of_the_paper_meeting_and_list_pages_reads_a_large_table_whole(client, big_body):
    paper = Paper.objects.visible_to(None).filter(body=big_body, state=Paper.State.DECIDED).order_by("pk").first()
    # The latest meeting with an agenda (the council's, in the generated Body: the largest agenda, with minutes).
    meeting = Meeting.objects.filter(body=big_body, agenda_items__isnull=False).order_by("-start").first()
    for url in (
        reverse("portal:paper", args=[big_body.slug, paper.pk]),
        reverse("portal:meeting", args=[big_body.slug, meeting.pk]),
        reverse("portal:papers", args=[big_body.slug]),
    ):
        for sql, plan in plans_of_page(client, url):
            # A list's count reads the Body's share whole, by nature (here that is the whole table).
            if not sql.startswith("SELECT COUNT(*)"):
                assert not whole_table_reads(plan), (url, sql, plan)
