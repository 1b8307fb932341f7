"""Picture tests (issue 13): a page of each printed document, rendered by pdftoppm, compared loosely
with a stored reference in tests/documents/pictures/, so that a layout regression is seen.

"Loosely": both pages greyscale at the reference's size; the mean absolute difference per pixel
must stay under MEAN_LIMIT, and the rows of ink per horizontal band must match within
BAND_TOLERANCE. A changed word passes; a moved or missing block, a lost header or another font
does not (the tests at the end show that).

After an intended change of a document's layout, regenerate the references with one command:

    UPDATE_PICTURES=1 .venv/bin/pytest -p no:xdist tests/documents/test_pictures.py

and look at each changed PNG before committing it. Needs `pdftoppm` (Debian's poppler-utils,
`make poppler`). The documents come from the demo, with "today" fixed at FROZEN_NOW.
"""

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image, ImageChops, ImageFilter, ImageStat

from council.models import Meeting
from documents import pdf
from meetings.minutes import minutes_for
from resolutions.models import Paper
from tests.documents.helpers import page_texts

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm missing: make poppler"),
]

PICTURES = Path(__file__).resolve().parent / "pictures"
UPDATE = os.environ.get("UPDATE_PICTURES") == "1"
RESOLUTION = 50  # dpi: an A4 page is 414 × 585 pixels, a reference a few tens of KB
FROZEN_NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)  # the date the Nachtrag and Absage are signed on

# Tuned on the documents below (see the regression tests): a changed word stays far under
# these, a removed block or another font far over them.
MEAN_LIMIT = 2.0  # mean absolute difference per pixel, 0–255, after a slight blur
BAND_CHANGE = 1.0  # a band whose pixels differ more than this on average has changed
CHANGED_BANDS = 3  # changed bands allowed: a word or two, not every line (another font)
INK = 160  # a pixel darker than this is ink
BAND_ROWS = 10  # a band is 10 pixel rows (5 mm)
BAND_TOLERANCE = 2  # rows of ink a band may gain or lose


# --- Rendering and comparing -----------------------------------------------------------------


def render_page(data, number):
    """Page `number` (1-based) of a PDF as pdftoppm draws it at RESOLUTION dpi, in greyscale."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", str(RESOLUTION), "-png", "-gray", "-f", str(number), "-l", str(number)]
            + ["-singlefile", str(source), str(Path(folder) / "page")],
            check=True,
            capture_output=True,
            timeout=60,
        )
        with Image.open(Path(folder) / "page.png") as image:
            return image.convert("L")


def ink_rows_per_band(image):
    """For each band of BAND_ROWS pixel rows, how many of its rows hold ink: the page's layout, coarsely."""
    width, height = image.size
    pixels = image.tobytes()
    inked = [min(pixels[row * width : (row + 1) * width]) < INK for row in range(height)]
    return [sum(inked[start : start + BAND_ROWS]) for start in range(0, height, BAND_ROWS)]


def band_differences(reference, candidate):
    """The mean absolute difference per pixel of each band, after a slight blur: where the pages differ."""
    blur = ImageFilter.GaussianBlur(1)
    difference = ImageChops.difference(reference.filter(blur), candidate.filter(blur))
    width, height = difference.size
    return [
        ImageStat.Stat(difference.crop((0, top, width, min(top + BAND_ROWS, height)))).mean[0]
        for top in range(0, height, BAND_ROWS)
    ]


@dataclass
class Difference:
    mean: float  # over the whole page
    changed: list  # indices of the bands whose pixels differ beyond BAND_CHANGE
    moved: list  # indices of the bands whose rows of ink differ

    @property
    def similar(self):
        return self.mean < MEAN_LIMIT and len(self.changed) <= CHANGED_BANDS and not self.moved

    def __str__(self):
        def where(bands):
            return ", ".join(f"{band * BAND_ROWS * 25.4 / RESOLUTION:.0f} mm" for band in bands[:8]) or "nowhere"

        return (
            f"mean difference {self.mean:.2f} (limit {MEAN_LIMIT}); changed at {where(self.changed)} "
            f"(at most {CHANGED_BANDS} bands); layout moved at {where(self.moved)}"
        )


