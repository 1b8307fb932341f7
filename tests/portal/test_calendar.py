"""The month calendar: a legend of the organizations' abbreviations, today marked, a validator that moves with the day."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.portal.conftest import content

pytestmark = pytest.mark.django_db


def calendar(client, world, month=None, **headers):
    url = reverse("portal:meetings", args=[world.body.slug])
    return client.get(url, {"monat": month} if month else {}, **headers)


def clock(monkeypatch, *args):
    moment = dt.datetime(*args, tzinfo=f.TZ)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_legend_spells_out_each_abbreviation_shown_in_the_month(client, world):
    html = content(calendar(client, world, "2026-06"))
    legend = html[html.index('id="legende"') : html.index("</dl>")]
    assert re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", legend) == [
        ("ASE", "Ausschuss für Stadtentwicklung"),
        ("GV", "Gemeindevertretung"),
    ]
    grid = html[html.index('<table class="month">') : html.index("</table>")]
    assert '<abbr title="Ausschuss für Stadtentwicklung">ASE</abbr>' in grid
    assert "GM" not in legend  # the faction holds no meeting in the month


def test_a_month_without_abbreviations_has_no_legend(client, world):
    html = content(calendar(client, world, "2026-03"))
    assert 'id="legende"' not in html and "Abkürzungen" not in html


def test_today_is_marked_in_its_month_only(client, world, monkeypatch):
    clock(monkeypatch, 2026, 6, 10, 9, 0)
    html = content(calendar(client, world, "2026-06"))
    (today,) = re.findall(
        r'<td class="[^"]*\btoday\b[^"]*" aria-current="date">\s*<span class="day-number">(\d+)\.', html
    )
    assert today == "10"
    assert html.count('aria-current="date"') == 1 and ">heute</span>" in html
    assert 'aria-current="date"' not in content(calendar(client, world, "2026-07"))


def test_the_month_list_for_phones_names_todays_meetings(client, world, monkeypatch):
    clock(monkeypatch, 2026, 6, 10, 9, 0)
    html = content(calendar(client, world, "2026-06"))
    month_list = html[html.index('id="monatsliste"') :]
    assert month_list.count(">heute</strong>") == 1  # the committee meets today, the council on the 24th


def test_after_midnight_the_cached_calendar_is_not_revalidated(client, world, monkeypatch):
    clock(monkeypatch, 2030, 6, 10, 23, 30)  # well after every record's last change
    evening = calendar(client, world)
    assert evening.status_code == 200 and "public" in evening["Cache-Control"]
    assert calendar(client, world, HTTP_IF_NONE_MATCH=evening["ETag"]).status_code == 304
    clock(monkeypatch, 2030, 6, 11, 0, 30)
    morning = calendar(client, world, HTTP_IF_NONE_MATCH=evening["ETag"])
    assert morning.status_code == 200
    assert re.search(r'aria-current="date">\s*<span class="day-number">11\.', content(morning))
