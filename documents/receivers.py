"""Frozen copies and stored Sitzungsmappen follow the domain's changes, after the commit.

- When a meeting's minutes are approved, their public PDF is stored as the meeting's File of
  kind MINUTES (`documents.tasks.freeze_minutes_pdf`).
- When a paper is released and when it is decided, its PDF is stored as a File
  (`documents.tasks.freeze_paper_pdf`).
- When a meeting's invitation (or a Nachtrag) is published, its public bundle is built;
  after any write in a Body, the Body's stored public bundles are checked and the stale
  ones built again (`documents.tasks.refresh_public_bundles`), once for all the writes of
  REFRESH_DELAY seconds. Only with a broker: without one, a task would render inline in
  the request that wrote, so the first download builds the copy instead.
- A stored bundle's file is deleted with its row.

Tasks are queued after the transaction commits, so they see the committed records, and
neither a failing render nor an unreachable broker ever undoes the write (it is logged).
"""

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from resolutions.signals import invitation_published, minutes_approved, paper_decided, paper_released


def _freeze_after_commit(paper, by):
    from documents.tasks import freeze_paper_pdf

    paper_id, by_id = paper.pk, by.pk if by is not None else None
    transaction.on_commit(lambda: freeze_paper_pdf.delay(paper_id, by_id), robust=True)


@receiver(paper_released, dispatch_uid="documents.freeze_released_paper")
def freeze_released_paper(sender, paper, by=None, **kwargs):
    _freeze_after_commit(paper, by)


@receiver(paper_decided, dispatch_uid="documents.freeze_decided_paper")
def freeze_decided_paper(sender, paper, by=None, **kwargs):
    _freeze_after_commit(paper, by)


@receiver(minutes_approved, dispatch_uid="documents.freeze_approved_minutes")
def freeze_approved_minutes(sender, meeting, by=None, **kwargs):
    from documents.tasks import freeze_minutes_pdf

    meeting_id, by_id = meeting.pk, by.pk if by is not None else None
    transaction.on_commit(lambda: freeze_minutes_pdf.delay(meeting_id, by_id), robust=True)


def _workers_build():
    """Bundles are warmed only where a worker builds them (a broker is configured, tasks are not run inline)."""
    from documents.tasks import build_bundle

    return not build_bundle.app.conf.task_always_eager


@receiver(invitation_published, dispatch_uid="documents.build_published_bundle")
def build_published_bundle(sender, meeting, **kwargs):
    if not _workers_build():
        return
    from documents.tasks import build_bundle

    meeting_id = meeting.pk
    transaction.on_commit(lambda: build_bundle.delay(meeting_id), robust=True)


def _refresh_body(body_id):
    """Check the Body's public bundles REFRESH_DELAY seconds from now, unless that is planned already."""
    from documents.bundles import REFRESH_DELAY
    from documents.tasks import refresh_public_bundles

    if cache.add(f"bundles:refresh:{body_id}", True, timeout=REFRESH_DELAY):
        refresh_public_bundles.apply_async((body_id,), countdown=REFRESH_DELAY)


def _body_changed(sender, instance, **kwargs):
    body_id = instance.pk if sender._meta.label == "council.Body" else getattr(instance, "body_id", None)
    if body_id is not None and _workers_build():
        transaction.on_commit(lambda: _refresh_body(body_id), robust=True)


def connect():
    """Every model of the domain that belongs to a Body (or is one): what a bundle is made of."""
    for label in ("council", "resolutions"):
        for model in apps.get_app_config(label).get_models():
            names = {field.name for field in model._meta.concrete_fields}
            if "history_id" in names or not (model._meta.label == "council.Body" or "body" in names):
                continue
            uid = f"documents-bundles-{model._meta.label}"
            post_save.connect(_body_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_body_changed, sender=model, dispatch_uid=f"{uid}-delete")


@receiver(post_delete, sender="documents.StoredBundle", dispatch_uid="documents.delete_bundle_file")
def delete_bundle_file(sender, instance, **kwargs):
    """No file outlives its stored bundle (replaced files are deleted by `documents.bundles.build`)."""
    if instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
