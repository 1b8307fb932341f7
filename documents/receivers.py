"""Frozen copies: when a paper is released and when it is decided, its PDF is stored as a File;
when a meeting's minutes are approved, their public PDF is (the meeting's File of kind MINUTES).

The copy is queued (`documents.tasks.freeze_paper_pdf`) after the workflow's transaction
commits, so it shows the committed paper, and neither a failing render nor an unreachable
broker ever undoes a release or a decision (it is logged).
"""

from django.db import transaction
from django.dispatch import receiver

from resolutions.signals import minutes_approved, paper_decided, paper_released


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
