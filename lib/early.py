"""Answers from a store before the session, CSRF, authentication and message middleware run:
the portal's stored pages (`portal.caching.StoredPageMiddleware`) and OParl's stored documents
(`oparl.http.StoredDocumentMiddleware`).

Only for a GET or HEAD that carries no cookie at all: such a visitor is anonymous and has no
message waiting, so the view's own check would answer the same request from the same store.
Placed after the security middleware, whose headers every answer gets. Of the middleware
skipped, only `Vary: Cookie` (the session is looked at for the user), X-Frame-Options and
Content-Length are set on such an answer; they are set here (tests/portal/test_caching.py and
tests/oparl/test_caching.py compare both ways header by header).
"""

from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.utils.cache import patch_vary_headers


class EarlyAnswerMiddleware:
    """Answers with `stored(request)` where it gives a response, else passes the request on."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.frame_options = XFrameOptionsMiddleware(get_response)

    def __call__(self, request):
        early = request.method in ("GET", "HEAD") and not request.META.get("HTTP_COOKIE")
        response = self.stored(request) if early else None
        if response is None:
            return self.get_response(request)
        request.get_host()  # an unknown Host header is refused (400) here too
        if not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        patch_vary_headers(response, ["Cookie"])
        return self.frame_options.process_response(request, response)

    def stored(self, request):
        raise NotImplementedError
