"""Tasks of the councillor area: the e-mails (`councillors/notifications.py`), sent by a worker.

The paper-change digest runs on the beat schedule (`CELERY_BEAT_SCHEDULE`, every
15 minutes); the invitation mails are queued when an invitation is published.
"""

from celery import shared_task

from councillors import notifications


@shared_task
def send_paper_change_digests():
    return notifications.send_paper_change_digests()


@shared_task
def send_invitation_mails(meeting_id, supplement=False):
    return notifications.send_invitation_mails(meeting_id, supplement=supplement)
