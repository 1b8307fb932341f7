"""What many pages of a Body ask alike, read once per publication version of the Body.

A page that is not served from the page store (`portal.caching`: a new search term, another
filter, the first visit after a change) still repeats what its neighbours asked a moment
before: the Body's paper types and Gremien for the filter form, and their selects' markup;
the newest change of the Body's search index for the validators. Such facts depend on the
Body alone, not on the path, so they are kept in the shared cache under the Body's
publication version (`portal.publication`): any write in the Body makes a new version, and
they are read afresh.

Only what is the same for every visitor belongs here; what a logged-in user may see beyond
the public is never kept.
"""

from django.core.cache import cache

from portal.publication import ENTRY_TIMEOUT, page_keys, versions

_MISSING = object()


def of_body(slug, name, compute):
    """`compute()` as of the current version of the Body `slug`: read once per version (and at
    most ENTRY_TIMEOUT seconds, for writes that send no signal)."""
    key = f"memo:{name}:{slug}:{'|'.join(versions(page_keys(slug)))}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, ENTRY_TIMEOUT)
    return value
