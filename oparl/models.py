"""What the OParl importer remembers: which local record an OParl id became, and how far a run got.

`ExternalId` makes an import idempotent (an object seen again is updated, not created
twice); `ImportProgress` makes it resumable (an interrupted run continues at the page
it was reading).
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from council.models import Body


class ExternalId(models.Model):
    """The OParl id (a URL) an imported record came from."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="oparl_ids", verbose_name=_("body"))
    oparl_id = models.URLField(_("OParl id"), max_length=500)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    record = GenericForeignKey("content_type", "object_id")
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("external OParl id")
        verbose_name_plural = _("external OParl ids")
        constraints = [
            models.UniqueConstraint(fields=["body", "oparl_id"], name="externalid_unique_per_body"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="externalid_record")]

    def __str__(self):
        return self.oparl_id


class ImportProgress(models.Model):
    """The page of one external list an import run read last (a run that finishes clears it)."""

    source = models.URLField(_("OParl body"), max_length=500)
    list_name = models.CharField(_("list"), max_length=50)
    next_url = models.URLField(_("next page"), max_length=1000, blank=True)
    finished = models.BooleanField(_("finished"), default=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("import progress")
        verbose_name_plural = _("import progress")
        constraints = [models.UniqueConstraint(fields=["source", "list_name"], name="importprogress_unique_list")]

    def __str__(self):
        return f"{self.source} {self.list_name}"
