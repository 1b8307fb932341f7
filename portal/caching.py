"""HTTP caching of portal pages and feeds: ETag, Last-Modified, 304 and Cache-Control.

Anonymous visitors all see the same public page, so it may sit in a shared cache
(`Cache-Control: public`) and is validated by the newest `modified` of the records it
shows. Logged-in users may see more (their non-public meetings), so their pages are
`private, no-store` and never get a validator a shared cache could reuse.

The validators are computed from what the anonymous visitor sees, and from nothing else:
a change to a non-public agenda item, amendment, file or paper leaves the ETag and
Last-Modified of every public page as they were, so an observer cannot learn that
something happened behind closed doors. Where a page shows that a non-public record
exists (the number of a non-public agenda item), only that much of it (its id, number and
position, when it was created) goes into the validators.
"""

import hashlib
from calendar import timegm
from dataclasses import dataclass
from functools import wraps

from django.contrib.messages import get_messages
from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Subquery, Value
from django.db.models.functions import Concat
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from council.models import AgendaItem, Body, DatedAsPublicSees
from lib.early import EarlyAnswerMiddleware
from portal import memo
from portal.publication import (
    ENTRY_TIMEOUT,
    RECENT_INSTALLATION,
    RECENT_PAGES,
    REWARM_ENVIRON,
    page_keys,
    pages_record,
    remember,
    versions,
)

PUBLIC_MAX_AGE = 300

# Bumped when templates change what a page shows for the same data, so caches drop old copies.
CACHE_VERSION = "7"


def latest_modified(body, *querysets, must_exist=False, shape=()):
    """The newest change among the querysets (all in one query), or the Body's own.

    A record that keeps `public_modified` (`council.models.DatedAsPublicSees`: meetings, agenda
    items, people) counts with it, any other with its `modified`: a page's validators never
    move with what the public does not see. A queryset may come as `(queryset, "created")` to
    count another timestamp. With
    `must_exist`, an empty first queryset (the record of a detail page the visitor may not
    see) raises Http404 before any conditional answer, so a 304 never tells whether a
    hidden record exists. With `shape` (querysets of one column each, read in the same
    query), the answer is `Validators` whose fingerprint covers those values.
    """
    annotations = {}
    for index, queryset in enumerate(querysets):
        queryset, field = queryset if isinstance(queryset, tuple) else (queryset, _changed(queryset.model))
        annotations[f"m{index}"] = Subquery(queryset.order_by(f"-{field}").values(field)[:1])
    # PostgreSQL reads the shapes as arrays in the same query; SQLite (the demo) has no
    # arrays and reads each shape with a query of its own.
    in_one_query = connection.vendor == "postgresql"
    shapes = {f"s{index}": ArraySubquery(queryset) for index, queryset in enumerate(shape)} if in_one_query else {}
    row = (
        Body.objects.filter(pk=body.pk)
        .annotate(**annotations, **shapes)
        .values("modified", *annotations, *shapes)
        .first()
    )
    if row is None or (must_exist and row["m0"] is None):
        raise Http404
    modified = max(row[name] for name in ("modified", *annotations) if row[name] is not None)
    if not shape:
        return modified
    values = [row[name] for name in shapes] if in_one_query else [list(queryset) for queryset in shape]
    return Validators(modified, fingerprint(*values))


def _changed(model):
    """The timestamp a page's validators take of `model`'s records."""
    return "public_modified" if issubclass(model, DatedAsPublicSees) else "modified"


@dataclass(frozen=True)
class Validators:
    """What a `latest` function may return instead of a bare datetime: the newest change
    (Last-Modified) and a fingerprint of what the page shows that no timestamp covers
    (records removed, a state only derived), which goes into the ETag."""

    modified: object
    fingerprint: str = ""


