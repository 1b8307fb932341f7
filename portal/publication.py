"""Publication versions: a token per Body (and one for the installation) that changes with every write.

The portal keeps whole anonymous pages and their validators in the shared cache (Redis when
`REDIS_URL` is set, local memory otherwise; see `portal.caching.conditional`), keyed by the
version of what they show. A page of a Body depends on that Body's records and on the list
of Bodies; the installation's own pages (the list of Bodies, its legal pages) on everything.

Every save or delete of a record that belongs to a Body changes that Body's version, public
or not: the version is never shown to anybody. It only says "what is cached for this Body
may be out of date"; the page and its validators are then computed afresh from the public
records (`portal.caching`), so a change behind closed doors yields the same ETag as before.
Deciding here whether the public may see a change would re-derive the visibility rules.

The version changes at once and again after the commit: at once, so this transaction's own
requests (and tests) never read a page cached before the change; after the commit, so a
page another request cached between the change and the commit (from the old data) is not
used either. Writes that send no signal (`QuerySet.update`, raw SQL, `generate_data`) are
covered by the cache timeout (`ENTRY_TIMEOUT`); `bump()` may be called after them.

So that the first visitor after a write does not pay for computing a page, the store also
remembers which anonymous paths it stored lately (`remember`, per Body and for the
installation), and after the commit of a write in a Body a worker requests them again
(`portal.tasks.rewarm_pages`, gathered over WARM_DELAY seconds; only with a broker).
"""

import time
import uuid

from asgiref.local import Local
from django.apps import apps
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# How long a stored page or document and its validators are kept at most: a write that sends
# no signal (`QuerySet.update`, raw SQL) is seen after this long at the latest.
ENTRY_TIMEOUT = 300

# How long a version is kept without a write. Versions are random, so one that is dropped is
# only made up anew (its pages are computed once more); a finite time keeps the versions of
# slugs nobody serves (a crawler's guesses, a deleted Body) from filling the cache for good.
TOKEN_TIMEOUT = 24 * 60 * 60

BODIES = "publication:bodies"  # the list of Bodies: names, slugs (every page shows them)
INSTALLATION = "publication:all"  # anything at all (pages of the installation)


def page_keys(slug=None):
    """The versions a page depends on: a Body's page on that Body and the list of Bodies, a page of
    the installation on everything."""
    return [BODIES, f"publication:slug:{slug}"] if slug is not None else [BODIES, INSTALLATION]


def body_keys(body_id):
    """The versions of what shows one Body's records, by the Body's id (the OParl lists)."""
    return [BODIES, f"publication:body:{body_id}"]


# The tokens read during the current request: the page store's key, `portal.memo` and the
# validators each ask for them, a cache round trip each (Redis) that one read serves. A write
# in the request forgets them (`_forget_read`). Outside a request (tasks, commands) nothing
# is kept.
_request = Local()


def versions(keys):
    """The current token of each key (one cache read per request; a missing token is made up and kept)."""
    read = getattr(_request, "tokens", None)
    if read is not None and all(key in read for key in keys):
        return [read[key] for key in keys]
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        for key, token in missing.items():
            # Another process may have set it meanwhile: keep theirs.
            if not cache.add(key, token, timeout=TOKEN_TIMEOUT):
                missing[key] = cache.get(key) or token
        found.update(missing)
    if read is not None:
        read.update(found)
    return [found[key] for key in keys]


def _request_started(**kwargs):
    _request.tokens = {}


def _request_finished(**kwargs):
    _request.tokens = None


def _forget_read():
    if getattr(_request, "tokens", None):
        _request.tokens = {}


def bump(body_id=None, body=False):
    """A new token for the Body (by id and by slug), for the installation, and with `body` for the
    list of Bodies; now and again after the commit. After the commit, a worker stores the Body's
    remembered pages again (`plan_rewarm`)."""

    def change():
        keys = [INSTALLATION]
        if body:
            keys.append(BODIES)
        if body_id is not None:
            keys.append(f"publication:body:{body_id}")
            slug = _slug(body_id)
            if slug is not None:
                keys.append(f"publication:slug:{slug}")
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=TOKEN_TIMEOUT)
        _forget_read()

    change()
    transaction.on_commit(change)
    if body_id is not None and _workers_rewarm():
        # robust: an unreachable broker is logged and never stops the other callbacks.
        transaction.on_commit(lambda: plan_rewarm(body_id), robust=True)


# Seconds a worker waits after a write before storing the Body's pages again: the writes of
# one form (a paper with its consultations, an agenda of twenty items) cost one round.
WARM_DELAY = 5


def _workers_rewarm():
    """Pages are warmed only where a worker does it (a broker is configured, tasks are not run
    inline): without one, the clerk's own request would render every remembered page."""
    from portal.tasks import rewarm_pages

    return not rewarm_pages.app.conf.task_always_eager


