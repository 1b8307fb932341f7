"""Response headers every page gets, whatever app answers: the content security policy,
the permissions policy, and `no-store` for everything a logged-in user is shown.

They live here, in one place, so that no view can forget them; a view that needs a
stricter policy (file downloads send `sandbox`) sets its own header and keeps it.
"""

from django.conf import settings
from django.utils.cache import patch_vary_headers

# Everything comes from our own origin: no inline script, style or event handler, no
# eval, no plug-ins, no framing by other sites, forms post only back to us.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# No page uses these browser features; a script smuggled in could not either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on HTML responses, Permissions-Policy on all of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's own error pages for developers (DEBUG) are styled and scripted inline.
        debug_page = settings.DEBUG and response.status_code in (404, 500)
        if response.get("Content-Type", "").startswith("text/html") and not debug_page:
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response to a logged-in user.

    What a logged-in user sees may be non-public (drafts, non-public agenda items, notes),
    so neither a shared cache nor the browser's disk keeps it. Anonymous responses keep
    what their view set (the portal's `public` caching in `portal.caching`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
            patch_vary_headers(response, ["Cookie"])
        return response
