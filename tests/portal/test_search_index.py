"""The search index holds what the public sees, follows every change after commit, and is fast.

Issues 11.6/11.7 (decided text, excerpts), 16.2 (people, attachments), 17 (the GIN index).
"""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accounts import roles
from council.models import Organization
from demo.generate import generate, generated_bodies
from portal import search, search_index
from portal.models import SearchDocument
from resolutions import workflow
from resolutions.files import store_file
from resolutions.models import Amendment, Consultation, File, Paper
from resolutions.paper_view import paper_view
from tests import factories as f
from tests.portal.conftest import content
from tests.portal.world import pdf_with

pytestmark = pytest.mark.django_db

SECRET_SENTENCE = "Der Beitritt erfolgt zum vertraulichen Sonderpreis."
PROPOSAL = "<p>Die Stadtverordnetenversammlung beschließt den Beitritt.</p>"


def search_page(client, body, **params):
    return content(client.get(reverse("portal:search", args=[body.slug]), params))


def result_titles(html):
    return [" ".join(title.split()) for title in re.findall(r'<h3 class="result-title"><a [^>]+>(.*?)</a>', html)]


# --- What the public sees, and nothing more ----------------------------------------------


def test_the_decided_text_of_the_seed_paper_is_found(client, demo):
    # "nächstmöglichen" is only in B-7311/2021's decided text (the proposal with its amendments).
    assert "nächstmöglichen" not in demo.seed_paper.resolution_text
    html = search_page(client, demo.luckenwalde, q="nächstmöglichen")
    assert result_titles(html) == [f"{demo.seed_paper.reference} {demo.seed_paper.name}"]
    assert "<mark>nächstmöglichen</mark>" in html


def test_excerpts_keep_words_apart(client, demo):
    html = search_page(client, demo.luckenwalde, q="Zweckverband")
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)
    assert snippets
    # Paragraphs end and the next begins: "Brandenburg“. Die", never "Brandenburg“.Die".
    assert not any(re.search(r"[.:;“”]\w", re.sub(r"</?mark>", "", snippet)) for snippet in snippets)
    plain = search_index.plain_text("<p>Brandenburg“.</p><p>Die <strong>Stadt</strong>verordneten</p><ul><li>a</li>")
    assert plain == "Brandenburg“. Die Stadtverordneten a"


def test_a_person_is_found_by_surname_with_party_and_organizations(client, demo):
    html = search_page(client, demo.luckenwalde, q="Becker")
    people = re.search(r'<section aria-labelledby="treffer-personen">(.*?)</section>', html, re.S).group(1)
    assert "Claudia Becker" in people and "BVB/FW" in people and "Stadtverordnetenversammlung" in people
    assert re.search(r'href="/luckenwalde/personen/\d+/">Claudia Becker</a>', people)


def test_staff_without_a_mandate_are_not_found(client, committed):
    body = f.body()
    with committed():
        clerk = f.person(body, given_name="Erna", family_name="Sachbearbeiterin")
        f.membership(clerk, f.organization(body, kind="department", name="Bauamt"))
    assert not SearchDocument.objects.filter(kind="person", object_id=clerk.pk).exists()
    assert "treffer-personen" not in search_page(client, body, q="Sachbearbeiterin")


def _town(body):
    council = f.organization(body, kind=Organization.Kind.COUNCIL, short_name="STVV")
    member = f.person(body)
    f.membership(member, council, start_date=dt.date(2020, 1, 1))
    outsider = f.person(body)
    f.membership(outsider, f.organization(body, short_name="HA"), start_date=dt.date(2020, 1, 1))
    return {
        "council": council,
        "member": f.user(body, roles.COUNCILLOR, person=member),
        "outsider": f.user(body, roles.COUNCILLOR, person=outsider),
    }


