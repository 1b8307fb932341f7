"""Who may see what: the visibility rules (docs/architecture.md, "Who sees what"), in one place.

Every surface (portal, back office, councillor area, search, feeds, calendars, OParl,
PDFs, file downloads) asks these querysets; no view filters by `public=True` on its own.

- Anonymous visitors see public data only: published papers not marked non-public,
  meetings, public agenda items, files of those.
- A councillor also sees the non-public part of meetings of organizations they are a
  member of, with its papers and files.
- Staff see what their role needs within their own Body: clerks and signers the papers
  of their department, signers also what waits for their sign-off and, read-only,
  what they have signed or returned; the council office everything of its Body.
  Superusers see everything.
"""

from django.apps import apps
from django.db import models
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from accounts import roles


def _model(label):
    return apps.get_model(label)


def member_organization_ids(user):
    """Ids of organizations the user's Person is a current member of (cached per user)."""
    if not user or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_member_org_cache", None)
    if cached is None:
        today = timezone.localdate()
        Membership = _model("council.Membership")
        cached = frozenset(
            Membership.objects.filter(person__user=user).on(today).values_list("organization_id", flat=True)
        )
        user._member_org_cache = cached
    return cached


def sees_whole_body(user, body_id):
    """The council office and superusers see every record of the Body."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.body_id == body_id and user.has_role(roles.COUNCIL_OFFICE)


def sees_nonpublic_part(user, meeting):
    """May the user see the non-public agenda items of this meeting?"""
    return sees_whole_body(user, meeting.body_id) or meeting.organization_id in member_organization_ids(user)


def sees_minutes(user, meeting):
    """May the user read the minutes (Niederschrift) of this meeting?

    Approved minutes are public, as far as `agenda_for` shows their items; the draft is
    read by those who approve it (members of the organization) and the council office.
    """
    if meeting.minutes_state == "approved" or sees_whole_body(user, meeting.body_id):
        return True  # the council office writes them, and previews them before the draft is opened
    return meeting.minutes_state == "draft" and sees_nonpublic_part(user, meeting)


def signed_or_waiting(user):
    """Papers (a condition on Paper) a signer sees: waiting for their sign-off, or signed or returned by them.

    What they signed (in any round, also a round a later return voided) or sent back they
    keep seeing, read-only: the treasurer finds the paper she signed in her paper search.
    """
    signer_roles = user.roles & roles.SIGNER_ROLES
    SignOff = _model("resolutions.SignOff")
    waiting = SignOff.objects.filter(paper=OuterRef("pk"), state="pending", role__in=signer_roles)
    if roles.HEAD_OF_DEPARTMENT in signer_roles and not signer_roles - {roles.HEAD_OF_DEPARTMENT}:
        waiting = waiting.filter(paper__under_direction_of_id=user.department_id)
    signed = SignOff.objects.filter(paper=OuterRef("pk"), signed_by=user)
    return (Q(state="in_signoff") & Exists(waiting)) | Exists(signed)


def paper_is_public():
    """The condition on Paper behind `public()`; it holds for the papers' history too (same fields)."""
    return Q(state__in=_model("resolutions.Paper").PUBLISHED_STATES, public=True)


class PaperQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state__in=self.model.PUBLISHED_STATES)

    def public(self):
        """What the public may see: released (or later) and not marked non-public."""
        return self.filter(paper_is_public())

    def visible_to(self, user):
        if not user or not user.is_authenticated:
            return self.public()
        if user.is_superuser:
            return self.all()
        user_roles = user.roles
        condition = Q(state__in=self.model.PUBLISHED_STATES, public=True)
        if user.body_id is None:
            return self.filter(condition)
        own_body = Q(body_id=user.body_id)
        if roles.COUNCIL_OFFICE in user_roles:
            condition |= own_body
        if user_roles & {roles.CLERK, *roles.SIGNER_ROLES} and user.department_id:
            condition |= own_body & Q(under_direction_of_id=user.department_id)
        if user_roles & roles.SIGNER_ROLES:
            condition |= own_body & signed_or_waiting(user)
        org_ids = member_organization_ids(user)
        if org_ids:
            Consultation = _model("resolutions.Consultation")
            on_my_agenda = Consultation.objects.filter(
                paper=OuterRef("pk"), organization_id__in=org_ids, meeting__isnull=False
            )
            condition |= Q(state__in=self.model.PUBLISHED_STATES) & Exists(on_my_agenda)
        return self.filter(condition)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings themselves are public: date, place, organization and state."""
        return self.all()


def agenda_published(meeting="meeting__"):
    """The condition on AgendaItem (on Meeting with `meeting=""`): its meeting's agenda is public.

    A planned meeting's agenda is a draft until the invitation is published: the public sees
    the meeting (date, place, organization) but none of its items. A held meeting's agenda
    is public even where no publication date was recorded (imported meetings).
    """
    return Q(**{f"{meeting}invitation_published_at__isnull": False}) | Q(**{f"{meeting}state": "held"})


def agenda_is_published(meeting):
    """`agenda_published` for one meeting: may the public see its agenda, invitation and bundle?"""
    return meeting.invitation_published_at is not None or meeting.state == "held"


def sees_draft_agendas(user):
    """The condition on AgendaItem: items the user sees also while their agenda is a draft.

    Members of the organization and the council office of the Body (superusers: all).
    None where the user sees no draft agenda.
    """
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser:
        # Not Q(): an empty Q vanishes when OR-ed with another condition ("public or all" would be "public").
        return Q(pk__isnull=False)
    condition = None
    if user.body_id and user.has_role(roles.COUNCIL_OFFICE):
        condition = Q(body_id=user.body_id)
    org_ids = member_organization_ids(user)
    if org_ids:
        mine = Q(meeting__organization_id__in=org_ids)
        condition = mine if condition is None else condition | mine
    return condition


def item_is_public():
    """The public's condition on an AgendaItem of a published agenda (`agenda_published`); it holds
    for the items' history too (same fields)."""
    return Q(public=True)


