"""Stored Sitzungsmappen (issue 13.6, 17.5): built once per audience and set of inputs, served as files,
built again when anything in them changes, never handed to another audience."""

import io
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import roles
from documents import bundles, pdf
from documents.models import StoredBundle
from documents.tasks import build_bundle, refresh_public_bundles
from lib.history import save_as
from meetings import agenda
from tests import factories as f
from tests.documents.helpers import all_text
from tests.documents.test_meeting_pdfs import _add_paper_with_attachment
from tests.documents.worlds import SECRET, council_with_secret_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return council_with_secret_item()


@pytest.fixture
def renders():
    """Counts the bundle renders (the real renderer still runs)."""
    with mock.patch.object(pdf, "bundle_pdf", wraps=pdf.bundle_pdf) as spy:
        yield spy


def url(town):
    return f"/dokumente/{town.body.slug}/sitzungen/{town.meeting.pk}/sitzungsmappe.pdf"


def download(client, town):
    response = client.get(url(town))
    assert response.status_code == 200, response.status_code
    return response, all_text(response.getvalue())


def stored_files(settings):
    return sorted(path.name for path in Path(settings.MEDIA_ROOT, "bundles").rglob("*.pdf"))


def test_the_stored_copy_is_served_on_the_second_request_without_rendering(client, town, renders):
    first, text = download(client, town)
    second, again = download(client, town)
    assert renders.call_count == 1
    assert again == text and "Begründung Radweg" in text
    assert second["Content-Type"] == "application/pdf"
    assert second["Cache-Control"] == "public, max-age=600" and "Cookie" in second["Vary"]
    assert second["Content-Disposition"].startswith('inline; filename="sitzungsmappe-')
    assert StoredBundle.objects.get(meeting=town.meeting, recipient=None).requested_at is not None


def test_a_change_to_a_paper_on_the_agenda_makes_the_copy_stale_and_it_is_built_again(
    client, town, renders, settings, django_capture_on_commit_callbacks
):
    download(client, town)
    [old_file] = stored_files(settings)
    town.public_paper.reasoning = "<p>Neue Begründung Radweg</p>"
    save_as(town.public_paper, None)
    with django_capture_on_commit_callbacks(execute=True):
        _, text = download(client, town)
    assert renders.call_count == 2 and "Neue Begründung Radweg" in text
    assert stored_files(settings) != [old_file] and len(stored_files(settings)) == 1  # the old file is gone
    download(client, town)
    assert renders.call_count == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda town: f.agenda_item(town.meeting, order=9, name="Anfragen"),
        lambda town: save_as(town.meeting.organization, None),
        lambda town: town.public_paper.files.update(public=True, modified=timezone.now()),
        lambda town: f.consultation(town.public_paper, f.organization(town.body, name="Hauptausschuss"), position=2),
    ],
    ids=["agenda item", "organization", "file", "consultation elsewhere"],
)
def test_the_fingerprint_follows_what_the_bundle_shows(town, change):
    before = bundles.fingerprint(town.meeting, None)
    change(town)
    town.meeting.refresh_from_db()
    assert bundles.fingerprint(town.meeting, None) != before


def _rename(record):
    record.name = f"{record.name} (neu)"
    save_as(record, None)


@pytest.mark.parametrize(
    "change",
    [
        lambda town: _rename(town.meeting.agenda_items.get(public=False)),
        lambda town: _rename(town.secret_paper),
        lambda town: _rename(town.public_paper.files.get(public=False)),
    ],
    ids=["non-public item", "non-public paper", "confidential annex"],
)
def test_an_edit_behind_closed_doors_leaves_the_public_copys_fingerprint(town, change):
    """The members' copy prints it and is built again; the public copy does not, and is not."""
    public, members = bundles.fingerprint(town.meeting, None), bundles.fingerprint(town.meeting, town.member)
    change(town)
    assert bundles.fingerprint(town.meeting, None) == public
    assert bundles.fingerprint(town.meeting, town.member) != members


def test_minutes_in_the_making_leave_every_copys_fingerprint(town):
    prints = [bundles.fingerprint(town.meeting, user) for user in (None, town.member)]
    town.meeting.minute_taker, town.meeting.minutes_text = "Frau Protokoll", "Entwurf"
    save_as(town.meeting, None)
    assert [bundles.fingerprint(town.meeting, user) for user in (None, town.member)] == prints


def test_the_fingerprint_differs_per_audience_and_takes_a_few_queries_whatever_the_agenda(town):
    other_member = f.user(town.body, roles.COUNCILLOR, person=f.person(town.body))
    f.membership(other_member.person, town.council)
    prints = {bundles.fingerprint(town.meeting, user) for user in (None, town.member, other_member)}
    assert len(prints) == 3

    def queries():
        with CaptureQueriesContext(connection) as captured:
            bundles.fingerprint(town.meeting, town.member)
        return len(captured)

    before = queries()
    for order in (4, 5, 6):
        _add_paper_with_attachment(town, order)
    assert queries() == before <= bundles.FINGERPRINT_QUERIES


