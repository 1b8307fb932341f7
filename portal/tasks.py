"""Tasks of the portal: storing a Body's anonymous pages again after a write, on a worker.

After any write in a Body its stored pages and OParl documents are out of date
(`portal.publication`): without this, the first anonymous visitor of each page pays for
computing it (a paper page ~17 ms, lists more; a stored page is two cache reads). Once the
write has committed and WARM_DELAY seconds have passed (`publication.plan_rewarm`, only with a
broker), the worker requests the paths the store remembered for that Body, and the
installation's, as an anonymous visitor: in-process, through the project's own middleware,
URLs and views (`WSGIHandler.get_response`), so that exactly what a visitor would be served is
computed and stored under the new version. Nothing logged-in is ever involved: the request
has no cookie, and the store keeps anonymous pages only.
"""

import io
import logging
from urllib.parse import unquote_to_bytes, urlsplit

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest, get_script_name
from django.http.request import split_domain_port, validate_host
from django.urls import set_script_prefix

from portal import publication

logger = logging.getLogger(__name__)


@shared_task
def rewarm_pages(body_id):
    """Store the Body's remembered pages and documents again (queued, gathered, after writes in the Body)."""
    from council.models import Body

    # From now on a write plans the next round: this one may read its data before that write.
    cache.delete(publication.rewarm_mark(body_id))
    slug = Body.objects.filter(pk=body_id).values_list("slug", flat=True).first()
    if slug is None:  # deleted meanwhile: nothing of it is shown any more
        return {}
    records = [
        publication.pages_record(slug),
        publication.documents_record(body_id),
        publication.pages_record(),
        publication.documents_record(),
    ]
    return {record: rewarm(record) for record in records}


def rewarm(record):
    """Request each path of the record anonymously, newest first; drop the paths that are gone.

    Only a 200 is ever stored, so a path that now answers anything else (404 or 410: the record
    was removed or withdrawn; a redirect) is dropped from the record. A server error, or an
    exception, is logged and the path kept (it may pass); neither stops the other paths.
    Returns how many pages answered 200.
    """
    handler = _handler()
    gone, stored = [], 0
    for path in publication.remembered(record):
        try:
            status = _get(handler, path)
        except Exception:
            logger.exception("Seite %s konnte nicht vorab gespeichert werden", path)
            continue
        if status == 200:
            stored += 1
        elif status >= 500:
            logger.warning("Seite %s antwortete beim Vorab-Speichern mit %s", path, status)
        else:
            gone.append(path)
    publication.forget(record, gone)
    return stored


_handlers = []


def _handler():
    """One handler per worker process: loading the middleware chain once is enough."""
    if not _handlers:
        _handlers.append(WSGIHandler())
    return _handlers[0]


def _get(handler, path):
    """The status of an anonymous GET of `path` through the whole middleware chain and the view.

    `get_response`, not `handler(environ, start_response)`: that would send `request_started`
    and `request_finished`, which close the worker's database connection after every page.
    """
    environ = _environ(path)
    set_script_prefix(get_script_name(environ))
    request = WSGIRequest(environ)
    response = handler.get_response(request)
    return response.status_code


def _environ(path):
    """A WSGI environ as a visitor's browser would cause it, for the site's own host (in ALLOWED_HOSTS),
    with no cookie and no conditional header, marked as the worker's (`publication.REWARM_ENVIRON`)."""
    scheme, host = _site()
    server, port = split_domain_port(host)
    path_part, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        # WSGI hands the decoded path as bytes in latin-1 (PEP 3333), as gunicorn does.
        "PATH_INFO": unquote_to_bytes(path_part).decode("iso-8859-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": server or host,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        publication.REWARM_ENVIRON: True,
    }
    if scheme == "https" and settings.SECURE_PROXY_SSL_HEADER:
        # Behind the proxy a visitor's request says it came in by https; else SECURE_SSL_REDIRECT redirects.
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    return environ


def _site():
    """(scheme, host) of SITE_URL when ALLOWED_HOSTS accepts it (pages carry absolute links to it),
    else the first host ALLOWED_HOSTS names."""
    site = urlsplit(settings.SITE_URL)
    scheme = site.scheme or "http"
    if site.netloc and validate_host(split_domain_port(site.netloc)[0], settings.ALLOWED_HOSTS):
        return scheme, site.netloc
    for host in settings.ALLOWED_HOSTS:
        if host != "*" and not host.startswith("."):
            return scheme, host
    return scheme, site.netloc or "localhost"
