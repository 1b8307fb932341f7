"""lib.url_tag: `{% url %}` remembers its links, and gives what Django's `reverse` gives."""

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, reverse, set_script_prefix

from lib import url_tag

# A URL configuration of its own, for the test that the tag follows ROOT_URLCONF.
urlpatterns = [
    path("anders/<slug:body_slug>/", include(([path("", lambda request: HttpResponse(), name="start")], "portal")))
]


def render(source, **context):
    return Template(source).render(Context(context))


def test_links_are_the_ones_reverse_gives():
    links = [
        ("portal:start", ["luckenwalde"]),
        ("portal:paper", ["luckenwalde", 7]),
        ("portal:agenda_item", ["nuthe-urstromtal", 3, 12]),
        ("portal:search", ["luckenwalde"]),
        ("accounts:login", []),
    ]
    for name, args in links:
        tag = "{% url name " + " ".join(f"a{index}" for index in range(len(args))) + " %}"
        values = {f"a{index}": value for index, value in enumerate(args)}
        expected = reverse(name, args=args)
        assert render(tag, name=name, **values) == expected
        assert render(tag, name=name, **values) == expected  # remembered now
    assert render("{% url 'portal:paper' body_slug=s pk=7 %}", s="luckenwalde") == reverse(
        "portal:paper", kwargs={"body_slug": "luckenwalde", "pk": 7}
    )


def test_a_views_list_of_links_is_the_one_reverse_gives():
    link = url_tag.remembered_reverser()
    for name, args in (("portal:paper", ["luckenwalde", 7]), ("portal:agenda_item", ["nuthe-urstromtal", 3, 12])):
        assert link(name, args) == link(name, args) == reverse(name, args=args)
    set_script_prefix("/ratsinfo/")
    try:
        assert url_tag.remembered_reverser()("portal:paper", ["luckenwalde", 7]) == "/ratsinfo/luckenwalde/vorlagen/7/"
    finally:
        set_script_prefix("/")


def test_as_variable_and_failures_behave_as_djangos_tag():
    assert (
        render("{% url 'portal:start' 'luckenwalde' as link %}[{{ link }}]")
        == f"[{reverse('portal:start', args=['luckenwalde'])}]"
    )
    assert render("{% url 'portal:nothing' as link %}[{{ link }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'portal:nothing' %}")


def test_a_link_follows_the_script_prefix_and_the_url_configuration():
    first = render("{% url 'portal:start' 'luckenwalde' %}")
    set_script_prefix("/ratsinfo/")
    try:
        assert render("{% url 'portal:start' 'luckenwalde' %}") == "/ratsinfo" + first
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF=__name__):
        assert render("{% url 'portal:start' 'luckenwalde' %}") == "/anders/luckenwalde/"
    assert render("{% url 'portal:start' 'luckenwalde' %}") == first


def test_what_is_remembered():
    from django.utils.translation import gettext_lazy

    url_tag._remembered.cache_clear()
    render("{% url 'portal:paper' s 7 %}", s="luckenwalde")
    render("{% url 'portal:paper' s 7 %}", s="luckenwalde")
    assert url_tag._remembered.cache_info().hits == 1
    # A lazy translation is looked up anew each time.
    before = url_tag._remembered.cache_info().currsize
    link = render("{% url 'portal:start' s %}", s=gettext_lazy("luckenwalde"))
    assert link == reverse("portal:start", args=["luckenwalde"])
    assert url_tag._remembered.cache_info().currsize == before


def test_every_template_uses_it():
    from django.template import engines

    assert "lib.url_tag" in engines["django"].engine.builtins