def compare(reference, candidate):
    """How far `candidate` is from `reference`, the candidate scaled to the reference's size."""
    reference = reference.convert("L")
    candidate = candidate.convert("L").resize(reference.size)
    differences = band_differences(reference, candidate)
    ink = zip(ink_rows_per_band(reference), ink_rows_per_band(candidate), strict=True)
    return Difference(
        mean=sum(differences) / len(differences),
        changed=[band for band, value in enumerate(differences) if value > BAND_CHANGE],
        moved=[band for band, (expected, actual) in enumerate(ink) if abs(expected - actual) > BAND_TOLERANCE],
    )


def assert_like_reference(image, name, tmp_path):
    """The page looks like tests/documents/pictures/<name>.png (written instead with UPDATE_PICTURES=1)."""
    reference_file = PICTURES / f"{name}.png"
    if UPDATE:
        PICTURES.mkdir(exist_ok=True)
        image.save(reference_file, optimize=True)
    assert reference_file.exists(), f"no reference {reference_file.name}: run with UPDATE_PICTURES=1"
    with Image.open(reference_file) as reference:
        difference = compare(reference, image)
    if not difference.similar:
        image.save(tmp_path / f"{name}.png")
    assert difference.similar, f"{name}: {difference}; this rendering: {tmp_path / name}.png"


# --- The documents ---------------------------------------------------------------------------


@pytest.fixture
def frozen_today(monkeypatch):
    """Letters dated "today" (Nachtrag, Absage) carry FROZEN_NOW's date, so the reference does not drift."""
    monkeypatch.setattr(timezone, "now", lambda: FROZEN_NOW)


def demo_paper(demo, reference):
    return Paper.objects.get(body=demo.luckenwalde, reference=reference)


def demo_meeting(demo, organization, date):
    return Meeting.objects.get(body=demo.luckenwalde, organization__short_name=organization, start__date=date)


def councillor(demo):
    """The demo's councillor, a member of the Hauptausschuss."""
    return next(login.user for login in demo.logins if login.role == "councillor")


MAIN_COMMITTEE_DECEMBER = ("HA", dt.date(2026, 12, 10))  # invited: a non-public item and a Nachtrag
CANCELLED_LOCAL_COUNCIL = ("OBR Fr", dt.date(2026, 10, 26))


def page_with(data, *needles, after=1):
    """The number of the first page from `after` on whose text holds every needle."""
    for number, text in enumerate(page_texts(data), start=1):
        if number >= after and all(needle in text for needle in needles):
            return number
    raise AssertionError(f"no page with {needles}")


@pytest.mark.parametrize(
    ("name", "reference", "pages"),
    [
        ("beschlussvorlage-B-7311-2021", "B-7311/2021", (1, 2)),
        ("antrag-A-2-2026", "A-2/2026", (1,)),
        ("informationsvorlage-I-1-2026", "I-1/2026", (1,)),
        ("mitteilung-M-1-2026", "M-1/2026", (1,)),
    ],
)
def test_paper_looks_like_its_reference(demo, frozen_today, tmp_path, name, reference, pages):
    data = pdf.paper_pdf(demo_paper(demo, reference))
    for number in pages:
        assert_like_reference(render_page(data, number), f"{name}-{number}", tmp_path)


def test_invitation_looks_like_its_reference(demo, frozen_today, tmp_path):
    data = pdf.invitation_pdf(demo_meeting(demo, *MAIN_COMMITTEE_DECEMBER), councillor(demo))
    assert_like_reference(render_page(data, 1), "einladung-1", tmp_path)


def test_supplementary_invitation_looks_like_its_reference(demo, frozen_today, tmp_path):
    meeting, member = demo_meeting(demo, *MAIN_COMMITTEE_DECEMBER), councillor(demo)
    data = pdf.supplement_pdf(meeting, member, pdf.supplement_items(meeting, member))
    assert_like_reference(render_page(data, 1), "nachtragseinladung-1", tmp_path)


