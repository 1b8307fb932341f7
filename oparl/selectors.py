"""What OParl may show: the public records of each object type, ready to serialize.

Every query asks `council.visibility` as an anonymous visitor (`PUBLIC`), so the API
shows exactly what the portal shows the public.

`oparl_modified` is an object's own `modified` or, when later, the last change of
anything embedded in it. It is read from the history tables, so a deleted
consultation or file bumps its paper too (OParl 1.0 clients only re-read parents).

It moves only with what the public can see (`council.history`), as the portal's validators
do: editing a non-public agenda item, file, paper or job leaves the `modified` of every
object as it was, so that neither a document nor a `modified_since` list tells an
observer that, or when, something happened behind closed doors.
"""

import datetime as dt
import functools

from django.db.models import Case, Count, DateTimeField, Exists, F, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

from council.history import history_of, seen_change
from council.models import AgendaItem, Body, LegislativeTerm, Location, Meeting, Membership, Organization, Person
from council.visibility import (
    agenda_published,
    file_is_public,
    is_mandate,
    item_details_visible,
    item_is_public,
    paper_is_public,
    people_visible_to,
    public_memberships,
)
from resolutions.models import Consultation, File, Paper

PUBLIC = None  # the anonymous visitor of council.visibility


def _last_change(model, **lookups):
    """The time of the newest history record of `model` matching the lookups."""
    return history_of(model).objects.filter(**lookups).order_by("-history_date").values("history_date")[:1]


def _item_changes(**lookups):
    """Changes of agenda items where the public sees them whole (a consultation shows no other)."""
    return seen_change(AgendaItem, item_details_visible(PUBLIC), **lookups)


# What OParl shows of a meeting itself (`oparl.serializers.meeting`), with what publishes its
# agenda. Its minutes in the making, chair and minute-taker are not shown: a change of those
# alone moves nothing (the public minutes are a file).
MEETING_FIELDS = ("name", "state", "start", "end", "location_id", "organization_id", "invitation_published_at")


def _meeting_changes(**lookups):
    return seen_change(Meeting, shown=MEETING_FIELDS, **lookups)


def _meetings_of_items(field):
    """The last change of the meetings of the agenda items whose `field` is the record's id, where the
    public sees those items whole: an item comes into view when its meeting's agenda is published,
    a change of the meeting, not of the item."""
    items = AgendaItem.objects.details_visible_to(PUBLIC).filter(**{field: OuterRef(OuterRef(OuterRef("pk")))})
    return _meeting_changes(id__in=Meeting.objects.filter(agenda_items__in=items).values("pk"))


def _agenda_changes(**lookups):
    """Changes of the items of a published agenda as it shows them: a non-public item by its number and place."""
    return seen_change(AgendaItem, item_is_public(), shown=("number", "order", "public", "meeting_id"), **lookups)


def file_changes(**lookups):
    """Changes of the files of a paper, meeting or agenda item the public sees."""
    return seen_change(File, file_is_public(), **lookups)


def paper_changes(**lookups):
    """Changes of papers the public saw: while public, and when one came into view or left it."""
    return seen_change(Paper, paper_is_public(), **lookups)


def _mandate_changes(**lookups):
    return seen_change(Membership, is_mandate(), **lookups)


# What an empty change counts as: GREATEST on SQLite is NULL where any value is. Not the record's
# own time, which Django would write (and PostgreSQL compute) again for each change.
_NEVER = Value(dt.datetime(1970, 1, 1, tzinfo=dt.UTC), output_field=DateTimeField())


def _newest(*changes, own="modified"):
    """The record's `own` time (`modified`), or the newest of the given changes (one-value querysets
    or expressions) when later (NULL-safe everywhere)."""
    return Greatest(
        F(own),
        *(Coalesce(Subquery(change) if isinstance(change, QuerySet) else change, _NEVER) for change in changes),
    )


def public_files():
    return File.objects.visible_to(PUBLIC).order_by("kind", "name", "id")


