"""Absolute links to the site, for what is read away from the request that made it.

Mails, feeds, calendars and the pages the store keeps for every visitor carry links to
`SITE_URL` (required in production, checked at start-up), never to the host a request happened
to come by: a stored feed or calendar is served to every visitor, whichever host they asked.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse


def absolute_reverse(view_name, *args):
    """The site's absolute URL of `view_name` with `args`."""
    return settings.SITE_URL + reverse(view_name, args=args)


def site_host():
    """The host (and port) of `SITE_URL`, for identifiers such as calendar UIDs ("meeting-7@host")."""
    return urlsplit(settings.SITE_URL).netloc or "ratsinfo"
