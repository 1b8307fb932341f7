"""What one viewer sees of one paper: the one answer every paper page, document, feed and index uses.

`paper_view(paper, viewer)` reads the paper's Beratungsfolge with its agenda items, its
amendments, files, related papers, the paper it supplements or amends and its own
supplements and amendments, and the decision tracking, and keeps of them what
`viewer` may see (`council.visibility`); `viewer=None` is the public. Everything printed
about a paper is built from a PaperView: the portal's, the councillor area's and the back
office's paper page, the PDF, the frozen copies, feeds, OParl and the search index.

An amendment belongs to the agenda item in which it was made (its consultation in its
meeting). A viewer who may not see that item's details does not see the amendment
either, so a change made in a non-public session never reaches the public text. Likewise
the decision: when the item that decided the paper is hidden from the viewer, the paper
shows the proposal ("Beschlussvorschlag") and says that it was decided in a non-public
session, without the result.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, IntegerField, OuterRef, Prefetch, Value

from council.models import AgendaItem
from resolutions.amendments import AmendedText, amendments_of, apply_amendments
from resolutions.models import Amendment, Consultation, File, Implementation, Paper
from resolutions.richtext import sanitize
from resolutions.subordinates import NAMES_FOLLOW_UPS, NAMES_ORIGINAL

R = AgendaItem.Result
# Agenda item results that conclude a paper (see resolutions.workflow.follow_result).
CONCLUDING_RESULTS = (R.ADOPTED, R.ADOPTED_WITH_CHANGES, R.REJECTED, R.NOTED)

# The state of a paper in the words of a citizen; the back office keeps its own terms.
PUBLIC_STATE_LABELS = {
    Paper.State.RELEASED: "noch nicht beraten",
    Paper.State.IN_CONSULTATION: "in Beratung",
    Paper.State.WITHDRAWN: "zurückgezogen",
}
PUBLIC_RESULT_LABELS = {
    Paper.Result.ADOPTED: "beschlossen",
    Paper.Result.ADOPTED_WITH_CHANGES: "geändert beschlossen",
    Paper.Result.REJECTED: "abgelehnt",
    Paper.Result.NOTED: "zur Kenntnis genommen",
}
DECIDED_IN_PRIVATE = "in nichtöffentlicher Sitzung entschieden"


@dataclass
class PaperView:
    paper: Paper
    consultations: list
    text: AmendedText | None  # None from `paper_views(…, text=False)`
    # The viewer may know how the paper was decided (the deciding item, if any, is visible to them).
    decision_visible: bool
    deciding_item: AgendaItem | None
    files: list = field(default_factory=list)
    related_papers: list = field(default_factory=list)
    # The paper this one supplements or amends, and the papers that supplement or amend
    # it (`resolutions.subordinates`), as far as the viewer may see them; each carries
    # `state_label`.
    superordinate: Paper | None = None
    subordinates: list = field(default_factory=list)
    implementation: Implementation | None = None
    # Something in this view is not public: the response must not be stored by shared caches.
    holds_nonpublic: bool = False
    # Is the paper itself public? (Known without a query: True for the public's own view;
    # for a logged-in viewer `paper_view` asks once, with the files.)
    paper_public: bool = True
    # The Amendment records behind `text` (those the viewer may see), in order.
    amendments: list = field(default_factory=list)
    # The paper's steps (asked with `timeline=True`, for the back office), each with
    # `result_visible`: the result of a step taken in a meeting only where the viewer may
    # see that meeting's agenda item.
    timeline: list = field(default_factory=list)

    @property
    def decided(self):
        return self.paper.state == Paper.State.DECIDED

    @property
    def decided_in_private(self):
        """Decided, but in a session whose record this viewer may not see."""
        return self.decided and not self.decision_visible

    @property
    def text_heading(self):
        """ "Beschluss" once the viewer may see the decision, "Beschlussvorschlag" until then."""
        return "Beschluss" if self.decided and self.decision_visible else "Beschlussvorschlag"

    @property
    def result(self):
        """The paper's result as this viewer may know it ("" before a decision or when it is hidden)."""
        return self.paper.result if self.decided and self.decision_visible else ""

    @property
    def result_label(self):
        """The result in words ("geändert beschlossen"), or "" (see `result`)."""
        return Paper.Result(self.result).label if self.result else ""

    @property
    def public_state(self):
        """The state in plain words: "in Beratung", "beschlossen", "in nichtöffentlicher Sitzung entschieden" …"""
        if self.decided:
            return (
                PUBLIC_RESULT_LABELS.get(self.result, DECIDED_IN_PRIVATE)
                if self.decision_visible
                else (DECIDED_IN_PRIVATE)
            )
        return PUBLIC_STATE_LABELS.get(self.paper.state, self.paper.get_state_display())

    @property
    def decision_date(self):
        """The day of the meeting that decided the paper, where the viewer may know it."""
        if not (self.decided and self.decision_visible):
            return None
        return self.deciding_item.meeting.start if self.deciding_item else self.paper.decided_at

    @property
    def reasoning(self):
        return sanitize(self.paper.reasoning)

    def text_at(self, meeting):
        """The text as it stood after `meeting`, with the amendments this viewer sees that were
        made by then (the page of an agenda item shows what that item decided, not what a later
        consultation made of it)."""
        made_by_then = [amendment for amendment in self.amendments if made_by(amendment, meeting)]
        if len(made_by_then) == len(self.amendments):
            return self.text
        return apply_amendments(sanitize(self.paper.resolution_text), made_by_then)


