"""The range of dates a council's records can have (1990–2100), for forms and models alike.

A date outside it is a typing error (01.01.0001, 20026); stored, it breaks the date arithmetic
of calendars and feeds, so every form that takes a date checks it (`date_field`, `validate_sane_date`), and
`Meeting.start` carries `validate_sane_datetime` and a check constraint.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

FIRST_YEAR = 1990
LAST_YEAR = 2100
FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)
LAST_DAY = dt.date(LAST_YEAR, 12, 31)
# The bounds as aware datetimes in UTC, for the database constraint on Meeting.start.
EARLIEST = dt.datetime(FIRST_YEAR, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(LAST_YEAR + 1, 1, 1, tzinfo=dt.UTC)

MESSAGE = f"Bitte ein Datum zwischen 01.01.{FIRST_YEAR} und 31.12.{LAST_YEAR} angeben."


def is_sane(day):
    if isinstance(day, dt.datetime):
        day = day.date()
    return FIRST_DAY <= day <= LAST_DAY


def validate_sane_date(value):
    if value is not None and not is_sane(value):
        raise ValidationError(MESSAGE, code="date_out_of_range")


def validate_sane_datetime(value):
    validate_sane_date(value)


def date_field(label, required=True):
    """A form's date in the range the council's records can have; the browser's picker keeps to it too."""
    return forms.DateField(
        label=label,
        required=required,
        validators=[validate_sane_date],
        widget=forms.DateInput(attrs={"type": "date", "min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31"}),
    )


def local_day(moment):
    """The day of `moment` in the site's time zone, written the German way: "14.12.2021"."""
    return timezone.localtime(moment).strftime("%d.%m.%Y")
