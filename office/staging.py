"""Attachments chosen in a paper form that was not saved yet (a failed save, a new row).

A browser cannot keep chosen files across a POST, so the back office keeps them: each
checked upload is stored as a `StagedUpload` under the form's token (a hidden field) and
the user, listed as "bereits hochgeladen" when the form is shown again, and attached to
the paper when the form is finally saved. Whatever is never saved is deleted after a day.
"""

import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from office.models import StagedUpload

KEEP_FOR = timedelta(days=1)


def new_token():
    return str(uuid.uuid4())


def parse_token(value):
    """The form's token, or a new one where the form sent none or a forged one."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return new_token()


def staged(token, owner):
    """The uploads kept for this form of this user (another user's token shows nothing)."""
    return StagedUpload.objects.filter(token=token, owner=owner, created__gte=timezone.now() - KEEP_FOR)


def stage(uploads, *, token, owner):
    """Keep checked uploads (see `office.forms.AttachmentsField.check`) for the next try."""
    for upload in uploads:
        upload.seek(0)
        data = upload.read()
        record = StagedUpload(
            token=token, owner=owner, name=upload.checked_name, mime_type=upload.checked_mime_type, size=len(data)
        )
        record.file.save(upload.checked_name, ContentFile(data), save=False)
        record.save()


def discard(records):
    for record in records:
        record.file.delete(save=False)
        record.delete()


def consume(records):
    """The uploads were attached: delete them now, their files once the transaction is committed."""
    files = [(record.file.storage, record.file.name) for record in records]
    StagedUpload.objects.filter(pk__in=[record.pk for record in records]).delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def clear_expired(now=None):
    """Delete the uploads of forms left unsaved for more than a day; the number deleted."""
    expired = list(StagedUpload.objects.filter(created__lt=(now or timezone.now()) - KEEP_FOR))
    discard(expired)
    return len(expired)
