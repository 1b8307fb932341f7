import pytest

from demo.seed import SEED_AMENDMENT_AFTER, SEED_AMENDMENT_BEFORE, SEED_RESOLUTION
from resolutions.amendments import AmendmentError, amended_text, apply_amendments, marker_label, marker_symbol
from resolutions.models import Amendment
from tests import factories as f


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
        'zum nächstmöglichen Zeitpunkt. <span class="amendment-marker">*)</span></strong>'
    ) in text.marked
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
    assert '<span class="amendment-marker">**)</span>' in text.marked
    assert "Hauptverwaltungsbeamte <span" in text.marked


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
    assert (
        "zum nächstmöglichen Zeitpunkt. Die Kosten trägt der Haushalt. "
        '<span class="amendment-marker">*)</span> <span class="amendment-marker">**)</span></strong>'
    ) in text.marked
    assert [note.symbol for note in text.footnotes] == ["*)", "**)"]
