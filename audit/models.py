"""The audit trail: who read what of the non-public records, when, and from where.

Recorded (through `audit.records`, called by the views that hand the content out):
downloads of non-public files, the members' version of a meeting's bundle and
invitation, and views of non-public papers by logged-in users (back office, council
office, councillor area, and the portal or a PDF when a user sees more there than the
public). Shown to the council office of the Body (Sitzungsdienst → Zugriffe) and, read-only,
in the admin; rows older than `AUDIT_RETENTION_DAYS` are purged (`manage.py purge_audit`,
also a Celery beat entry).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessRecord(models.Model):
    class Kind(models.TextChoices):
        PAPER_VIEW = "paper_view", "Vorlage angesehen"
        PAPER_PDF = "paper_pdf", "Vorlage als PDF"
        FILE_DOWNLOAD = "file_download", "Datei heruntergeladen"
        BUNDLE_DOWNLOAD = "bundle_download", "Sitzungsmappe (Mitgliederfassung)"
        INVITATION_DOWNLOAD = "invitation_download", "Einladung (Mitgliederfassung)"
        MINUTES_DOWNLOAD = "minutes_download", "Niederschrift (Mitgliederfassung)"

    at = models.DateTimeField("Zeitpunkt", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Benutzer",
    )
    # Kept as typed at the time, so the row still says who it was after the login is deleted.
    username = models.CharField("Benutzername", max_length=150)
    body = models.ForeignKey(
        "council.Body",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Gebietskörperschaft",
        help_text="Zu wessen Unterlagen der Zugriff gehört.",
    )
    kind = models.CharField("Art", max_length=30, choices=Kind.choices)
    object_type = models.CharField("Objekttyp", max_length=30)
    object_id = models.BigIntegerField("Objekt-ID")
    label = models.CharField("Bezeichnung", max_length=300)
    path = models.CharField("Adresse", max_length=500, blank=True)
    ip_address = models.GenericIPAddressField("IP-Adresse", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "Zugriff"
        verbose_name_plural = "Zugriffe"
        indexes = [
            models.Index(fields=["body", "-at"], name="access_record_by_body"),
            models.Index(fields=["at"], name="access_record_by_time"),
        ]

    def __str__(self):
        return f"{self.username}: {self.get_kind_display()} {self.label} ({self.at:%d.%m.%Y %H:%M})"
