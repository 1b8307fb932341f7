"""What is decided: paper types, papers, sign-offs, the Beratungsfolge, amendments, files.

Rules about these records live next to them: `amendments` (decided text, markers,
footnotes), `workflow` (the lifecycle and its timeline, `Transition`), `permissions` (who
may do what to a paper), `numbering` (references). Who may see a paper is decided in
`council.visibility`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from council.models import BodyScoped, Organization, Person
from council.visibility import FileQuerySet, PaperQuerySet


class PaperType(BodyScoped):
    class Numbering(models.TextChoices):
        YEARLY = "yearly", _("restarted each year")
        CONTINUOUS = "continuous", _("continued across years")

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("reference prefix"), max_length=10)
    numbering = models.CharField(_("numbering"), max_length=20, choices=Numbering.choices, default=Numbering.YEARLY)
    reference_format = models.CharField(
        _("reference format"),
        max_length=60,
        default="{prefix}-{number}/{year}",
        help_text=_("Placeholders: {prefix}, {number}, {year}."),
    )
    # Whether papers of this type are put to a vote (Beschlussvorlage) or only noted
    # (Informationsvorlage, Anfrage).
    needs_decision = models.BooleanField(_("needs a decision"), default=True)

    # The printed layout (documents/pdf.py): who writes papers of this type and which blocks
    # their PDF shows. An administration's Beschlussvorlage carries its department, the
    # financial impact, the treasurer's confirmation and the sign-off lines; a faction's
    # Antrag names the faction and has none of the administration's sign-off.
    class AuthorKind(models.TextChoices):
        ADMINISTRATION = "administration", _("administration")
        FACTION = "faction", _("faction")
        PERSON = "person", _("person")

    author_kind = models.CharField(
        _("written by"), max_length=20, choices=AuthorKind.choices, default=AuthorKind.ADMINISTRATION
    )
    print_department = models.BooleanField(_("print the department"), default=True)
    print_author = models.BooleanField(_("print the author"), default=False)
    print_financial_impact = models.BooleanField(_("print the financial impact"), default=True)
    print_signoff_lines = models.BooleanField(_("print the sign-off lines"), default=True)
    print_treasurer_confirmation = models.BooleanField(_("print the treasurer's confirmation"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("paper type")
        verbose_name_plural = _("paper types")
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="papertype_unique_name"),
            models.UniqueConstraint(fields=["body", "prefix"], name="papertype_unique_prefix"),
        ]

    def __str__(self):
        return self.name


class ReferenceCounter(models.Model):
    """The last number given per paper type and year (year 0 for continuous numbering).

    Locked with SELECT … FOR UPDATE when a paper is released, so parallel releases get
    distinct numbers without gaps.
    """

    paper_type = models.ForeignKey(PaperType, on_delete=models.CASCADE, related_name="counters")
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper_type", "year"], name="referencecounter_unique_year")]

    def __str__(self):
        return f"{self.paper_type} {self.year}: {self.last_number}"


class Paper(BodyScoped):
    """A Vorlage. `name` is its title, `reference` the Vorlagen-Nr. given on release."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_SIGNOFF = "in_signoff", _("in sign-off")
        RELEASED = "released", _("released")
        IN_CONSULTATION = "in_consultation", _("in consultation")
        DECIDED = "decided", _("decided")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Result(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("adopted with changes")
        REJECTED = "rejected", _("rejected")
        NOTED = "noted", _("noted")

    # States in which a paper exists for anyone outside the administration.
    PUBLISHED_STATES = (State.RELEASED, State.IN_CONSULTATION, State.DECIDED, State.WITHDRAWN)

    paper_type = models.ForeignKey(
        PaperType, on_delete=models.PROTECT, related_name="papers", verbose_name=_("paper type")
    )
    reference = models.CharField(_("reference"), max_length=50, null=True, blank=True)
    name = models.CharField(_("title"), max_length=500)
    date = models.DateField(_("date"), null=True, blank=True)
    under_direction_of = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="papers_in_charge",
        limit_choices_to={"kind": Organization.Kind.DEPARTMENT},
        verbose_name=_("department in charge"),
    )
    originator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="papers_written",
        verbose_name=_("written by"),
    )
    # Who brings in a paper that the administration did not write (PaperType.author_kind):
    # the faction of an Antrag, or the councillor of an Anfrage.
    author_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers_authored",
        limit_choices_to={"kind": Organization.Kind.FACTION},
        verbose_name=_("submitted by (faction)"),
    )
    author_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers_authored",
        verbose_name=_("submitted by (person)"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    result = models.CharField(_("result"), max_length=30, choices=Result.choices, blank=True)
    resolution_text = models.TextField(_("resolution text"), blank=True, help_text=_("The proposed decision (HTML)."))
    reasoning = models.TextField(_("reasoning"), blank=True)
    # None: unknown. An imported paper whose source says nothing about money makes no
    # statement; the back office's form always asks a clerk for yes or no.
    financial_impact = models.BooleanField(_("financial impact"), null=True, blank=True, default=False)
    financial_amount = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True)
    financial_budget_line = models.CharField(_("budget line"), max_length=100, blank=True)
    financial_description = models.TextField(_("financial details"), blank=True)
    public = models.BooleanField(_("public"), default=True)
    related_papers = models.ManyToManyField("self", blank=True, verbose_name=_("related papers"))

    # A supplementary or amending paper (Ergänzungs-, Änderungsvorlage) and the paper it
    # supplements or amends (OParl: superordinatedPaper / subordinatedPaper). Written by
    # `resolutions.subordinates`; an imported link may not say which of the two it is.
    class Subordination(models.TextChoices):
        SUPPLEMENT = "supplement", _("supplement")
        AMENDMENT = "amendment", _("amendment")

    superordinate = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("supplements or amends"),
    )
    subordination = models.CharField(_("kind of link"), max_length=20, choices=Subordination.choices, blank=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Incremented on every save through the workflow and forms; a form that was loaded at
    # an older version is refused (no lost updates).
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        indexes = [
            # The public's papers of a Body by state, with the id: counting a list (also against the
            # consultations of a Gremium, a merge join by id) reads this index alone.
            models.Index(fields=["body", "state", "public", "id"], name="paper_body_state_public"),
            # The same for the public alone (`visible_to(None)`: published and not marked non-public;
            # the condition must stay PUBLISHED_STATES, tests/portal/test_list_plans.py checks it).
            # About half the size: PostgreSQL counts a filtered list in one Body by a merge join of
            # this index and consultation_org_paper, both read in id order, where with the wider
            # index above it hashed the Gremium's 98 000 consultations, twice the time
            # (docs/performance.md, "Lists and pages in one large Body").
            models.Index(
                fields=["body", "state", "id"],
                name="paper_public_body_state",
                condition=Q(public=True, state__in=["released", "in_consultation", "decided", "withdrawn"]),
            ),
            # The paper list's order (newest first): a page is the first rows of a backward index scan.
            models.Index(fields=["body", "date", "id"], name="paper_body_date"),
            # The newest change of a Body's papers (the validators of lists and feeds).
            models.Index(fields=["body", "modified"], name="paper_body_modified"),
            # The feeds' order (newest release, newest decision first): 50 rows of an index scan.
            # PostgreSQL only (migration 0012): SQLite has no NULLS LAST in an index.
            models.Index(
                F("body"),
                F("released_at").desc(nulls_last=True),
                F("date").desc(),
                F("id").desc(),
                name="paper_body_released",
            ),
            models.Index(
                F("body"),
                F("decided_at").desc(nulls_last=True),
                F("date").desc(),
                F("id").desc(),
                name="paper_body_decided",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["body", "reference"], name="paper_unique_reference"),
            models.CheckConstraint(
                condition=Q(financial_impact=False)
                | Q(financial_impact__isnull=True)
                | (Q(financial_amount__isnull=False) & ~Q(financial_budget_line="") & ~Q(financial_description="")),
                name="paper_financial_details_required",
            ),
            models.CheckConstraint(
                condition=Q(financial_amount__isnull=True) | Q(financial_amount__gte=0),
                name="paper_financial_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(reference__isnull=False) | Q(state__in=["draft", "in_signoff", "withdrawn"]),
                name="paper_published_has_reference",
            ),
            models.CheckConstraint(condition=Q(result="") | Q(state="decided"), name="paper_result_only_when_decided"),
            models.CheckConstraint(
                condition=Q(superordinate__isnull=False) | Q(subordination=""),
                name="paper_subordination_needs_superordinate",
            ),
            models.CheckConstraint(condition=~Q(superordinate=models.F("pk")), name="paper_not_its_own_superordinate"),
        ]

    def __str__(self):
        return f"{self.reference} {self.name}" if self.reference else self.name

    @property
    def is_published(self):
        return self.state in self.PUBLISHED_STATES

    @property
    def financial_impact_display(self):
        """ "ja", "nein", or "keine Angabe" where the source of an imported paper said nothing."""
        return {True: "ja", False: "nein"}.get(self.financial_impact, "keine Angabe")


class SignOff(BodyScoped):
    """One sign-off step (Mitzeichnung) of a paper: head of department, treasurer, mayor."""

    class Role(models.TextChoices):
        HEAD_OF_DEPARTMENT = "head_of_department", _("Head of department")
        TREASURER = "treasurer", _("Treasurer")
        MAYOR = "mayor", _("Mayor")

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SIGNED = "signed", _("signed")
        RETURNED = "returned", _("returned")
        VOID = "void", _("void")

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="signoffs", verbose_name=_("paper"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("signed by")
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    body_from = "paper"
    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "position", "id"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "void"]) | (Q(signed_by__isnull=False) & Q(signed_at__isnull=False)),
                name="signoff_done_has_signer",
            ),
        ]

    def __str__(self):
        return f"{self.title}: {self.get_state_display()}"

    @property
    def title(self):
        """The step's role as the paper's Body calls it ("Kämmerin"); see `Body.signer_title`."""
        return self.paper.body.signer_title(self.role)


