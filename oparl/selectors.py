"""What OParl may show: the public records of each object type, ready to serialize.

Every query asks `council.visibility` as an anonymous visitor (`PUBLIC`), so the API
shows exactly what the portal shows the public.

`oparl_modified` is an object's own `modified` or, when later, the last change of
anything embedded in it. It is read from the history tables, so a deleted
consultation or file bumps its paper too (OParl 1.0 clients only re-read parents).
"""

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Greatest

from council.models import AgendaItem, Body, LegislativeTerm, Location, Meeting, Membership, Organization, Person
from council.visibility import people_visible_to, public_memberships
from resolutions.models import Consultation, File, Paper

PUBLIC = None  # the anonymous visitor of council.visibility


def _last_change(model, **lookups):
    """The time of the newest history record of `model` matching the lookups."""
    return model.history.model.objects.filter(**lookups).order_by("-history_date").values("history_date")[:1]


def _newest(*querysets):
    """`modified`, or the newest of the given one-value querysets when later (NULL-safe everywhere)."""
    return Greatest(F("modified"), *(Coalesce(Subquery(queryset), F("modified")) for queryset in querysets))


def public_files():
    return File.objects.visible_to(PUBLIC).order_by("kind", "name", "id")


def public_papers():
    return Paper.objects.visible_to(PUBLIC)


def _of(queryset, body):
    """Scope a list to one Body; a single object is looked up without one (`body=None`)."""
    return queryset if body is None else queryset.filter(body=body)


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


def organizations(body=None):
    return (
        _of(Organization.objects, body)
        .select_related("location")
        .annotate(
            oparl_modified=_newest(
                _last_change(Membership, organization_id=OuterRef("pk")),
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


def people(body=None):
    return (
        people_visible_to(PUBLIC, _of(Person.objects, body))
        .annotate(oparl_modified=_newest(_last_change(Membership, person_id=OuterRef("pk"))))
        .prefetch_related(Prefetch("memberships", queryset=_memberships(), to_attr="listed"))
    )


def _agenda_items():
    """Agenda items the public may know of (a draft agenda has none), with `details_visible`
    (title, result, files, paper) and `paper_visible` flags."""
    return (
        AgendaItem.objects.listed_to(PUBLIC)
        .with_details_flag(PUBLIC)
        .annotate(
            paper_visible=Exists(public_papers().filter(consultations=OuterRef("consultation_id"))),
            oparl_modified=_newest(
                _last_change(File, agenda_item_id=OuterRef("pk")),
                Paper.objects.filter(consultations=OuterRef("consultation_id")).values("modified"),
            ),
        )
        .prefetch_related(Prefetch("files", queryset=public_files(), to_attr="public_files"))
    )


def agenda_items(body=None):
    """Agenda items on their own, with `position`: the 0-based place in their meeting's agenda."""
    earlier = (
        AgendaItem.objects.filter(meeting=OuterRef("meeting_id"), order__lt=OuterRef("order"))
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return _of(_agenda_items(), body).annotate(position=Coalesce(Subquery(earlier), 0))


def meetings(body=None):
    items_of_meeting = AgendaItem.objects.filter(meeting=OuterRef(OuterRef("pk"))).values("pk")
    return (
        _of(Meeting.objects.visible_to(PUBLIC), body)
        .select_related("location", "organization")
        .annotate(
            oparl_modified=_newest(
                _last_change(AgendaItem, meeting_id=OuterRef("pk")),
                _last_change(File, meeting_id=OuterRef("pk")),
                _last_change(File, agenda_item_id__in=items_of_meeting),
                Paper.objects.filter(consultations__agenda_items__meeting=OuterRef("pk"))
                .order_by("-modified")
                .values("modified")[:1],
                Location.objects.filter(pk=OuterRef("location_id")).values("modified"),
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
        oparl_modified=_newest(_last_change(AgendaItem, consultation_id=OuterRef("pk")))
    ).prefetch_related(Prefetch("agenda_items", queryset=items, to_attr="public_items"))


def consultations(body=None):
    return _of(_consultations(), body).filter(paper__in=public_papers())


def papers(body=None):
    consultations_of_paper = Consultation.objects.filter(paper=OuterRef(OuterRef("pk"))).values("pk")
    return (
        _of(public_papers(), body)
        .select_related("paper_type")
        .annotate(
            oparl_modified=_newest(
                _last_change(Consultation, paper_id=OuterRef("pk")),
                _last_change(File, paper_id=OuterRef("pk")),
                _last_change(AgendaItem, consultation_id__in=consultations_of_paper),
                # A supplement or amendment released since (subordinatedPaper); drafts do not count.
                _last_change(Paper, superordinate_id=OuterRef("pk"), state__in=Paper.PUBLISHED_STATES, public=True),
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


def files(body=None):
    return _of(public_files(), body).annotate(oparl_modified=F("modified"))


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
