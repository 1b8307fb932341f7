"""The visibility querysets of council.visibility, role by role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import roles
from council.models import AgendaItem
from council.visibility import FileQuerySet
from resolutions.models import File, Paper, SignOff
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    body = f.body()
    amt = f.department(body)
    other_amt = f.department(body)
    committee = f.organization(body)
    papers = {
        state: f.paper(body, state=state, under_direction_of=amt)
        for state in ["draft", "in_signoff", "released", "in_consultation", "decided", "withdrawn"]
    }
    papers["secret"] = f.paper(body, state="released", public=False, under_direction_of=other_amt)
    papers["other_draft"] = f.paper(body, state="draft", under_direction_of=other_amt)
    meeting = f.meeting(committee, state="invited")  # an invited meeting: its agenda is public
    f.consultation(papers["secret"], committee, meeting=meeting)
    public_item = f.agenda_item(meeting, order=1)
    secret_item = f.agenda_item(meeting, order=2, public=False)
    return {
        "body": body,
        "amt": amt,
        "committee": committee,
        "papers": papers,
        "meeting": meeting,
        "public_item": public_item,
        "secret_item": secret_item,
    }


def visible(user):
    return set(Paper.objects.visible_to(user).values_list("name", flat=True))


def names(town, *keys):
    return {town["papers"][key].name for key in keys}


PUBLIC = ("released", "in_consultation", "decided", "withdrawn")


def test_anonymous_sees_published_public_papers_only(town):
    assert visible(AnonymousUser()) == names(town, *PUBLIC)
    assert visible(None) == names(town, *PUBLIC)


def test_clerk_sees_drafts_of_own_department_only(town):
    clerk = f.user(town["body"], roles.CLERK, department=town["amt"])
    assert visible(clerk) == names(town, *PUBLIC, "draft", "in_signoff")


def test_signer_sees_papers_waiting_for_their_signoff(town):
    treasurer = f.user(town["body"], roles.TREASURER, department=f.department(town["body"]))
    waiting = f.paper(town["body"], state="in_signoff")
    SignOff.objects.create(paper=waiting, role="treasurer", position=2)
    not_yet = f.paper(town["body"], state="in_signoff")
    SignOff.objects.create(paper=not_yet, role="mayor", position=3)
    assert visible(treasurer) == names(town, *PUBLIC) | {waiting.name}


def test_council_office_sees_everything_of_its_body_only(town):
    office = f.user(town["body"], roles.COUNCIL_OFFICE)
    foreign = f.paper(f.body(), state="draft")
    seen = visible(office)
    assert names(town, *town["papers"]) <= seen
    assert foreign.name not in seen


def test_councillor_sees_nonpublic_papers_of_their_organizations_meetings(town):
    member = f.person(town["body"])
    f.membership(member, town["committee"])
    councillor = f.user(town["body"], roles.COUNCILLOR, person=member)
    outsider = f.user(town["body"], roles.COUNCILLOR, person=f.person(town["body"]))

    assert visible(councillor) == names(town, *PUBLIC, "secret")
    assert visible(outsider) == names(town, *PUBLIC)


def test_expired_membership_grants_nothing(town):
    member = f.person(town["body"])
    f.membership(member, town["committee"], start_date=f.dt.date(2019, 1, 1), end_date=f.dt.date(2020, 1, 1))
    councillor = f.user(town["body"], roles.COUNCILLOR, person=member)
    assert visible(councillor) == names(town, *PUBLIC)


def test_user_of_another_body_sees_only_public_data(town):
    stranger = f.user(f.body(), roles.COUNCIL_OFFICE)
    assert visible(stranger) == names(town, *PUBLIC)
    items = AgendaItem.objects.details_visible_to(stranger).filter(meeting=town["meeting"])
    assert list(items) == [town["public_item"]]


def test_nonpublic_agenda_items_need_membership(town):
    member = f.person(town["body"])
    f.membership(member, town["committee"])
    councillor = f.user(town["body"], roles.COUNCILLOR, person=member)
    all_items = {town["public_item"], town["secret_item"]}
    assert set(AgendaItem.objects.details_visible_to(AnonymousUser())) == {town["public_item"]}
    assert set(AgendaItem.objects.details_visible_to(councillor)) == all_items
    flags = dict(AgendaItem.objects.with_details_flag(AnonymousUser()).values_list("pk", "details_visible"))
    assert flags == {town["public_item"].pk: True, town["secret_item"].pk: False}


def _file(**parents):
    return File.objects.create(
        name="Anlage", file_name="a.pdf", mime_type="application/pdf", size=1, sha512_checksum="0" * 128, **parents
    )


def test_files_follow_their_parent_and_their_own_flag(town):
    public_file = _file(body=town["body"], paper=town["papers"]["released"])
    draft_file = _file(body=town["body"], paper=town["papers"]["draft"])
    secret_file = _file(body=town["body"], paper=town["papers"]["secret"])
    item_file = _file(body=town["body"], agenda_item=town["secret_item"])
    annex = _file(body=town["body"], paper=town["papers"]["released"], public=False)

    assert set(File.objects.visible_to(AnonymousUser())) == {public_file}
    member = f.person(town["body"])
    f.membership(member, town["committee"])
    councillor = f.user(town["body"], roles.COUNCILLOR, person=member)
    assert set(File.objects.visible_to(councillor)) == {public_file, secret_file, item_file}
    office = f.user(town["body"], roles.COUNCIL_OFFICE)
    assert set(File.objects.visible_to(office)) == {public_file, draft_file, secret_file, item_file, annex}


def _signed(paper, role, by, state="signed", position=1):
    return SignOff.objects.create(
        paper=paper, role=role, position=position, state=state, signed_by=by, signed_at=paper.created
    )


def test_a_signer_keeps_seeing_what_they_signed_or_returned_in_any_round(town):
    treasurer = f.user(town["body"], roles.TREASURER)
    signed = f.paper(town["body"], state="in_signoff", name="Mitgezeichnet")
    _signed(signed, "treasurer", treasurer)
    returned = f.paper(town["body"], state="draft", name="Zurückgegeben")
    _signed(returned, "treasurer", treasurer, state="returned")
    voided = f.paper(town["body"], state="draft", name="Runde verworfen")
    _signed(voided, "treasurer", treasurer, state="void")
    released = f.paper(town["body"], state="released", public=False, name="Nichtöffentlich freigegeben")
    _signed(released, "treasurer", treasurer)
    assert visible(treasurer) == names(town, *PUBLIC) | {
        "Mitgezeichnet", "Zurückgegeben", "Runde verworfen", "Nichtöffentlich freigegeben",
    }  # fmt: skip


def test_a_signer_sees_nothing_of_what_another_signer_signed(town):
    treasurer, mayor = f.user(town["body"], roles.TREASURER), f.user(town["body"], roles.MAYOR)
    returned = f.paper(town["body"], state="draft", name="Vom Bürgermeister zurückgegeben")
    _signed(returned, "treasurer", treasurer, state="void")
    _signed(returned, "mayor", mayor, state="returned", position=2)
    other_treasurer = f.user(town["body"], roles.TREASURER)
    assert "Vom Bürgermeister zurückgegeben" in visible(mayor)
    assert "Vom Bürgermeister zurückgegeben" not in visible(other_treasurer)


def test_a_signer_sees_the_confidential_annex_of_a_paper_waiting_for_or_signed_by_them(town):
    treasurer = f.user(town["body"], roles.TREASURER)
    waiting = f.paper(town["body"], state="in_signoff")
    SignOff.objects.create(paper=waiting, role="treasurer", position=2)
    signed = f.paper(town["body"], state="released")
    _signed(signed, "treasurer", treasurer)
    not_mine = f.paper(town["body"], state="released")
    annexes = [_file(body=town["body"], paper=paper, public=False) for paper in (waiting, signed, not_mine)]
    assert set(File.objects.visible_to(treasurer)) == set(annexes[:2])
    # The condition holds for the files' history too: a comparison of versions uses it.
    history = File.history.filter(FileQuerySet.visibility(treasurer))
    assert {record.id for record in history} == {annex.pk for annex in annexes[:2]}