def made_by(amendment, meeting):
    """Was the amendment made in `meeting` or in an earlier one?"""
    made_in = amendment.meeting or amendment.consultation.meeting
    return made_in is not None and (made_in.pk == meeting.pk or made_in.start < meeting.start)


def _consultations(paper, viewer):
    return list(_consultation_queryset(viewer).filter(paper=paper))


def _item_of(consultation, meeting_id):
    return next((item for item in consultation.items if item.meeting_id == meeting_id), None)


def _deciding_item(paper, consultations):
    """The latest agenda item that concluded the paper, if it is decided."""
    if paper.state != Paper.State.DECIDED:
        return None
    concluding = [
        item
        for consultation in consultations
        for item in consultation.items
        if item.result in CONCLUDING_RESULTS and (consultation.authoritative or item.result == R.NOTED)
    ]
    return max(concluding, key=lambda item: (item.meeting.start, item.order), default=None)


def visible_amendments(paper, consultations, amendments=None, *, flag="details_visible"):
    """The amendments made in agenda items whose details carry `flag` (the viewer may see them).

    An amendment whose agenda item cannot be found is not shown: what cannot be placed in a
    session cannot be shown to be public.
    """
    amendments = amendments_of(paper) if amendments is None else amendments
    by_consultation = {consultation.pk: consultation for consultation in consultations}
    shown = []
    for amendment in amendments:
        consultation = by_consultation.get(amendment.consultation_id)
        meeting_id = amendment.meeting_id or (consultation.meeting_id if consultation else None)
        item = _item_of(consultation, meeting_id) if consultation and meeting_id else None
        if item is not None and getattr(item, flag):
            shown.append(amendment)
    return shown


def paper_view(paper, viewer, *, files=True, related=True, timeline=False):
    """What `viewer` (None: the public) sees of `paper`, which the caller has found through
    `Paper.objects.visible_to(viewer)` (the paper itself is not checked again here)."""
    consultations = _consultations(paper, viewer)
    amendments = amendments_of(paper)
    view = _view(paper, consultations, amendments)
    if files:
        view.files = list(File.objects.visible_to(viewer).filter(paper=paper).order_by("kind", "name", "pk"))
    if related:
        _add_linked_papers(view, viewer)
    if view.decided and view.decision_visible:
        view.implementation = _implementation(paper)
    if timeline:
        view.timeline = _timeline(paper, consultations)
    if viewer is not None and viewer.is_authenticated:
        view.holds_nonpublic = _beyond_public(view, amendments, files)
    return view


# The state of a linked paper in one word or two, without building its own view: a
# decided paper is "entschieden", whatever the viewer may know of the result.
LINKED_STATE_LABELS = {
    **PUBLIC_STATE_LABELS,
    Paper.State.DRAFT: "Entwurf",
    Paper.State.IN_SIGNOFF: "in Mitzeichnung",
    Paper.State.DECIDED: "entschieden",
}


def _add_linked_papers(view, viewer):
    """The related papers, the original this paper supplements or amends and its own
    supplements and amendments, as far as the viewer may see them: in one query."""
    paper = view.paper
    links = Paper.related_papers.through.objects.filter(to_paper=paper.pk)
    # The linked papers' ids first (a UNION of index lookups), then their visibility: an OR of
    # these conditions checked every paper the viewer may see (0.1 s at 100 000 papers).
    linked = [
        links.order_by().values("from_paper_id"),
        Paper.objects.filter(superordinate=paper).order_by().values("pk"),
    ]
    if paper.superordinate_id:
        linked.append(Paper.objects.filter(pk=paper.superordinate_id).order_by().values("pk"))
    found = list(
        Paper.objects.visible_to(viewer)
        .filter(pk__in=linked[0].union(*linked[1:]))
        .annotate(is_related=Exists(links.filter(from_paper=OuterRef("pk"))))
        .select_related("paper_type")
        .order_by("reference", "pk")
    )
    view.related_papers = [other for other in found if other.is_related]
    for other in found:
        other.state_label = LINKED_STATE_LABELS[other.state]
        if other.pk == paper.superordinate_id:
            other.link_label = NAMES_ORIGINAL[paper.subordination]
            view.superordinate = other
        elif other.superordinate_id == paper.pk:
            other.link_label = NAMES_FOLLOW_UPS[other.subordination]
            view.subordinates.append(other)
    # Supplements before amendments, each in the order they were written (the template groups them).
    view.subordinates.sort(key=lambda other: (other.subordination, other.pk))


def _implementation(paper):
    """The decision tracking (no query where the caller selected it with the paper)."""
    try:
        return paper.implementation
    except Implementation.DoesNotExist:
        return None


