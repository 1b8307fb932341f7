import re

import pytest

from demo.seed import SEED_AMENDMENT_AFTER, SEED_AMENDMENT_BEFORE, SEED_RESOLUTION
from resolutions.amendments import AmendmentError, amended_text, apply_amendments, marker_label, marker_symbol
from resolutions.models import Amendment
from tests import factories as f


def markers(marked):
    """The marked text with each linked marker written as <m>symbol</m> (the links are tested on their own)."""
    return re.sub(
        r'<a class="amendment-marker" href="#fn-\d+-\d+" id="fn-\d+-\d+-ref"[^>]*>([^<]+)</a>', r"<m>\1</m>", marked
    )


@pytest.fixture
def stvv_consultation(db):
    body = f.body()
    stvv = f.organization(body, kind="council", name="Stadtverordnetenversammlung", short_name="STVV")
    meeting = f.meeting(stvv, start=f.dt.datetime(2021, 12, 14, 18, tzinfo=f.TZ), state="held")
    paper = f.paper(body, resolution_text=SEED_RESOLUTION)
    return f.consultation(paper, stvv, meeting=meeting)


def test_seed_amendment_gives_marker_and_footnote(stvv_consultation):
    f.amendment(stvv_consultation, Amendment.Kind.ADDED, SEED_AMENDMENT_BEFORE, SEED_AMENDMENT_AFTER)

    text = amended_text(stvv_consultation.paper)

    assert "zum nächstmöglichen Zeitpunkt." in text.decided
    assert "*)" not in text.decided
    assert (
        '<strong class="amended">den Beitritt der Stadt Luckenwalde zum Zweckverband Digitale Kommunen Brandenburg '
        "zum nächstmöglichen Zeitpunkt. <m>*)</m></strong>"
    ) in markers(text.marked)
    assert [str(note) for note in text.footnotes] == ["*) ergänzt STVV 14.12.2021/jae"]


def test_marker_label_is_derived_from_kind_organization_date_and_initials(stvv_consultation):
    amendment = f.amendment(stvv_consultation, Amendment.Kind.CHANGED, "beschließt", "beschließt einstimmig", "mü")
    assert marker_label(amendment) == "geändert STVV 14.12.2021/mü"


def test_marker_symbols_are_distinct():
    assert [marker_symbol(i) for i in range(1, 6)] == ["*)", "**)", "***)", "4*)", "5*)"]


def test_mixed_kinds_get_distinct_markers_in_order(stvv_consultation):
    paper = stvv_consultation.paper
    committee = f.organization(paper.body, short_name="HA")
    committee_meeting = f.meeting(committee, start=f.dt.datetime(2021, 12, 1, 17, tzinfo=f.TZ))
    preliminary = f.consultation(paper, committee, position=2, meeting=committee_meeting)
    # Order of application follows the Beratungsfolge: position 1 (STVV) then 2 (HA).
    f.amendment(stvv_consultation, Amendment.Kind.ADDED, SEED_AMENDMENT_BEFORE, SEED_AMENDMENT_AFTER)
    f.amendment(
        stvv_consultation, Amendment.Kind.STRUCK, " beim Zweckverband Digitale Kommunen Brandenburg (DiKom)", position=2
    )
    f.amendment(preliminary, Amendment.Kind.CHANGED, "Die Bürgermeisterin", "Der Hauptverwaltungsbeamte", "abc")

    text = amended_text(paper)

    assert [str(note) for note in text.footnotes] == [
        "*) ergänzt STVV 14.12.2021/jae",
        "**) gestrichen STVV 14.12.2021/jae",
        "***) geändert HA 01.12.2021/abc",
    ]
    assert "(DiKom)" not in text.decided
    assert "Der Hauptverwaltungsbeamte wird beauftragt den Aufnahmeantrag für die Stadt Luckenwalde zu stellen." in (
        text.decided
    )
    assert text.marked.count('class="amendment-marker"') == 3
    marked = markers(text.marked)
    assert '<del class="amended">beim Zweckverband Digitale Kommunen Brandenburg (DiKom)</del> <m>**)</m> zu' in marked
    assert (
        '<del class="amended">Die Bürgermeisterin</del> <strong class="amended">Der Hauptverwaltungsbeamte <m>***)</m>'
        in marked
    )


