import datetime as dt

import pytest

from council.models import AgendaItem, Meeting
from meetings import agenda, results
from meetings.errors import MeetingsError
from meetings.textdiff import as_editable
from resolutions import signals
from resolutions.amendments import amended_text
from resolutions.models import Amendment, Consultation, Implementation, Paper
from tests import factories as f
from tests.meetings.conftest import SEED_TEXT, at
from tests.resolutions.test_amendments import markers

pytestmark = pytest.mark.django_db
R = AgendaItem.Result


def on_agenda(world, text=SEED_TEXT, role=Consultation.Role.DECISION, organization=None, start=None):
    """A released paper put on the agenda of an invited meeting, as the office would."""
    organization = organization or world.council
    meeting = f.meeting(organization, start=start or at(2021, 12, 14))
    paper = f.paper(world.body, resolution_text=text, under_direction_of=world.department)
    consultation = f.consultation(paper, organization, role=role)
    item = agenda.add_paper(meeting, consultation, by=world.office)
    agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
    return item, paper


def edited(paper, old, new):
    text = as_editable(amended_text(paper).decided)
    assert old in text
    return text.replace(old, new)


def test_adding_words_to_a_sentence_records_the_seeds_amendment(world):
    item, paper = on_agenda(world)
    text = edited(
        paper, "Digitale Kommunen Brandenburg.", "Digitale Kommunen Brandenburg zum nächstmöglichen Zeitpunkt."
    )

    recorded = results.record_result(
        item, R.ADOPTED_WITH_CHANGES, by=world.office, votes_yes=4, votes_no=1, votes_abstention=0, decided_text=text
    )

    assert len(recorded) == 1
    amendment = Amendment.objects.get(consultation__paper=paper)
    assert amendment.kind == Amendment.Kind.ADDED
    assert amendment.text_before == "den Beitritt der Stadt Luckenwalde zum Zweckverband Digitale Kommunen Brandenburg."
    assert amendment.text_after == (
        "den Beitritt der Stadt Luckenwalde zum Zweckverband Digitale Kommunen Brandenburg "
        "zum nächstmöglichen Zeitpunkt."
    )
    assert amendment.initials == "jae" and amendment.recorded_by == world.office
    rendered = amended_text(paper)
    assert [str(note) for note in rendered.footnotes] == ["*) ergänzt STVV 14.12.2021/jae"]
    assert 'zum nächstmöglichen Zeitpunkt. <a class="amendment-marker" href="#fn-' in rendered.marked
    paper.refresh_from_db()
    assert paper.state == Paper.State.DECIDED and paper.result == Paper.Result.ADOPTED_WITH_CHANGES
    item.refresh_from_db()
    assert "zum nächstmöglichen Zeitpunkt." in item.resolution_text
    assert item.meeting.state == Meeting.State.HELD


THREE_SENTENCES = (
    "<p>Die Richtlinie tritt am 1. Januar 2027 in Kraft. Gefördert werden Vereine mit Sitz in der Stadt. "
    "Die Förderung beträgt höchstens 2.000 Euro je Verein.</p>\n"
    "<p>Über die Anträge entscheidet der Hauptausschuss. Die Verwaltung berichtet jährlich.</p>"
)


def test_one_edit_with_an_addition_a_change_and_a_strike_gives_three_markers(world):
    item, paper = on_agenda(world, text=THREE_SENTENCES)
    text = as_editable(amended_text(paper).decided)
    text = text.replace("Vereine mit Sitz", "Vereine und Initiativen mit Sitz")
    text = text.replace("höchstens 2.000 Euro je Verein.", "bis zu 2.500 Euro je Verein und Jahr.")
    text = text.replace(" Die Verwaltung berichtet jährlich.", "")

    results.record_result(item, R.ADOPTED_WITH_CHANGES, by=world.office, unanimous=True, decided_text=text)

    amendments = list(Amendment.objects.filter(consultation__paper=paper).order_by("position"))
    assert [(a.kind, a.text_before, a.text_after) for a in amendments] == [
        (
            Amendment.Kind.ADDED,
            "Gefördert werden Vereine mit Sitz in der Stadt.",
            "Gefördert werden Vereine und Initiativen mit Sitz in der Stadt.",
        ),
        (
            Amendment.Kind.CHANGED,
            "Die Förderung beträgt höchstens 2.000 Euro je Verein.",
            "Die Förderung beträgt bis zu 2.500 Euro je Verein und Jahr.",
        ),
        (Amendment.Kind.STRUCK, "Die Verwaltung berichtet jährlich.", ""),
    ]
    rendered = amended_text(paper)
    assert [str(note) for note in rendered.footnotes] == [
        "*) ergänzt STVV 14.12.2021/jae",
        "**) geändert STVV 14.12.2021/jae",
        "***) gestrichen STVV 14.12.2021/jae",
    ]
    marked = markers(rendered.marked)
    assert "Vereine und Initiativen mit Sitz in der Stadt. <m>*)</m></strong>" in marked
    assert (
        'beträgt <del class="amended">höchstens 2.000 Euro je Verein</del> '
        '<strong class="amended">bis zu 2.500 Euro je Verein und Jahr <m>**)</m></strong>.'
    ) in marked
    assert 'Hauptausschuss. <del class="amended">Die Verwaltung berichtet jährlich.</del> <m>***)</m>' in marked
    assert "berichtet" not in rendered.decided


