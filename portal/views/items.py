"""The page of one agenda item (TOP): its paper, the text it decided, result, votes, minutes extract, files.

Who may see the item is `council.visibility` (`details_visible_to`): the public sees the
public items of published agendas; members of the organization and the council office also
the non-public ones (as on the meeting page). The decided text is the viewer's PaperView
(`resolutions.paper_view`) as it stood after this item's meeting, rendered by the shared
paper partials. Votes by name are shown for public items only: a namentliche Abstimmung in
a public session is public, one in a closed session is not.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render

from audit import records as audit
from council.models import AgendaItem, Meeting, Membership, Organization, Person, Vote
from lib import per_request
from portal.caching import Validators, conditional, fingerprint, latest_modified, public_validators
from portal.views.common import get_body
from resolutions.models import File, Paper
from resolutions.paper_view import paper_view
from resolutions.richtext import sanitize

R = AgendaItem.Result
# The heading of the text, by the item's result: what the text is after this item.
TEXT_HEADINGS = {
    R.ADOPTED: "Beschluss",
    R.ADOPTED_WITH_CHANGES: "Beschluss",
    R.RECOMMENDED: "Beschlussempfehlung",
}


@dataclass
class ItemPage:
    item: AgendaItem
    paper: Paper | None = None
    view: object = None  # the viewer's PaperView of the paper, where they may see it
    neighbours: list = field(default_factory=list)  # the items of the meeting the viewer sees, in order

    @property
    def text(self):
        return self.view.text_at(self.item.meeting) if self.view is not None else None

    @property
    def text_heading(self):
        return TEXT_HEADINGS.get(self.item.result, "Beschlussvorschlag")

    @property
    def previous(self):
        index = self._index()
        return self.neighbours[index - 1] if index > 0 else None

    @property
    def next(self):
        index = self._index()
        return self.neighbours[index + 1] if index + 1 < len(self.neighbours) else None

    def _index(self):
        return next(index for index, item in enumerate(self.neighbours) if item.pk == self.item.pk)


def _visible_items(user, body, meeting_pk):
    return AgendaItem.objects.details_visible_to(user).filter(body=body, meeting_id=meeting_pk)


def _item_page(request, body, meeting_pk, pk):
    """The item and what the viewer sees around it, found once per request (validator and view both need it)."""
    return per_request.once(request, "item_page", pk, lambda: _read_item_page(request.user, body, meeting_pk, pk))


def _read_item_page(viewer, body, meeting_pk, pk):
    """One query reads the items of the meeting the viewer may see (the neighbours), each with its
    paper and whether the viewer may see that paper."""
    neighbours = list(
        _visible_items(viewer, body, meeting_pk)
        .select_related(
            "meeting__organization",
            "meeting__location",
            "consultation__paper__paper_type",
            "consultation__paper__implementation",
        )
        .annotate(
            paper_visible=Exists(Paper.objects.visible_to(viewer).filter(consultations=OuterRef("consultation_id")))
        )
        .order_by("order")
    )
    item = next((neighbour for neighbour in neighbours if neighbour.pk == pk), None)
    if item is None:
        raise Http404
    page = ItemPage(item, neighbours=neighbours)
    if item.paper_visible:
        page.paper = item.consultation.paper
        page.view = paper_view(page.paper, viewer, files=False, related=False)
    return page


def _item_modified(request, body_slug, meeting_pk, pk):
    """Validators from what the anonymous visitor sees of the item, and nothing else."""
    body = get_body(request, body_slug)
    items = _visible_items(None, body, meeting_pk).filter(pk=pk)
    neighbours = _visible_items(None, body, meeting_pk)
    files = File.objects.visible_to(None).filter(agenda_item__in=items)
    votes = Vote.objects.filter(agenda_item__in=items.filter(public=True))
    voters = Person.objects.filter(votes__in=votes)
    validators = latest_modified(
        body,
        items,
        Meeting.objects.filter(pk=meeting_pk),
        neighbours,
        files,
        votes,
        voters,
        Membership.objects.filter(person__in=voters, organization__kind=Organization.Kind.FACTION),
        must_exist=True,
        # Removed neighbours, files and votes move no timestamp; the lists do.
        shape=[
            neighbours.order_by("order").values("pk"),
            files.order_by("pk").values("pk"),
            votes.order_by("pk").values("pk"),
        ],
    )
    page = _item_page(request, body, meeting_pk, pk)
    if page.view is None:
        return validators
    paper = public_validators(body, page.view)
    return Validators(max(validators.modified, paper.modified), fingerprint(validators.fingerprint, paper.fingerprint))


def named_votes(item):
    """The votes by name of a public item, each person with `faction`: the faction they sat in on the meeting day."""
    if not item.public:
        return []
    votes = list(item.named_votes.select_related("person").order_by("person__family_name", "person__given_name"))
    if not votes:
        return votes
    day = item.meeting.date
    factions = dict(
        Membership.objects.filter(
            person__in=[vote.person_id for vote in votes], organization__kind=Organization.Kind.FACTION
        )
        .on(day)
        .values_list("person_id", "organization__name")
    )
    for vote in votes:
        vote.faction = factions.get(vote.person_id, vote.person.party)
    return sorted(votes, key=lambda vote: vote.faction.casefold())


@conditional(_item_modified)
def agenda_item_detail(request, body_slug, meeting_pk, pk):
    body = get_body(request, body_slug)
    page = _item_page(request, body, meeting_pk, pk)
    item = page.item
    if page.paper is not None:
        audit.paper_seen(request, page.paper, public=page.view.paper_public)
    minutes_approved = item.meeting.minutes_state == Meeting.MinutesState.APPROVED
    return render(
        request,
        "portal/agenda_item_detail.html",
        {
            "body": body,
            "page": page,
            "item": item,
            "meeting": item.meeting,
            "view": page.view,
            "text": None if item.withdrawn else page.text,
            "named_votes": named_votes(item),
            "minutes_note": sanitize(item.minutes_note) if minutes_approved else "",
            "files": list(
                File.objects.visible_to(request.user).filter(agenda_item=item).order_by("kind", "name", "pk")
            ),
            "surface": "portal",
        },
    )
