"""Tasks of the back office: clearing attachments of paper forms never saved (`office.staging`).

Runs on the beat schedule (`CELERY_BEAT_SCHEDULE`, every hour).
"""

from celery import shared_task

from office import staging


@shared_task
def clear_staged_uploads():
    return staging.clear_expired()
