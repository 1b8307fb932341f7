"""What the history tables (django-simple-history) tell of when records changed as the public saw it.

A record's own `modified` moves with every save, also of what the public never sees (a non-public
agenda item's result, a councillor's e-mail address). Where a public document or validator is to
date itself by what the public sees (OParl's `modified` and tombstones), it asks these functions
instead, with the conditions of `council.visibility`. Meetings, agenda items and people keep that
date themselves (`public_modified`, `council.models.DatedAsPublicSees`), which the portal's
pages, the calendars and OParl take for them.
"""

import functools
import operator

from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, Subquery


class _Differs(Func):
    """`a IS DISTINCT FROM b`: unequal, with NULL a value like any other (`exclude(a=b)` is neither
    for NULL: it holds where both are NULL and not where one is)."""

    arg_joiner = " IS DISTINCT FROM "
    template = "(%(expressions)s)"
    output_field = BooleanField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, arg_joiner=" IS NOT ", **extra_context)


@functools.cache
def history_of(model):
    """The history model of `model` (django-simple-history builds a manager class on each `model.history`)."""
    return model.history.model


def seen_change(model, seen=None, *, shown=(), **lookups):
    """The time of the newest history record of `model` matching the lookups that the public saw happen.

    A version counts where the record was `seen` (a condition of `council.visibility` on its
    own fields, for a record whose parent the public sees) in it or in the version before: it
    changed in view, came into view or left it. With `shown` (the fields the public sees of a
    record it knows exists, such as a non-public agenda item's number or a councillor's name), a
    version also counts where it created or deleted the record or changed one of them. Of a
    record that keeps its `public_modified` (`council.models.DatedAsPublicSees`) only a version
    that moved it counts, or created or deleted the record: an agenda item's course of the
    consultation written before the minutes are approved changes nothing the public sees.
    """
    History = history_of(model)
    previous = (
        History.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    before = History.objects.filter(history_id=OuterRef("previous"))
    counts = Q(pk__in=[])
    if seen is not None:
        counts = seen | Exists(before.filter(seen))
    if shown:
        differs = functools.reduce(operator.or_, (Q(_Differs(F(name), OuterRef(name))) for name in shown))
        counts |= Q(history_type__in=("+", "-")) | Exists(before.filter(differs))
    if any(field.name == "public_modified" for field in History._meta.fields):
        moved = _Differs(F("public_modified"), OuterRef("public_modified"))
        counts &= Q(history_type__in=("+", "-")) | Exists(before.filter(moved))
    return (
        History.objects.filter(**lookups)
        .annotate(previous=Subquery(previous))
        .filter(counts)
        .order_by("-history_date")
        .values("history_date")[:1]
    )