def _decided_in(body, council, *, public_item):
    """A public paper decided in the council with an amendment (see tests/resolutions/test_paper_view.py)."""
    paper = f.paper(
        body,
        state=Paper.State.DECIDED,
        name="Beitritt zum Zweckverband",
        resolution_text=PROPOSAL,
        result="adopted_with_changes",
    )
    deciding = f.consultation(paper, council, position=1, role=Consultation.Role.DECISION)
    meeting = f.meeting(council, start=dt.datetime(2026, 6, 1, 18, tzinfo=f.TZ), state="held")
    item = f.agenda_item(meeting, consultation=deciding, public=public_item, result="adopted_with_changes")
    f.amendment(
        deciding,
        Amendment.Kind.ADDED,
        "Die Stadtverordnetenversammlung beschließt den Beitritt.",
        SECRET_SENTENCE,
        meeting=meeting,
    )
    return paper, item


def test_an_amendment_of_a_nonpublic_item_is_found_by_nobody_on_the_portal(client, committed):
    body = f.body()
    with committed():
        town = _town(body)
        paper, _ = _decided_in(body, town["council"], public_item=False)
    document = SearchDocument.objects.get(kind="paper", object_id=paper.pk)
    assert "Sonderpreis" not in document.text and "Beitritt" in document.text
    for viewer in (None, town["outsider"], town["member"]):
        if viewer:
            client.force_login(viewer)
        html = search_page(client, body, q="Sonderpreis")
        assert paper.name not in html, viewer
        # The paper itself is public and found by its proposal.
        assert paper.name in search_page(client, body, q="Beitritt"), viewer


def test_an_amendment_of_a_public_item_is_found(client, committed):
    body = f.body()
    with committed():
        town = _town(body)
        paper, _ = _decided_in(body, town["council"], public_item=True)
    assert paper.name in search_page(client, body, q="Sonderpreis")


# --- Attachments ------------------------------------------------------------------------


def test_a_hit_in_an_attachment_names_it(client, world, committed):
    with committed():
        store_file(
            pdf_with("x"),
            file_name="verkehrsgutachten.pdf",
            name="Verkehrsgutachten 2026",
            paper=world.public_paper,
            text="Die Zählung ergab 4.000 Fahrradfahrende am Tag.",
        )
    html = search_page(client, world.body, q="Fahrradfahrende")
    assert result_titles(html) == [f"{world.public_paper.reference} {world.public_paper.name}"]
    assert "gefunden in Anlage:" in html and "Verkehrsgutachten 2026</a>" in html
    assert "<mark>Fahrradfahrende</mark>" in html


def test_a_nonpublic_attachment_is_not_searched(client, world, committed):
    with committed():
        store_file(
            pdf_with("x"),
            file_name="intern.pdf",
            paper=world.public_paper,
            public=False,
            text="Vertrauliche Kalkulation Quadratmeterpreis",
        )
    assert not SearchDocument.objects.filter(text__contains="Quadratmeterpreis").exists()
    assert world.public_paper.name not in search_page(client, world.body, q="Quadratmeterpreis")


# --- The index follows changes ------------------------------------------------------------


def test_the_index_follows_a_change_of_the_text(client, world, committed):
    paper = world.public_paper
    with committed():
        paper.resolution_text = "<p>Der Brunnen wird saniert.</p>"
        paper.save()
    assert paper.name in search_page(client, world.body, q="Brunnen")
    assert "Brunnen" in SearchDocument.objects.get(kind="paper", object_id=paper.pk).text


def test_a_paper_made_nonpublic_leaves_the_index(client, world, committed):
    paper = world.public_paper
    with committed():
        paper.public = False
        paper.save()
    assert not SearchDocument.objects.filter(kind="paper", object_id=paper.pk).exists()
    assert not SearchDocument.objects.filter(kind="file", parent_kind="paper", parent_id=paper.pk).exists()
    assert paper.name not in search_page(client, world.body, q="Neugestaltung")


def test_a_withdrawn_paper_says_so(client, committed):
    body = f.body()
    office = f.user(body, roles.COUNCIL_OFFICE)
    with committed():
        paper = f.paper(body, name="Neubau der Skaterbahn")
    assert "noch nicht beraten" in search_page(client, body, q="Skaterbahn")
    with committed():
        workflow.withdraw(paper, by=office, comment="erledigt")
    document = SearchDocument.objects.get(kind="paper", object_id=paper.pk)
    assert document.summary.endswith("zurückgezogen")
    assert "zurückgezogen" in search_page(client, body, q="Skaterbahn")


