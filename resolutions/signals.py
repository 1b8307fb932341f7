"""Domain events other apps react to, so that the app that changes state need not know who listens.

- paper_transitioned(sender=Paper, paper, transition): any step of the lifecycle
  (`resolutions.workflow`); `transition` is the timeline entry just written.
- paper_released(sender=Paper, paper, by): a paper got its reference.
- paper_decided(sender=Paper, paper, by): the paper was decided or taken note of.
- invitation_published(sender=Meeting, meeting, by, supplement): the invitation of a
  meeting was published (supplement=True for a later Nachtrag).
- minutes_approved(sender=Meeting, meeting, by): the minutes of a meeting were approved
  (and frozen) in a later meeting.

Receivers run inside the sender's transaction; slow work (PDFs, mail) should use
transaction.on_commit.
"""

from django.dispatch import Signal

paper_transitioned = Signal()
paper_released = Signal()
paper_decided = Signal()
invitation_published = Signal()
minutes_approved = Signal()
