"""What the portal publishes besides the council's records: the legal pages.

German public bodies must publish an Impressum, a Datenschutzerklärung and an Erklärung
zur Barrierefreiheit with a way to report barriers (BITV 2.0). Each Body writes its own;
one record without a Body speaks for the installation (its operator), shown where no Body
is in context.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import Body, TimeStamped
from resolutions.richtext import ALLOWED_TAGS, sanitize

# The legal pages are whole pages under their own h1, so their sections start at h2.
LEGAL_TAGS = ALLOWED_TAGS | {"h2"}


def sanitize_legal(html):
    return sanitize(html, tags=LEGAL_TAGS)


class LegalPages(TimeStamped):
    """Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit of a Body (or of the installation)."""

    body = models.OneToOneField(
        Body,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legal_pages",
        verbose_name=_("body"),
        help_text=_("Empty for the pages of the installation itself."),
    )
    imprint = models.TextField(_("imprint"), help_text=_("HTML: paragraphs, headings, lists, links."))
    privacy = models.TextField(_("privacy policy"), help_text=_("HTML: paragraphs, headings, lists, links."))
    accessibility = models.TextField(
        _("accessibility statement"),
        help_text=_("HTML; the feedback contact and the enforcement body follow it."),
    )
    feedback_email = models.EmailField(_("feedback e-mail"), help_text=_("Where barriers are reported."))
    feedback_phone = models.CharField(_("feedback phone"), max_length=50, blank=True)
    feedback_address = models.TextField(_("feedback postal address"), blank=True)
    enforcement_name = models.CharField(
        _("enforcement body"),
        max_length=250,
        help_text=_("E.g. the Durchsetzungsstelle of the federal state."),
    )
    enforcement_url = models.URLField(_("enforcement body's website"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal pages")
        verbose_name_plural = _("legal pages")
        constraints = [
            # One record per Body, and one for the installation (body NULL).
            models.UniqueConstraint(Coalesce("body", Value(0)), name="legalpages_one_per_body_or_installation"),
        ]

    def __str__(self):
        return str(self.body) if self.body_id else "Installation"

    def save(self, *args, **kwargs):
        # Sanitised on save and again on output, like every rich text.
        self.imprint = sanitize_legal(self.imprint)
        self.privacy = sanitize_legal(self.privacy)
        self.accessibility = sanitize_legal(self.accessibility)
        super().save(*args, **kwargs)


class SearchDocument(models.Model):
    """One row of the portal's search index: what the public sees of one paper, person,
    meeting, agenda item or file, as text and as a weighted `tsvector`.

    Built only from public views (`portal.search_index`), refreshed after commit whenever a
    source changes; `manage.py rebuild_search_index` builds it anew. The portal searches this
    table alone, so nothing a viewer may not see can be found and one GIN index serves a query.
    """

    class Kind(models.TextChoices):
        PAPER = "paper", _("paper")
        PERSON = "person", _("person")
        MEETING = "meeting", _("meeting")
        AGENDA_ITEM = "agenda_item", _("agenda item")
        FILE = "file", _("file")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField(_("object id"))
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+", verbose_name=_("body"))
    # The paper a paper's or a paper file's row belongs to; the meeting of a meeting, item or meeting file.
    paper = models.ForeignKey(
        "resolutions.Paper", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("paper")
    )
    meeting = models.ForeignKey(
        "council.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("meeting")
    )
    # A file's row points at the row of the paper, agenda item or meeting it is attached to.
    parent_kind = models.CharField(_("parent kind"), max_length=20, choices=Kind.choices, blank=True)
    parent_id = models.BigIntegerField(_("parent id"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=600)
    # A line under the title (a person's party and organizations).
    summary = models.CharField(_("summary"), max_length=600, blank=True)
    # The public text, plain, words kept apart (a paper's decided text, a file's extracted text).
    text = models.TextField(_("text"), blank=True)
    # Further public text weighed less (a paper's reasoning); the excerpts are cut from text and details.
    details = models.TextField(_("details"), blank=True)
    # Weighted lexemes: A reference and title, B text, C details and the attached files' rows
    # (PostgreSQL only; `portal.search_index` computes it from the columns above).
    vector = SearchVectorField(_("search vector"), null=True, editable=False)
    date = models.DateField(_("date"), null=True, blank=True)
    # When the row was last rebuilt: the search page's cache validator (see portal.views.search).
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="searchdocument_one_per_object")]
        # The GIN index on `vector` is made by migration portal.0003 on PostgreSQL only (SQLite has none).
        indexes = [
            models.Index(fields=["body", "kind"], name="portal_search_body_kind"),
            models.Index(fields=["parent_kind", "parent_id"], name="portal_search_parent"),
            models.Index(fields=["body", "modified"], name="portal_search_body_modified"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
