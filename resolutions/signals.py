"""Domain events other apps react to, so that the app that changes state need not know who listens.

- paper_released(sender=Paper, paper, by): a paper got its reference (workflow).
- paper_decided(sender=Paper, paper, by): the deciding consultation recorded its result.
- invitation_published(sender=Meeting, meeting, by, supplement): the invitation of a
  meeting was published (supplement=True for a later Nachtrag).

Receivers run inside the sender's transaction; slow work (PDFs, mail) should use
transaction.on_commit.
"""

from django.dispatch import Signal

paper_released = Signal()
paper_decided = Signal()
invitation_published = Signal()