def test_striking_words_inside_a_sentence_strikes_exactly_those_words(world):
    item, paper = on_agenda(world, text=THREE_SENTENCES)
    text = as_editable(amended_text(paper).decided).replace("höchstens ", "")
    results.record_result(item, R.ADOPTED_WITH_CHANGES, by=world.office, decided_text=text)
    amendment = Amendment.objects.get(consultation__paper=paper)
    assert (amendment.kind, amendment.text_before, amendment.text_after) == (Amendment.Kind.STRUCK, " höchstens", "")
    assert "beträgt 2.000 Euro je Verein." in amended_text(paper).decided
    assert [str(n) for n in amended_text(paper).footnotes] == ["*) gestrichen STVV 14.12.2021/jae"]


def test_amendments_of_two_consultations_are_numbered_in_order(world):
    committee_item, paper = on_agenda(
        world, text=THREE_SENTENCES, role=Consultation.Role.PRELIMINARY, organization=world.committee,
        start=at(2026, 3, 2),
    )  # fmt: skip
    text = edited(paper, "Die Verwaltung berichtet jährlich.", "Die Verwaltung berichtet halbjährlich.")
    results.record_result(committee_item, R.RECOMMENDED, by=world.office, decided_text=text)
    paper.refresh_from_db()
    assert paper.state == Paper.State.IN_CONSULTATION

    council_meeting = f.meeting(world.council, start=at(2026, 3, 16))
    council = f.consultation(paper, world.council, position=2)
    item = agenda.add_paper(council_meeting, council, by=world.office)
    agenda.publish_invitation(council_meeting, by=world.office, at=council_meeting.start - dt.timedelta(days=14))
    text = edited(paper, "Die Richtlinie tritt", "Die neue Richtlinie tritt")
    results.record_result(item, R.ADOPTED_WITH_CHANGES, by=world.office, votes_yes=5, decided_text=text)

    rendered = amended_text(paper)
    assert [str(note) for note in rendered.footnotes] == [
        "*) geändert HA 02.03.2026/jae",
        "**) ergänzt STVV 16.03.2026/jae",
    ]
    assert "Die neue Richtlinie tritt am 1. Januar 2027 in Kraft." in rendered.decided
    assert "berichtet halbjährlich." in rendered.decided
    paper.refresh_from_db()
    assert paper.result == Paper.Result.ADOPTED_WITH_CHANGES


def test_saving_the_text_unchanged_records_no_amendment(world):
    item, paper = on_agenda(world)
    text = as_editable(amended_text(paper).decided)
    assert results.record_result(item, R.ADOPTED, by=world.office, votes_yes=5, decided_text=text) == []
    assert not Amendment.objects.exists()
    paper.refresh_from_db()
    assert paper.result == Paper.Result.ADOPTED


def test_a_changed_text_needs_the_result_adopted_with_changes(world):
    item, paper = on_agenda(world)
    text = edited(paper, "Brandenburg.", "Brandenburg sofort.")
    with pytest.raises(MeetingsError, match="geändert beschlossen"):
        results.record_result(item, R.ADOPTED, by=world.office, decided_text=text)
    with pytest.raises(MeetingsError, match="verlangt eine Änderung"):
        results.record_result(item, R.ADOPTED_WITH_CHANGES, by=world.office)
    assert not Amendment.objects.exists()


def test_an_office_user_without_initials_cannot_record_amendments(world):
    item, paper = on_agenda(world)
    world.office.initials = ""
    text = edited(paper, "Brandenburg.", "Brandenburg sofort.")
    with pytest.raises(MeetingsError, match="kein Kürzel"):
        results.record_result(item, R.ADOPTED_WITH_CHANGES, by=world.office, decided_text=text)


