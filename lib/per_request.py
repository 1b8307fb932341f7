"""What a view and its cache validator both need, found once per request.

`portal.caching.conditional` asks a page's validators before the view runs, and both read the
same records (the Body of the URL, the paper and what the viewer sees of it). The first to ask
finds them; the other is handed the same objects.
"""


def once(request, name, key, compute):
    """`compute()` for `key`, computed once per request and `name`; an exception (a 404) keeps nothing."""
    found = getattr(request, f"_once_{name}", None)
    if found is None or found[0] != key:
        found = (key, compute())
        setattr(request, f"_once_{name}", found)
    return found[1]
