"""The councillor area's own records: profile (last visit, calendar token, notification
settings), private notes, pending paper changes for the notification digest, failed logins.

Notes belong to their author alone. They are deliberately not registered in the Django
admin, and no other surface reads them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import BodyScoped


class CouncillorProfile(models.Model):
    """Per-login settings of a councillor. Created on first use."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="councillor_profile",
        verbose_name=_("login"),
    )
    # The dashboard shows what changed since `previous_visit`: the login before the current one.
    last_visit = models.DateTimeField(_("last visit"), null=True, blank=True)
    previous_visit = models.DateTimeField(_("previous visit"), null=True, blank=True)
    # Only the SHA-256 of the calendar token is stored; the URL is shown once, when made.
    calendar_token_hash = models.CharField(_("calendar token (hash)"), max_length=64, blank=True, db_index=True)
    calendar_token_created = models.DateTimeField(_("calendar address created"), null=True, blank=True)
    notify_invitations = models.BooleanField(
        _("e-mail when an invitation is published"),
        default=True,
        help_text=_("When the invitation (or a supplement) of a meeting of one of my organizations is published."),
    )
    notify_paper_changes = models.BooleanField(
        _("e-mail when a paper on my agenda changes"),
        default=True,
        help_text=_("One e-mail per run of the notification job, with the differences of the texts."),
    )
    history = HistoricalRecords(excluded_fields=["last_visit", "previous_visit", "calendar_token_hash"])

    class Meta:
        verbose_name = _("councillor profile")
        verbose_name_plural = _("councillor profiles")

    def __str__(self):
        return str(self.user)


class Note(BodyScoped):
    """A private note of one councillor on a paper or on an agenda item."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="councillor_notes", verbose_name=_("author")
    )
    paper = models.ForeignKey(
        "resolutions.Paper",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paper"),
    )
    agenda_item = models.ForeignKey(
        "council.AgendaItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-modified", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.CheckConstraint(
                condition=Q(paper__isnull=False, agenda_item__isnull=True)
                | Q(paper__isnull=True, agenda_item__isnull=False),
                name="note_on_paper_or_agenda_item",
            ),
            models.UniqueConstraint(
                fields=["author", "paper"], condition=Q(paper__isnull=False), name="note_unique_per_paper"
            ),
            models.UniqueConstraint(
                fields=["author", "agenda_item"],
                condition=Q(agenda_item__isnull=False),
                name="note_unique_per_agenda_item",
            ),
        ]

    def __str__(self):
        return f"Notiz #{self.pk}"

    def save(self, *args, **kwargs):
        target = self.paper if self.paper_id else self.agenda_item
        self.body_id = target.body_id
        super().save(*args, **kwargs)


class PendingPaperChange(models.Model):
    """A paper saved since the last notification run, with the version before its first change.

    Many saves leave one row; `send_notifications` diffs `baseline_history_id` against the
    paper as it is now and sends one digest.
    """

    paper = models.OneToOneField(
        "resolutions.Paper", on_delete=models.CASCADE, related_name="+", verbose_name=_("paper")
    )
    baseline_history_id = models.IntegerField(_("version before the change"))
    first_changed = models.DateTimeField(_("first changed"), default=timezone.now)

    class Meta:
        verbose_name = _("pending paper change")
        verbose_name_plural = _("pending paper changes")

    def __str__(self):
        return f"{self.paper_id} seit {self.first_changed:%d.%m.%Y %H:%M}"


class PaperReading(models.Model):
    """The version of a paper a councillor last opened: the dashboard marks later versions unread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("login")
    )
    paper = models.ForeignKey("resolutions.Paper", on_delete=models.CASCADE, related_name="+", verbose_name=_("paper"))
    version = models.PositiveIntegerField(_("version read"))
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        verbose_name = _("paper read")
        verbose_name_plural = _("papers read")
        constraints = [models.UniqueConstraint(fields=["user", "paper"], name="paper_reading_unique_per_user")]

    def __str__(self):
        return f"{self.user_id}: {self.paper_id} v{self.version}"
