from celery import shared_task

from audit.purge import purge


@shared_task
def purge_old_records():
    """The daily beat entry `audit-purge` (ratsinfo.settings.CELERY_BEAT_SCHEDULE)."""
    return purge()
