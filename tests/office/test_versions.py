"""The history of a paper: content versions apart from the steps, and the comparison of two versions."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office import drafting, versions
from resolutions import workflow
from resolutions.models import Consultation, File

pytestmark = pytest.mark.django_db

TEXT = "<p>Die Stadt baut eine Schule.</p>"


def upload(name):
    file = SimpleUploadedFile(name, f"Inhalt von {name}".encode())
    file.checked_name, file.checked_mime_type = name, "text/plain"
    return file


def draft_of(town, steps=None, uploads=(), remove_files=(), **fields):
    """What the paper form hands over, with the town's defaults."""
    values = {
        "paper_type": town.beschlussvorlage,
        "name": "Neubau der Kita",
        "date": dt.date(2026, 3, 1),
        "under_direction_of": town.department,
        "author_organization": None,
        "author_person": None,
        "resolution_text": TEXT,
        "reasoning": "<p>Der Bedarf ist gestiegen.</p>",
        "financial_impact": False,
        "financial_amount": None,
        "financial_budget_line": "",
        "financial_description": "",
        "public": True,
    }
    values.update(fields)
    if steps is None:
        steps = [(town.committee, Consultation.Role.PRELIMINARY), (town.council, Consultation.Role.DECISION)]
    return drafting.Draft(
        fields=values,
        consultations=[{"organization": organization, "role": role} for organization, role in steps],
        uploads=list(uploads),
        remove_files=list(remove_files),
    )


def edit(town, paper, **changes):
    paper.refresh_from_db()
    return drafting.update_paper(paper, by=town.clerk, draft=draft_of(town, **changes), expected_version=paper.version)


def a_paper_with_a_story(town):
    """Created, submitted, signed, returned, edited twice, submitted and signed again."""
    paper = drafting.create_paper(body=town.body, by=town.clerk, draft=draft_of(town, uploads=[upload("Plan.txt")]))
    workflow.submit(paper, by=town.clerk)
    workflow.sign(paper, by=town.head, comment="Einverstanden.")
    workflow.return_to_draft(paper, by=town.treasurer, comment="Bitte die Kosten ergänzen.")
    edit(town, paper, resolution_text="<p>Die Stadt baut eine neue Schule am Markt.</p>")
    plan = File.objects.get(paper=paper, name="Plan.txt")
    edit(
        town,
        paper,
        resolution_text="<p>Die Stadt baut eine neue Schule am Markt.</p>",
        steps=[(town.committee, Consultation.Role.PRELIMINARY), (town.council, Consultation.Role.DECISION),
               (town.committee, Consultation.Role.INFORMATION)],
        uploads=[upload("Kostenschätzung.txt")],
        remove_files=[plan],
    )  # fmt: skip
    workflow.submit(paper, by=town.clerk)
    workflow.sign(paper, by=town.head)
    paper.refresh_from_db()
    return paper


def test_only_creating_and_editing_make_versions_and_the_steps_stand_with_the_version_they_happened_in(town):
    paper = a_paper_with_a_story(town)
    history = versions.content_versions(paper, paper.transitions.all())
    assert [(v.number, v.reason) for v in history] == [(1, "Angelegt"), (2, "Bearbeitet"), (3, "Bearbeitet")]
    assert [[step.action for step in v.steps] for v in history] == [
        ["submit", "sign", "return"],
        [],
        ["submit", "sign"],
    ]
    assert paper.version == 3


def test_the_history_page_lists_versions_and_shows_steps_as_events_of_a_version(client, town):
    paper = a_paper_with_a_story(town)
    client.force_login(town.clerk)
    html = client.get(f"/verwaltung/vorlagen/{paper.pk}/verlauf/").content.decode()
    rows = re.findall(r'<input type="radio" name="b" value="(\d+)"', html)
    assert rows == ["3", "2", "1"]  # newest first; steps have no row of their own
    assert "Clara Klerk" in html and "Bitte die Kosten ergänzen." in html
    for step in ("Zur Mitzeichnung eingereicht", "Mitgezeichnet (Amtsleitung)", "Zurückgegeben (Kämmerin/Kämmerer)"):
        assert step in html
    # The default pair is preselected: the last content change.
    assert 'name="a" value="2" id="a-2" checked' in html and 'name="b" value="3" id="b-3" checked' in html