def fingerprint(*parts):
    """A short digest of the public facts in `parts` (anything with a stable repr)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def listed_agendas(meetings):
    """The agenda items of `meetings` as a public page shows them: the public items (for the papers
    they show); for `latest_modified` all listed items (dated by what the public sees of each,
    their `public_modified`: of a non-public one only its number, place and marks); and for `shape`
    the outline, each item's id, number and whether it is public, in order (an item removed moves
    no timestamp)."""
    public_items = AgendaItem.objects.details_visible_to(None).filter(meeting__in=meetings)
    items = AgendaItem.objects.listed_to(None).filter(meeting__in=meetings)
    outline = (
        items.order_by("meeting_id", "order")
        .annotate(key=Concat("id", Value(":"), "number", Value(":"), "public", output_field=CharField()))
        .values("key")
    )
    return public_items, items, outline


def public_validators(body, view):
    """Validators of a paper page from its public PaperView (`resolutions.paper_view`, viewer None).

    Last-Modified is the newest change of what the view shows: the paper, its consultations,
    their meetings, the agenda items the public may see, the amendments and files it shows,
    related papers, the original and the supplements or amendments, the decision tracking. A non-public agenda item adds only when it was
    created (the public sees that it exists). Where the decision was taken in private, the
    paper's own later changes (a corrected result) are not shown, so the paper counts with
    the time it was decided. The ETag also covers what is derived or was removed.
    """
    modified, facts = _shown(view)
    return Validators(max(body.modified, modified), facts)


def shown_modified(view):
    """The newest change the public sees of a paper, from its public PaperView (as `public_validators`,
    without the Body's own changes): the `updated` of its feed entry."""
    return _shown(view)[0]


def _shown(view):
    """The newest change of what the public view shows, and the fingerprint of what no timestamp covers."""
    paper = view.paper
    # Decided in private: the paper changes, for the public, once, when it is decided (a
    # corrected result stays hidden). The deciding meeting stands for that moment; the
    # fingerprint (its public state) moves the ETag when it happens.
    paper_changed = view.deciding_item.meeting.start if view.decided_in_private else paper.modified
    times = [paper_changed]
    hidden = []
    for consultation in view.consultations:
        times.append(consultation.modified)
        if consultation.meeting is not None:
            times.append(consultation.meeting.public_modified)
        for item in consultation.items:
            times += [item.meeting.public_modified, item.public_modified]
            if not item.details_visible:
                hidden.append((item.pk, item.meeting_id))
        if consultation.target_meeting is not None:
            times.append(consultation.target_meeting.public_modified)
    superordinate = [view.superordinate] if view.superordinate else []
    shown = [view.amendments, view.files, view.related_papers, superordinate, view.subordinates]
    times += [record.modified for records in shown for record in records]
    if view.implementation is not None:
        times.append(view.implementation.modified)
    facts = fingerprint(
        view.public_state,
        view.text_heading,
        view.decision_date,
        hidden,
        [consultation.pk for consultation in view.consultations],
        [[record.pk for record in records] for records in shown],
        view.implementation.pk if view.implementation else None,
    )
    return max(time for time in times if time is not None), facts


def this_hour():
    """For pages that depend on the clock ("next meetings"): they change at least hourly."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def conditional(latest, *, per_body=False, query=()):
    """Decorate a view: `latest(request, **kwargs)` returns the newest change it shows.

    It is only called for anonymous GET/HEAD requests and may raise Http404. It may return
    `Validators` (a datetime and a fingerprint) instead. With `per_body`, what it returns
    depends on the Body of the URL alone, not on the query (a list, whatever its filters and
    page): it is then read once per publication version of the Body and hour (`portal.memo`),
    for all the list's pages.

    For anonymous visitors the validators, and the whole 200 response of a GET, are kept in
    the shared cache under the page's full path and the publication versions of what it
    shows (`portal.publication`): while nothing of its Body changed, a revalidation is two
    cache reads and a repeated request serves the stored page. Any write to the Body
    changes the version; the page and its validators are then computed afresh from the
    public records, so what is cached can never tell more than the page itself. A stored
    page's path is remembered for its Body (`_remember`), so that after the next write a
    worker computes it (`portal.tasks.rewarm_pages`) before a visitor asks. A visitor who sends
    no cookie gets a stored page of a Body, or its 304, before the session, CSRF and message
    middleware run (`StoredPageMiddleware`), under the same key.

    `query` names the query parameters the view reads (its filters, `seite`). A request with
    any other parameter gets the page computed, with its validators, but neither kept nor
    remembered: the view ignores that parameter, so the page is one already stored under
    its own path or one nobody links to, and addresses made up by the thousand
    (`?x=1`, `?x=2`, …) can neither push the Body's real pages out of the cache nor fill
    the record the worker computes again after every change.
    """
    known = frozenset(query)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
                response = view(request, *args, **kwargs)
                # A logged-in user may be shown non-public content: no cache keeps it.
                patch_cache_control(response, private=True, no_store=True)
                patch_vary_headers(response, ["Cookie"])
                return response
            # A visitor with a message waiting (after a form) sees a page of their own.
            keep = known.issuperset(request.GET) and not len(get_messages(request))
            key = _entry_key(request, kwargs) if keep else None
            entry = cache.get(key) if key else None
            fresh = entry is None
            if fresh:
                found = _latest_of_body(latest, request, args, kwargs) if per_body else latest(request, *args, **kwargs)
                etag, last_modified = _validators(request, found)
                entry = {"etag": etag, "last_modified": last_modified}
            answer = _answer_from(entry, request)
            if answer is not None:
                if fresh and key:  # a 304 from the validators just computed
                    cache.set(key, entry, ENTRY_TIMEOUT)
                elif key:
                    _stored_bodies.add(kwargs.get("body_slug"))
                return answer
            etag, last_modified = entry["etag"], entry["last_modified"]
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            response = _public(response, etag, last_modified)
            if key and _storable(request, response):
                entry["page"] = (response.content, list(response.items()))
                cache.set(key, entry, ENTRY_TIMEOUT)
                _stored_bodies.add(kwargs.get("body_slug"))
                _remember(request, kwargs.get("body_slug"))
            elif fresh and key:
                cache.set(key, {"etag": etag, "last_modified": last_modified}, ENTRY_TIMEOUT)
            return response

        return wrapped

    return decorator


def _latest_of_body(latest, request, args, kwargs):
    # By the hour too: a list that shows "from today on" moves with the clock (`this_hour`).
    name = f"latest:{latest.__module__}.{latest.__qualname__}:{this_hour().isoformat()}"
    return memo.of_body(kwargs["body_slug"], name, lambda: latest(request, *args, **kwargs))


def _answer_from(entry, request):
    """What a page's entry answers `request` with: a 304 where its validators match, the stored page
    (with the validators, Cache-Control and Vary it was stored with), or None: compute the page."""
    etag, last_modified = entry["etag"], entry["last_modified"]
    if etag:
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return _public(not_modified, etag, last_modified)
    if entry.get("page") is not None:
        return _restore(*entry["page"])
    return None


def _entry_key(request, kwargs):
    tokens = versions(page_keys(kwargs.get("body_slug")))
    # Pages that depend on the clock ("next meetings") change at least hourly.
    raw = f"{CACHE_VERSION}|{request.get_full_path()}|{this_hour().isoformat()}|{'|'.join(tokens)}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _remember(request, slug):
    """Only on a miss, and not for the worker's own requests (see `publication.REWARM_ENVIRON`)."""
    if not request.META.get(REWARM_ENVIRON):
        limit = RECENT_PAGES if slug is not None else RECENT_INSTALLATION
        remember(pages_record(slug), request.get_full_path(), limit)


def _validators(request, modified):
    """(ETag, Last-Modified timestamp) from what `latest` returned, or (None, None)."""
    if modified is None:
        return None, None
    extra = ""
    if isinstance(modified, Validators):
        modified, extra = modified.modified, modified.fingerprint
    fingerprint = f"{CACHE_VERSION}|{request.get_full_path()}|{modified.isoformat()}|{extra}"
    etag = quote_etag(hashlib.sha256(fingerprint.encode()).hexdigest()[:32])
    return etag, timegm(modified.utctimetuple())


def _storable(request, response):
    """Only a page that is the same for every anonymous visitor: no cookie set, no CSRF token handed out."""
    return (
        request.method == "GET"
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


# The Bodies (by slug; None: the installation) this process has stored or served a page of: only
# for a path whose first segment is one of them does `StoredPageMiddleware` look in the store, so
# other requests (OParl, the back office, a mistyped address) cost it a set lookup.
_stored_bodies = set()


class StoredPageMiddleware(EarlyAnswerMiddleware):
    """A stored page of a Body, or its 304, for a visitor who sends no cookie (`lib.early`), before
    the session middleware and the URL resolution run.

    `conditional` would answer the same request with the same stored page or 304: this looks it
    up under the same key, taking the Body's slug from the path's first segment (a page of a
    Body, `/<slug>/…`, or the list of Bodies, `/`) where this process has stored or served a
    page of that Body (`_stored_bodies`). Any other request, a page not stored or stored under
    another slug (the installation's legal pages, a PDF) goes the whole way, as before. A
    stored page then costs less than the bare view through all middleware, where it cost half
    as much again.
    """

    def stored(self, request):
        slug = request.path_info.split("/", 2)[1] or None
        if slug not in _stored_bodies:
            return None
        entry = cache.get(_entry_key(request, {"body_slug": slug}))
        return _answer_from(entry, request) if entry is not None else None


def _restore(content, headers):
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def _public(response, etag, last_modified):
    if etag:
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response