def test_public_copy_holds_no_canary_and_members_copies_are_each_their_own(client, town, settings):
    other_member = f.user(town.body, roles.COUNCILLOR, person=f.person(town.body, given_name="Zweite"))
    f.membership(other_member.person, town.council)
    _, public = download(client, town)
    client.force_login(town.member)
    member_response, member = download(client, town)
    client.force_login(other_member)
    _, other = download(client, town)
    client.logout()
    _, public_again = download(client, town)

    assert SECRET not in public and SECRET not in public_again and "vertraulich" not in public_again
    assert f"Kaufpreis {SECRET}" in member and f"Exemplar für {town.member.person.name}" in member
    assert other_member.person.name not in member
    assert f"Exemplar für {other_member.person.name}" in other and town.member.person.name not in other
    assert member_response["Cache-Control"] == "private, no-store"
    recipients = set(StoredBundle.objects.filter(meeting=town.meeting).values_list("recipient", flat=True))
    assert recipients == {None, town.member.pk, other_member.pk}
    assert len(stored_files(settings)) == 3


def test_the_outsider_gets_a_copy_of_their_own_without_the_nonpublic_part(client, town):
    client.force_login(town.member)
    download(client, town)
    client.force_login(town.outsider)
    _, text = download(client, town)
    assert SECRET not in text and town.member.person.name not in text


def test_fresh_copies_are_served_within_a_query_budget(client, town, django_assert_max_num_queries):
    download(client, town)
    # Body, meeting; the fingerprint (agenda, papers, consultations, the other records in one, number, chair);
    # the stored copy.
    with django_assert_max_num_queries(10):
        download(client, town)
    client.force_login(town.member)
    download(client, town)
    # Also: session and user, roles, memberships, the recipient's name, the audit trail's INSERT.
    with django_assert_max_num_queries(16):
        download(client, town)


def test_with_a_broker_the_build_is_queued_once_and_a_page_says_so(client, town, with_broker):
    client.force_login(town.member)
    response = client.get(url(town))
    assert response.status_code == 202
    assert response["Retry-After"] == "10" and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Die Sitzungsmappe wird erstellt" in html
    assert '<meta http-equiv="refresh" content="10">' in html and f'href="{url(town)}"' in html
    assert client.get(url(town)).status_code == 202
    with_broker.build.assert_called_once_with(town.meeting.pk, town.member.pk)

    build_bundle(town.meeting.pk, town.member.pk)  # the worker
    _, text = download(client, town)
    assert f"Kaufpreis {SECRET}" in text


def test_the_worker_builds_no_copy_for_a_deactivated_user_a_deleted_or_unpublished_meeting(town):
    town.member.is_active = False
    town.member.save()
    build_bundle(town.meeting.pk, town.member.pk)
    build_bundle(town.meeting.pk + 1000)
    town.meeting.invitation_published_at = None
    town.meeting.state = town.meeting.State.PLANNED
    town.meeting.save()
    build_bundle(town.meeting.pk)
    assert not StoredBundle.objects.exists()


def test_with_a_broker_a_nachtrag_queues_the_public_copy_and_writes_one_refresh(
    town, with_broker, django_capture_on_commit_callbacks
):
    office = f.user(town.body, roles.COUNCIL_OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        agenda.add_item(town.meeting, "Dringlichkeitsantrag", True, office)
        for name in ("Eins", "Zwei", "Drei"):
            town.public_paper.name = name
            save_as(town.public_paper, office)
    with_broker.build.assert_called_once_with(town.meeting.pk)
    with_broker.refresh.assert_called_once_with((town.body.pk,), countdown=bundles.REFRESH_DELAY)


def test_without_a_broker_writes_queue_nothing(town, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(refresh_public_bundles, "apply_async") as refresh,
        django_capture_on_commit_callbacks(execute=True),
    ):
        save_as(town.public_paper, None)
    refresh.assert_not_called()


def test_refresh_builds_the_stale_public_copies_again_and_drops_withdrawn_ones(client, town, renders):
    download(client, town)
    assert bundles.refresh_public_copies(town.body.pk) == []
    town.public_paper.name = "Radweg, zweiter Abschnitt"
    save_as(town.public_paper, None)
    [copy] = bundles.refresh_public_copies(town.body.pk)
    assert renders.call_count == 2 and copy.fingerprint == bundles.fingerprint(town.meeting, None)
    town.meeting.state = town.meeting.State.CANCELLED
    save_as(town.meeting, None)
    bundles.refresh_public_copies(town.body.pk)
    assert not StoredBundle.objects.exists()


def test_prune_deletes_copies_of_past_meetings_with_their_files(
    client, town, settings, django_capture_on_commit_callbacks
):
    town.meeting.start = timezone.now() + timedelta(days=7)
    save_as(town.meeting, None)
    download(client, town)
    assert bundles.prune(days=30) == 0
    town.meeting.start = timezone.now() - timedelta(days=31)
    save_as(town.meeting, None)
    with django_capture_on_commit_callbacks(execute=True):
        assert bundles.prune(days=30) == 1
    assert not StoredBundle.objects.exists() and stored_files(settings) == []


def test_prune_command_reports_what_it_deleted(client, town):
    from django.core.management import call_command

    download(client, town)
    StoredBundle.objects.update(requested_at=timezone.now() - timedelta(days=40))
    out = io.StringIO()
    call_command("prune_bundles", "--days", "30", stdout=out)
    assert out.getvalue().strip() == "1 gespeicherte Sitzungsmappe(n) gelöscht."