def test_the_comparison_defaults_to_the_last_content_change_and_shows_only_what_changed(client, town):
    paper = a_paper_with_a_story(town)
    client.force_login(town.clerk)
    response = client.get(f"/verwaltung/vorlagen/{paper.pk}/vergleich/")
    assert response.status_code == 200
    assert (response.context["older"].version.number, response.context["newer"].version.number) == (2, 3)
    labels = [row.label for row in response.context["rows"]]
    assert labels == ["Beratungsfolge", "Anlagen"]  # the text did not change between 2 and 3; states are no content
    html = response.content.decode()
    assert "<ins>3. Hauptausschuss (Kenntnisnahme)</ins>" in html
    assert "<del>Plan.txt</del>" in html and "<ins>Kostenschätzung.txt</ins>" in html


def test_the_comparison_of_the_first_and_last_version_marks_words_without_gluing_them(client, town):
    paper = a_paper_with_a_story(town)
    client.force_login(town.clerk)
    html = client.get(f"/verwaltung/vorlagen/{paper.pk}/vergleich/?a=1&b=3").content.decode()
    assert "Die Stadt baut eine <ins>neue</ins> Schule <ins>am Markt</ins>." in html


def test_all_fields_are_listed_on_request_and_the_choice_is_kept(client, town):
    paper = a_paper_with_a_story(town)
    client.force_login(town.clerk)
    response = client.get(f"/verwaltung/vorlagen/{paper.pk}/vergleich/?a=2&b=3&felder=alle")
    labels = [row.label for row in response.context["rows"]]
    assert labels[:2] == ["Titel", "Vorlagenart"] and "Beschlusstext" in labels and labels[-2:] == [
        "Beratungsfolge", "Anlagen",
    ]  # fmt: skip
    assert [row.label for row in response.context["rows"] if row.changed] == ["Beratungsfolge", "Anlagen"]
    assert 'value="alle" checked' in response.content.decode()


def test_two_versions_without_a_difference_say_so(client, town):
    paper = drafting.create_paper(body=town.body, by=town.clerk, draft=draft_of(town))
    edit(town, paper)
    client.force_login(town.clerk)
    html = client.get(f"/verwaltung/vorlagen/{paper.pk}/vergleich/").content.decode()
    assert "Zwischen diesen beiden Fassungen hat sich nichts geändert." in html


def test_a_paper_with_one_version_has_nothing_to_compare_yet(client, town):
    paper = drafting.create_paper(body=town.body, by=town.clerk, draft=draft_of(town))
    workflow.submit(paper, by=town.clerk)
    client.force_login(town.clerk)
    response = client.get(f"/verwaltung/vorlagen/{paper.pk}/vergleich/", follow=True)
    assert response.redirect_chain[-1][0] == f"/verwaltung/vorlagen/{paper.pk}/verlauf/"
    assert "erst eine Fassung" in response.content.decode()


def test_a_removed_confidential_annex_stays_hidden_from_who_may_not_see_it(client, town):
    paper = drafting.create_paper(
        body=town.body, by=town.clerk, draft=draft_of(town, uploads=[upload("Vertrauliches Gutachten.txt")])
    )
    annex = File.objects.get(paper=paper)
    annex.public = False
    annex.save()
    edit(town, paper, remove_files=[annex])
    workflow.submit(paper, by=town.clerk)
    for signer in (town.head, town.treasurer, town.mayor):
        workflow.sign(paper, by=signer)
    workflow.release(paper, by=town.clerk)
    client.force_login(town.other_clerk)  # sees the released paper, not its department's annexes
    response = client.get(f"/verwaltung/vorlagen/{paper.pk}/vergleich/?a=1&b=2&felder=alle")
    assert response.status_code == 200
    assert "Vertrauliches Gutachten" not in response.content.decode()
    client.force_login(town.clerk)
    html = client.get(f"/verwaltung/vorlagen/{paper.pk}/vergleich/?a=1&b=2").content.decode()
    assert "<del>Vertrauliches Gutachten.txt</del>" in html


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_history_and_comparison_keep_their_query_budget_as_the_story_grows(client, town):
    paper = a_paper_with_a_story(town)
    client.force_login(town.clerk)
    history, compare = f"/verwaltung/vorlagen/{paper.pk}/verlauf/", f"/verwaltung/vorlagen/{paper.pk}/vergleich/"
    few = queries_for(client, history), queries_for(client, compare)
    workflow.return_to_draft(paper, by=town.treasurer, comment="Noch einmal.")
    for round in range(4):
        edit(town, paper, name=f"Neubau der Kita, Fassung {round}", uploads=[upload(f"Anlage {round}.txt")])
        workflow.submit(paper, by=town.clerk)
        workflow.sign(paper, by=town.head)
        workflow.return_to_draft(paper, by=town.treasurer, comment="Noch einmal.")
    many = queries_for(client, history), queries_for(client, compare)
    assert many[0] <= few[0] <= 10
    assert many[1] <= few[1] <= 12
