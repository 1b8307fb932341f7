"""Stored Sitzungsmappen: the rendered bundle of a meeting per audience, served as a file.

A bundle of a big meeting takes seconds to render, so it is built by a task
(`documents.tasks.build_bundle`) and kept here with the fingerprint of everything it was
made from (`documents.bundles.fingerprint`). A request serves the stored file while the
fingerprint still matches; any change to the inputs makes it stale and it is built again.

No history: a stored copy is derived data, rebuilt from the recorded domain at will; the
audit trail records who downloaded a members' copy.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class StoredBundle(models.Model):
    """The Sitzungsmappe of a meeting for one audience: the public (recipient None) or one recipient."""

    meeting = models.ForeignKey("council.Meeting", on_delete=models.CASCADE, related_name="stored_bundles")
    # The members' copy carries its recipient's name on its pages: it is theirs alone.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="stored_bundles"
    )
    fingerprint = models.CharField(max_length=64)
    file = models.FileField(upload_to="bundles/", max_length=200)
    size = models.PositiveIntegerField(default=0)
    # Anything beyond the public view in it: served `private, no-store`.
    holds_nonpublic = models.BooleanField(default=False)
    built_at = models.DateTimeField()
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "recipient"], name="one_bundle_per_meeting_and_recipient"),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(recipient__isnull=True), name="one_public_bundle_per_meeting"
            ),
        ]

    def __str__(self):
        return f"Sitzungsmappe {self.meeting_id} ({self.recipient_id or 'öffentlich'})"
