"""HTTP caching of portal pages and feeds: ETag, Last-Modified, 304 and Cache-Control.

Anonymous visitors all see the same public page, so it may sit in a shared cache
(`Cache-Control: public`) and is validated by the newest `modified` of the records it
shows. Logged-in users may see more (their non-public meetings), so their pages are
`private` and never get a validator a shared cache could reuse.
"""

import hashlib
from calendar import timegm
from functools import wraps

from django.db.models import Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from council.models import Body

PUBLIC_MAX_AGE = 300

# Bumped when templates change what a page shows for the same data, so caches drop old copies.
CACHE_VERSION = "3"


def latest_modified(body, *querysets, must_exist=False):
    """The newest `modified` among the querysets (all in one query), or the Body's own.

    With `must_exist`, an empty first queryset (the record of a detail page the visitor
    may not see) raises Http404 before any conditional answer, so a 304 never tells
    whether a hidden record exists.
    """
    annotations = {
        f"m{index}": Subquery(queryset.order_by("-modified").values("modified")[:1])
        for index, queryset in enumerate(querysets)
    }
    row = Body.objects.filter(pk=body.pk).annotate(**annotations).values("modified", *annotations).first()
    if row is None or (must_exist and row["m0"] is None):
        raise Http404
    return max(value for value in row.values() if value is not None)


def this_hour():
    """For pages that depend on the clock ("next meetings"): they change at least hourly."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def conditional(latest):
    """Decorate a view: `latest(request, **kwargs)` returns the newest change it shows.

    It is only called for anonymous GET/HEAD requests and may raise Http404.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                patch_vary_headers(response, ["Cookie"])
                return response
            modified = latest(request, *args, **kwargs)
            etag = last_modified = None
            if modified is not None:
                fingerprint = f"{CACHE_VERSION}|{request.get_full_path()}|{modified.isoformat()}"
                etag = quote_etag(hashlib.sha256(fingerprint.encode()).hexdigest()[:32])
                last_modified = timegm(modified.utctimetuple())
                not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
                if not_modified is not None:
                    return _public(not_modified, etag, last_modified)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                return _public(response, etag, last_modified)
            return response

        return wrapped

    return decorator


def _public(response, etag, last_modified):
    if etag:
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response
