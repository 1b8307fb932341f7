"""Tasks of the e-mail subscriptions: the digest (`subscriptions/digests.py`), sent by a worker.

Beat queues `send_subscription_digests` every hour (`CELERY_BEAT_SCHEDULE`); each run mails
only the addresses that got no digest yet today, so every address gets at most one a day,
and it forgets unconfirmed requests whose link expired.
"""

from celery import shared_task

from subscriptions import digests


@shared_task
def send_subscription_digests():
    return digests.send_digests()