def test_an_item_made_nonpublic_takes_its_amendment_out_of_the_paper(client, committed):
    body = f.body()
    with committed():
        town = _town(body)
        paper, item = _decided_in(body, town["council"], public_item=True)
    assert paper.name in search_page(client, body, q="Sonderpreis")
    with committed():
        item.public = False
        item.save()
    assert paper.name not in search_page(client, body, q="Sonderpreis")
    assert not SearchDocument.objects.filter(kind="agenda_item", object_id=item.pk).exists()


def test_the_rebuild_is_idempotent_and_drops_stale_rows(world):
    def rebuilt():
        out = io.StringIO()
        call_command("rebuild_search_index", stdout=out)
        assert "Suchindex neu aufgebaut" in out.getvalue()
        return sorted(SearchDocument.objects.values_list("kind", "object_id", "title", "text"))

    before = rebuilt()
    assert rebuilt() == before
    # A change that bypassed the receivers (QuerySet.update sends no signals).
    Paper.objects.filter(pk=world.public_paper.pk).update(public=False)
    after = rebuilt()
    assert ("paper", world.public_paper.pk) not in {(kind, pk) for kind, pk, *_ in after}
    assert set(after) < set(before)
    assert not SearchDocument.objects.filter(vector__isnull=True).exists()


# --- Fast ---------------------------------------------------------------------------------


def test_the_paper_query_uses_the_gin_index(world):
    """EXPLAIN at a realistic size: thousands of papers in one Body, few matching."""
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO portal_searchdocument (kind, object_id, body_id, parent_kind, reference, title, summary, text,
                                               details, vector, modified)
            SELECT 'paper', 10000000 + n, %s, '', 'X-' || n || '/2026', 'Vorlage ' || n, '', t, '',
                   to_tsvector('german', 'Vorlage ' || n || ' ' || t), now()
            FROM generate_series(1, 5000) AS n,
                 LATERAL (SELECT 'Die Versammlung beschließt den Haushalt, Posten ' || n AS t) AS text
            """,
            [world.body.pk],
        )
        cursor.execute("ANALYZE portal_searchdocument")
    for query in (search.search_papers("Stadtpark", body=world.body), search.search_papers("B-7001/2026")):
        plan = query.explain()
        assert "portal_search_vector" in plan, plan
        assert "Seq Scan" not in plan, plan
    # The page's count is the same condition without ordering.
    plan = search.search_papers("Stadtpark", body=world.body).order_by().values("pk").explain()
    assert "portal_search_vector" in plan and "Seq Scan" not in plan, plan


def test_search_page_query_budget(client, world, committed, django_assert_max_num_queries):
    """One statement for the papers (with their excerpts and the attachments they were found in),
    their number and the people, meetings and items found, with the meetings and items shown. What
    every search of the Body asks alike (the Body, the validator, the filters' two lists of
    choices) is read once per publication version (`portal.memo`)."""
    url = reverse("portal:search", args=[world.body.slug])
    with django_assert_max_num_queries(5):
        response = client.get(url, {"q": "Stadtpark"})
    assert response.status_code == 200
    with committed():
        for n in range(30):
            paper = f.paper(world.body, name=f"Stadtpark Abschnitt {n}")
            store_file(pdf_with("x"), file_name=f"plan{n}.pdf", paper=paper, text="Lageplan Stadtpark")
            f.membership(f.person(world.body, given_name=f"Erika{n}", family_name="Stadtpark"), world.committee)
    with django_assert_max_num_queries(5):
        html = content(client.get(url, {"q": "Stadtpark"}))
    assert int(re.search(r"(\d+) Vorlagen zu", html).group(1)) >= 31
    assert html.count('href="/' + world.body.slug + "/personen/") >= 10
    assert html.count("gefunden in Anlage") == 20
    # Another term while nothing changed: only what depends on the term.
    with django_assert_max_num_queries(1):
        html = content(client.get(url, {"q": "Lageplan"}))
    assert "gefunden in Anlage" in html
    # A page out of range is read again once its number is known (an empty page carries no count).
    with django_assert_max_num_queries(3):
        assert "Seite 2 von 2" in content(client.get(url, {"q": "Stadtpark", "seite": 99}))
    client.force_login(world.councillor_user)
    with django_assert_max_num_queries(10):
        assert client.get(url, {"q": "Stadtpark"}).status_code == 200


def test_the_validator_moves_with_what_the_search_shows_only(client, world, committed):
    url = reverse("portal:search", args=[world.body.slug])

    def etag():
        return client.get(url, {"q": "Stadtpark"})["ETag"]

    first = etag()
    with committed():  # only the non-public part changes: the public sees nothing new
        world.secret_item.name = "Geheimprojekt, zweite Fassung"
        world.secret_item.save()
    assert etag() == first
    with committed():
        world.public_paper.public = False
        world.public_paper.save()
    second = etag()
    assert second != first
    with committed():
        f.paper(world.body, name="Stadtpark-Beleuchtung")
    assert etag() != second


def test_a_bulk_load_may_suspend_the_refreshes_and_rebuild_after(client, committed):
    body = f.body()
    with committed(), search_index.suspended():
        paper = f.paper(body, name="Massenimport Vorlage")
    assert not SearchDocument.objects.filter(kind="paper", object_id=paper.pk).exists()
    search_index.rebuild()
    assert paper.name in search_page(client, body, q="Massenimport")


def test_an_attachment_made_nonpublic_leaves_its_papers_vector(client, world, committed):
    with committed():
        file = store_file(
            pdf_with("x"), file_name="statik.pdf", paper=world.public_paper, text="Gutachten zur Tragwerksplanung"
        )
    assert world.public_paper.name in search_page(client, world.body, q="Tragwerksplanung")
    with committed():
        file.public = False
        file.save()
    assert world.public_paper.name not in search_page(client, world.body, q="Tragwerksplanung")
    with committed():
        file.public = True
        file.save()
    assert world.public_paper.name in search_page(client, world.body, q="Tragwerksplanung")
    with committed():
        file.delete()
    assert world.public_paper.name not in search_page(client, world.body, q="Tragwerksplanung")


# --- Built in batches: the same rows as one object at a time --------------------------------


def index_rows():
    """Every column of every index row (the vector as text), in a fixed order."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(d)::text FROM portal_searchdocument AS d ORDER BY kind, object_id")
        return [row for (row,) in cursor.fetchall()]


