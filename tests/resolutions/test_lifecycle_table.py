"""The lifecycle's table, cell by cell: every state × every step × every role.

The expectation below is written out by hand, independently of `resolutions.workflow`,
so a change of who may do what shows up here as a failing cell.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from resolutions import workflow
from resolutions.models import Consultation, Paper, Transition
from tests import factories as f
from tests.office.conftest import draft

pytestmark = pytest.mark.django_db

A = Transition.Action
AUTHORS = {"clerk", "head", "office", "admin"}
OFFICE = {"office", "admin"}
ROLES = ["clerk", "other_clerk", "head", "other_head", "treasurer", "mayor", "office", "councillor", "admin",
         "stranger", "anonymous"]  # fmt: skip

# (state of the paper, step) -> the roles that may take the step; every other cell is refused.
# "in_signoff" is the head of department's turn; "in_signoff_signed" has every signature.
ALLOWED = {
    ("draft", A.SUBMIT): AUTHORS,
    ("in_signoff", A.SIGN): {"head"},
    ("in_signoff", A.RETURN): {"head"},
    ("in_signoff_signed", A.RELEASE): AUTHORS,
    ("released", A.SCHEDULE): OFFICE,
    ("in_consultation", A.SCHEDULE): OFFICE,
    ("in_consultation", A.UNSCHEDULE): OFFICE,
    ("withdrawn", A.UNSCHEDULE): OFFICE,
    ("in_consultation", A.DEFER): OFFICE,
    ("in_consultation", A.DECIDE): OFFICE,
    ("decided", A.DECIDE): OFFICE,
    ("in_consultation", A.TAKE_NOTE): OFFICE,
    ("released", A.WITHDRAW): AUTHORS | {"mayor"},
    ("in_consultation", A.WITHDRAW): AUTHORS | {"mayor"},
}
STATES = ["draft", "in_signoff", "in_signoff_signed", "released", "in_consultation", "decided", "withdrawn"]


def paper_in(town, state):
    if state in ("draft", "in_signoff", "in_signoff_signed"):
        paper = draft(town)
        if state != "draft":
            paper = workflow.submit(paper, by=town.clerk)
        if state == "in_signoff_signed":
            for signer in (town.head, town.treasurer, town.mayor):
                paper = workflow.sign(paper, by=signer)
        return Paper.objects.get(pk=paper.pk)
    paper = f.paper(town.body, state=state, under_direction_of=town.department)
    f.consultation(paper, town.council)
    return paper


def user(town, role):
    return AnonymousUser() if role == "anonymous" else town.users()[role]


def test_every_cell_of_the_table_answers_as_written(town):
    wrong = []
    for state in STATES:
        paper = paper_in(town, state)
        for action in A.values:
            for role in ROLES:
                expected = role in ALLOWED.get((state, action), set())
                if workflow.may(user(town, role), action, paper) != expected:
                    wrong.append((state, action, role, expected))
    assert wrong == []


def test_the_table_names_every_step_of_a_paper():
    assert set(workflow.LIFECYCLE) == set(A.values)
    for step in workflow.LIFECYCLE.values():
        assert step.target in Paper.State.values and set(step.sources) <= set(Paper.State.values)


def test_a_refused_role_is_not_allowed_and_a_refused_state_is_the_wrong_state(town):
    released = paper_in(town, "released")
    with pytest.raises(workflow.NotAllowed):
        workflow.withdraw(released, by=town.treasurer)
    with pytest.raises(workflow.WrongState):
        workflow.submit(released, by=town.clerk)
    with pytest.raises(workflow.NotAllowed):
        workflow.schedule(released.consultations.get(), f.meeting(town.council), by=town.clerk)
    assert Paper.objects.get(pk=released.pk).state == "released" and not released.transitions.exists()


# --- The council office's steps, through their functions -----------------------------------


def meeting_of(town, day=1):
    return f.meeting(town.council, start=dt.datetime(2026, 6, day, 18, 0, tzinfo=f.TZ))


def test_schedule_puts_the_consultation_on_the_meeting_and_the_paper_into_consultation(town):
    paper = paper_in(town, "released")
    consultation = paper.consultations.get()
    meeting = meeting_of(town)
    paper = workflow.schedule(consultation, meeting, by=town.office)
    consultation.refresh_from_db()
    assert (paper.state, consultation.meeting) == ("in_consultation", meeting)
    step = paper.transitions.get()
    assert (step.action, step.by, step.meeting, step.consultation, step.from_state, step.to_state) == (
        "schedule", town.office, meeting, consultation, "released", "in_consultation",
    )  # fmt: skip
    assert Paper.objects.get(pk=paper.pk).version == 1


def test_schedule_refuses_a_consultation_of_another_organization_or_one_already_on_an_agenda(town):
    paper = paper_in(town, "released")
    consultation = paper.consultations.get()
    with pytest.raises(workflow.WrongState, match="sieht .* nicht vor"):
        workflow.schedule(consultation, f.meeting(town.committee), by=town.office)
    workflow.schedule(consultation, meeting_of(town), by=town.office)
    with pytest.raises(workflow.WrongState, match="bereits auf der Tagesordnung"):
        workflow.schedule(consultation, meeting_of(town, 2), by=town.office)


def test_unschedule_releases_a_paper_that_no_other_agenda_holds(town):
    paper = paper_in(town, "released")
    consultation = paper.consultations.get()
    workflow.schedule(consultation, meeting_of(town), by=town.office)
    paper = workflow.unschedule(consultation, by=town.office, comment="Sitzung abgesagt: Krankheit")
    assert paper.state == "released"
    step = paper.transitions.order_by("id").last()
    assert (step.action, step.to_state, step.comment) == ("unschedule", "released", "Sitzung abgesagt: Krankheit")


def test_defer_keeps_the_paper_in_consultation_and_frees_the_consultation(town):
    paper = paper_in(town, "released")
    consultation = paper.consultations.get()
    meeting = meeting_of(town)
    workflow.schedule(consultation, meeting, by=town.office)
    paper = workflow.defer(consultation, meeting, by=town.office)
    consultation.refresh_from_db()
    assert (paper.state, consultation.meeting) == ("in_consultation", None)
    assert paper.transitions.order_by("id").last().meeting == meeting


def test_decide_dates_the_decision_on_the_meeting_not_on_the_day_it_was_recorded(town):
    paper = paper_in(town, "released")
    consultation = paper.consultations.get()
    meeting = meeting_of(town)
    workflow.schedule(consultation, meeting, by=town.office)
    recorded = dt.datetime(2026, 8, 14, 9, 0, tzinfo=f.TZ)
    paper = workflow.decide(consultation, meeting, Paper.Result.ADOPTED, by=town.office, at=recorded)
    paper.refresh_from_db()
    assert (paper.state, paper.result, paper.decided_at) == ("decided", "adopted", meeting.start)
    step = paper.transitions.order_by("id").last()
    assert (step.action, step.at, step.meeting, step.result) == ("decide", recorded, meeting, "adopted")
    assert paper.implementation.status == "open"


def test_deciding_again_with_the_same_result_writes_nothing_and_another_result_corrects_it(town):
    paper = paper_in(town, "in_consultation")
    consultation = paper.consultations.get()
    meeting = meeting_of(town)
    workflow.decide(consultation, meeting, Paper.Result.ADOPTED, by=town.office)
    workflow.decide(consultation, meeting, Paper.Result.ADOPTED, by=town.office)
    assert paper.transitions.count() == 1
    paper = workflow.decide(consultation, meeting, Paper.Result.REJECTED, by=town.office)
    assert (paper.result, paper.transitions.count()) == ("rejected", 2)


def test_only_the_deciding_consultation_decides(town):
    paper = paper_in(town, "in_consultation")
    preliminary = f.consultation(paper, town.committee, position=2, role=Consultation.Role.PRELIMINARY)
    with pytest.raises(workflow.WrongState, match="berät die Vorlage nur vor"):
        workflow.decide(preliminary, f.meeting(town.committee), Paper.Result.ADOPTED, by=town.office)


def test_take_note_concludes_a_paper_that_needs_no_decision(town):
    paper = f.paper(town.body, state="in_consultation", paper_type=town.info, under_direction_of=town.department)
    consultation = f.consultation(paper, town.council, role=Consultation.Role.INFORMATION)
    meeting = meeting_of(town)
    paper = workflow.follow_result(consultation, meeting, "noted", by=town.office)
    assert (paper.state, paper.result, paper.decided_at) == ("decided", "noted", meeting.start)
    assert paper.transitions.get().action == "take_note"


def test_follow_result_maps_each_result_of_the_agenda_item_to_its_step(town):
    paper = paper_in(town, "in_consultation")
    consultation = paper.consultations.get()
    meeting = meeting_of(town)
    workflow.follow_result(consultation, meeting, "recommended", by=town.office)
    assert not paper.transitions.exists()
    workflow.follow_result(consultation, meeting, "deferred", by=town.office)
    workflow.follow_result(consultation, meeting, "adopted_with_changes", by=town.office)
    assert list(paper.transitions.order_by("id").values_list("action", "result")) == [
        ("defer", ""),
        ("decide", "adopted_with_changes"),
    ]
