"""After logging in, everyone lands where they work, or back where they clicked "Anmelden"."""

import pytest

from accounts import roles
from tests import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/konto/anmelden/"


@pytest.fixture
def body():
    return f.body(name="Stadt Musterhausen", slug="musterhausen")


def log_in(client, user, **extra):
    return client.post(LOGIN, {"username": user.username, "password": "pw-test-123", **extra})


@pytest.mark.parametrize(
    ("user_roles", "landing"),
    [
        ((roles.CLERK,), "/verwaltung/"),
        ((roles.HEAD_OF_DEPARTMENT,), "/verwaltung/"),
        ((roles.TREASURER,), "/verwaltung/"),
        ((roles.MAYOR,), "/verwaltung/"),
        ((roles.COUNCIL_OFFICE,), "/sitzungsdienst/"),
        ((roles.COUNCILLOR,), "/mein/"),
        ((roles.COUNCIL_OFFICE, roles.COUNCILLOR), "/sitzungsdienst/"),
        ((), "/musterhausen/"),
    ],
)
def test_each_role_lands_in_its_own_area_after_login(client, body, user_roles, landing):
    user = f.user(body, *user_roles, username="someone")
    response = log_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == landing
    assert client.get(landing).status_code == 200


def test_next_takes_precedence_over_the_landing_page(client, body):
    clerk = f.user(body, roles.CLERK, username="clerk")
    response = log_in(client, clerk, next="/musterhausen/sitzungen/")
    assert response["Location"] == "/musterhausen/sitzungen/"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "http:evil.example", "javascript:alert(1)", "\\\\evil.example"],
)
def test_next_leading_off_the_site_is_ignored(client, body, target):
    clerk = f.user(body, roles.CLERK, username="clerk")
    response = log_in(client, clerk, next=target)
    assert response["Location"] == "/verwaltung/"


def test_anmelden_on_a_public_meeting_page_comes_back_to_that_meeting(client, body):
    council = f.organization(body, name="Stadtverordnetenversammlung")
    meeting = f.meeting(council)
    councillor = f.user(body, roles.COUNCILLOR, username="mitglied")
    page = f"/musterhausen/sitzungen/{meeting.pk}/"
    html = client.get(page).content.decode()
    assert f'href="{LOGIN}?next=/musterhausen/sitzungen/{meeting.pk}/"' in html

    login_page = client.get(f"{LOGIN}?next={page}").content.decode()
    assert f'name="next" value="{page}"' in login_page
    assert log_in(client, councillor, next=page)["Location"] == page


def test_the_start_page_and_the_login_page_link_to_the_login_without_next(client, body):
    f.body(name="Gemeinde Anderswo", slug="anderswo")  # with two Bodies "/" is the chooser
    assert f'href="{LOGIN}"' in client.get("/").content.decode()
    assert f'href="{LOGIN}"' in client.get(LOGIN).content.decode()


def test_a_protected_page_sends_to_the_login_and_back(client, body):
    clerk = f.user(body, roles.CLERK, username="clerk")
    response = client.get("/verwaltung/vorlagen/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/verwaltung/vorlagen/"
    assert log_in(client, clerk, next="/verwaltung/vorlagen/")["Location"] == "/verwaltung/vorlagen/"