def test_deciding_sends_paper_decided_and_opens_the_decision_tracking(world):
    item, paper = on_agenda(world)
    heard = []

    def receiver(sender, paper, by, **kwargs):
        heard.append((paper.pk, by))

    signals.paper_decided.connect(receiver)
    try:
        results.record_result(item, R.REJECTED, by=world.office, votes_yes=1, votes_no=4)
    finally:
        signals.paper_decided.disconnect(receiver)
    paper.refresh_from_db()
    assert (paper.state, paper.result) == (Paper.State.DECIDED, Paper.Result.REJECTED)
    assert heard == [(paper.pk, world.office)]
    assert not Implementation.objects.filter(paper=paper).exists()

    other_item, adopted = on_agenda(world, start=at(2022, 1, 10))
    results.record_result(other_item, R.ADOPTED, by=world.office, unanimous=True)
    assert Implementation.objects.get(paper=adopted).status == Implementation.Status.OPEN


def test_a_preliminary_consultation_does_not_decide_the_paper(world):
    item, paper = on_agenda(world, role=Consultation.Role.PRELIMINARY, organization=world.committee)
    results.record_result(item, R.ADOPTED, by=world.office)
    paper.refresh_from_db()
    assert paper.state == Paper.State.IN_CONSULTATION and paper.result == ""


def test_deferral_sends_the_paper_back_and_keeps_the_earlier_item(world):
    item, paper = on_agenda(world)
    results.record_result(item, R.DEFERRED, by=world.office, votes_yes=3, votes_no=2)

    consultation = paper.consultations.get()
    assert consultation.meeting is None
    paper.refresh_from_db()
    assert paper.state == Paper.State.IN_CONSULTATION
    later = f.meeting(world.council, start=at(2022, 1, 20))
    assert list(agenda.schedulable_consultations(later)) == [consultation]

    new_item = agenda.add_paper(later, consultation, by=world.office)
    agenda.publish_invitation(later, by=world.office, at=later.start - dt.timedelta(days=14))
    results.record_result(new_item, R.ADOPTED, by=world.office, votes_yes=5)

    history = list(consultation.agenda_items.order_by("meeting__start").values_list("meeting__start__date", "result"))
    assert [result for _, result in history] == [R.DEFERRED, R.ADOPTED]
    paper.refresh_from_db()
    assert paper.state == Paper.State.DECIDED
    with pytest.raises(MeetingsError, match="vertagt"):
        results.record_result(item, R.ADOPTED, by=world.office)


def test_votes_above_the_number_of_voting_members_are_refused(world):
    item, _ = on_agenda(world, start=at(2026, 5, 4))
    assert results.voting_members(world.council, item.meeting.date) == 5
    with pytest.raises(MeetingsError, match="6 abgegebene Stimmen sind mehr als die 5 stimmberechtigten Mitglieder"):
        results.record_result(item, R.ADOPTED, by=world.office, votes_yes=4, votes_no=1, votes_abstention=1)
    item.refresh_from_db()
    assert item.result == "" and item.votes_yes is None
    results.record_result(item, R.ADOPTED, by=world.office, votes_yes=4, votes_no=1)
    item.refresh_from_db()
    assert (item.votes_yes, item.votes_no) == (4, 1)


def test_no_results_for_cancelled_or_planned_meetings(world):
    planned = f.meeting(world.council, start=at(2026, 6, 1))
    item = f.agenda_item(planned)
    with pytest.raises(MeetingsError, match="noch nicht eingeladen"):
        results.record_result(item, R.NOTED, by=world.office)
    cancelled = f.meeting(world.council, start=at(2026, 7, 1), state=Meeting.State.CANCELLED)
    item = f.agenda_item(cancelled)
    with pytest.raises(MeetingsError, match="abgesagt"):
        results.record_result(item, R.NOTED, by=world.office)
    assert not AgendaItem.objects.exclude(result="").exists()


def test_unanimous_with_no_votes_is_refused(world):
    item, _ = on_agenda(world)
    with pytest.raises(MeetingsError, match="einstimmig"):
        results.record_result(item, R.ADOPTED, by=world.office, unanimous=True, votes_no=1)