def item_details_visible(user):
    """The condition on AgendaItem behind `details_visible_to`."""
    insiders = sees_draft_agendas(user)
    condition = item_is_public() & agenda_published()
    if insiders is not None:
        condition |= insiders
    return condition


class AgendaItemQuerySet(models.QuerySet):
    def listed_to(self, user):
        """Agenda items whose existence (number, and "nichtöffentlich") the user may see.

        Everyone sees the items of a published agenda; a draft agenda only its insiders
        (`sees_draft_agendas`).
        """
        insiders = sees_draft_agendas(user)
        condition = agenda_published() if insiders is None else agenda_published() | insiders
        return self.filter(condition)

    def details_visible_to(self, user):
        """Agenda items whose title, paper, result and files the user may see.

        Of the items `listed_to` the user, the others are shown as number and "nichtöffentlich".
        Members and the council office see every item of their meetings; others the public
        items of published agendas.
        """
        return self.filter(item_details_visible(user))

    def with_details_flag(self, user, name="details_visible"):
        """Annotate `details_visible` (or `name`) so one query serves a whole agenda.

        The condition of `details_visible_to`, evaluated on each row itself, not as
        `EXISTS` over the same table: for an agenda of hundreds of items PostgreSQL made that
        `EXISTS` a hashed subplan over every public agenda item of the installation.
        """
        flag = Case(
            When(item_details_visible(user), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
        return self.annotate(**{name: flag})


class FileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Files whose parent the user may see; non-public files only to insiders (`visibility`)."""
        return self.filter(self.visibility(user))

    def of_meetings(self, meetings, papers=()):
        """Files of the meetings (a Meeting queryset or list), of their agenda items and of `papers`.

        A UNION of the owners, not an OR across the join to the agenda items: under that OR
        PostgreSQL checks the visibility of every file of the installation before it looks at
        the meeting (over a second at 100 000 papers, for a meeting without files).
        """
        File = self.model
        own = File.objects.filter(meeting__in=meetings).order_by().values("pk")
        of_items = File.objects.filter(agenda_item__meeting__in=meetings).order_by().values("pk")
        of_papers = File.objects.filter(paper__in=papers).order_by().values("pk")
        return self.filter(pk__in=own.union(of_items, of_papers))

    @staticmethod
    def visibility(user):
        """The condition on File behind `visible_to`; it holds for the files' history too (same fields).

        A file marked non-public (a confidential annex of a public paper, the full
        invitation) is shown to the council office, to members of an organization that
        has it on an agenda, to the department in charge of its paper, and to the signers
        of its paper (while it waits for them, and once they signed it).
        """
        Paper = _model("resolutions.Paper")
        AgendaItem = _model("council.AgendaItem")
        # EXISTS per owner, not `paper__in`: under the OR an IN (subquery) becomes a hashed subplan
        # over every visible paper (0.4 s at 100 000 papers for one paper's files); EXISTS looks up
        # each file's own owner by primary key.
        visible_paper = Paper.objects.visible_to(user).filter(pk=OuterRef("paper"))
        visible_item = AgendaItem.objects.details_visible_to(user).filter(pk=OuterRef("agenda_item"))
        paper_ok = Q(paper__isnull=True) | Exists(visible_paper)
        item_ok = Q(agenda_item__isnull=True) | Exists(visible_item)
        insider = file_is_public()
        if user and user.is_authenticated:
            if user.is_superuser:
                insider = Q()
            elif user.body_id:
                if user.has_role(roles.COUNCIL_OFFICE):
                    insider |= Q(body_id=user.body_id)
                if user.department_id:
                    insider |= Q(body_id=user.body_id, paper__under_direction_of_id=user.department_id)
                if user.roles & roles.SIGNER_ROLES:
                    insider |= Q(paper__in=Paper.objects.filter(body_id=user.body_id).filter(signed_or_waiting(user)))
                org_ids = member_organization_ids(user)
                if org_ids:
                    insider |= Q(meeting__organization_id__in=org_ids)
                    insider |= Q(agenda_item__meeting__organization_id__in=org_ids)
                    Consultation = _model("resolutions.Consultation")
                    insider |= Exists(
                        Consultation.objects.filter(
                            paper=OuterRef("paper"), organization_id__in=org_ids, meeting__isnull=False
                        )
                    )
        return paper_ok & item_ok & insider


def file_is_public():
    """The public's condition on a File whose paper, meeting or agenda item the public sees (`FileQuerySet.visibility`);
    it holds for the files' history too (same fields)."""
    return Q(public=True)


# Organizations that are part of the administration; a membership in them is a job, not a mandate.
ADMINISTRATION_KINDS = ("department", "administration")


def is_mandate():
    """The condition on Membership behind `public_memberships`; it holds for the memberships'
    history too (same fields)."""
    return ~Q(organization__kind__in=ADMINISTRATION_KINDS)


def public_memberships(queryset=None):
    """Memberships shown to the public: mandates in the council, committees, advisory
    boards, factions and parties; never the staff of a department."""
    Membership = _model("council.Membership")
    queryset = Membership.objects.all() if queryset is None else queryset
    return queryset.filter(is_mandate())


# What the public sees of a person besides their mandates; never contact data or the login.
PUBLIC_PERSON_FIELDS = ("family_name", "given_name", "title", "form_of_address", "affix", "gender", "party")


def person_as_public_sees(person):
    """The values of `person`'s fields that the public sees (`PUBLIC_PERSON_FIELDS`)."""
    return _values(person, PUBLIC_PERSON_FIELDS)


# What the public sees of a meeting's own fields: its page, the lists and calendars, the
# invitation and the cancellation. The minutes' own fields only once the minutes are approved:
# while they are written (and as a draft for the members) their chair, minute-taker and
# remarks are not the public's, nor is it that a draft exists.
PUBLIC_MEETING_FIELDS = (
    "name",
    "state",
    "start",
    "end",
    "location",
    "organization",
    "invitation_published_at",
    "cancellation_reason",
    "urgent_reason",
)
PUBLIC_MINUTES_FIELDS = ("chair", "minute_taker", "minutes_text", "minutes_approved_in")


def meeting_as_public_sees(meeting):
    """The values of `meeting`'s own fields that the public sees (`PUBLIC_MEETING_FIELDS`, and with
    approved minutes `PUBLIC_MINUTES_FIELDS`); related records by their ids."""
    names = PUBLIC_MEETING_FIELDS
    if meeting.minutes_state == "approved":
        names += PUBLIC_MINUTES_FIELDS
    return _values(meeting, names)


# What the public sees of an agenda item's own fields: of a non-public one that it exists, its
# number and place (`listed_to`); of a public one all but its course of the consultation
# (`minutes_note`), which is the public's once the meeting's minutes are approved.
LISTED_ITEM_FIELDS = ("meeting", "number", "order", "public", "withdrawn", "is_supplement")
PUBLIC_ITEM_FIELDS = (
    *LISTED_ITEM_FIELDS,
    "name",
    "consultation",
    "result",
    "resolution_text",
    "votes_yes",
    "votes_no",
    "votes_abstention",
    "unanimous",
)


def item_as_public_sees(item):
    """The values of `item`'s own fields that the public sees: of a non-public item
    `LISTED_ITEM_FIELDS`; of a public one `PUBLIC_ITEM_FIELDS`, and its course of the consultation
    once its meeting's minutes are approved. Whether the public sees the item at all (its agenda
    published) is its meeting's part (`meeting_as_public_sees`)."""
    if not item.public:
        return _values(item, LISTED_ITEM_FIELDS)
    names = PUBLIC_ITEM_FIELDS
    if item.meeting.minutes_state == "approved":
        names += ("minutes_note",)
    return _values(item, names)


def _values(record, names):
    return tuple(getattr(record, record._meta.get_field(name).attname) for name in names)


def people_visible_to(user, queryset=None):
    """People the portal shows: holders of a mandate (see `public_memberships`).

    Staff without a mandate exist only for the back office. Only name, party and
    memberships of these people are public; e-mail, phone and login never are.
    """
    Person = _model("council.Person")
    queryset = Person.objects.all() if queryset is None else queryset
    return queryset.filter(Exists(public_memberships().filter(person=OuterRef("pk"))))


def agenda_for(meeting, user):
    """A meeting's agenda items in order, as `user` may see them, in two queries.

    Each item carries `details_visible` (title, result, files may be shown) and
    `visible_paper`: its paper where the user may see both the item's details and the paper,
    else None. A draft agenda (before the invitation) is empty for the public (`listed_to`).
    Every page and document that prints an agenda uses this.
    """
    AgendaItem = _model("council.AgendaItem")
    Paper = _model("resolutions.Paper")
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .listed_to(user)
        .with_details_flag(user)
        .select_related("consultation__paper__paper_type")
        .order_by("order")
    )
    visible_paper_ids = set(
        Paper.objects.visible_to(user).filter(consultations__agenda_items__meeting=meeting).values_list("pk", flat=True)
    )
    for item in items:
        paper = item.consultation.paper if item.consultation_id else None
        visible = item.details_visible and paper is not None and paper.pk in visible_paper_ids
        item.visible_paper = paper if visible else None
    return items
