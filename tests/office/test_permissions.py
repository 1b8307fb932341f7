"""The permission matrix: every back-office URL and action, for every role, anonymous and another Body.

Each cell names the expected answer: a status code, "login" (sent to the login page) or
"done" (the transition happened: redirect to the paper and the state changed).
"""

import pytest

from resolutions import workflow
from resolutions.models import Paper
from tests import factories as f

from .conftest import draft

pytestmark = pytest.mark.django_db

WHO = [
    "anonymous",
    "clerk",
    "other_clerk",
    "head",
    "other_head",
    "treasurer",
    "mayor",
    "office",
    "councillor",
    "admin",
    "stranger",
]


def row(*cells):
    return dict(zip(WHO, cells, strict=True))


# Pages, all GET. Paper pages are asked about a draft of the clerk's department.
#                         anon     clerk other_c head other_h treas mayor office counc admin stranger
PAGES = {
    "my_work": row("login", 200, 200, 200, 200, 200, 200, 200, 403, 200, 200),
    "papers": row("login", 200, 200, 200, 200, 200, 200, 200, 403, 200, 200),
    "paper_create": row("login", 200, 200, 200, 200, 403, 403, 200, 403, 200, 200),
    "paper": row("login", 200, 404, 200, 404, 404, 404, 200, 403, 200, 404),
    "paper_edit": row("login", 200, 404, 200, 404, 404, 404, 200, 403, 200, 404),
    "history": row("login", 200, 404, 200, 404, 404, 404, 200, 403, 200, 404),
    "compare": row("login", 200, 404, 200, 404, 404, 404, 200, 403, 200, 404),
}

# Transitions, each POSTed on a fresh paper in the state the action needs. The treasurer and
# the mayor keep seeing the fully signed paper they signed (read-only): releasing it is 403.
#                         anon     clerk   other_c head    other_h treas   mayor   office  counc admin   stranger
ACTIONS = {
    "einreichen": row("login", "done", 404, "done", 404, 404, 404, "done", 403, "done", 404),
    "mitzeichnen": row("login", 403, 404, "done", 404, 409, 409, 403, 403, 403, 404),
    "zurueckgeben": row("login", 403, 404, "done", 404, 409, 409, 403, 403, 403, 404),
    "freigeben": row("login", "done", 404, "done", 404, 403, 403, "done", 403, "done", 404),
    "zurueckziehen": row("login", "done", 403, "done", 403, 403, "done", "done", 403, "done", 404),
}
STATE_AFTER = {
    "einreichen": Paper.State.IN_SIGNOFF,
    "mitzeichnen": Paper.State.IN_SIGNOFF,
    "zurueckgeben": Paper.State.DRAFT,
    "freigeben": Paper.State.RELEASED,
    "zurueckziehen": Paper.State.WITHDRAWN,
}


def paper_for(town, action):
    paper = draft(town)
    if action == "einreichen":
        return paper
    if action == "zurueckziehen":
        return f.paper(town.body, state=Paper.State.RELEASED, under_direction_of=town.department)
    paper = workflow.submit(paper, by=town.clerk)
    if action == "freigeben":
        for signer in (town.head, town.treasurer, town.mayor):
            workflow.sign(paper, by=signer)
    return paper


def login_as(client, town, who):
    if who != "anonymous":
        client.force_login(getattr(town, who))


def url_of(name, paper):
    if name in ("my_work", "papers", "paper_create"):
        return {
            "my_work": "/verwaltung/",
            "papers": "/verwaltung/vorlagen/",
            "paper_create": "/verwaltung/vorlagen/neu/",
        }[name]
    suffix = {"paper": "", "paper_edit": "bearbeiten/", "history": "verlauf/", "compare": "vergleich/"}[name]
    url = f"/verwaltung/vorlagen/{paper.pk}/{suffix}"
    if name == "compare":
        url += "?a=1&b=2"
    return url


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_answers_each_role_as_the_matrix_says(client, town, page, who):
    paper = draft(town)
    paper.name, paper.version = "Zweite Fassung", 2
    paper.save()
    login_as(client, town, who)
    response = client.get(url_of(page, paper))
    expected = PAGES[page][who]
    if expected == "login":
        assert response.status_code == 302 and response.headers["Location"].startswith("/konto/anmelden/")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_transition_answers_each_role_as_the_matrix_says(client, town, action, who):
    paper = paper_for(town, action)
    before = Paper.objects.get(pk=paper.pk)
    login_as(client, town, who)
    data = {"return-comment": "Bitte überarbeiten."} if action == "zurueckgeben" else {}
    response = client.post(f"/verwaltung/vorlagen/{paper.pk}/{action}/", data)
    expected = ACTIONS[action][who]
    after = Paper.objects.get(pk=paper.pk)
    if expected == "done":
        assert response.status_code == 302 and response.headers["Location"] == f"/verwaltung/vorlagen/{paper.pk}/"
        assert after.state == STATE_AFTER[action]
        # A step of the lifecycle is not a content version.
        assert after.version == before.version
        return
    if expected == "login":
        assert response.status_code == 302 and response.headers["Location"].startswith("/konto/anmelden/")
    else:
        assert response.status_code == expected
    assert (after.state, after.version, after.reference) == (before.state, before.version, before.reference)
    assert after.transitions.count() == before.transitions.count()


@pytest.mark.parametrize("who", ["clerk", "head", "office"])
def test_saving_the_edit_form_of_a_paper_in_signoff_is_a_conflict(client, town, who):
    paper = workflow.submit(draft(town), by=town.clerk)
    login_as(client, town, who)
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/").status_code == 409
    assert client.post(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/", {"name": "x"}).status_code == 409


def test_an_edit_form_saved_after_the_paper_was_submitted_keeps_the_input_to_copy(client, town):
    paper = draft(town)
    client.force_login(town.clerk)
    workflow.submit(paper, by=town.clerk)  # from another tab, while this form was open
    typed = {"name": "Neuer Titel", "resolution_text": "<p>Mein <strong>langer</strong> Text<script>x()</script></p>"}
    response = client.post(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/", typed)
    html = response.content.decode()
    assert response.status_code == 409
    assert "nicht mehr bearbeitet werden" in html
    assert "Neuer Titel" in html and "Mein <strong>langer</strong> Text" in html
    assert "<script>" not in html.split("nicht-gespeichert")[1]


def test_the_verwaltung_link_shows_for_staff_only(client, town):
    client.force_login(town.councillor)
    assert "Verwaltung</a>" not in client.get("/").content.decode()
    client.force_login(town.clerk)
    assert '<a href="/verwaltung/" aria-current="true">Verwaltung</a>' in client.get("/verwaltung/").content.decode()
    assert '<a href="/verwaltung/">Verwaltung</a>' in client.get(f"/{town.body.slug}/").content.decode()


def test_role_groups_carry_model_permissions_and_taking_one_away_takes_the_action_away(client, town):
    from django.contrib.auth.models import Group, Permission

    clerks = Group.objects.get(name="clerk")
    assert clerks.permissions.filter(codename="change_paper").exists()
    assert not Group.objects.get(name="treasurer").permissions.filter(codename="change_paper").exists()
    paper = draft(town)
    client.force_login(town.clerk)
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/").status_code == 200
    clerks.permissions.remove(Permission.objects.get(codename="change_paper", content_type__app_label="resolutions"))
    client.force_login(town.clerk)
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/").status_code == 403
    assert client.post(f"/verwaltung/vorlagen/{paper.pk}/einreichen/").status_code == 403
