"""The project package: settings, root URLs, WSGI entry point and the Celery app."""

# Loaded with Django, so that @shared_task binds to this app wherever a task is queued.
from ratsinfo.celery import app as celery_app

__all__ = ["celery_app"]
