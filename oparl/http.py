"""The HTTP side of OParl: JSON in UTF-8, CORS, conditional GET, errors as OParl Error objects."""

import hashlib
import json
from functools import wraps

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

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


def json_response(request, data, last_modified=None):
    """The JSON answer, or 304 when the client's ETag or date still matches."""
    content = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = '"' + hashlib.sha256(content).hexdigest()[:40] + '"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(content, content_type=CONTENT_TYPE)
        response["Content-Length"] = str(len(content))
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


def endpoint(view):
    """Every OParl view: GET and HEAD (and OPTIONS for CORS preflights); ApiError becomes JSON."""

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
                response = view(request, *args, **kwargs)
            except ApiError as problem:
                response = error_response(problem.status, problem.message, problem.debug)
        return _cors(_head(request, response))

    # Nothing here changes state; a POST gets the JSON 405 above, not the CSRF middleware's HTML 403.
    return csrf_exempt(wrapper)
