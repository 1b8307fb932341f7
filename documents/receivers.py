"""Frozen copies: when a paper is released and when it is decided, its PDF is stored as a File.

The copy is made after the workflow's transaction commits, so it shows the committed
paper, and a failing render never undoes a release or a decision (it is logged).
"""

from django.db import transaction
from django.dispatch import receiver

from resolutions.signals import paper_decided, paper_released


def _freeze_after_commit(paper, by):
    # Imported here: WeasyPrint is heavy, and only a release or decision needs it.
    from documents.pdf import freeze_paper_pdf

    transaction.on_commit(lambda: freeze_paper_pdf(paper, by=by), robust=True)


@receiver(paper_released, dispatch_uid="documents.freeze_released_paper")
def freeze_released_paper(sender, paper, by=None, **kwargs):
    _freeze_after_commit(paper, by)


@receiver(paper_decided, dispatch_uid="documents.freeze_decided_paper")
def freeze_decided_paper(sender, paper, by=None, **kwargs):
    _freeze_after_commit(paper, by)
