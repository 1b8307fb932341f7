"""What every page of a Body asks alike is read once per publication version (`portal.memo`),
and read afresh after any write in the Body."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.portal.conftest import content

pytestmark = pytest.mark.django_db


def test_the_filters_choices_follow_a_write_in_the_body(client, world, committed):
    url = reverse("portal:papers", args=[world.body.slug])
    assert "Sondervorlage" not in content(client.get(url, {"bench": 1}))
    with committed():
        paper_type = f.paper_type(world.body, name="Sondervorlage")
    html = content(client.get(url, {"bench": 2}))
    assert "Sondervorlage" in html
    # The new choice filters, checked against the listed choices, not by a query of its own.
    assert "Dieser Filter wurde nicht angewendet" not in content(client.get(url, {"art": paper_type.pk}))
    assert "Dieser Filter wurde nicht angewendet" in content(client.get(url, {"art": paper_type.pk + 1000}))


def test_another_body_keeps_its_own_choices(client, world, committed):
    other = f.body(name="Gemeinde Anderswo", slug="anderswo")
    with committed():
        f.paper_type(other, name="Fremde Vorlagenart")
    assert "Fremde Vorlagenart" not in content(client.get(reverse("portal:papers", args=[world.body.slug])))
    assert "Fremde Vorlagenart" in content(client.get(reverse("portal:papers", args=[other.slug])))


def test_a_renamed_body_is_shown_with_its_new_name(client, world, committed):
    url = reverse("portal:search", args=[world.body.slug])
    assert world.body.name in content(client.get(url))
    with committed():
        world.body.name = "Stadt Neuhausen an der Spree"
        world.body.save()
    assert "Stadt Neuhausen an der Spree" in content(client.get(url, {"q": "Haushalt"}))
