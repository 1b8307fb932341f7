"""Reading numbers from query strings without ever failing: a value out of range is no value.

Views call these instead of `int(request.GET[...])`, so `?jahr=0` or a twenty-digit number
is an ignored filter (the page says so), never a 500 from the date arithmetic or the database.
"""

from lib.dates import FIRST_YEAR, LAST_YEAR

__all__ = ["FIRST_YEAR", "LAST_YEAR", "parse_int", "parse_year"]


def parse_int(value, minimum, maximum):
    """`value` as an int within [minimum, maximum], or None."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def parse_year(value):
    """A calendar year the council's records can have, or None."""
    return parse_int(value, FIRST_YEAR, LAST_YEAR)
