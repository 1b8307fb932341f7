"""Issue 11 through OParl: Paper, its mainFile (the frozen copy) and File.text carry only public content."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from accounts import roles
from council.models import AgendaItem, Organization
from meetings import agenda, results
from meetings.textdiff import as_editable
from portal.publication import bump
from resolutions.amendments import amended_text
from resolutions.models import Consultation, File
from tests import factories as f
from tests.confidential import ANNEX_WORD, MEETING_START, SECRET, SECRET_WORD, confidential  # noqa: F401
from tests.documents.helpers import all_text, normalise

pytestmark = pytest.mark.django_db


def test_the_paper_and_its_main_file_hold_the_public_view_only(api, confidential):  # noqa: F811
    paper = api(f"/paper/{confidential.paper.pk}")
    assert paper.status_code == 200
    main = paper.json()["mainFile"]
    frozen = File.objects.get(paper=confidential.paper, kind=File.Kind.PAPER_PDF, frozen_state="decided")
    assert main["id"].endswith(f"/file/{frozen.pk}")
    assert SECRET_WORD not in main["text"] and "Beschlussvorschlag" in normalise(main["text"])
    assert SECRET_WORD.encode() not in paper.content

    file = api(f"/file/{frozen.pk}")
    assert file.status_code == 200 and SECRET_WORD not in file.json()["text"]
    download = api(f"/file/{frozen.pk}/download")
    assert download.status_code == 200
    assert SECRET_WORD not in all_text(b"".join(download.streaming_content))


def test_no_list_of_the_body_holds_the_secret_or_the_nonpublic_annex(api, confidential):  # noqa: F811
    for segment in ("paper", "file", "meeting", "agendaitem", "consultation"):
        response = api(f"/body/{confidential.body.pk}/{segment}")
        assert response.status_code == 200, segment
        assert SECRET_WORD.encode() not in response.content, segment
        assert ANNEX_WORD.encode() not in response.content and b"gutachten.pdf" not in response.content, segment
    assert api(f"/file/{confidential.annex.pk}").status_code == 404


def test_a_public_items_resolution_text_leaves_out_an_earlier_nonpublic_amendment(
    api, django_capture_on_commit_callbacks
):
    """The committee amends in a non-public item, the council then decides in public: its item's text is the public one."""
    body = f.body()
    office = f.user(body, roles.COUNCIL_OFFICE, initials="jae")
    committee = f.organization(body, short_name="HA")
    council = f.organization(body, kind=Organization.Kind.COUNCIL, short_name="STVV")
    paper = f.paper(body, resolution_text="<p>Die Stadt verkauft das Grundstück Am Markt 3.</p>")
    heard = f.consultation(paper, committee, position=1, role=Consultation.Role.PRELIMINARY)
    deciding = f.consultation(paper, council, position=2, role=Consultation.Role.DECISION)
    committee_meeting = f.meeting(committee, start=MEETING_START - dt.timedelta(days=14))
    council_meeting = f.meeting(council, start=MEETING_START)
    secret_item = agenda.add_paper(committee_meeting, heard, by=office)
    secret_item = agenda.set_public(secret_item, False, by=office)
    agenda.publish_invitation(committee_meeting, by=office, at=committee_meeting.start - dt.timedelta(days=14))
    proposal = as_editable(amended_text(paper).decided)
    results.record_result(
        secret_item, AgendaItem.Result.RECOMMENDED, by=office, decided_text=proposal.replace("3.", f"3. {SECRET}")
    )
    public_item = agenda.add_paper(council_meeting, deciding, by=office)
    agenda.publish_invitation(council_meeting, by=office, at=council_meeting.start - dt.timedelta(days=14))
    with django_capture_on_commit_callbacks(execute=True):
        results.record_result(public_item, AgendaItem.Result.ADOPTED, by=office, unanimous=True)

    item = api(f"/agendaitem/{public_item.pk}").json()
    assert item["resolutionText"] == "Die Stadt verkauft das Grundstück Am Markt 3."
    for segment in ("agendaitem", "paper", "file"):
        assert SECRET_WORD.encode() not in api(f"/body/{body.pk}/{segment}").content, segment
    assert list(results.leaking_item_texts()) == []

    # A text recorded before the fix held the committee's change; the repair command takes it out.
    AgendaItem.objects.filter(pk=public_item.pk).update(resolution_text=amended_text(paper).decided)
    bump(public_item.body_id)  # an update sends no signal: its writer says what changed (portal.publication)
    assert SECRET_WORD in api(f"/agendaitem/{public_item.pk}").json()["resolutionText"]
    out = io.StringIO()
    call_command("repair_item_texts", stdout=out)
    assert f"{public_item.pk}\t" in out.getvalue()
    assert api(f"/agendaitem/{public_item.pk}").json()["resolutionText"] == (
        "Die Stadt verkauft das Grundstück Am Markt 3."
    )
    secret_item.refresh_from_db()
    assert SECRET_WORD in secret_item.resolution_text  # the non-public item keeps its own record
