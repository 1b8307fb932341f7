"""Keep the search index (`portal.search_index`) in step with its sources.

Each change schedules the rows it may alter; they are rebuilt from the public view after
the transaction commits. A change of visibility (a paper withdrawn or marked non-public,
an agenda item made non-public, a membership ended) refreshes the same rows, and a row of
something no longer public is removed. Receivers run no query: rows named only indirectly
(the paper of a consultation, the items of a meeting) are looked up after commit.
"""

from django.db.models.signals import post_delete, post_save

from council.models import AgendaItem, Location, Meeting, Membership, Organization, Person
from portal.search_index import (
    RELATED_CONSULTATION,
    RELATED_LOCATION,
    RELATED_MEETING,
    RELATED_ORGANIZATION,
    Kind,
    schedule,
)
from resolutions import signals
from resolutions.models import Amendment, Consultation, File, Paper


def _paper(sender, instance, **kwargs):
    schedule(Kind.PAPER, instance.pk)


def _consultation(sender, instance, **kwargs):
    schedule(Kind.PAPER, instance.paper_id)


def _amendment(sender, instance, **kwargs):
    # An amendment changes the public text of its paper when its agenda item is public.
    schedule(RELATED_CONSULTATION, instance.consultation_id)


def _file(sender, instance, **kwargs):
    if instance.paper_id:
        schedule(Kind.PAPER, instance.paper_id)
    elif instance.agenda_item_id:
        schedule(Kind.AGENDA_ITEM, instance.agenda_item_id)
    elif instance.meeting_id:
        schedule(Kind.MEETING, instance.meeting_id)


def _agenda_item(sender, instance, **kwargs):
    schedule(Kind.AGENDA_ITEM, instance.pk)
    # Whether the item is public decides which amendments and which decision the public sees.
    schedule(RELATED_CONSULTATION, instance.consultation_id)


def _meeting(sender, instance, **kwargs):
    schedule(Kind.MEETING, instance.pk)
    if kwargs.get("created") is False:
        schedule(RELATED_MEETING, instance.pk)


def _person(sender, instance, **kwargs):
    schedule(Kind.PERSON, instance.pk)


def _membership(sender, instance, **kwargs):
    schedule(Kind.PERSON, instance.person_id)


def _organization(sender, instance, created, **kwargs):
    if not created:
        schedule(RELATED_ORGANIZATION, instance.pk)


def _location(sender, instance, created, **kwargs):
    if not created:
        schedule(RELATED_LOCATION, instance.pk)


def _paper_event(sender, paper, **kwargs):
    schedule(Kind.PAPER, paper.pk)


def connect():
    for event, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_paper, sender=Paper, dispatch_uid=f"search-paper-{event}")
        signal.connect(_consultation, sender=Consultation, dispatch_uid=f"search-consultation-{event}")
        signal.connect(_amendment, sender=Amendment, dispatch_uid=f"search-amendment-{event}")
        signal.connect(_file, sender=File, dispatch_uid=f"search-file-{event}")
        signal.connect(_agenda_item, sender=AgendaItem, dispatch_uid=f"search-item-{event}")
        signal.connect(_meeting, sender=Meeting, dispatch_uid=f"search-meeting-{event}")
        signal.connect(_person, sender=Person, dispatch_uid=f"search-person-{event}")
        signal.connect(_membership, sender=Membership, dispatch_uid=f"search-membership-{event}")
    post_save.connect(_organization, sender=Organization, dispatch_uid="search-organization")
    post_save.connect(_location, sender=Location, dispatch_uid="search-location")
    # Every step of the lifecycle (release and decision too) sends paper_transitioned.
    signals.paper_transitioned.connect(_paper_event, sender=Paper, dispatch_uid="search-paper-transitioned")
    # invitation_published needs no receiver: publishing saves the meeting, and what the index
    # holds of a meeting and its items does not depend on the invitation.
