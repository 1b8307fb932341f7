"""What the portal publishes besides the council's records: the legal pages.

German public bodies must publish an Impressum, a Datenschutzerklärung and an Erklärung
zur Barrierefreiheit with a way to report barriers (BITV 2.0). Each Body writes its own;
one record without a Body speaks for the installation (its operator), shown where no Body
is in context.
"""

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
