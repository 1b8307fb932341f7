"""The paper list, its count, the feeds, the paper and the meeting page read indexes, not whole tables (issue 17).

EXPLAIN on a generated Body of a few thousand papers: the plans PostgreSQL chooses there
are those that keep the pages fast at 100 000 papers (docs/performance.md, "Lists and
pages in one large Body").
"""

import re
from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Body, Meeting, Organization
from demo.generate import generate
from portal.feeds import DecisionFeed, PaperFeed
from portal.forms import apply_paper_filters
from resolutions.models import Consultation, Paper

pytestmark = pytest.mark.django_db(transaction=True)

# Tables with a row per paper, consultation or agenda item: never read whole for one page.
LARGE_TABLES = ("resolutions_paper", "resolutions_consultation", "council_agendaitem")


@pytest.fixture
def big_body(transactional_db):
    """Vacuumed as well as analyzed (hence outside a transaction): only then does PostgreSQL know
    the pages all-visible and plan index-only scans, as on a database in use."""
    assert connection.vendor == "postgresql"
    generate(1, 3000, seed=3)
    with connection.cursor() as cursor:
        for table in LARGE_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
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

    # Its count reads the Body's whole share of papers. The app's connections ask for no parallel
    # workers (ratsinfo/settings.py): PostgreSQL's parallel hash join for it took twice as long.
    plan = gremium_papers(big_body).order_by().values("pk").explain()
    assert "Gather" not in plan and "Parallel" not in plan, plan

    papers = Paper.objects.visible_to(None).filter(body=big_body)
    plan = papers.order_by("-modified").values("modified")[:1].explain()
    assert "paper_body_modified" in plan and "Sort" not in plan, plan
    for feed, index in ((PaperFeed(), "paper_body_released"), (DecisionFeed(), "paper_body_decided")):
        plan = feed.newest(big_body)[:50].explain()
        assert index in plan and "Sort" not in plan and not whole_table_reads(plan), plan


def count_plan(papers):
    """EXPLAIN of the statement `papers.count()` runs."""
    with CaptureQueriesContext(connection) as queries:
        papers.count()
    return explained(queries[-1]["sql"])


# The two indexes a public count may read: (body, state, public, id), and the partial one for
# what the public sees, (body, state, id). Their costs are nearly the same, and which of them
# PostgreSQL picks changes with the data generated.
PAPER_INDEXES = ("paper_public_body_state", "paper_body_state_public")


def reads_a_paper_index(plan):
    return any(f"Index Only Scan using {name}" in plan for name in PAPER_INDEXES)


def count_plan_with_the_partial_index_alone(papers):
    """`count_plan` with the other index dropped, in a transaction rolled back."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX paper_body_state_public")
        plan = count_plan(papers)
        transaction.set_rollback(True)
    return plan


def test_the_public_count_reads_the_public_index_and_merges_the_gremium_by_id(big_body):
    public = Paper.objects.visible_to(None).filter(body=big_body)
    for papers in (public, public.filter(state=Paper.State.DECIDED)):
        assert reads_a_paper_index(count_plan(papers))
        # The partial index's condition is what `visible_to(None)` asks: else PostgreSQL could not use it.
        assert "Index Only Scan using paper_public_body_state" in count_plan_with_the_partial_index_alone(papers)

    # The council's decided papers (at 95 000 papers 92 000 of them): both sides in id order,
    # merged, not the council's consultations hashed (25 against 45 to 60 ms there).
    plan = count_plan(gremium_papers(big_body))
    assert "Merge Semi Join" in plan and "Hash" not in plan, plan
    assert reads_a_paper_index(plan), plan
    assert "Index Only Scan using consultation_org_paper" in plan, plan


def test_the_filtered_list_counts_and_shows_the_public_papers_the_gremium_consulted(client, big_body):
    council = Organization.objects.get(body=big_body, kind=Organization.Kind.COUNCIL)
    decided = Paper.objects.filter(body=big_body, state=Paper.State.DECIDED)
    # Some of them the public does not see; the list must neither show nor count them.
    assert decided.filter(public=False, consultations__organization=council).exists()
    consulted = set(Consultation.objects.filter(organization=council).values_list("paper_id", flat=True))
    # Newest first as PostgreSQL sorts "-date" (a paper without a date first), then the newest id.
    expected = sorted(
        ((paper.date is None, paper.date, paper.pk) for paper in decided.filter(public=True) if paper.pk in consulted),
        key=lambda row: (row[0], row[1] or date.min, row[2]),
        reverse=True,
    )
    response = client.get(reverse("portal:papers", args=[big_body.slug]), {"stand": "decided", "gremium": council.pk})
    page = response.context["papers"]
    assert page.paginator.count == len(expected)
    assert [paper.pk for paper in page] == [pk for _none, _date, pk in expected[:20]]
    assert f"{len(expected)} Vorlagen" in response.content.decode()


def test_no_query_of_the_paper_meeting_and_list_pages_reads_a_large_table_whole(client, big_body):
    paper = Paper.objects.visible_to(None).filter(body=big_body, state=Paper.State.DECIDED).order_by("pk").first()
    # The latest meeting with an agenda (the council's, in the generated Body: the largest agenda, with minutes).
    meeting = Meeting.objects.filter(body=big_body, agenda_items__isnull=False).order_by("-start").first()
    council = Organization.objects.get(body=big_body, kind=Organization.Kind.COUNCIL)
    for url in (
        reverse("portal:paper", args=[big_body.slug, paper.pk]),
        reverse("portal:meeting", args=[big_body.slug, meeting.pk]),
        reverse("portal:papers", args=[big_body.slug]),
        reverse("portal:papers", args=[big_body.slug]) + f"?stand=decided&gremium={council.pk}",
    ):
        for sql, plan in plans_of_page(client, url):
            # Also a list's count: it reads the Body's share whole, by nature, but from an index.
            assert not whole_table_reads(plan), (url, sql, plan)
