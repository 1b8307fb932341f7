"""The Celery app: slow work (frozen PDF copies, e-mails, OParl imports) runs on workers.

Configured from Django's settings (the `CELERY_*` names in `ratsinfo/settings.py`): Redis
as broker when `CELERY_BROKER_URL` or `REDIS_URL` is set; without one, every task runs
inline in the process that asks for it, so a first look (`make demo`) needs no worker.
Tasks live in the `tasks.py` of their app and are found by `autodiscover_tasks`.

    celery -A ratsinfo worker     # as many as needed, on any machine
    celery -A ratsinfo beat       # exactly one: the schedule (CELERY_BEAT_SCHEDULE)
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ratsinfo.settings")

app = Celery("ratsinfo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
