"""Single-line text carries no text-direction controls (U+202A–U+202E, U+2066–U+2069,
U+200E, U+200F, U+061C).

Such a character turns what follows it around on screen: a title ending in U+202E and
"gpj.exe" shows as "exe.jpg" on the portal, in feeds, PDFs and OParl. Ratsinfo's
single-line texts (titles, names, references, file names) never need one, so they are
stripped.

The one place is a `pre_save` receiver over every model's `CharField`s, connected for all
models in `CouncilConfig.ready`: forms, the admin, the OParl import, commands and the shell
all save through it, where a form-field base would miss the import and the admin's own
forms. Multi-line texts (`TextField`, the sanitised rich text) are left alone. Bulk
`QuerySet.update()` does not send `pre_save`; no code writes titles that way.
"""

import functools

from django.db import models

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_REMOVE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi_controls(text):
    return text.translate(_REMOVE)


@functools.cache
def _char_fields(model):
    return tuple(
        (field.name, field.attname) for field in model._meta.concrete_fields if isinstance(field, models.CharField)
    )


def clean_char_fields(sender, instance, update_fields=None, **kwargs):
    """pre_save receiver: strip the controls from every single-line text of the instance."""
    for name, attname in _char_fields(sender):
        if update_fields is not None and name not in update_fields:
            continue
        value = getattr(instance, attname)
        if isinstance(value, str):
            setattr(instance, attname, strip_bidi_controls(value))
