"""The Beratungsfolge in the paper form: rows in order, row buttons without JavaScript, target meetings."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from council.models import Meeting, Organization
from office.forms import rearranged
from resolutions.models import Paper
from tests import factories as f

from .conftest import NEW, draft, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def bks(town):
    return f.organization(town.body, name="Ausschuss für Bildung, Kultur und Sport", short_name="BKS")


def rows(town, *steps):
    """POST data of the Beratungsfolge: (organization, role[, meeting]) per row, in order."""
    data = {"beratung-TOTAL_FORMS": str(len(steps)), "beratung-INITIAL_FORMS": "0"}
    for index, step in enumerate(steps):
        organization, role, meeting = (*step, None)[:3]
        data[f"beratung-{index}-organization"] = organization.pk if organization else ""
        data[f"beratung-{index}-role"] = role
        data[f"beratung-{index}-target_meeting"] = meeting.pk if meeting else ""
    return data


def new_paper_data(town, *steps, **overrides):
    data = form_data(town, **overrides)
    for key in [key for key in data if key.startswith("beratung-")]:
        del data[key]
    data.update(rows(town, *steps))
    return data


def planned(organization, days=14, **fields):
    return f.meeting(organization, start=timezone.now() + dt.timedelta(days=days), **fields)


def test_three_steps_are_saved_in_one_go_in_the_order_of_the_rows(clerk_client, town, bks):
    data = new_paper_data(
        town, (bks, "preliminary"), (town.committee, "preliminary"), (town.council, "decision"), name="Drei Schritte"
    )
    assert clerk_client.post(NEW, data).status_code == 302
    paper = Paper.objects.get(name="Drei Schritte")
    assert [(c.position, c.organization.short_name, c.role) for c in paper.consultations.order_by("position")] == [
        (1, "BKS", "preliminary"),
        (2, "HA", "preliminary"),
        (3, "STVV", "decision"),
    ]


def test_empty_rows_between_filled_ones_are_skipped(clerk_client, town, bks):
    data = new_paper_data(town, (bks, "preliminary"), (None, "decision"), (town.council, "decision"), name="Lücke")
    assert clerk_client.post(NEW, data).status_code == 302
    paper = Paper.objects.get(name="Lücke")
    assert [(c.position, c.organization_id) for c in paper.consultations.order_by("position")] == [
        (1, bks.pk),
        (2, town.council.pk),
    ]


def test_the_form_has_no_order_numbers_to_type_and_explains_the_deciding_row_before_saving(clerk_client, town):
    html = clerk_client.get(NEW).content.decode()
    assert "Reihenfolge" not in re.sub(r"<p>Die Gremien beraten in der Reihenfolge der Zeilen", "", html)
    assert 'name="beratung-0-position"' not in html
    help_text = re.search(r'<div class="help" id="beratungsfolge-hilfe">(.*?)</div>', html, re.S).group(1)
    assert "Beschlussvorlage braucht ein Gremium mit der Rolle „Entscheidung“" in help_text
    assert 'aria-describedby="beratungsfolge-hilfe"' in html
    assert "Für weitere Gremien speichern Sie" not in html


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("neu", ["HA", "STVV", "BKS", ""]),
        ("entfernen-0", ["STVV", "BKS"]),
        ("entfernen-2", ["HA", "STVV"]),
        ("hoch-2", ["HA", "BKS", "STVV"]),
        ("hoch-0", ["HA", "STVV", "BKS"]),
        ("runter-0", ["STVV", "HA", "BKS"]),
        ("runter-2", ["HA", "STVV", "BKS"]),
        ("entfernen-7", ["HA", "STVV", "BKS"]),
    ],
)
def test_row_buttons_change_the_rows_without_saving_and_keep_every_input(clerk_client, town, bks, command, expected):
    data = new_paper_data(
        town,
        (town.committee, "preliminary"),
        (town.council, "decision"),
        (bks, "information"),
        name="Entwurf im Formular",
        reasoning="<p>Meine Begründung</p>",
    )
    data["beratungsfolge"] = command
    response = clerk_client.post(NEW, data)
    assert response.status_code == 200
    assert not Paper.objects.exists()
    formset = response.context["formset"]
    names = {town.committee.pk: "HA", town.council.pk: "STVV", bks.pk: "BKS"}
    shown = [names.get(form["organization"].value() and int(form["organization"].value()), "") for form in formset]
    assert shown == expected
    roles = {"HA": "preliminary", "STVV": "decision", "BKS": "information", "": "preliminary"}
    assert [form["role"].value() for form in formset] == [roles[name] for name in expected]
    html = response.content.decode()
    assert 'value="Entwurf im Formular"' in html and "Meine Begründung" in html
    assert "Fehler:" not in html and "errorlist" not in html


def test_a_row_button_shows_no_errors_for_fields_not_yet_filled_in(clerk_client, town):
    data = new_paper_data(town, (None, "preliminary"), name="", resolution_text="")
    data["beratungsfolge"] = "neu"
    response = clerk_client.post(NEW, data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert "Dieses Feld ist zwingend erforderlich" not in response.content.decode()


def test_removing_the_only_row_leaves_an_empty_one_and_forged_commands_change_nothing(town):
    data = rows(town, (town.council, "decision"))
    changed = rearranged(_querydict(data), "entfernen-0")
    assert changed["beratung-TOTAL_FORMS"] == "1" and changed["beratung-0-organization"] == ""
    for forged in ["hoch-x", "neu-1", "entfernen--1", "löschen-0", ""]:
        assert rearranged(_querydict(data), forged)["beratung-0-organization"] == str(town.council.pk)
    too_many = rows(town, *[(town.council, "decision")] * 20)
    assert rearranged(_querydict(too_many), "neu")["beratung-TOTAL_FORMS"] == "20"
    assert rearranged(_querydict({"beratung-TOTAL_FORMS": "abc"}), "neu")["beratung-TOTAL_FORMS"] == "1"


def _querydict(data):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        query[key] = str(value)
    return query


def test_a_target_meeting_per_row_is_stored_and_shown_again(clerk_client, town, bks):
    ha_meeting = planned(town.committee, days=10)
    stvv_meeting = planned(town.council, days=20)
    data = new_paper_data(
        town,
        (bks, "preliminary"),
        (town.committee, "preliminary", ha_meeting),
        (town.council, "decision", stvv_meeting),
        name="Mit Sitzungen",
    )
    assert clerk_client.post(NEW, data).status_code == 302
    paper = Paper.objects.get(name="Mit Sitzungen")
    assert [c.target_meeting for c in paper.consultations.order_by("position")] == [None, ha_meeting, stvv_meeting]
    assert all(c.meeting is None for c in paper.consultations.all())  # chosen, not yet scheduled

    html = clerk_client.get(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/").content.decode()
    selected = re.findall(r'<option value="(\d+)" selected>', html)
    assert str(ha_meeting.pk) in selected and str(stvv_meeting.pk) in selected


def test_only_planned_future_meetings_of_the_rows_organization_can_be_chosen(clerk_client, town):
    held = f.meeting(town.committee, start=timezone.now() - dt.timedelta(days=3), state=Meeting.State.HELD)
    cancelled = planned(town.committee, state=Meeting.State.CANCELLED)
    of_council = planned(town.council)
    foreign = planned(f.organization(town.stranger_body))
    for meeting, message in [
        (held, "nicht (mehr) geplant"),
        (cancelled, "nicht (mehr) geplant"),
        (foreign, "nicht (mehr) geplant"),
        (of_council, "keine Sitzung von „HA“"),
    ]:
        data = new_paper_data(town, (town.committee, "preliminary", meeting), (town.council, "decision"))
        response = clerk_client.post(NEW, data)
        assert response.status_code == 200, meeting
        assert message in str(response.context["formset"].errors), meeting
    assert not Paper.objects.exists()


def test_a_meeting_without_an_organization_asks_for_the_organization(clerk_client, town):
    meeting = planned(town.committee)
    data = new_paper_data(town, (None, "preliminary", meeting), (town.council, "decision"))
    response = clerk_client.post(NEW, data)
    assert "Bitte wählen Sie das Gremium der gewählten Sitzung." in str(response.context["formset"].errors)


def test_editing_keeps_a_target_meeting_that_has_been_held_since(clerk_client, town):
    paper = draft(town)
    meeting = planned(town.council)
    consultation = paper.consultations.get(position=2)
    consultation.target_meeting = meeting
    consultation.save()
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD, start=timezone.now() - dt.timedelta(days=1))
    data = form_data(town, paper, name="Nur der Titel")
    data["beratung-1-target_meeting"] = meeting.pk
    response = clerk_client.post(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/", data)
    assert response.status_code == 302
    assert paper.consultations.get(position=2).target_meeting == meeting


def test_editing_reorders_the_stored_steps(clerk_client, town):
    paper = draft(town)  # HA (preliminary), STVV (decision)
    edit = f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/"
    data = form_data(town, paper)
    data["beratungsfolge"] = "runter-0"
    response = clerk_client.post(edit, data)
    assert [form["organization"].value() for form in response.context["formset"]][:2] == [
        str(town.council.pk),
        str(town.committee.pk),
    ]
    # The clerk then changes the roles and saves.
    data = form_data(
        town,
        paper,
        **{
            "beratung-0-organization": town.council.pk,
            "beratung-0-role": "preliminary",
            "beratung-1-organization": town.committee.pk,
            "beratung-1-role": "decision",
        },
    )
    assert clerk_client.post(edit, data).status_code == 302
    assert [(c.organization, c.role) for c in paper.consultations.order_by("position")] == [
        (town.council, "preliminary"),
        (town.committee, "decision"),
    ]


@pytest.mark.parametrize("url", [NEW, "edit"])
def test_the_form_pages_keep_their_query_budget_with_many_rows_and_meetings(clerk_client, town, url):
    paper = draft(town)
    if url == "edit":
        url = f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/"

    def count(request):
        with CaptureQueriesContext(connection) as captured:
            response = request()
        assert response.status_code == 200
        return len(captured)

    def failing_post():
        data = form_data(town, paper if "bearbeiten" in url else None, name="")
        return clerk_client.post(url, data)

    few_get, few_post = count(lambda: clerk_client.get(url)), count(failing_post)
    for n in range(8):
        organization = f.organization(town.body, name=f"Ausschuss {n}", kind=Organization.Kind.COMMITTEE)
        planned(organization)
        planned(organization, days=30)
        f.consultation(paper, organization, position=3 + n, role="preliminary")
    many_get, many_post = count(lambda: clerk_client.get(url)), count(failing_post)
    assert many_get <= few_get <= 20
    assert many_post <= few_post <= 30