class Consultation(BodyScoped):
    """One step of the Beratungsfolge: which organization consults the paper, in which role.

    `meeting` is the meeting it is (or was last) scheduled for; every agenda item that
    dealt with it points here, so a deferral stays visible as an earlier agenda item.
    """

    class Role(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary consultation")
        DECISION = "decision", _("Decision")
        INFORMATION = "information", _("For information")

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("paper"))
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("organization")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PRELIMINARY)
    meeting = models.ForeignKey(
        "council.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("meeting"),
    )
    # Where the clerk wants the paper to be consulted; `meeting` is where it actually is.
    target_meeting = models.ForeignKey(
        "council.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targeted_consultations",
        verbose_name=_("target meeting"),
    )
    body_from = "paper"
    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "position"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        # The papers a Gremium consults, in paper order: the paper list's `gremium` filter and its count.
        indexes = [models.Index(fields=["organization", "paper"], name="consultation_org_paper")]
        constraints = [
            models.UniqueConstraint(fields=["paper", "position"], name="consultation_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="consultation_position_positive"),
        ]

    def __str__(self):
        return f"{self.paper} – {self.organization} ({self.get_role_display()})"

    @property
    def authoritative(self):
        return self.role == self.Role.DECISION

    @property
    def intended_meeting(self):
        """The target meeting while it can still take the paper: not on an agenda yet, the meeting still ahead."""
        target = self.target_meeting
        if self.meeting_id is not None or target is None:
            return None
        return target if target.state in (target.State.PLANNED, target.State.INVITED) else None


class Transition(BodyScoped):
    """One step in the life of a paper (its timeline): who did what, when, in which meeting.

    Written only by `resolutions.workflow`, once per step; the table of steps is there.
    """

    class Action(models.TextChoices):
        SUBMIT = "submit", pgettext_lazy("transition", "submitted for sign-off")
        SIGN = "sign", pgettext_lazy("transition", "signed")
        RETURN = "return", pgettext_lazy("transition", "returned")
        RELEASE = "release", pgettext_lazy("transition", "released")
        SCHEDULE = "schedule", pgettext_lazy("transition", "put on an agenda")
        UNSCHEDULE = "unschedule", pgettext_lazy("transition", "taken off an agenda")
        DEFER = "defer", pgettext_lazy("transition", "deferred")
        DECIDE = "decide", pgettext_lazy("transition", "decided")
        TAKE_NOTE = "take_note", pgettext_lazy("transition", "taken note of")
        WITHDRAW = "withdraw", pgettext_lazy("transition", "withdrawn")

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("paper"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    from_state = models.CharField(_("from state"), max_length=20, choices=Paper.State.choices)
    to_state = models.CharField(_("to state"), max_length=20, choices=Paper.State.choices)
    # For sign and return: the sign-off step acted on (head_of_department, treasurer, mayor).
    step = models.CharField(_("sign-off step"), max_length=30, blank=True, choices=SignOff.Role.choices)
    # For the steps of the Beratungsfolge: the consultation and the meeting they happened in.
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transitions",
        verbose_name=_("consultation"),
    )
    meeting = models.ForeignKey(
        "council.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paper_transitions",
        verbose_name=_("meeting"),
    )
    # For decide and take note: the result the paper got.
    result = models.CharField(_("result"), max_length=30, choices=Paper.Result.choices, blank=True)
    body_from = "paper"
    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "at", "id"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        indexes = [models.Index(fields=["paper", "at"], name="transition_paper_at")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action="return") | ~models.Q(comment=""), name="transition_return_has_comment"
            ),
        ]

    def __str__(self):
        return f"{self.paper}: {self.get_action_display()} ({self.by}, {self.at:%d.%m.%Y %H:%M})"


