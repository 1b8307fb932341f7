"""The `<id:…>` path converter for database ids, used by every urls.py instead of `<int:…>`.

`<int:…>` hands any number of digits to the view, and the database then fails on a value
beyond its 64-bit integer range (DataError on PostgreSQL, OverflowError on SQLite): a 500
for a typo in the address bar. Such an id cannot exist, so the URL simply does not match
and the visitor gets a 404.
"""

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > MAX_ID:
            raise ValueError("beyond the range of a database id")  # Django answers "no match"
        return number

    def to_url(self, value):
        return str(value)
