"""Who and when: municipalities, their bodies and people, meetings and agenda items.

Names follow OParl 1.1. Every record belongs to exactly one Body and keeps its history.
Who may see what is not decided here but in `council.visibility`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.visibility import (
    PUBLIC_ITEM_FIELDS,
    PUBLIC_MEETING_FIELDS,
    PUBLIC_MINUTES_FIELDS,
    PUBLIC_PERSON_FIELDS,
    AgendaItemQuerySet,
    MeetingQuerySet,
    agenda_is_published,
    item_as_public_sees,
    meeting_as_public_sees,
    person_as_public_sees,
)
from lib.dates import EARLIEST, LATEST, local_day, validate_sane_datetime


class TimeStamped(models.Model):
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


# Datenlizenz Deutschland – Namensnennung 2.0, the usual licence of German open government data.
DL_DE_BY_2_0 = "https://www.govdata.de/dl-de/by-2-0"


HEAD_OF_DEPARTMENT_TITLE = "Amtsleitung"


class Body(TimeStamped):
    """A municipality (Gebietskörperschaft): the tenant every other record belongs to."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    ags = models.CharField(
        _("municipality key (AGS)"), max_length=8, blank=True, help_text=_("Amtlicher Gemeindeschlüssel")
    )
    license = models.URLField(
        _("licence of the open data"),
        default=DL_DE_BY_2_0,
        help_text=_("URL of the licence OParl names for this Body's data."),
    )
    # The signers' titles as this Body's papers, pages and mails name them ("Kämmerin").
    treasurer_title = models.CharField(
        _("title of the treasurer"),
        max_length=60,
        default="Kämmerin/Kämmerer",
        help_text=_("As the person holding the office is called, e.g. “Kämmerin” or “Kämmerer”."),
    )
    mayor_title = models.CharField(
        _("title of the mayor"),
        max_length=60,
        default="Bürgermeisterin/Bürgermeister",
        help_text=_("As the person holding the office is called, e.g. “Bürgermeisterin” or “Bürgermeister”."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self):
        return self.name

    def signer_title(self, role):
        """The title of a sign-off step's role (head_of_department, treasurer, mayor) in this Body."""
        return {"treasurer": self.treasurer_title, "mayor": self.mayor_title}.get(role, HEAD_OF_DEPARTMENT_TITLE)


class BodyScoped(TimeStamped):
    """Base of every record that belongs to a Body.

    The body is copied from the parent on save where a subclass names one in
    `body_from`, so a record can never belong to another Body than its parent.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, verbose_name=_("body"))
    body_from = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.body_from:
            parent = getattr(self, self.body_from)
            if parent is not None:
                self.body_id = parent.body_id
        super().save(*args, **kwargs)


class DatedAsPublicSees(models.Model):
    """A record that keeps when what the public sees of it last changed (`public_modified`), beside
    `modified`, which moves with every save. The public pages and documents date such a record by
    it, so that minutes in the making (a draft's remarks, chair, minute-taker, an item's course of
    the consultation) or a councillor's contact data and login move none of their validators.

    `save()` compares `as_public_sees()` of the instance with that of the stored row (one
    query): the instance may have been loaded long before, or with fields deferred. Where
    nothing the public sees changes, the stored time stays. What the public sees is decided in
    `council.visibility`; `public_fields` names what it reads (for `only()`).
    """

    public_modified = models.DateTimeField(_("changed as the public sees it"), default=timezone.now, editable=False)
    public_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        stored = None if self._state.adding else self._stored()
        if stored is None or stored.as_public_sees() != self.as_public_sees():
            self.public_modified = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "public_modified"}
        else:
            self.public_modified = stored.public_modified
        super().save(*args, **kwargs)

    def as_public_sees(self):
        """The values the public sees of the record's own fields (`council.visibility`)."""
        raise NotImplementedError

    def _stored(self):
        related = [name.split("__")[0] for name in self.public_fields if "__" in name]
        return (
            type(self)
            ._default_manager.select_related(*related)
            .only("public_modified", *self.public_fields)
            .filter(pk=self.pk)
            .order_by()
            .first()
        )


class LegislativeTerm(BodyScoped):
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("legislative term")
        verbose_name_plural = _("legislative terms")
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="legislativeterm_unique_name"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="legislativeterm_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name


class Organization(BodyScoped):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council assembly")
        COMMITTEE = "committee", _("Committee")
        ADVISORY = "advisory", _("Advisory board")
        FACTION = "faction", _("Faction")
        PARTY = "party", _("Party")
        DEPARTMENT = "department", _("Department")
        ADMINISTRATION = "administration", _("Administration")
        OTHER = "other", _("Other")

    # Kinds that hold meetings and consult papers (Gremien).
    CONSULTING_KINDS = (Kind.COUNCIL, Kind.COMMITTEE, Kind.ADVISORY)

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=30, blank=True, help_text=_("Used in amendment markers, e.g. “STVV”.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    classification = models.CharField(_("classification"), max_length=100, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    location = models.ForeignKey(
        "Location", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("location")
    )
    # The salutation and text of the printed invitation (documents/pdf.py); empty: the default text.
    invitation_text = models.TextField(
        _("invitation text"),
        blank=True,
        help_text=_(
            "Salutation and text of the invitation. Placeholders: {nummer} (“12.”), {gremium}, {datum}, "
            "{uhrzeit}, {ort}. Empty: the standard text."
        ),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"),
        default=7,
        validators=[MaxValueValidator(90)],
        help_text=_("Days between publishing the invitation and the meeting; a shorter notice needs an urgent reason."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="organization_unique_name"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="organization_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def marker_name(self):
        return self.short_name or self.name

    @property
    def consults(self):
        return self.kind in self.CONSULTING_KINDS


class Person(DatedAsPublicSees, BodyScoped):
    """A councillor or member of staff. Only name, party and memberships are public."""

    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    title = models.CharField(_("title"), max_length=50, blank=True, help_text=_("e.g. “Dr.”"))
    form_of_address = models.CharField(_("form of address"), max_length=50, blank=True)
    affix = models.CharField(_("affix"), max_length=50, blank=True)
    gender = models.CharField(_("gender"), max_length=20, blank=True)
    party = models.CharField(_("party"), max_length=100, blank=True)
    # Not public: contact data, the login.
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    history = HistoricalRecords()
    public_fields = PUBLIC_PERSON_FIELDS

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def as_public_sees(self):
        return person_as_public_sees(self)

    @property
    def name(self):
        return " ".join(part for part in (self.title, self.given_name, self.family_name) if part)


class MembershipQuerySet(models.QuerySet):
    def on(self, day):
        """The memberships that hold on `day` (no start or no end date: open on that side)."""
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class Membership(BodyScoped):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=100, blank=True, default="Mitglied")
    voting_right = models.BooleanField(_("voting right"), default=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    on_behalf_of = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegated_memberships",
        verbose_name=_("on behalf of"),
        help_text=_("The faction this person represents in the organization."),
    )
    body_from = "organization"
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "person"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.organization}"

    def is_active(self, on=None):
        on = on or timezone.localdate()
        return (self.start_date is None or self.start_date <= on) and (self.end_date is None or self.end_date >= on)


class Location(BodyScoped):
    description = models.CharField(_("description"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["description"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.description


class Meeting(DatedAsPublicSees, BodyScoped):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        INVITED = "invited", _("invited")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class MinutesState(models.TextChoices):
        NONE = "none", _("none")
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PLANNED)
    start = models.DateTimeField(_("start"), validators=[validate_sane_datetime])
    end = models.DateTimeField(_("end"), null=True, blank=True, validators=[validate_sane_datetime])
    location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings", verbose_name=_("location")
    )
    invitation_published_at = models.DateTimeField(_("invitation published"), null=True, blank=True)
    cancellation_reason = models.CharField(_("reason for cancellation"), max_length=250, blank=True)
    urgent_reason = models.CharField(
        _("reason for urgency"),
        max_length=500,
        blank=True,
        help_text=_("Why the meeting is invited at shorter notice than the organization's notice period."),
    )
    # Who chaired the meeting; empty: the chair membership of the organization on its date.
    chair = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("chair"),
    )
    # The minute-taker (Schriftführer/in) is as a rule a member of staff, written as councils write it.
    minute_taker = models.CharField(_("minute-taker"), max_length=200, blank=True)
    # Free remarks printed at the end of the minutes, public with them; before the minutes were
    # built from the records, this held the whole (generated and edited) text, which stays.
    minutes_text = models.TextField(_("remarks in the minutes"), blank=True)
    minutes_state = models.CharField(
        _("minutes state"), max_length=20, choices=MinutesState.choices, default=MinutesState.NONE
    )
    minutes_approved_in = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
        verbose_name=_("minutes approved in"),
    )
    body_from = "organization"
    history = HistoricalRecords()
    public_fields = (*PUBLIC_MEETING_FIELDS, *PUBLIC_MINUTES_FIELDS, "minutes_state")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["body", "start"], name="meeting_body_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="meeting_end_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(state="invited") | Q(invitation_published_at__isnull=False),
                name="meeting_invited_has_publication_date",
            ),
            models.CheckConstraint(
                condition=~Q(minutes_state="approved") | Q(state="held"),
                name="meeting_minutes_only_for_held",
            ),
            # A date nobody can mean (01.01.0001) cannot be read back on PostgreSQL in every zone.
            models.CheckConstraint(
                condition=Q(start__gte=EARLIEST, start__lt=LATEST), name="meeting_start_in_sane_range"
            ),
        ]

    def __str__(self):
        return self.title

    def as_public_sees(self):
        return meeting_as_public_sees(self)

    @property
    def title(self):
        return self.name or f"{self.organization.name}, {local_day(self.start)}"

    @property
    def heading(self):
        """The organization and the meeting's own name, without naming the organization twice:
        "Sitzung der Stadtverordnetenversammlung", not "Stadtverordnetenversammlung: Sitzung der
        Stadtverordnetenversammlung"."""
        organization = self.organization.name
        if not self.name:
            return organization
        if organization.casefold() in self.name.casefold():
            return self.name
        return f"{organization}: {self.name}"

    @property
    def date(self):
        return timezone.localtime(self.start).date()

    @property
    def agenda_is_published(self):
        """Invitation published (or held): the public sees the agenda, the invitation and the bundle."""
        return agenda_is_published(self)