def public_papers():
    return Paper.objects.visible_to(PUBLIC)


def _of(queryset, body):
    """Scope a list to one Body; a single object is looked up without one (`body=None`)."""
    return queryset if body is None else queryset.filter(body=body)


def _built_once(selector):
    """The selector's queryset is built once per process, and each call gets a clone of it, scoped
    to the Body. Building the annotations (resolving every subquery of `oparl_modified`) took longer
    than compiling and running a document's query; the queryset holds no data and no time."""
    built = functools.cache(selector)

    @functools.wraps(selector)
    def scoped(body=None):
        return _of(built().all(), body)

    return scoped


def bodies(body=None):
    return Body.objects.annotate(
        oparl_modified=_newest(_last_change(LegislativeTerm, body_id=OuterRef("pk")))
    ).prefetch_related(Prefetch("legislativeterm_set", queryset=legislative_terms_all(), to_attr="terms"))


def legislative_terms_all():
    return LegislativeTerm.objects.annotate(oparl_modified=F("modified")).order_by("start_date", "id")


def legislative_terms(body=None):
    return _of(legislative_terms_all(), body)


def locations(body=None):
    return _of(Location.objects, body).annotate(oparl_modified=F("modified"))


@_built_once
def organizations():
    return (
        Organization.objects.select_related("location")
        .annotate(
            oparl_modified=_newest(
                _mandate_changes(organization_id=OuterRef("pk")),
                Location.objects.filter(pk=OuterRef("location_id")).values("modified"),
            )
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=public_memberships(Membership.objects.only("id", "organization_id")).order_by("id"),
                to_attr="listed",
            )
        )
    )


def _memberships():
    """Mandates only: a job in a department is not public (council.visibility.public_memberships)."""
    return public_memberships(Membership.objects.annotate(oparl_modified=F("modified"))).order_by("start_date", "id")


def memberships(body=None):
    return _of(_memberships(), body)


@_built_once
def people():
    """People with a mandate; their contact data and login are not shown, and their changes move nothing."""
    return (
        people_visible_to(PUBLIC, Person.objects.all())
        .annotate(oparl_modified=_newest(_mandate_changes(person_id=OuterRef("pk")), own="public_modified"))
        .prefetch_related(Prefetch("memberships", queryset=_memberships(), to_attr="listed"))
    )


def _agenda_items():
    """Agenda items the public may know of (a draft agenda has none), with `details_visible`
    (title, result, files, paper) and `paper_visible` flags.

    A public item counts with its `public_modified` (its course of the consultation only once the
    minutes are approved). A non-public item shows its number and place only: its own
    `modified` counts where those changed (or it was created), not where its name or result did."""
    paper = Consultation.objects.filter(pk=OuterRef(OuterRef("consultation_id"))).values("paper_id")
    return (
        AgendaItem.objects.listed_to(PUBLIC)
        .with_details_flag(PUBLIC)
        .annotate(
            paper_visible=Exists(public_papers().filter(consultations=OuterRef("consultation_id"))),
            oparl_modified=Case(
                When(
                    item_details_visible(PUBLIC),
                    then=_newest(
                        file_changes(agenda_item_id=OuterRef("pk")), paper_changes(id__in=paper), own="public_modified"
                    ),
                ),
                default=Coalesce(Subquery(_agenda_changes(id=OuterRef("pk"))), F("created")),
            ),
        )
        .prefetch_related(Prefetch("files", queryset=public_files(), to_attr="public_files"))
    )