class Amendment(BodyScoped):
    """A change to the resolution text made in a consultation (“ergänzt STVV 14.12.2021/jae”).

    `text_before` is the passage of the text as it stood before this amendment (empty
    only never: an addition names the passage it extends), `text_after` what replaced
    it (empty when struck). Markers and footnotes are derived in `resolutions.amendments`.
    """

    class Kind(models.TextChoices):
        ADDED = "added", "ergänzt"
        CHANGED = "changed", "geändert"
        STRUCK = "struck", "gestrichen"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("consultation")
    )
    meeting = models.ForeignKey(
        "council.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("meeting"),
        help_text=_("The meeting that made the change; defaults to the consultation's meeting."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text_before = models.TextField(_("text before"))
    text_after = models.TextField(_("text after"), blank=True)
    initials = models.CharField(_("initials"), max_length=10)
    position = models.PositiveSmallIntegerField(_("position"), default=1, help_text=_("Order of application."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("recorded by")
    )
    body_from = "consultation"
    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation__position", "position", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        # A Body's newest amendment first (the feeds' validators): not a sort of every amendment.
        indexes = [models.Index(fields=["body", "modified"], name="amendment_body_modified")]
        constraints = [
            models.CheckConstraint(condition=~Q(text_before=""), name="amendment_names_passage"),
            models.CheckConstraint(condition=~Q(initials=""), name="amendment_has_initials"),
            models.CheckConstraint(
                condition=Q(kind="struck", text_after="") | (~Q(kind="struck") & ~Q(text_after="")),
                name="amendment_text_after_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.consultation}"


def file_upload_to(instance, filename):
    return f"files/{instance.body_id}/{instance.sha512_checksum[:2]}/{instance.sha512_checksum[:32]}/{filename}"


class File(BodyScoped):
    """An attachment (Anlage) or a generated document, stored with its SHA-512 checksum.

    A file belongs to a paper, a meeting or an agenda item and is visible exactly when
    that parent is (see council.visibility).
    """

    class Kind(models.TextChoices):
        ATTACHMENT = "attachment", _("attachment")
        PAPER_PDF = "paper_pdf", _("paper PDF (frozen copy)")
        INVITATION = "invitation", _("invitation")
        MINUTES = "minutes", _("minutes")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ATTACHMENT)
    name = models.CharField(_("name"), max_length=250)
    file_name = models.CharField(_("file name"), max_length=250)
    mime_type = models.CharField(_("MIME type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha512_checksum = models.CharField(_("SHA-512 checksum"), max_length=128)
    file = models.FileField(_("file"), upload_to=file_upload_to, max_length=400)
    date = models.DateField(_("date"), null=True, blank=True)
    text = models.TextField(_("extracted text"), blank=True)
    page_count = models.PositiveIntegerField(
        _("pages"), null=True, blank=True, help_text=_("Number of pages of a PDF; empty where unknown.")
    )
    public = models.BooleanField(
        _("public"), default=True, help_text=_("Non-public files are shown only to those who see the non-public part.")
    )
    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, null=True, blank=True, related_name="files", verbose_name=_("paper")
    )
    meeting = models.ForeignKey(
        "council.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("meeting"),
    )
    agenda_item = models.ForeignKey(
        "council.AgendaItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("agenda item"),
    )
    # For frozen copies: the paper version and state they were made at.
    paper_version = models.PositiveIntegerField(_("paper version"), null=True, blank=True)
    frozen_state = models.CharField(_("frozen at state"), max_length=20, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("uploaded by")
    )
    history = HistoricalRecords()

    objects = FileQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [
            models.CheckConstraint(
                condition=Q(paper__isnull=False) | Q(meeting__isnull=False) | Q(agenda_item__isnull=False),
                name="file_has_parent",
            ),
            models.CheckConstraint(condition=Q(sha512_checksum__regex=r"^[0-9a-f]{128}$"), name="file_sha512_hex"),
        ]

    def __str__(self):
        return self.name


class Implementation(BodyScoped):
    """Decision tracking (Beschlusskontrolle): how far a decided paper has been carried out."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    paper = models.OneToOneField(
        Paper, on_delete=models.CASCADE, related_name="implementation", verbose_name=_("paper")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("updated by")
    )
    body_from = "paper"
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")

    def __str__(self):
        return f"{self.paper}: {self.get_status_display()}"
