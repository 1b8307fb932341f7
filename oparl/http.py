"""The HTTP side of OParl: JSON in UTF-8, CORS, conditional GET, errors as OParl Error objects.

OParl shows every client what the public sees, so one answer serves everybody: each
document (its JSON, ETag and Last-Modified) is kept in the shared cache under its full path
and the publication versions of what it shows (`portal.publication`): a list of a Body's
objects, and an object of a Body, under that Body's version; the System, the list of Bodies
and whatever has no Body (a removed object's tombstone) under the installation's. While
nothing changed, a request or a revalidation is two cache reads and no query (an object's
first request in a process looks up its Body once); any write to the Body (public or not)
changes the version and the document is computed afresh from the public records, so what is
cached never tells more than the API itself. A write in one Body leaves the other Bodies'
documents stored: with fifty Bodies on one installation, a clerk's edit in one of them would
otherwise send every client of every Body back to the database. The paths of stored documents
are remembered per Body, and a worker computes them again after a write in it
(`portal.tasks.rewarm_pages`), so that a client seldom waits for a computed document.
"""

import hashlib
import json
from dataclasses import dataclass
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from lib.early import EarlyAnswerMiddleware
from oparl.selectors import QUERYSETS
from portal.publication import (
    ENTRY_TIMEOUT,
    RECENT_DOCUMENTS,
    RECENT_INSTALLATION,
    REWARM_ENVIRON,
    body_keys,
    documents_record,
    page_keys,
    remember,
    versions,
)

ERROR_TYPE = "https://schema.oparl.org/1.1/Error"
CONTENT_TYPE = "application/json; charset=utf-8"


class ApiError(Exception):
    """A request the API answers with an error status and a German message."""

    def __init__(self, status, message, debug=""):
        super().__init__(message)
        self.status = status
        self.message = message
        self.debug = debug


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    # Scripts on other sites may revalidate (If-None-Match needs a preflight) and read the ETag.
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def _head(request, response):
    """HEAD gets the headers of GET, without the body."""
    if request.method == "HEAD" and not getattr(response, "streaming", False):
        length = len(response.content)
        response.content = b""
        response["Content-Length"] = str(length)
    return response