def test_a_later_amendment_can_change_a_passage_an_earlier_one_marked(stvv_consultation):
    f.amendment(stvv_consultation, Amendment.Kind.ADDED, SEED_AMENDMENT_BEFORE, SEED_AMENDMENT_AFTER)
    f.amendment(stvv_consultation, Amendment.Kind.CHANGED, "nächstmöglichen Zeitpunkt", "1. Januar 2022", position=2)

    text = amended_text(stvv_consultation.paper)

    assert "Brandenburg zum 1. Januar 2022." in text.decided
    assert len(text.footnotes) == 2
    assert not text.unmatched


def test_missing_passage_is_an_error_when_strict_and_reported_otherwise(stvv_consultation):
    amendment = f.amendment(stvv_consultation, Amendment.Kind.CHANGED, "gibt es nicht", "neu")

    with pytest.raises(AmendmentError):
        apply_amendments(SEED_RESOLUTION, [amendment], strict=True)
    text = apply_amendments(SEED_RESOLUTION, [amendment])
    assert text.unmatched == [amendment]
    assert text.decided == SEED_RESOLUTION


def test_amended_text_is_escaped_and_sanitised(stvv_consultation):
    paper = stvv_consultation.paper
    paper.resolution_text = '<p onclick="x()">Die Versammlung beschließt.<script>alert(1)</script></p>'
    paper.save()
    f.amendment(stvv_consultation, Amendment.Kind.CHANGED, "beschließt", "beschließt <b>sofort</b>")

    text = amended_text(paper)

    assert "<script" not in text.marked and "onclick" not in text.marked
    assert "&lt;b&gt;sofort&lt;/b&gt;" in text.decided


def test_rewriting_a_passage_an_earlier_amendment_marked_carries_both_markers_without_nesting(stvv_consultation):
    f.amendment(stvv_consultation, Amendment.Kind.ADDED, SEED_AMENDMENT_BEFORE, SEED_AMENDMENT_AFTER)
    f.amendment(
        stvv_consultation,
        Amendment.Kind.ADDED,
        SEED_AMENDMENT_AFTER,
        SEED_AMENDMENT_AFTER + " Die Kosten trägt der Haushalt.",
        position=2,
    )

    text = amended_text(stvv_consultation.paper)

    assert text.marked.count('<strong class="amended">') == 1
    assert ("zum nächstmöglichen Zeitpunkt. Die Kosten trägt der Haushalt. <m>*)</m> <m>**)</m></strong>") in markers(
        text.marked
    )
    assert [note.symbol for note in text.footnotes] == ["*)", "**)"]


RULES = (
    "<p>Die Richtlinie tritt am 1. Januar 2027 in Kraft. Gefördert werden Vereine mit Sitz in der Stadt. "
    "Die Förderung beträgt höchstens 2.000 Euro je Verein.</p>\n"
    "<p>Über die Anträge entscheidet der Hauptausschuss. Die Verwaltung berichtet jährlich.</p>"
)


@pytest.fixture
def rules(stvv_consultation):
    paper = stvv_consultation.paper
    paper.resolution_text = RULES
    paper.save()
    return stvv_consultation


def test_a_struck_passage_stays_readable_struck_through_with_its_marker(rules):
    f.amendment(rules, Amendment.Kind.STRUCK, " Die Verwaltung berichtet jährlich.")

    text = amended_text(rules.paper)

    assert "berichtet" not in text.decided
    assert 'Hauptausschuss. <del class="amended">Die Verwaltung berichtet jährlich.</del> <m>*)</m></p>' in markers(
        text.marked
    )
    assert [str(note) for note in text.footnotes] == ["*) gestrichen STVV 14.12.2021/jae"]


def test_a_changed_date_marks_only_the_changed_words(rules):
    f.amendment(
        rules,
        Amendment.Kind.CHANGED,
        "Die Richtlinie tritt am 1. Januar 2027 in Kraft.",
        "Die Richtlinie tritt am 1. Juli 2027 in Kraft.",
    )

    text = amended_text(rules.paper)

    assert "tritt am 1. Juli 2027 in Kraft." in text.decided
    assert (
        'Die Richtlinie tritt am 1. <del class="amended">Januar</del> <strong class="amended">Juli <m>*)</m></strong>'
        " 2027 in Kraft."
    ) in markers(text.marked)