def test_a_new_paragraph_is_added_after_the_one_before_and_a_removed_paragraph_is_struck(world):
    item, paper = on_agenda(world, text=THREE_SENTENCES)
    paragraphs = as_editable(amended_text(paper).decided).split("\n\n")
    text = "\n\n".join([paragraphs[0], "Die Satzung wird im Amtsblatt bekannt gemacht."])
    results.record_result(item, R.ADOPTED_WITH_CHANGES, by=world.office, decided_text=text)
    amendments = list(Amendment.objects.filter(consultation__paper=paper).order_by("position"))
    assert [(a.kind, a.text_before, a.text_after) for a in amendments] == [
        (
            Amendment.Kind.CHANGED,
            "Über die Anträge entscheidet der Hauptausschuss. Die Verwaltung berichtet jährlich.",
            "Die Satzung wird im Amtsblatt bekannt gemacht.",
        )
    ]
    item2, paper2 = on_agenda(world, text=THREE_SENTENCES, start=at(2022, 2, 1))
    paragraphs = as_editable(amended_text(paper2).decided).split("\n\n")
    text = "\n\n".join([paragraphs[0], "Die Satzung wird bekannt gemacht.", paragraphs[1]])
    results.record_result(item2, R.ADOPTED_WITH_CHANGES, by=world.office, decided_text=text)
    added = Amendment.objects.get(consultation__paper=paper2)
    assert added.kind == Amendment.Kind.ADDED
    assert added.text_before == "Die Förderung beträgt höchstens 2.000 Euro je Verein."
    assert (
        added.text_after == "Die Förderung beträgt höchstens 2.000 Euro je Verein.\n\nDie Satzung wird bekannt gemacht."
    )
    rendered = amended_text(paper2)
    assert "je Verein.</p>\n<p>Die Satzung wird bekannt gemacht.</p>" in rendered.decided
    assert (
        'je Verein.</p>\n<p><strong class="amended">Die Satzung wird bekannt gemacht. <m>*)</m></strong></p>'
        in markers(rendered.marked)
    )


def test_no_results_before_the_day_of_the_meeting(world):
    item, _ = on_agenda(world, start=at(2099, 1, 5))
    with pytest.raises(MeetingsError, match="noch nicht stattgefunden"):
        results.record_result(item, R.ADOPTED, by=world.office)


def test_changing_a_date_records_a_change_whose_rendering_marks_only_the_date(world):
    item, paper = on_agenda(world, text=THREE_SENTENCES)
    text = as_editable(amended_text(paper).decided).replace("am 1. Januar 2027", "am 1. Juli 2027")

    results.record_result(item, R.ADOPTED_WITH_CHANGES, by=world.office, decided_text=text)

    amendment = Amendment.objects.get(consultation__paper=paper)
    assert amendment.kind == Amendment.Kind.CHANGED
    marked = markers(amended_text(paper).marked)
    assert (
        'tritt am 1. <del class="amended">Januar</del> <strong class="amended">Juli <m>*)</m></strong> 2027 in Kraft.'
        in marked
    )
    assert marked.count("<strong") == 1


def test_the_preview_derives_the_amendments_without_saving_and_takes_corrected_kinds(world):
    item, paper = on_agenda(world)
    text = as_editable(amended_text(paper).decided).replace(
        "Digitale Kommunen Brandenburg.", "Digitale Kommunen Brandenburg zum nächstmöglichen Zeitpunkt."
    )

    preview = results.preview_amendments(item, text, world.office)
    corrected = results.preview_amendments(item, text, world.office, kinds=[Amendment.Kind.CHANGED])

    assert [a.kind for a in preview.amendments] == [Amendment.Kind.ADDED]
    assert [str(note) for note in preview.text.footnotes] == ["*) ergänzt STVV 14.12.2021/jae"]
    assert [str(note) for note in corrected.text.footnotes] == ["*) geändert STVV 14.12.2021/jae"]
    assert not Amendment.objects.exists()
    assert results.preview_amendments(item, as_editable(amended_text(paper).decided), world.office) is None
    with pytest.raises(MeetingsError, match="andere Änderungen als in der Vorschau"):
        results.record_result(item, R.ADOPTED_WITH_CHANGES, by=world.office, decided_text=text, kinds=[])


def test_a_withdrawn_item_takes_no_result_votes_or_text(world):
    """Abgesetzt means not dealt with: recording anything for it is refused, not only hidden in the form."""
    item, paper = on_agenda(world)
    item = agenda.withdraw_item(item, by=world.office)
    voter = results.voters(item.meeting)[0]
    attempts = [
        {"result": R.ADOPTED, "votes_yes": 3},
        {"result": R.ADOPTED, "named_votes": {voter.pk: "yes"}},
        {"result": R.ADOPTED_WITH_CHANGES, "decided_text": edited(paper, "DiKom", "DiKom e. V.")},
    ]
    for attempt in attempts:
        with pytest.raises(MeetingsError, match="abgesetzt"):
            results.record_result(item, by=world.office, **attempt)
    with pytest.raises(MeetingsError, match="abgesetzt"):
        results.preview_amendments(item, edited(paper, "DiKom", "DiKom e. V."), world.office)
    item.refresh_from_db()
    assert item.result == "" and item.votes_yes is None and not item.named_votes.exists()
    assert not Amendment.objects.filter(consultation__paper=paper).exists()