def error_response(status, message, debug=""):
    data = {"type": ERROR_TYPE, "message": message}
    if debug:
        data["debug"] = debug
    return HttpResponse(json.dumps(data, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)


@dataclass(frozen=True)
class Document:
    """An answer of the API before HTTP: the encoded JSON and its validators (what the cache keeps)."""

    content: bytes
    etag: str
    timestamp: int | None


def json_document(data, last_modified=None):
    """The JSON of `data` with an ETag of its bytes and the Last-Modified of `last_modified`."""
    content = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = '"' + hashlib.sha256(content).hexdigest()[:40] + '"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    return Document(content, etag, timestamp)


def json_response(request, document):
    """The document as JSON, or 304 when the client's ETag or date still matches."""
    response = get_conditional_response(request, etag=document.etag, last_modified=document.timestamp)
    if response is None:
        response = HttpResponse(document.content, content_type=CONTENT_TYPE)
        response["Content-Length"] = str(len(document.content))
    response["ETag"] = document.etag
    if document.timestamp is not None:
        response["Last-Modified"] = http_date(document.timestamp)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


# Bumped when the serializers change what a document shows for the same data.
CACHE_VERSION = "1"


# (segment, pk) -> the object's Body id. An object never moves to another Body, so what was
# found stays true; only found Bodies are kept (an id asked for before it exists is looked up again).
_owners = {}
MAX_OWNERS = 50_000


def forget_owners():
    """Drop what `_owner` found: for tests, whose copied demo rows move the id sequences back."""
    _owners.clear()


def _owner(segment, pk):
    """The id of the Body the object `segment`/`pk` belongs to, or None when there is no such object."""
    if segment == "body":
        return pk
    found = _owners.get((segment, pk))
    if found is None:
        found = QUERYSETS[segment]().model.objects.filter(pk=pk).values_list("body_id", flat=True).first()
        if found is not None:
            if len(_owners) >= MAX_OWNERS:
                _owners.clear()
            _owners[(segment, pk)] = found
    return found


# The query parameters of OParl's lists (`oparl.lists.parse`); an object reads only `omit_internal`.
DATE_FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
PARAMETERS = frozenset((*DATE_FILTERS, "limit", "after", "omit_internal"))


def _body_of(kwargs):
    """The id of the Body whose version the document depends on, or None for the installation's."""
    body_pk = kwargs.get("body_pk")
    if body_pk is None and "segment" in kwargs and "pk" in kwargs:
        body_pk = _owner(kwargs["segment"], kwargs["pk"])
    return body_pk


def _entry_key(request, body_pk):
    keys = body_keys(body_pk) if body_pk is not None else page_keys()
    raw = f"{CACHE_VERSION}|{request.get_full_path()}|{'|'.join(versions(keys))}"
    return "oparl:" + hashlib.sha256(raw.encode()).hexdigest()


def _document(view, request, args, kwargs):
    """The view's document, from the shared cache while the versions of what it shows are unchanged.

    A stored document's path is remembered for its Body, so that after the next write a worker
    computes it (`portal.tasks.rewarm_pages`) before a client asks; not for the worker's own
    requests (see `publication.REWARM_ENVIRON`). A request with a parameter no document reads
    gets the document computed and not kept, as a portal page (`portal.caching.conditional`)."""
    if not PARAMETERS.issuperset(request.GET):
        return view(request, *args, **kwargs)
    body_pk = _body_of(kwargs)
    key = _entry_key(request, body_pk)
    document = cache.get(key)
    if document is None:
        document = view(request, *args, **kwargs)
        cache.set(key, document, ENTRY_TIMEOUT)
        if not request.META.get(REWARM_ENVIRON):
            limit = RECENT_DOCUMENTS if body_pk is not None else RECENT_INSTALLATION
            remember(documents_record(body_pk), request.get_full_path(), limit)
    return document


def endpoint(view):
    """Every OParl view: GET and HEAD (and OPTIONS for CORS preflights); ApiError becomes JSON.

    The view returns a `Document`; it is cached (errors are not) and answered conditionally."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = "GET, HEAD, OPTIONS"
        elif request.method not in ("GET", "HEAD"):
            response = error_response(405, "Die OParl-Schnittstelle kann nur gelesen werden (GET).")
            response["Allow"] = "GET, HEAD, OPTIONS"
        else:
            try:
                response = json_response(request, _document(view, request, args, kwargs))
            except ApiError as problem:
                response = error_response(problem.status, problem.message, problem.debug)
        return _cors(_head(request, response))

    wrapper.oparl_endpoint = True  # what `StoredDocumentMiddleware` may answer for
    # Nothing here changes state; a POST gets the JSON 405 above, not the CSRF middleware's HTML 403.
    return csrf_exempt(wrapper)


class StoredDocumentMiddleware(EarlyAnswerMiddleware):
    """A stored document, or its 304, for a client that sends no cookie (`lib.early`), before the
    session, CSRF, authentication and message middleware run: what `endpoint` would answer from
    the same key. The path is resolved to find the document's Body; a path that is no endpoint's
    (not below this API's prefix), and a document not stored, go the whole way."""

    prefix = None  # the API's path prefix, "/oparl/v1/", from the URL configuration

    def stored(self, request):
        if StoredDocumentMiddleware.prefix is None:
            StoredDocumentMiddleware.prefix = reverse("oparl:system").removesuffix("system")
        if not request.path.startswith(StoredDocumentMiddleware.prefix):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if not getattr(match.func, "oparl_endpoint", False):
            return None
        document = cache.get(_entry_key(request, _body_of(match.kwargs)))
        if document is None:
            return None
        return _cors(_head(request, json_response(request, document)))
