"""Supplementary and amending papers (Ergänzungsvorlage, Änderungsvorlage).

Once a paper is released its text is fixed; what the administration has to add or change
comes as a new paper that names the original (`Paper.superordinate`, with the kind of link
in `Paper.subordination`). `create_subordinate` writes that new paper as a draft, the
way a clerk would start it: the original's Body, department, visibility and Beratungsfolge
(as a starting point), a title that names the original ("Ergänzung zu B-7311/2021: …"),
and the Body's paper type for it (the clerk may choose another in the draft). It then goes through sign-off and release like any
other paper (`resolutions.workflow`). OParl shows the link as `superordinatedPaper` and
`subordinatedPaper`.
"""

from django.db import transaction
from django.utils import timezone

from lib.history import save_as
from resolutions import permissions
from resolutions.models import Consultation, Paper, PaperType
from resolutions.workflow import NotAllowed, WrongState

Kind = Paper.Subordination

# Papers a supplement or an amendment can be written to: released, not (yet) withdrawn.
SUPERORDINATE_STATES = (Paper.State.RELEASED, Paper.State.IN_CONSULTATION, Paper.State.DECIDED)

# The words per kind: the title's prefix, the paper type a town usually has for it, the
# lines on both papers' pages, the button, the reason in the history.
TITLE_PREFIX = {Kind.SUPPLEMENT: "Ergänzung zu", Kind.AMENDMENT: "Änderung zu"}
TYPE_NAME = {Kind.SUPPLEMENT: "Ergänzungsvorlage", Kind.AMENDMENT: "Änderungsvorlage"}
# On the new paper's page ("Ergänzt B-7311/2021"), on the original's ("Ergänzt durch …").
# An imported link does not say its kind (OParl has only super- and subordinated papers).
NAMES_ORIGINAL = {Kind.SUPPLEMENT: "Ergänzt", Kind.AMENDMENT: "Ändert", "": "Gehört zu"}
NAMES_FOLLOW_UPS = {Kind.SUPPLEMENT: "Ergänzt durch", Kind.AMENDMENT: "Geändert durch", "": "Dazu gehört"}


def role_allows(user, original):
    """May the user write a new paper for the original's department? (The same rule as creating one.)

    Asked of an original the user sees in the back office (`permissions.office_papers`);
    `create_subordinate` checks that too.
    """
    return permissions.may_create(user) and permissions.may_write_for(user, original.body, original.under_direction_of)


def state_allows(original):
    return original.state in SUPERORDINATE_STATES


def may_create(user, original):
    return state_allows(original) and role_allows(user, original)


def suggested_type(original, kind):
    """The Body's "Ergänzungsvorlage" or "Änderungsvorlage" where it has one, else the original's type."""
    named = PaperType.objects.filter(body_id=original.body_id, name=TYPE_NAME[kind]).first()
    return named or original.paper_type


def title_for(original, kind):
    title = f"{TITLE_PREFIX[kind]} {original.reference}: {original.name}"
    max_length = Paper._meta.get_field("name").max_length
    return title if len(title) <= max_length else title[: max_length - 1] + "…"


@transaction.atomic
def create_subordinate(original, kind, *, by, paper_type=None, at=None):
    """A new draft that supplements or amends `original`, written by `by`; returns it.

    The paper type is `suggested_type` unless given; the clerk may change it in the draft
    like every other field. Refused with `NotAllowed` (403) when the user may not write
    papers of the original's department, with `WrongState` (409) when the original is not
    released (any more).
    """
    kind = Kind(kind)
    at = at or timezone.now()
    original = (
        permissions.office_papers(by)
        .select_for_update(of=("self",))
        .select_related("body", "under_direction_of", "paper_type")
        .filter(pk=original.pk)
        .first()
    )
    if original is None or not role_allows(by, original):
        raise NotAllowed("Sie dürfen für dieses Amt keine Vorlagen anlegen.")
    if not state_allows(original):
        raise WrongState(
            f"Zu einer Vorlage im Stand „{original.get_state_display()}“ kann keine {TYPE_NAME[kind]} angelegt werden."
        )
    paper_type = paper_type or suggested_type(original, kind)
    if paper_type.body_id != original.body_id:
        raise NotAllowed("Diese Vorlagenart gehört zu einer anderen Kommune.")
    paper = Paper(
        body=original.body,
        paper_type=paper_type,
        name=title_for(original, kind),
        under_direction_of=original.under_direction_of,
        originator=by,
        public=original.public,
        superordinate=original,
        subordination=kind,
        state=Paper.State.DRAFT,
    )
    save_as(paper, by, reason=f"Als {TYPE_NAME[kind]} zu {original.reference} angelegt", at=at)
    for step in original.consultations.order_by("position"):
        copy = Consultation(
            paper=paper, body=paper.body, organization_id=step.organization_id, role=step.role, position=step.position
        )
        save_as(copy, by, at=at)
    return paper