def test_cancellation_looks_like_its_reference(demo, frozen_today, tmp_path):
    data = pdf.cancellation_pdf(demo_meeting(demo, *CANCELLED_LOCAL_COUNCIL))
    assert_like_reference(render_page(data, 1), "absage-1", tmp_path)


def test_members_bundle_looks_like_its_reference(demo, frozen_today, tmp_path):
    """Cover, contents, a paper's page with its running "TOP Ö …", a non-public page marked for its recipient."""
    data = pdf.bundle_pdf(demo_meeting(demo, *MAIN_COMMITTEE_DECEMBER), councillor(demo))
    contents = page_with(data, "Inhalt")
    paper_page = page_with(data, "TOP Ö", "Vorlagen-Nr.", after=contents + 1)
    nonpublic_page = page_with(data, "TOP N", "Exemplar für", after=contents + 1)
    for label, number in (("deckblatt", 1), ("inhalt", contents), ("vorlage", paper_page), ("nn", nonpublic_page)):
        assert_like_reference(render_page(data, number), f"sitzungsmappe-{label}", tmp_path)


def test_minutes_look_like_their_reference(demo, frozen_today, tmp_path):
    """The approved minutes of the Hauptausschuss's September meeting: the public copy's first page,
    and in a member's copy the non-public part marked for its recipient."""
    meeting = Meeting.objects.get(
        body=demo.luckenwalde, organization__short_name="HA", minutes_state=Meeting.MinutesState.APPROVED
    )
    data = pdf.minutes_pdf(meeting, minutes_for(meeting, None))
    assert_like_reference(render_page(data, 1), "niederschrift-1", tmp_path)
    member = councillor(demo)
    data = pdf.minutes_pdf(meeting, minutes_for(meeting, member), pdf.recipient_name(member))
    assert_like_reference(render_page(data, page_with(data, "Exemplar für")), "niederschrift-nn", tmp_path)


# --- The comparison sees regressions and forgives a word -------------------------------------


@pytest.fixture
def seed_html(demo):
    return pdf.paper_html(demo.seed_paper)


def page_of(html, number=1):
    return render_page(pdf.render_pdf(html), number)


def with_style(html, css):
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


CONSULTATIONS = re.compile(r'<table class="consultations">.*?</table>', re.S)
TITLE = re.compile(r"<section class=\"section\">\s*<h2>Titel:</h2>.*?</section>", re.S)


def without_consultations(html):
    return CONSULTATIONS.sub("", html, count=1)


def consultations_below_title(html):
    table = CONSULTATIONS.search(html).group(0)
    return TITLE.sub(lambda title: title.group(0) + table, without_consultations(html), count=1)


def without_letterhead(html):
    return re.sub(r'<header class="letterhead">.*?</header>', "", html, count=1, flags=re.S)


def test_a_changed_word_passes(seed_html):
    reference = page_of(seed_html)
    head, body = seed_html.split("<body", 1)
    assert "Zweckverband" in body
    changed = page_of(head + "<body" + body.replace("Zweckverband", "Zweckverbund", 1))
    assert changed.tobytes() != reference.tobytes()
    assert compare(reference, changed).similar


@pytest.mark.parametrize(
    ("regression", "page"),
    [
        pytest.param(without_consultations, 1, id="missing-block"),
        pytest.param(consultations_below_title, 1, id="moved-block"),
        pytest.param(without_letterhead, 1, id="lost-letterhead"),
        pytest.param(
            lambda html: with_style(html, "@page { @top-left { content: none } @top-right { content: none } }"),
            2,
            id="lost-running-head",
        ),
        pytest.param(lambda html: with_style(html, "html { font-style: italic }"), 1, id="italic-font"),
        pytest.param(lambda html: with_style(html, "html { font-size: 11pt }"), 1, id="larger-font"),
    ],
)
def test_a_layout_regression_is_reported(seed_html, regression, page):
    changed_html = regression(seed_html)
    assert changed_html != seed_html
    difference = compare(page_of(seed_html, page), page_of(changed_html, page))
    assert not difference.similar, difference
