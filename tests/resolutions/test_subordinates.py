"""Ergänzungs- and Änderungsvorlagen: who may start one, what the new draft holds, the link and its history."""

import pytest

from resolutions import subordinates, workflow
from resolutions.models import Consultation, Paper
from resolutions.paper_view import paper_view
from tests import factories as f

pytestmark = pytest.mark.django_db
Kind = Paper.Subordination


def released(town, **fields):
    fields.setdefault("under_direction_of", town.department)
    fields.setdefault("paper_type", town.beschlussvorlage)
    paper = f.paper(town.body, reference="B-7311/2021", name="Beitritt Zweckverband", **fields)
    f.consultation(paper, town.committee, position=1, role=Consultation.Role.PRELIMINARY)
    f.consultation(paper, town.council, position=2, role=Consultation.Role.DECISION)
    return paper


def test_a_supplement_is_a_draft_of_the_same_department_with_the_beratungsfolge_copied(town):
    original = released(town, public=False)
    paper = subordinates.create_subordinate(original, Kind.SUPPLEMENT, by=town.clerk)
    assert paper.state == Paper.State.DRAFT and paper.reference is None
    assert paper.name == "Ergänzung zu B-7311/2021: Beitritt Zweckverband"
    assert (paper.body, paper.under_direction_of, paper.originator) == (town.body, town.department, town.clerk)
    assert paper.public is False  # as the original
    assert (paper.superordinate, paper.subordination) == (original, Kind.SUPPLEMENT)
    steps = list(paper.consultations.values_list("position", "organization", "role", "meeting", "target_meeting"))
    assert steps == [(1, town.committee.pk, "preliminary", None, None), (2, town.council.pk, "decision", None, None)]
    assert list(original.subordinates.all()) == [paper]


def test_the_new_paper_and_its_link_are_in_the_history_with_the_acting_user(town):
    original = released(town)
    paper = subordinates.create_subordinate(original, Kind.AMENDMENT, by=town.office)
    record = paper.history.get()
    assert record.history_user == town.office
    assert record.history_change_reason == "Als Änderungsvorlage zu B-7311/2021 angelegt"
    assert (record.superordinate_id, record.subordination) == (original.pk, Kind.AMENDMENT)
    assert {c.history_user for c in Consultation.history.filter(paper_id=paper.pk)} == {town.office}
    assert paper.name.startswith("Änderung zu B-7311/2021: ")


def test_the_paper_type_is_the_bodys_supplement_type_where_it_has_one(town):
    original = released(town)
    assert subordinates.create_subordinate(original, Kind.SUPPLEMENT, by=town.clerk).paper_type == town.beschlussvorlage
    own = f.paper_type(town.body, name="Ergänzungsvorlage", prefix="EV")
    assert subordinates.create_subordinate(original, Kind.SUPPLEMENT, by=town.clerk).paper_type == own
    chosen = subordinates.create_subordinate(original, Kind.AMENDMENT, by=town.clerk, paper_type=town.info)
    assert chosen.paper_type == town.info


@pytest.mark.parametrize("who", ["clerk", "head", "office", "admin"])
def test_whoever_writes_papers_of_the_department_may_start_one(town, who):
    original = released(town)
    assert subordinates.may_create(getattr(town, who), original)
    assert subordinates.create_subordinate(original, Kind.SUPPLEMENT, by=getattr(town, who)).pk


@pytest.mark.parametrize("who", ["other_clerk", "other_head", "treasurer", "mayor", "councillor", "stranger"])
def test_others_may_not(town, who):
    original = released(town)
    assert not subordinates.may_create(getattr(town, who), original)
    with pytest.raises(workflow.NotAllowed):
        subordinates.create_subordinate(original, Kind.SUPPLEMENT, by=getattr(town, who))
    assert not original.subordinates.exists()


def test_a_paper_type_of_another_body_is_refused(town):
    with pytest.raises(workflow.NotAllowed):
        subordinates.create_subordinate(
            released(town), Kind.SUPPLEMENT, by=town.admin, paper_type=f.paper_type(town.stranger_body)
        )


@pytest.mark.parametrize("state", [Paper.State.DRAFT, Paper.State.IN_SIGNOFF, Paper.State.WITHDRAWN])
def test_only_a_released_paper_gets_one(town, state):
    original = f.paper(town.body, state=state, under_direction_of=town.department)
    assert not subordinates.may_create(town.clerk, original)
    with pytest.raises(workflow.WrongState):
        subordinates.create_subordinate(original, Kind.SUPPLEMENT, by=town.clerk)


@pytest.mark.parametrize("state", [Paper.State.RELEASED, Paper.State.IN_CONSULTATION, Paper.State.DECIDED])
def test_released_in_consultation_and_decided_papers_get_one(town, state):
    original = f.paper(town.body, state=state, under_direction_of=town.department)
    assert subordinates.create_subordinate(original, Kind.AMENDMENT, by=town.clerk).superordinate == original


def test_the_views_name_the_link_both_ways_and_only_what_the_viewer_may_see(town):
    original = released(town)
    supplement = subordinates.create_subordinate(original, Kind.SUPPLEMENT, by=town.clerk)
    amendment = subordinates.create_subordinate(original, Kind.AMENDMENT, by=town.clerk)
    assert paper_view(original, None).subordinates == []  # drafts: not for the public
    staff = paper_view(original, town.clerk)
    assert [(p, p.link_label, p.state_label) for p in staff.subordinates] == [
        (amendment, "Geändert durch", "Entwurf"),
        (supplement, "Ergänzt durch", "Entwurf"),
    ]
    Paper.objects.filter(pk=supplement.pk).update(state=Paper.State.RELEASED, reference="EV-1/2026")
    Paper.objects.filter(pk=amendment.pk).update(state=Paper.State.RELEASED, reference="AEV-1/2026", public=False)
    assert [p.pk for p in paper_view(original, None).subordinates] == [supplement.pk]
    view = paper_view(Paper.objects.get(pk=supplement.pk), None)
    assert (view.superordinate, view.superordinate.link_label, view.superordinate.state_label) == (
        original,
        "Ergänzt",
        "noch nicht beraten",
    )
    assert view.related_papers == []
    Paper.objects.filter(pk=original.pk).update(public=False)
    assert paper_view(Paper.objects.get(pk=supplement.pk), None).superordinate is None
    assert paper_view(Paper.objects.get(pk=supplement.pk), town.clerk).superordinate == original
