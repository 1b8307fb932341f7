"""What the back office keeps besides the domain: attachments staged while a paper form is open.

A staged upload is form state, not a record of the council: it belongs to one open form
(its token) and one user, is turned into a `resolutions.File` when the form is saved,
and is deleted after a day otherwise (`office.staging.clear_expired`).
"""

from django.conf import settings
from django.db import models


def staged_upload_to(instance, filename):
    return f"staged/{instance.token}/{filename}"


class StagedUpload(models.Model):
    token = models.UUIDField("Formular", db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="hochgeladen von"
    )
    name = models.CharField("Name", max_length=250)
    mime_type = models.CharField("MIME-Typ", max_length=100)
    size = models.PositiveBigIntegerField("Größe")
    file = models.FileField("Datei", upload_to=staged_upload_to, max_length=400)
    created = models.DateTimeField("hochgeladen", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = "vorgemerkte Anlage"
        verbose_name_plural = "vorgemerkte Anlagen"

    def __str__(self):
        return self.name
