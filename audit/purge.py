"""Forgetting old rows of the audit trail after `settings.AUDIT_RETENTION_DAYS`."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from audit.models import AccessRecord


def purge(now=None, days=None):
    """Delete the rows older than the retention period; returns how many."""
    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _ = AccessRecord.objects.filter(at__lt=cutoff).delete()
    return deleted
