"""What each viewer sees of a paper: the amendments and the decision of non-public items stay inside."""

import datetime as dt

import pytest

from accounts import roles
from council.models import Organization
from resolutions.files import store_file
from resolutions.models import Amendment, Consultation, Paper
from resolutions.paper_view import DECIDED_IN_PRIVATE, paper_view
from tests import factories as f

pytestmark = pytest.mark.django_db

PROPOSAL = "<p>Die Stadtverordnetenversammlung beschließt den Beitritt.</p>"
SECRET = "Die Stadtverordnetenversammlung beschließt den Beitritt zum geheimen Preis."
HEARD = "Die Stadtverordnetenversammlung beschließt den Beitritt sofort."


@pytest.fixture
def town(db):
    body = f.body()
    council = f.organization(body, kind=Organization.Kind.COUNCIL, short_name="STVV")
    committee = f.organization(body, short_name="HA")
    member = f.person(body)
    f.membership(member, council, start_date=dt.date(2020, 1, 1))
    outsider = f.person(body)
    f.membership(outsider, committee, start_date=dt.date(2020, 1, 1))
    return {
        "body": body,
        "council": council,
        "committee": committee,
        "member": f.user(body, roles.COUNCILLOR, person=member),
        "outsider": f.user(body, roles.COUNCILLOR, person=outsider),
        "office": f.user(body, roles.COUNCIL_OFFICE),
        "other_department": f.user(body, roles.CLERK, department=f.department(body)),
    }


def decided(town, public_item, committee_amendment=False):
    """A public paper: heard in the committee (public), decided in the council with an amendment."""
    paper = f.paper(town["body"], state=Paper.State.DECIDED, resolution_text=PROPOSAL, result="adopted_with_changes")
    heard = f.consultation(paper, town["committee"], position=1, role=Consultation.Role.PRELIMINARY)
    deciding = f.consultation(paper, town["council"], position=2, role=Consultation.Role.DECISION)
    committee_meeting = f.meeting(town["committee"], start=dt.datetime(2026, 5, 4, 17, tzinfo=f.TZ), state="held")
    meeting = f.meeting(town["council"], start=dt.datetime(2026, 6, 1, 18, tzinfo=f.TZ), state="held")
    f.agenda_item(committee_meeting, consultation=heard, result="recommended")
    f.agenda_item(meeting, consultation=deciding, public=public_item, result="adopted_with_changes", votes_yes=5)
    before = "Die Stadtverordnetenversammlung beschließt den Beitritt."
    if committee_amendment:
        f.amendment(heard, Amendment.Kind.ADDED, before, HEARD, meeting=committee_meeting)
        before = HEARD
    f.amendment(deciding, Amendment.Kind.CHANGED, before, SECRET, meeting=meeting, position=1)
    return paper


def test_an_amendment_of_a_nonpublic_item_stays_out_of_the_public_text(town):
    paper = decided(town, public_item=False)
    for viewer in (None, town["outsider"], town["other_department"]):
        view = paper_view(paper, viewer)
        assert "geheimen" not in view.text.marked + view.text.decided
        assert view.text.footnotes == []
        assert (view.text_heading, view.result, view.public_state) == ("Beschlussvorschlag", "", DECIDED_IN_PRIVATE)
        assert view.decision_date is None
    for insider in (town["member"], town["office"]):
        view = paper_view(paper, insider)
        assert "geheimen" in view.text.decided
        assert [str(note) for note in view.text.footnotes] == ["*) geändert STVV 01.06.2026/jae"]
        assert (view.text_heading, view.result, view.public_state) == (
            "Beschluss",
            "adopted_with_changes",
            "geändert beschlossen",
        )
        assert view.holds_nonpublic


def test_a_public_decision_shows_its_amendment_to_everyone(town):
    paper = decided(town, public_item=True)
    view = paper_view(paper, None)
    assert "geheimen" in view.text.decided
    assert (view.text_heading, view.public_state) == ("Beschluss", "geändert beschlossen")
    assert view.decision_date == dt.datetime(2026, 6, 1, 18, tzinfo=f.TZ)
    assert not paper_view(paper, town["member"]).holds_nonpublic


def test_the_public_sees_the_committees_public_change_but_not_the_councils_secret_one(town):
    paper = decided(town, public_item=False, committee_amendment=True)
    public = paper_view(paper, None)
    assert "sofort" in public.text.decided and "geheimen" not in public.text.decided
    assert [str(note) for note in public.text.footnotes] == ["*) ergänzt HA 04.05.2026/jae"]
    member = paper_view(paper, town["member"])
    assert "geheimen" in member.text.decided and len(member.text.footnotes) == 2


def test_a_paper_not_yet_decided_shows_its_proposal_under_the_word_for_a_proposal(town):
    paper = f.paper(town["body"], state=Paper.State.RELEASED, resolution_text=PROPOSAL)
    view = paper_view(paper, None)
    assert (view.text_heading, view.public_state, view.result) == ("Beschlussvorschlag", "noch nicht beraten", "")
    paper.state = Paper.State.IN_CONSULTATION
    assert paper_view(paper, None).public_state == "in Beratung"


def test_a_nonpublic_annex_makes_the_view_of_the_department_in_charge_private(town):
    clerk = town["other_department"]
    paper = f.paper(town["body"], state=Paper.State.RELEASED, under_direction_of=clerk.department)
    store_file(b"%PDF-1.4 Kalkulation", file_name="kalkulation.pdf", paper=paper, public=False)
    assert [file.name for file in paper_view(paper, clerk).files] == ["kalkulation.pdf"]
    assert paper_view(paper, clerk).holds_nonpublic
    assert paper_view(paper, None).files == [] and not paper_view(paper, town["outsider"]).holds_nonpublic


def test_an_item_on_a_draft_agenda_is_known_only_to_the_insiders(town):
    """Before the invitation the public does not see the paper as a "nichtöffentlich" agenda item."""
    paper = f.paper(town["body"], state=Paper.State.IN_CONSULTATION, resolution_text=PROPOSAL)
    consultation = f.consultation(paper, town["council"], role=Consultation.Role.DECISION)
    planned = f.meeting(town["council"], start=dt.datetime(2026, 12, 9, 18, tzinfo=f.TZ), state="planned")
    f.agenda_item(planned, consultation=consultation)
    for viewer in (None, town["outsider"]):
        assert [c.items for c in paper_view(paper, viewer).consultations] == [[]]
    for viewer in (town["member"], town["office"]):
        [[item]] = [c.items for c in paper_view(paper, viewer).consultations]
        assert item.details_visible
