"""lib.time_tag: a meeting's start in a list, as Django's date filter writes it."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import timezone

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_meetings_start_is_written_as_the_date_filter_writes_it_on_every_weekday_and_across_summer_time():
    written_out = Template("{{ start|meeting_time }}")
    by_django = Template(
        """<time class="nowrap" datetime="{{ start|date:'c' }}">{{ start|date:"D, d.m.Y, H:i" }} Uhr</time>"""
    )
    starts = [dt.datetime(2021, 12, 14, 18, 0, tzinfo=BERLIN) + dt.timedelta(days=day) for day in range(7)]
    starts += [
        dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC),  # the night summer time begins
        dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),  # and ends
        dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC),  # already the next year in Berlin
    ]
    for start in starts:
        context = Context({"start": start})
        assert written_out.render(context) == by_django.render(context), start
    assert written_out.render(Context({"start": starts[0]})) == (
        '<time class="nowrap" datetime="2021-12-14T18:00:00+01:00">Di, 14.12.2021, 18:00 Uhr</time>'
    )
    assert timezone.get_current_timezone_name() == "Europe/Berlin"
