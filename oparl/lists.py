"""External lists: filters, keyset pagination and the `data`/`pagination`/`links` envelope.

Pages are cut by id (`after=<last id of the previous page>`), never by OFFSET, so a page
stays stable while records are added or changed. With `modified_since`, deleted and
withdrawn objects are listed as tombstones, merged with the live objects by id.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone

from oparl import selectors, serializers, tombstones
from oparl.http import DATE_FILTERS, ApiError
from oparl.serializers import TZ

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


@dataclass
class ListParams:
    created_since: dt.datetime | None = None
    created_until: dt.datetime | None = None
    modified_since: dt.datetime | None = None
    modified_until: dt.datetime | None = None
    limit: int = DEFAULT_LIMIT
    limit_given: bool = False
    after: int = 0
    omit_internal: bool = False

    def query(self, after=None):
        """The query string of a page: the filters asked for, in a fixed order."""
        pairs = [(name, serializers.date_time(getattr(self, name))) for name in DATE_FILTERS if getattr(self, name)]
        if self.omit_internal:
            pairs.append(("omit_internal", "true"))
        if self.limit_given:
            pairs.append(("limit", str(self.limit)))
        if after:
            pairs.append(("after", str(after)))
        return "?" + urlencode(pairs) if pairs else ""


def _date_time(name, raw):
    # A "+" that the client did not encode arrives as a space.
    value = raw.strip().replace(" ", "+")
    try:
        parsed = dt.datetime.fromisoformat(value)
        if timezone.is_naive(parsed):
            parsed = parsed.replace(tzinfo=TZ)
        return parsed.astimezone(dt.UTC)
    except (ValueError, OverflowError) as problem:
        raise ApiError(
            400, f"„{name}“ ist kein gültiger Zeitpunkt. Erwartet wird z. B. 2024-01-31T00:00:00+01:00.", str(problem)
        ) from problem


def _positive_int(name, raw, minimum):
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum or value > 2**63 - 1:
        raise ApiError(400, f"„{name}“ muss eine ganze Zahl ab {minimum} sein.")
    return value


def parse(query):
    """ListParams from the query string; a bad value raises ApiError (400)."""
    params = ListParams()
    for name in DATE_FILTERS:
        if query.get(name):
            setattr(params, name, _date_time(name, query[name]))
    if query.get("limit"):
        params.limit = min(_positive_int("limit", query["limit"], 1), MAX_LIMIT)
        params.limit_given = True
    if query.get("after"):
        params.after = _positive_int("after", query["after"], 0)
    omit = query.get("omit_internal", "").lower()
    if omit not in ("", "true", "false", "1", "0"):
        raise ApiError(400, "„omit_internal“ ist entweder true oder false.")
    params.omit_internal = omit in ("true", "1")
    return params


def _live(segment, body, params):
    """The visible objects within the date filters, compared at the second the output shows."""
    queryset = selectors.QUERYSETS[segment](body)
    if params.created_since:
        queryset = queryset.filter(created__gte=serializers.shown_from(params.created_since))
    if params.created_until:
        queryset = queryset.filter(created__lt=serializers.shown_after(params.created_until))
    if params.modified_since:
        queryset = queryset.filter(oparl_modified__gte=serializers.shown_from(params.modified_since))
    if params.modified_until:
        queryset = queryset.filter(oparl_modified__lt=serializers.shown_after(params.modified_until))
    return queryset


def page(segment, body, params, ctx, list_url):
    """One page of an external list as the OParl envelope."""
    live = _live(segment, body, params)
    rows = [(record.pk, record) for record in live.filter(pk__gt=params.after).order_by("pk")[: params.limit + 1]]
    total = live.count()
    if params.modified_since:
        filters = {
            "created_since": params.created_since,
            "created_until": params.created_until,
            "since": params.modified_since,
            "until": params.modified_until,
        }
        gone = tombstones.page(segment, body, after=params.after, limit=params.limit + 1, **filters)
        rows += [(row[0], row) for row in gone]
        rows.sort(key=lambda row: row[0])
        total += tombstones.count(segment, body, **filters)
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    serialize = serializers.SERIALIZERS[segment]
    data = []
    for pk, item in rows:
        if isinstance(item, tuple):
            data.append(serializers.tombstone(segment, pk, item[1], item[2], ctx))
        else:
            data.append(serialize(item, ctx, embedded=False))
    links = {"first": list_url + params.query(), "self": list_url + params.query(after=params.after)}
    if more:
        links["next"] = list_url + params.query(after=rows[-1][0])
    return {
        "data": data,
        "pagination": {"totalElements": total, "elementsPerPage": params.limit},
        "links": links,
    }
