"""Tasks of the documents app: the frozen PDF copy of a paper, and the public minutes, rendered on a worker.

`documents/receivers.py` queues it once a release or decision has committed. Rendering
grows a process (WeasyPrint), so it belongs on a worker whose processes are replaced
after `CELERY_WORKER_MAX_TASKS_PER_CHILD` tasks, not in a web process.
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
