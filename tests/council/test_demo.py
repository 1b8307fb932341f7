import pytest
from django.apps import apps
from django.core.management import call_command

from council.demo import DEMO_PASSWORD, SEED_TITLE
from resolutions.amendments import amended_text
from resolutions.models import Paper

pytestmark = pytest.mark.django_db


def counts():
    return {
        model._meta.label: model.objects.count()
        for app in ("accounts", "council", "resolutions")
        for model in apps.get_app_config(app).get_models()
    }


def test_load_demo_twice_changes_nothing(demo, capsys):
    first = counts()
    modified = list(Paper.objects.order_by("pk").values_list("pk", "modified"))

    call_command("load_demo")

    assert counts() == first
    assert list(Paper.objects.order_by("pk").values_list("pk", "modified")) == modified
    output = capsys.readouterr().out
    assert DEMO_PASSWORD in output
    for username in (
        "sachbearbeitung",
        "amtsleitung",
        "kaemmerin",
        "buergermeisterin",
        "sitzungsdienst",
        "stadtverordnete",
        "admin",
    ):
        assert username in output


def test_demo_holds_the_seed_paper_with_derived_marker(demo):
    paper = demo.seed_paper
    assert paper.reference == "B-7311/2021"
    assert paper.name == SEED_TITLE
    assert paper.body.name == "Stadt Luckenwalde" and paper.body.slug == "luckenwalde"
    assert paper.under_direction_of.name == "Amt Bildung, Jugend und IT"
    assert paper.financial_impact is False
    consultation = paper.consultations.get()
    assert consultation.organization.short_name == "STVV"
    assert consultation.meeting.date.isoformat() == "2021-12-14"
    text = amended_text(paper)
    assert [str(note) for note in text.footnotes] == ["*) ergänzt STVV 14.12.2021/jae"]
    assert "zum nächstmöglichen Zeitpunkt." in text.decided
    assert "zum nächstmöglichen Zeitpunkt" not in paper.resolution_text


def test_demo_text_is_the_seed_word_for_word(demo):
    from pathlib import Path

    from resolutions.richtext import to_plain_text

    seed = (Path(__file__).resolve().parents[2] / "docs/seed/beschlussvorlage-B-7311-2021.txt").read_text("utf-8")
    paper = demo.seed_paper
    for paragraph in to_plain_text(paper.reasoning.replace("</p>", "</p>\n")).splitlines():
        if paragraph.strip():
            assert paragraph.strip() in seed
    decided = to_plain_text(amended_text(paper).decided.replace("</p>", "</p>\n")).splitlines()
    assert decided[0] == (
        "Die Stadtverordnetenversammlung beschließt: den Beitritt der Stadt Luckenwalde zum Zweckverband "
        "Digitale Kommunen Brandenburg zum nächstmöglichen Zeitpunkt."
    )
    assert decided[1] in seed


def test_demo_spreads_papers_over_every_state_and_type(demo):
    body = demo.luckenwalde
    states = set(Paper.objects.filter(body=body).values_list("state", flat=True))
    assert states == set(Paper.State.values)
    assert Paper.objects.filter(body=body).count() >= 30
    types = set(Paper.objects.filter(body=body).values_list("paper_type__name", flat=True))
    assert {"Beschlussvorlage", "Informationsvorlage", "Antrag", "Anfrage", "Mitteilungsvorlage"} <= types
    assert Paper.objects.filter(body=body, public=False).exists()
    meetings = body.meeting_set.all()
    assert {"planned", "invited", "held", "cancelled"} <= set(meetings.values_list("state", flat=True))
    assert body.agendaitem_set.filter(public=False).exists()
    assert demo.nuthe.paper_set.exists()


def test_demo_decisions_carry_their_decided_text_on_the_agenda_item_like_recorded_results(demo):
    item = demo.seed_paper.consultations.get().agenda_items.get()
    assert item.resolution_text == amended_text(demo.seed_paper).decided
    assert "zum nächstmöglichen Zeitpunkt" in item.resolution_text
    from council.models import AgendaItem

    decided_without_text = AgendaItem.objects.filter(
        result__in=[AgendaItem.Result.ADOPTED, AgendaItem.Result.ADOPTED_WITH_CHANGES],
        consultation__isnull=False,
        resolution_text="",
    )
    assert not decided_without_text.exists()


def test_demo_attachments_show_every_file_rule(demo):
    from resolutions.models import File

    files = File.objects.filter(body=demo.luckenwalde, kind=File.Kind.ATTACHMENT)
    public = set(File.objects.visible_to(None).filter(pk__in=files).values_list("file_name", flat=True))
    assert public == {"Haushaltsplan-Entwurf-2027.pdf"}
    assert files.count() == 3
    assert all(record.text and record.size and len(record.sha512_checksum) == 128 for record in files)
    assert "Investitionen" in files.get(file_name="Haushaltsplan-Entwurf-2027.pdf").text