@_built_once
def agenda_items():
    """Agenda items on their own, with `position`: the 0-based place in their meeting's agenda."""
    earlier = (
        AgendaItem.objects.filter(meeting=OuterRef("meeting_id"), order__lt=OuterRef("order"))
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return _agenda_items().annotate(position=Coalesce(Subquery(earlier), 0))


@_built_once
def meetings():
    # What the agenda shows in full: the items the public sees, with their files and papers.
    items = AgendaItem.objects.details_visible_to(PUBLIC).filter(meeting=OuterRef(OuterRef("pk")))
    return (
        Meeting.objects.visible_to(PUBLIC)
        .select_related("location", "organization")
        .alias(shown_modified=Coalesce(Subquery(_meeting_changes(id=OuterRef("pk"))), F("modified")))
        .annotate(
            oparl_modified=_newest(
                Case(When(agenda_published(meeting=""), then=Subquery(_agenda_changes(meeting_id=OuterRef("pk"))))),
                file_changes(meeting_id=OuterRef("pk")),
                file_changes(agenda_item_id__in=items.values("pk")),
                paper_changes(id__in=items.values("consultation__paper_id")),
                Location.objects.filter(pk=OuterRef("location_id")).values("modified"),
                own="shown_modified",
            )
        )
        .prefetch_related(
            Prefetch("agenda_items", queryset=_agenda_items().order_by("order"), to_attr="listed"),
            Prefetch("files", queryset=public_files(), to_attr="public_files"),
        )
    )


def _consultations():
    items = AgendaItem.objects.details_visible_to(PUBLIC).select_related("meeting").order_by("meeting__start", "order")
    return Consultation.objects.annotate(
        oparl_modified=_newest(
            _item_changes(consultation_id=OuterRef("pk")),
            _meetings_of_items("consultation_id"),
        )
    ).prefetch_related(Prefetch("agenda_items", queryset=items, to_attr="public_items"))


@_built_once
def consultations():
    return _consultations().filter(paper__in=public_papers())


# What OParl shows of a paper itself (`oparl.serializers.paper`), with what makes it public. Its
# result, texts and workflow are not shown: a change of those alone moves nothing (a result
# corrected after a decision in private stays unseen, as on the portal; the public PDF is a file).
PAPER_FIELDS = (
    "name",
    "reference",
    "date",
    "paper_type_id",
    "under_direction_of_id",
    "superordinate_id",
    "public",
    "state",
)


@_built_once
def papers():
    consultations_of_paper = Consultation.objects.filter(paper=OuterRef(OuterRef("pk"))).values("pk")
    shown_change = seen_change(Paper, shown=PAPER_FIELDS, id=OuterRef("pk"))
    return (
        public_papers()
        .select_related("paper_type")
        .alias(shown_modified=Coalesce(Subquery(shown_change), F("modified")))
        .annotate(
            oparl_modified=_newest(
                _last_change(Consultation, paper_id=OuterRef("pk")),
                file_changes(paper_id=OuterRef("pk")),
                _item_changes(consultation_id__in=consultations_of_paper),
                _meetings_of_items("consultation__paper_id"),
                # A supplement or amendment released, changed or withdrawn since (subordinatedPaper).
                paper_changes(superordinate_id=OuterRef("pk")),
                own="shown_modified",
            ),
            # The paper it supplements or amends, where the public may see that one (superordinatedPaper).
            public_superordinate_id=Subquery(public_papers().filter(pk=OuterRef("superordinate_id")).values("pk")),
        )
        .prefetch_related(
            Prefetch("consultations", queryset=_consultations().order_by("position"), to_attr="listed"),
            Prefetch("files", queryset=public_files(), to_attr="public_files"),
            Prefetch("related_papers", queryset=public_papers().only("id"), to_attr="public_related"),
            Prefetch(
                "subordinates", queryset=public_papers().only("id", "superordinate_id"), to_attr="public_subordinates"
            ),
        )
    )


@_built_once
def files():
    return public_files().annotate(oparl_modified=F("modified"))


QUERYSETS = {
    "body": bodies,
    "legislativeterm": legislative_terms,
    "organization": organizations,
    "person": people,
    "membership": memberships,
    "meeting": meetings,
    "agendaitem": agenda_items,
    "paper": papers,
    "consultation": consultations,
    "file": files,
    "location": locations,
}