def test_the_batched_paper_rows_are_those_of_paper_view(demo):
    """`_papers` reads what the public sees of a whole batch at once (`paper_views`); each row is
    the one `paper_view(paper, None)` gives, also for amendments made in non-public items."""
    generate(1, 60, seed=4)
    papers = list(Paper.objects.visible_to(None).select_related("paper_type").order_by("pk"))
    assert Amendment.objects.filter(consultation__paper__in=papers).exists()
    one_by_one = []
    for paper in papers:
        view = paper_view(paper, None, files=False, related=False)
        files = list(File.objects.visible_to(None).filter(paper=paper).order_by("kind", "name", "pk"))
        one_by_one += search_index.paper_entries(paper, view, files)
    assert list(search_index.BUILDERS["paper"]([paper.pk for paper in papers])) == one_by_one


def test_a_batch_writes_the_rows_of_one_object_at_a_time(demo):
    search_index.rebuild()
    batched = index_rows()
    SearchDocument.objects.all().delete()
    for kind, public in search_index.PUBLIC.items():
        for pk in public().values_list("pk", flat=True):
            search_index.refresh(kind, [pk])
    drop_times = re.compile(r'"(id|modified)":[^,]*,')
    assert [drop_times.sub("", row) for row in index_rows()] == [drop_times.sub("", row) for row in batched]


def test_generate_data_leaves_the_index_as_a_rebuild_would_make_it(demo):
    generate(2, 120, seed=6)
    generated = generated_bodies()
    for kind, public in search_index.PUBLIC.items():
        indexed = SearchDocument.objects.filter(kind=kind, body__in=generated).values_list("object_id", flat=True)
        assert sorted(indexed) == sorted(public().filter(body__in=generated).values_list("pk", flat=True)), kind
    assert SearchDocument.objects.filter(kind="file", body__in=generated).exists()
    after_generating = index_rows()
    search_index.rebuild()
    assert index_rows() == after_generating
