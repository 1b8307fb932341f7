"""Bad query parameters never cause a server error: 200 (ignored, with a note) or 404."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

BAD_VALUES = ["abc", "-1", "0", "999999999", "99999999999999999999999", "1.5", "%00", "' OR 1=1 --", "<b>"]


def test_bad_parameters_get_200_or_404_never_500(client, world):
    slug = world.body.slug
    pages = [
        reverse("portal:start", args=[slug]),
        reverse("portal:papers", args=[slug]),
        reverse("portal:meetings", args=[slug]),
        reverse("portal:meetings", args=[slug]) + "?ansicht=liste",
        reverse("portal:people", args=[slug]),
        reverse("portal:search", args=[slug]) + "?q=Stadtpark",
        reverse("portal:paper", args=[slug, world.public_paper.pk]),
    ]
    names = ("seite", "art", "gremium", "jahr", "stand", "monat", "ansicht", "vergangene", "q")
    for url in pages:
        joiner = "&" if "?" in url else "?"
        for value in BAD_VALUES:
            query = "&".join(f"{name}={value}" for name in names)
            response = client.get(f"{url}{joiner}{query}")
            assert response.status_code in (200, 404), (url, value, response.status_code)


def test_a_huge_page_number_shows_the_last_page(client, world):
    response = client.get(reverse("portal:papers", args=[world.body.slug]), {"seite": "99999"})
    assert response.status_code == 200 and world.public_paper.name in response.content.decode()


def test_unknown_filter_values_are_reported_and_ignored(client, world):
    response = client.get(reverse("portal:papers", args=[world.body.slug]), {"art": "abc", "stand": "draft"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Dieser Filter wurde nicht angewendet.") == 2
    assert world.public_paper.name in html


@pytest.mark.parametrize("name", ["papers", "meetings"])
def test_a_year_that_is_no_number_is_an_error_next_to_the_field_and_stays_in_it(client, world, name):
    params = {"jahr": "abc"} | ({"ansicht": "liste"} if name == "meetings" else {})
    html = client.get(reverse(f"portal:{name}", args=[world.body.slug]), params).content.decode()
    field = re.search(r"<input[^>]*name=\"jahr\"[^>]*>", html).group(0)
    assert 'type="text"' in field and 'inputmode="numeric"' in field  # a number field would drop "abc" unsaid
    assert 'value="abc"' in field and 'aria-invalid="true"' in field and 'aria-describedby="id_jahr_error"' in field
    error = re.search(r'<p class="errorlist" id="id_jahr_error">(.*?)</p>', html).group(1)
    assert "Bitte ein Jahr als Zahl eingeben" in error and "Dieser Filter wurde nicht angewendet." in error


def test_malformed_months_show_the_current_month_with_a_note(client, world):
    for month in ("2026-13", "abc", "2026", "0000-01", "9999-12", "2026-06-01", "-5-3"):
        response = client.get(reverse("portal:meetings", args=[world.body.slug]), {"monat": month})
        assert response.status_code == 200, month
        assert "Der angegebene Monat ist ungültig" in response.content.decode(), month


def test_unknown_body_and_ids_are_404(client, world):
    assert client.get("/gibt-es-nicht/").status_code == 404
    assert client.get("/gibt-es-nicht/vorlagen/").status_code == 404
    assert client.get(reverse("portal:paper", args=[world.body.slug, 2**62])).status_code == 404
    assert client.get(reverse("portal:person", args=[world.body.slug, 2**62])).status_code == 404