def plan_rewarm(body_id):
    """Store the Body's remembered pages again WARM_DELAY seconds from now, unless that is planned
    already (the task clears the mark when it starts, so a write during a round plans the next)."""
    from portal.tasks import rewarm_pages

    if cache.add(rewarm_mark(body_id), True, timeout=WARM_DELAY):
        rewarm_pages.apply_async((body_id,), countdown=WARM_DELAY)


def rewarm_mark(body_id):
    return f"publication:rewarm:{body_id}"


# The paths the store kept lately, newest last, at most this many per record: what a worker
# requests again after a write, so that it, not the first visitor, computes the new page.
RECENT_PAGES = 300  # portal pages of one Body
RECENT_DOCUMENTS = 100  # OParl documents of one Body (a client walking all objects fills it)
RECENT_INSTALLATION = 20  # the installation's own pages or documents (the list of Bodies, legal pages)
RECENT_TIMEOUT = 7 * 24 * 60 * 60  # a Body nobody visits for a week has nothing worth warming

# Set in the WSGI environ of a worker's request (no HTTP header can set it): the page it
# stores is not remembered again, so the record says what visitors asked for, not what was warmed.
REWARM_ENVIRON = "ratsinfo.rewarm"


def pages_record(slug=None):
    """The record of a Body's portal pages (by slug, as the page store knows them), or the installation's."""
    return f"publication:recent:pages:{slug}" if slug is not None else "publication:recent:pages"


def documents_record(body_id=None):
    """The record of a Body's OParl documents (by id, as `oparl.http` knows them), or the installation's."""
    return f"publication:recent:oparl:{body_id}" if body_id is not None else "publication:recent:oparl"


def remember(record, path, limit):
    """Add `path` to the record (newest last, at most `limit`): called when a page is stored, never on a hit.

    Best effort, deliberately: it reads, changes and writes the whole list, so two processes
    storing pages of one Body at the same moment may lose one of the two paths. That page is
    then not warmed after the next change and its next visitor computes it, as without the
    record; a lock or a server-side list would cost every miss more for nothing a visitor sees.
    """
    paths = cache.get(record) or []
    if paths and paths[-1] == path:
        return
    paths = ([known for known in paths if known != path] + [path])[-limit:]
    cache.set(record, paths, RECENT_TIMEOUT)


def remembered(record):
    """The record's paths, newest first."""
    return list(reversed(cache.get(record) or []))


def forget(record, paths):
    """Drop paths from the record (a page that is gone). Best effort, like `remember`."""
    gone = set(paths)
    if gone:
        kept = [path for path in cache.get(record) or [] if path not in gone]
        cache.set(record, kept, RECENT_TIMEOUT)


_slugs = {}  # body id -> (slug, when looked up): slugs hardly ever change, a query per save would add up
SLUG_MEMO_SECONDS = 300


def _slug(body_id):
    memo = _slugs.get(body_id)
    if memo is None or time.monotonic() - memo[1] > SLUG_MEMO_SECONDS:
        Body = apps.get_model("council", "Body")
        memo = _slugs[body_id] = (
            Body.objects.filter(pk=body_id).values_list("slug", flat=True).first(),
            time.monotonic(),
        )
    return memo[0]


def _changed(sender, instance, **kwargs):
    if sender._meta.label == "council.Body":
        _slugs.pop(instance.pk, None)
        bump(instance.pk, body=True)
        if kwargs.get("signal") is post_delete:
            cache.set(f"publication:slug:{instance.slug}", uuid.uuid4().hex, timeout=TOKEN_TIMEOUT)
            _forget_read()
    else:
        bump(getattr(instance, "body_id", None))


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _changed(type(instance), instance)


def connect():
    """Every model of the apps the portal shows, that belongs to a Body (or is a Body); and the
    requests, whose tokens are read once."""
    request_started.connect(_request_started, dispatch_uid="publication-request-started")
    request_finished.connect(_request_finished, dispatch_uid="publication-request-finished")
    for label in ("council", "resolutions", "portal"):
        for model in apps.get_app_config(label).get_models():
            names = {field.name for field in model._meta.concrete_fields}
            if "history_id" in names:
                continue  # the history row of a save that is counted already
            if model._meta.label == "council.Body" or "body" in names:
                post_save.connect(_changed, sender=model, dispatch_uid=f"publication-save-{model._meta.label}")
                post_delete.connect(_changed, sender=model, dispatch_uid=f"publication-delete-{model._meta.label}")
                for field in model._meta.local_many_to_many:
                    m2m_changed.connect(
                        _m2m_changed,
                        sender=field.remote_field.through,
                        dispatch_uid=f"publication-m2m-{model._meta.label}-{field.name}",
                    )