class AgendaItem(DatedAsPublicSees, BodyScoped):
    """A numbered item (TOP) of a meeting: "Ö 3" in the public part, "N 1" in the non-public."""

    class Result(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("adopted with changes")
        REJECTED = "rejected", _("rejected")
        DEFERRED = "deferred", _("deferred")
        NOTED = "noted", _("noted")
        RECOMMENDED = "recommended", _("recommendation to decide")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    number = models.CharField(_("number"), max_length=20)
    order = models.PositiveIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=500)
    public = models.BooleanField(_("public"), default=True)
    consultation = models.ForeignKey(
        "resolutions.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("consultation"),
    )
    is_supplement = models.BooleanField(
        _("supplement (Nachtrag)"), default=False, help_text=_("Added after the invitation was published.")
    )
    result = models.CharField(_("result"), max_length=30, choices=Result.choices, blank=True)
    resolution_text = models.TextField(_("resolution text as decided"), blank=True)
    votes_yes = models.PositiveIntegerField(_("votes yes"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("votes no"), null=True, blank=True)
    votes_abstention = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    unanimous = models.BooleanField(_("unanimous"), default=False)
    minutes_note = models.TextField(
        _("minutes extract"),
        blank=True,
        help_text=_(
            "The course of the consultation for the minutes (Beratungsverlauf), rich text; "
            "it shares the item's visibility."
        ),
    )
    withdrawn = models.BooleanField(
        _("withdrawn (abgesetzt)"),
        default=False,
        help_text=_("Taken off the published agenda; the item keeps its number and is shown struck through."),
    )
    body_from = "meeting"
    history = HistoricalRecords()
    public_fields = (*PUBLIC_ITEM_FIELDS, "minutes_note", "meeting__minutes_state")

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agendaitem_unique_number"),
            models.UniqueConstraint(fields=["meeting", "order"], name="agendaitem_unique_order"),
            models.CheckConstraint(
                condition=~Q(unanimous=True) | (Q(votes_no__isnull=True) | Q(votes_no=0)),
                name="agendaitem_unanimous_without_no_votes",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    def as_public_sees(self):
        return item_as_public_sees(self)

    @classmethod
    def result_label(cls, result):
        """`result` (a value of Result) in words, an unknown value as it is, by a lookup of the
        one value: Django's own `get_result_display` builds a dict of every translated label on
        each call, which took a fifth of the Python time of a meeting page with 500 items and
        their minutes."""
        try:
            return str(cls.Result(result).label)
        except ValueError:
            return result

    def get_result_display(self):
        """The result in words, as Django's own method gives it (`result_label`)."""
        return self.result_label(self.result)

    @property
    def paper(self):
        return self.consultation.paper if self.consultation_id else None

    @property
    def votes_summary(self):
        """ "24 ja, 2 nein, 1 Enthaltung", "einstimmig", or "" where no vote was recorded."""
        if self.unanimous:
            return "einstimmig"
        if self.votes_yes is None:
            return ""
        abstentions = self.votes_abstention or 0
        return f"{self.votes_yes} ja, {self.votes_no or 0} nein, {abstentions} Enthaltung{'' if abstentions == 1 else 'en'}"


class Vote(BodyScoped):
    """How one member voted on an agenda item (namentliche Abstimmung); the item's counts derive from these."""

    class Choice(models.TextChoices):
        YES = "yes", "ja"
        NO = "no", "nein"
        ABSTENTION = "abstention", "Enthaltung"

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="named_votes", verbose_name=_("agenda item")
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="votes", verbose_name=_("person"))
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    body_from = "agenda_item"
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "person"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["agenda_item", "person"], name="vote_unique_person")]

    def __str__(self):
        return f"{self.person}: {self.get_choice_display()} ({self.agenda_item})"


class Attendance(BodyScoped):
    """Who attended a meeting; the minutes are built from it.

    A member is present, excused or absent (neither). A substitute (Vertretung) has a row of
    their own, present, naming the member they represent.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("person"))
    present = models.BooleanField(_("present"), default=True)
    excused = models.BooleanField(_("excused"), default=False)
    role = models.CharField(_("role"), max_length=100, blank=True)
    represents = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="represented_at",
        verbose_name=_("represents"),
        help_text=_("The member this person attended for as substitute."),
    )
    body_from = "meeting"
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_person"),
            models.UniqueConstraint(fields=["meeting", "represents"], name="attendance_one_substitute_per_member"),
            models.CheckConstraint(
                condition=Q(represents__isnull=True) | Q(present=True), name="attendance_substitute_is_present"
            ),
        ]

    def __str__(self):
        return f"{self.person} @ {self.meeting}"


class Guest(BodyScoped):
    """Someone who attended a meeting without being a member: "Herr Dr. Weber, Planungsbüro Nord"."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name=_("meeting"))
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function or affiliation"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    body_from = "meeting"
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def __str__(self):
        return f"{self.name}, {self.function}" if self.function else self.name
