import pytest
from django.apps import apps
from django.core.management import call_command

from council.models import Body
from demo.base import DEMO_PASSWORD, TZ
from demo.seed import SEED_TITLE
from resolutions.amendments import amended_text
from resolutions.models import Paper

pytestmark = pytest.mark.django_db


def counts():
    """Rows of every model (history tables included)."""
    return {model._meta.label: model.objects.count() for model in apps.get_models(include_auto_created=True)}


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


def test_load_demo_sets_the_signer_titles_left_unset_and_keeps_chosen_ones(demo):
    body = Body.objects.get(slug="luckenwalde")
    field = Body._meta.get_field("treasurer_title")
    Body.objects.filter(pk=body.pk).update(treasurer_title=field.get_default(), mayor_title="Oberbürgermeister")

    call_command("load_demo")

    body.refresh_from_db()
    assert (body.treasurer_title, body.mayor_title) == ("Kämmerin", "Oberbürgermeister")


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


def test_every_state_was_reached_through_the_lifecycle(demo):
    from resolutions.models import Transition

    for paper in Paper.objects.filter(body__in=[demo.luckenwalde, demo.nuthe]).prefetch_related("transitions"):
        steps = sorted(paper.transitions.all(), key=lambda t: (t.at, t.pk))
        if paper.state == Paper.State.DRAFT:
            assert steps == [], paper
            continue
        assert steps[0].action == Transition.Action.SUBMIT and steps[0].from_state == Paper.State.DRAFT, paper
        assert steps[-1].to_state == paper.state, paper
        for before, after in zip(steps, steps[1:], strict=False):
            assert before.to_state == after.from_state, (paper, before.action, after.action)
        if paper.reference:
            release = next(t for t in steps if t.action == Transition.Action.RELEASE)
            assert paper.released_at == release.at


def test_decided_papers_carry_the_date_of_their_deciding_meeting(demo):
    from resolutions.models import Transition

    decided = Paper.objects.filter(body__in=[demo.luckenwalde, demo.nuthe], state=Paper.State.DECIDED)
    assert decided.count() >= 10
    for paper in decided:
        step = paper.transitions.get(action__in=[Transition.Action.DECIDE, Transition.Action.TAKE_NOTE])
        assert paper.decided_at == step.meeting.start, paper
        assert step.at.date() == step.meeting.start.date(), paper  # recorded in the evening of the meeting
        assert step.consultation.meeting == step.meeting and step.meeting.state == "held"


def test_the_seed_papers_timeline_reads_like_its_story(demo):
    steps = [
        (step.action, step.by.username, step.at.astimezone(TZ).strftime("%d.%m.%Y"))
        for step in demo.seed_paper.transitions.order_by("at", "pk")
    ]
    assert steps == [
        ("submit", "sachbearbeitung", "23.11.2021"),
        ("sign", "amtsleitung", "24.11.2021"),
        ("sign", "kaemmerin", "24.11.2021"),
        ("sign", "buergermeisterin", "24.11.2021"),
        ("release", "sachbearbeitung", "25.11.2021"),
        ("schedule", "sitzungsdienst", "30.11.2021"),
        ("decide", "sitzungsdienst", "14.12.2021"),
    ]
    assert demo.seed_paper.decided_at.astimezone(TZ).date().isoformat() == "2021-12-14"


def test_generated_resolutions_name_their_organization_with_the_right_article(demo):
    texts = " ".join(Paper.objects.values_list("resolution_text", flat=True))
    assert "Der Hauptausschuss beschließt" in texts
    assert "Die Stadtverordnetenversammlung beschließt" in texts
    for wrong in (
        "Die Hauptausschuss",
        "Die Finanzausschuss",
        "Die Ausschuss",
        "Die Ortsbeirat",
        "Der Stadtverordneten",
    ):
        assert wrong not in texts


def test_a_released_paper_has_a_released_ergaenzungsvorlage(demo):
    from demo.supplements import ORIGINAL_TITLE

    supplement = Paper.objects.get(body=demo.luckenwalde, superordinate__name=ORIGINAL_TITLE)
    assert (supplement.reference, supplement.paper_type.name, supplement.subordination) == (
        "EV-1/2026",
        "Ergänzungsvorlage",
        Paper.Subordination.SUPPLEMENT,
    )
    assert supplement.state == Paper.State.RELEASED and supplement.public
    assert supplement.superordinate.state == Paper.State.RELEASED
    actions = list(supplement.transitions.values_list("action", flat=True))
    assert actions == ["submit", "sign", "sign", "sign", "release"]
    assert supplement.name.startswith(f"Ergänzung zu {supplement.superordinate.reference}: ")
