"""The rules of resolutions.workflow: who may do which transition in which state, and what it records."""

import pytest
from django.core import mail

from resolutions import workflow
from resolutions.models import Paper, SignOff, Transition
from resolutions.signals import paper_released
from tests import factories as f
from tests.office.conftest import draft

pytestmark = pytest.mark.django_db


def states(paper):
    return [(s.role, s.state) for s in paper.signoffs.order_by("position", "id")]


def test_submit_creates_the_three_signoff_steps_in_order_and_mails_the_head_of_department(
    town, django_capture_on_commit_callbacks
):
    paper = draft(town)
    with django_capture_on_commit_callbacks(execute=True):
        paper = workflow.submit(paper, by=town.clerk)
    assert paper.state == Paper.State.IN_SIGNOFF
    assert states(paper) == [("head_of_department", "pending"), ("treasurer", "pending"), ("mayor", "pending")]
    assert [m.to for m in mail.outbox] == [["head@example.org"]]
    assert "wartet auf Ihre Mitzeichnung" in mail.outbox[0].subject
    transition = Transition.objects.get(paper=paper)
    assert (transition.action, transition.by, transition.from_state, transition.to_state) == (
        "submit",
        town.clerk,
        "draft",
        "in_signoff",
    )


def test_signers_sign_in_order_and_each_next_signer_is_mailed(town, django_capture_on_commit_callbacks):
    f.user(town.stranger_body, "treasurer", email="treasurer@anderswo.example")
    paper = workflow.submit(draft(town), by=town.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign(paper, by=town.head, comment="Fachlich geprüft.")
    assert mail.outbox[-1].to == ["treasurer@example.org"]
    with pytest.raises(workflow.WrongState):
        workflow.sign(paper, by=town.mayor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign(paper, by=town.treasurer)
    assert mail.outbox[-1].to == ["mayor@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign(paper, by=town.mayor)
    assert mail.outbox[-1].to == ["clerk@example.org"]
    assert "kann freigegeben werden" in mail.outbox[-1].subject
    assert states(paper) == [("head_of_department", "signed"), ("treasurer", "signed"), ("mayor", "signed")]
    signed = paper.signoffs.get(role="head_of_department")
    assert (signed.signed_by, signed.comment) == (town.head, "Fachlich geprüft.")


def test_return_voids_the_signatures_so_far_and_sends_the_paper_back_to_the_author(
    town, django_capture_on_commit_callbacks
):
    paper = workflow.submit(draft(town), by=town.clerk)
    workflow.sign(paper, by=town.head)
    with django_capture_on_commit_callbacks(execute=True):
        paper = workflow.return_to_draft(paper, by=town.treasurer, comment="Haushaltsstelle fehlt.")
    assert paper.state == Paper.State.DRAFT
    assert states(paper) == [("head_of_department", "void"), ("treasurer", "returned"), ("mayor", "void")]
    assert mail.outbox[-1].to == ["clerk@example.org"]
    assert "Haushaltsstelle fehlt." in mail.outbox[-1].body
    assert paper.transitions.last().comment == "Haushaltsstelle fehlt."
    # A second round starts with fresh steps; the void ones stay as a record.
    paper = workflow.submit(paper, by=town.clerk)
    assert paper.signoffs.filter(state=SignOff.State.PENDING).count() == 3
    assert paper.signoffs.filter(state=SignOff.State.VOID).count() == 2


def test_return_without_a_comment_is_refused(town):
    paper = workflow.submit(draft(town), by=town.clerk)
    with pytest.raises(workflow.WrongState, match="begründen"):
        workflow.return_to_draft(paper, by=town.head, comment="  ")
    paper.refresh_from_db()
    assert paper.state == Paper.State.IN_SIGNOFF


def test_release_gives_the_reference_sends_the_signal_and_tells_the_council_office(
    town, django_capture_on_commit_callbacks
):
    paper = workflow.submit(draft(town), by=town.clerk)
    for signer in (town.head, town.treasurer, town.mayor):
        workflow.sign(paper, by=signer)
    received = []

    def receiver(sender, paper, by, **kwargs):
        received.append((paper.reference, by))

    paper_released.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            paper = workflow.release(paper, by=town.clerk)
    finally:
        paper_released.disconnect(receiver)
    year = paper.released_at.year
    assert paper.reference == f"B-1/{year}"
    assert paper.state == Paper.State.RELEASED
    assert received == [(f"B-1/{year}", town.clerk)]
    assert mail.outbox[-1].to == ["office@example.org"]


def test_release_before_every_step_has_signed_is_a_wrong_state(town):
    paper = workflow.submit(draft(town), by=town.clerk)
    workflow.sign(paper, by=town.head)
    with pytest.raises(workflow.WrongState):
        workflow.release(paper, by=town.clerk)
    paper.refresh_from_db()
    assert paper.reference is None


def test_roles_that_may_not_act_get_not_allowed_and_nothing_changes(town):
    paper = draft(town)
    for user in (town.other_clerk, town.councillor, town.treasurer, town.stranger):
        with pytest.raises(workflow.NotAllowed):
            workflow.submit(paper, by=user)
    paper = workflow.submit(paper, by=town.clerk)
    for user in (town.clerk, town.other_head, town.office, town.admin):
        with pytest.raises(workflow.NotAllowed):
            workflow.sign(paper, by=user)
    assert paper.signoffs.filter(state=SignOff.State.PENDING).count() == 3
    assert paper.transitions.count() == 1


def test_submit_of_an_incomplete_draft_names_what_is_missing(town):
    paper = f.paper(
        town.body,
        state=Paper.State.DRAFT,
        paper_type=town.beschlussvorlage,
        under_direction_of=town.department,
        resolution_text="",
    )
    with pytest.raises(workflow.WrongState) as refused:
        workflow.submit(paper, by=town.clerk)
    assert "Beschlusstext fehlt" in refused.value.message
    assert "Beratungsfolge ist leer" in refused.value.message


def test_withdraw_only_after_release_and_keeps_the_reference(town):
    paper = draft(town)
    with pytest.raises(workflow.WrongState):
        workflow.withdraw(paper, by=town.clerk)
    released = f.paper(town.body, state=Paper.State.RELEASED, under_direction_of=town.department)
    withdrawn = workflow.withdraw(released, by=town.mayor, comment="Erledigt sich.")
    assert withdrawn.state == Paper.State.WITHDRAWN
    assert withdrawn.reference == released.reference
    with pytest.raises(workflow.NotAllowed):
        workflow.withdraw(f.paper(town.body, under_direction_of=town.department), by=town.treasurer)


def test_steps_go_into_the_timeline_and_a_signature_is_no_new_version_of_the_paper(town):
    paper = workflow.submit(draft(town), by=town.clerk)
    workflow.sign(paper, by=town.head, comment="Passt.")
    assert [(t.action, t.by, t.from_state, t.to_state, t.step) for t in paper.transitions.all()] == [
        ("submit", town.clerk, "draft", "in_signoff", ""),
        ("sign", town.head, "in_signoff", "in_signoff", "head_of_department"),
    ]
    versions = paper.history.order_by("-history_id")
    assert [(record.history_user, record.history_change_reason, record.version) for record in versions[:1]] == [
        (town.clerk, "Zur Mitzeichnung eingereicht", 1),
    ]
    assert Paper.objects.get(pk=paper.pk).version == 1
    signed = paper.signoffs.get(role="head_of_department").history.order_by("-history_id").first()
    assert (signed.history_user, signed.state, signed.comment) == (town.head, "signed", "Passt.")


def test_a_paper_returned_once_can_be_signed_again_and_released(town):
    paper = workflow.submit(draft(town), by=town.clerk)
    workflow.sign(paper, by=town.head)
    workflow.return_to_draft(paper, by=town.treasurer, comment="Haushaltsstelle fehlt.")
    paper = workflow.submit(paper, by=town.clerk)
    for signer in (town.head, town.treasurer, town.mayor):
        workflow.sign(paper, by=signer)
    paper = workflow.release(paper, by=town.clerk)
    assert paper.state == Paper.State.RELEASED
    assert paper.reference == f"B-1/{paper.released_at.year}"