def _timeline(paper, consultations):
    by_consultation = {consultation.pk: consultation for consultation in consultations}
    steps = list(paper.transitions.select_related("by", "meeting__organization").order_by("at", "id"))
    for step in steps:
        consultation = by_consultation.get(step.consultation_id)
        item = _item_of(consultation, step.meeting_id) if consultation and step.meeting_id else None
        # A step without a meeting (submit, sign, release …) is the back office's own record.
        step.result_visible = step.meeting_id is None or (item is not None and item.details_visible)
    return steps


def _beyond_public(view, amendments, files):
    """Does the view hold anything the public would not see? (Only asked for logged-in viewers.)"""
    paper = view.paper
    # One query, on every database: -1 when the paper is public, and the ids of its public files.
    public_files = {
        pk
        for (pk,) in Paper.objects.visible_to(None)
        .filter(pk=paper.pk)
        .annotate(marker=Value(-1, output_field=IntegerField()))
        .order_by()
        .values_list("marker")
        .union(File.objects.visible_to(None).filter(paper=paper).order_by().values_list("pk"), all=True)
    }
    view.paper_public = -1 in public_files
    if not view.paper_public:
        return True
    if _items_beyond_public(view, amendments):
        return True
    return bool(files) and any(file.pk not in public_files for file in view.files)


# --- Many papers at once -------------------------------------------------------------------


def _consultation_queryset(viewer):
    """Consultations with the agenda items the viewer may know of, each flagged `details_visible` (for the
    viewer) and `public_details`: an item on a draft agenda is no "nichtöffentlich" item for the public,
    it is not on any agenda yet."""
    items = (
        AgendaItem.objects.listed_to(viewer)
        .with_details_flag(viewer)
        .with_details_flag(None, name="public_details")
        .select_related("meeting__organization")
        .order_by("meeting__start", "order")
    )
    return (
        Consultation.objects.select_related("organization", "meeting", "target_meeting")
        .prefetch_related(Prefetch("agenda_items", queryset=items, to_attr="items"))
        .order_by("position")
    )


def paper_views(papers, viewer, *, text=True):
    """What `viewer` (None: the public) sees of each of `papers`, in a fixed number of queries.

    For documents and lists of many papers (the feeds, the Sitzungsmappe): returns
    {paper pk: PaperView}, each as `paper_view(paper, viewer, files=False, related=False)`
    gives it, without the decision tracking (`implementation`). The caller found the papers
    through `Paper.objects.visible_to(viewer)`. `holds_nonpublic` does not look at files here:
    a caller that shows files asks `File.objects.visible_to` about them.

    Without `text`, for a list that shows each paper's state and decision but not its text:
    the views have no `text` and no `amendments` (no query for them, no text is built), and
    `holds_nonpublic` is not worked out (such a list is the viewer's own page anyway).
    """
    papers = list(papers)
    if not papers:
        return {}
    pks = [paper.pk for paper in papers]
    consultations, amendments = {}, {}
    for consultation in _consultation_queryset(viewer).filter(paper__in=pks):
        consultations.setdefault(consultation.paper_id, []).append(consultation)
    if not text:
        return {paper.pk: _view(paper, consultations.get(paper.pk, [])) for paper in papers}
    for amendment in (
        Amendment.objects.filter(consultation__paper__in=pks)
        .select_related("consultation__organization", "consultation__meeting", "meeting")
        .order_by("consultation__position", "position", "id")
    ):
        amendments.setdefault(amendment.consultation.paper_id, []).append(amendment)
    insider = viewer is not None and viewer.is_authenticated
    public_ids = set(Paper.objects.visible_to(None).filter(pk__in=pks).values_list("pk", flat=True)) if insider else ()
    views = {}
    for paper in papers:
        paper_amendments = amendments.get(paper.pk, [])
        view = _view(paper, consultations.get(paper.pk, []), paper_amendments)
        if insider:
            view.holds_nonpublic = paper.pk not in public_ids or _items_beyond_public(view, paper_amendments)
        views[paper.pk] = view
    return views


def _view(paper, consultations, amendments=None):
    """The view of `paper` from its consultations (as the viewer knows them) and, unless None, its
    amendments: the text with those the viewer sees. Without amendments, no text (a list's view)."""
    deciding = _deciding_item(paper, consultations)
    view = PaperView(
        paper=paper,
        consultations=consultations,
        text=None,
        # No agenda item records the decision (an imported paper): nothing says it was secret.
        decision_visible=deciding is None or deciding.details_visible,
        deciding_item=deciding,
    )
    if amendments is not None:
        view.amendments = visible_amendments(paper, consultations, amendments)
        view.text = apply_amendments(sanitize(paper.resolution_text), view.amendments)
    return view


def _items_beyond_public(view, amendments):
    """Does the view show an agenda item, or an amendment made in one, that the public would not see?"""
    items = [item for consultation in view.consultations for item in consultation.items]
    if any(item.details_visible and not item.public_details for item in items):
        return True
    public_amendments = visible_amendments(view.paper, view.consultations, amendments, flag="public_details")
    return len(public_amendments) != len(view.text.footnotes)
