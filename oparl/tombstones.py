"""Objects that OParl once showed and no longer does: deleted, or withdrawn from the public.

OParl keeps them as `deleted: true` tombstones (id, type, created, modified = the time
they went) so that mirrors syncing with `modified_since` remove them. Deletions come
from the history tables (django-simple-history, `history_type` "-"); withdrawals are
papers (with their consultations and files) that were public once by their history
and are no longer visible to the public now.

A record the public never saw (a job in a department, a person who held no mandate, an
item of a draft agenda) leaves no tombstone.

Each source yields rows `(pk, created, gone)` for one object type; a list page merges
them with the live objects by id.
"""

from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, Least

from council.history import history_of
from council.models import AgendaItem, Body, LegislativeTerm, Location, Meeting, Membership, Organization, Person
from council.visibility import agenda_published, file_is_public, is_mandate, paper_is_public
from oparl import selectors
from oparl.serializers import shown_after, shown_from
from resolutions.models import Consultation, File, Paper

MODELS = {
    "body": Body,
    "legislativeterm": LegislativeTerm,
    "organization": Organization,
    "person": Person,
    "membership": Membership,
    "meeting": Meeting,
    "agendaitem": AgendaItem,
    "paper": Paper,
    "consultation": Consultation,
    "file": File,
    "location": Location,
}


def once_public_paper_ids():
    """Papers the public could see at some point of their history."""
    return history_of(Paper).objects.filter(paper_is_public()).values("id")


def _paper_left(field):
    """When the paper whose id is in `field` last left the public's view (or last changed in it, if it
    was deleted while public): its later changes behind closed doors do not move its tombstone."""
    return Subquery(selectors.paper_changes(id=OuterRef(field)))


def _deleted_or_paper_left():
    """For a deleted consultation or file: when it was deleted, or before that when its paper left the public's view."""
    return Least(F("history_date"), Coalesce(_paper_left("paper_id"), F("history_date")))


def _deleted(model, body, condition=None, gone=None):
    """Deleted records (their history's last row), `gone` when they were deleted unless `gone` says otherwise."""
    records = history_of(model).objects.filter(condition or Q(), history_type="-")
    if body is not None and model is not Body:
        records = records.filter(body_id=body.pk)
    return records.annotate(gone=F("history_date") if gone is None else gone)


def _live(model, body):
    records = model.objects.all() if body is None else model.objects.filter(body=body)
    return records


def sources(segment, body):
    """Querysets of tombstones for one object type, each with `id`, `created` and `gone`."""
    model = MODELS[segment]
    if segment == "paper":
        return [
            _deleted(Paper, body, Q(id__in=once_public_paper_ids()), gone=_paper_left("id")),
            _live(Paper, body)
            .filter(pk__in=once_public_paper_ids())
            .exclude(pk__in=selectors.public_papers())
            .annotate(gone=_paper_left("pk")),
        ]
    if segment == "consultation":
        return [
            _deleted(Consultation, body, Q(paper_id__in=once_public_paper_ids()), gone=_deleted_or_paper_left()),
            _live(Consultation, body)
            .filter(paper_id__in=once_public_paper_ids())
            .exclude(paper__in=selectors.public_papers())
            .annotate(gone=Coalesce(_paper_left("paper_id"), F("modified"))),
        ]
    if segment == "file":
        was_public = file_is_public() & (Q(paper_id__isnull=True) | Q(paper_id__in=once_public_paper_ids()))
        ever_public_files = history_of(File).objects.filter(was_public).values("id")
        own = Subquery(selectors.file_changes(id=OuterRef("pk")))
        paper = _paper_left("paper_id")
        return [
            _deleted(File, body, was_public, gone=_deleted_or_paper_left()),
            # Gone when it was marked non-public, or when its paper left the public's view,
            # whichever was first; never when it was edited since.
            _live(File, body)
            .filter(pk__in=ever_public_files)
            .exclude(pk__in=selectors.public_files())
            .annotate(
                gone=Coalesce(
                    Case(
                        When(
                            Q(paper_id__isnull=True)
                            | Exists(selectors.public_papers().filter(pk=OuterRef("paper_id"))),
                            then=own,
                        ),
                        When(public=True, then=paper),
                        default=Least(Coalesce(own, paper), Coalesce(paper, own)),
                    ),
                    F("modified"),
                )
            ),
        ]
    if segment == "membership":
        # A job in a department never was public; where the organization went too, its kind is unknown.
        organization_gone = ~Exists(Organization.objects.filter(pk=OuterRef("organization_id")))
        return [_deleted(Membership, body, is_mandate() | organization_gone)]
    if segment == "person":
        had_mandate = history_of(Membership).objects.filter(person_id=OuterRef("id")).filter(is_mandate())
        return [_deleted(Person, body, Exists(had_mandate))]
    if segment == "agendaitem":
        # An item of a draft agenda never was listed; with its meeting gone, the meeting was.
        meeting_gone = ~Exists(Meeting.objects.filter(pk=OuterRef("meeting_id")))
        return [_deleted(AgendaItem, body, agenda_published() | meeting_gone)]
    return [_deleted(model, body)]


def _filtered(segment, body, created_since=None, created_until=None, since=None, until=None):
    """Tombstones within the date filters, compared at the second the output shows (as live objects)."""
    for queryset in sources(segment, body):
        if created_since:
            queryset = queryset.filter(created__gte=shown_from(created_since))
        if created_until:
            queryset = queryset.filter(created__lt=shown_after(created_until))
        if since:
            queryset = queryset.filter(gone__gte=shown_from(since))
        if until:
            queryset = queryset.filter(gone__lt=shown_after(until))
        yield queryset


def page(segment, body, *, after, limit, **filters):
    """Up to `limit` tombstones with an id above `after`, in id order."""
    rows = []
    for queryset in _filtered(segment, body, **filters):
        rows += queryset.filter(id__gt=after).order_by("id").values_list("id", "created", "gone")[:limit]
    return sorted(rows)[:limit]


def count(segment, body, **filters):
    return sum(queryset.count() for queryset in _filtered(segment, body, **filters))


def find(segment, pk):
    """The tombstone of one object, or None when it never was public."""
    for queryset in sources(segment, None):
        row = queryset.filter(id=pk).values_list("id", "created", "gone").first()
        if row:
            return row
    return None
