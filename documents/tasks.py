"""Tasks of the documents app: the frozen PDF copy of a paper, the public minutes and the Sitzungsmappe,
rendered on a worker.

`documents/receivers.py` queues them once a release, a decision, a publication or any other
write has committed. Rendering grows a process (WeasyPrint), so it belongs on a worker
whose processes are replaced after `CELERY_WORKER_MAX_TASKS_PER_CHILD` tasks, not in a
web process.
"""

from celery import shared_task


@shared_task
def freeze_paper_pdf(paper_id, by_id=None):
    """Store the paper's PDF as it is when the worker gets to it (once per version and state)."""
    from accounts.models import User
    from documents import pdf
    from resolutions.models import Paper

    paper = Paper.objects.filter(pk=paper_id).first()
    if paper is None:  # deleted before the worker got to it: nothing to keep
        return
    by = User.objects.filter(pk=by_id).first() if by_id is not None else None
    pdf.freeze_paper_pdf(paper, by=by)


@shared_task
def freeze_minutes_pdf(meeting_id, by_id=None):
    """Store the public PDF of a meeting's approved minutes (see `documents.pdf.freeze_minutes_pdf`)."""
    from accounts.models import User
    from council.models import Meeting
    from documents import pdf

    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return
    by = User.objects.filter(pk=by_id).first() if by_id is not None else None
    pdf.freeze_minutes_pdf(meeting, by=by)


@shared_task
def build_bundle(meeting_id, recipient_id=None):
    """Build the meeting's Sitzungsmappe for the recipient (None: the public copy), unless the stored one is fresh."""
    from accounts.models import User
    from council.models import Meeting
    from documents import bundles

    meeting = Meeting.objects.select_related("organization", "location", "body").filter(pk=meeting_id).first()
    if meeting is None:
        return
    if recipient_id is None:
        if bundles.public_copy_wanted(meeting):
            bundles.build(meeting, None)
        return
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    # Only for who may still see the meeting: the copy is made as they see it.
    if recipient is not None and Meeting.objects.visible_to(recipient).filter(pk=meeting_id).exists():
        bundles.build(meeting, recipient)


@shared_task
def refresh_public_bundles(body_id):
    """Build again the Body's stale public copies (queued, gathered, after writes in the Body)."""
    from documents import bundles

    bundles.refresh_public_copies(body_id)


@shared_task
def prune_bundles(days=None):
    """Delete stored copies of past meetings and copies nobody asked for (daily, CELERY_BEAT_SCHEDULE)."""
    from django.conf import settings

    from documents import bundles

    bundles.prune(days if days is not None else settings.BUNDLE_KEEP_DAYS)