def test_a_changed_figure_is_replaced_whole_with_its_marker_after_it(rules):
    f.amendment(
        rules,
        Amendment.Kind.CHANGED,
        "Die Förderung beträgt höchstens 2.000 Euro je Verein.",
        "Die Förderung beträgt höchstens 2.500 Euro je Verein.",
    )

    text = amended_text(rules.paper)

    assert (
        'Die Förderung beträgt höchstens <del class="amended">2.000</del> <strong class="amended">2.500 <m>*)</m>'
        "</strong> Euro je Verein."
    ) in markers(text.marked)


def test_an_added_paragraph_is_a_paragraph_of_its_own(rules):
    before = "Die Verwaltung berichtet jährlich."
    f.amendment(rules, Amendment.Kind.ADDED, before, before + "\n\nDer Beschluss gilt ab sofort.")

    text = amended_text(rules.paper)

    assert "berichtet jährlich.</p>\n<p>Der Beschluss gilt ab sofort.</p>" in text.decided
    assert (
        'Die Verwaltung berichtet jährlich.</p>\n<p><strong class="amended">Der Beschluss gilt ab sofort. <m>*)</m>'
        "</strong></p>"
    ) in markers(text.marked)


def test_a_paragraph_added_before_the_first_one_is_its_own_paragraph(rules):
    before = "Die Richtlinie tritt am 1. Januar 2027 in Kraft."
    f.amendment(rules, Amendment.Kind.ADDED, before, "Präambel: Die Stadt fördert das Ehrenamt.\n\n" + before)

    text = amended_text(rules.paper)

    assert markers(text.marked).startswith(
        '<p><strong class="amended">Präambel: Die Stadt fördert das Ehrenamt. <m>*)</m></strong></p>\n'
        "<p>Die Richtlinie tritt"
    )


def test_neighbouring_amendments_keep_their_own_elements_and_markers(rules):
    f.amendment(
        rules,
        Amendment.Kind.ADDED,
        "Gefördert werden Vereine mit Sitz in der Stadt.",
        "Gefördert werden Vereine und Initiativen mit Sitz in der Stadt.",
    )
    f.amendment(
        rules,
        Amendment.Kind.CHANGED,
        "Die Förderung beträgt höchstens 2.000 Euro je Verein.",
        "Die Förderung beträgt bis zu 2.500 Euro je Verein.",
        position=2,
    )
    f.amendment(rules, Amendment.Kind.STRUCK, "Über die Anträge entscheidet der Hauptausschuss.", position=3)
    f.amendment(rules, Amendment.Kind.STRUCK, " Die Verwaltung berichtet jährlich.", position=4)

    text = amended_text(rules.paper)
    marked = markers(text.marked)

    assert (
        '<strong class="amended">Gefördert werden Vereine und Initiativen mit Sitz in der Stadt. <m>*)</m></strong> '
        'Die Förderung beträgt <del class="amended">höchstens 2.000</del> '
        '<strong class="amended">bis zu 2.500 <m>**)</m></strong> Euro je Verein.'
    ) in marked
    assert (
        '<p><del class="amended">Über die Anträge entscheidet der Hauptausschuss.</del> <m>***)</m> '
        '<del class="amended">Die Verwaltung berichtet jährlich.</del> <m>4*)</m></p>'
    ) in marked
    assert marked.count("<strong") == 2 and marked.count("<del") == 3
    assert [note.symbol for note in text.footnotes] == ["*)", "**)", "***)", "4*)"]


def test_markers_link_to_their_footnotes_and_back(stvv_consultation):
    f.amendment(stvv_consultation, Amendment.Kind.ADDED, SEED_AMENDMENT_BEFORE, SEED_AMENDMENT_AFTER)
    f.amendment(stvv_consultation, Amendment.Kind.CHANGED, "gibt es nicht", "neu", position=2)

    text = amended_text(stvv_consultation.paper)

    found, missing = text.footnotes
    paper_id = stvv_consultation.paper_id
    assert (found.anchor, found.ref, found.linked) == (f"fn-{paper_id}-1", f"fn-{paper_id}-1-ref", True)
    assert f'<a class="amendment-marker" href="#fn-{paper_id}-1" id="fn-{paper_id}-1-ref"' in text.marked
    # An amendment whose passage is gone keeps its footnote, without a link back to nothing.
    assert not missing.linked and f"fn-{paper_id}-2" not in text.marked
