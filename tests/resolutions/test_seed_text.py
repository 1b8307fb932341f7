"""The seed's decided text on the paper page reads exactly as in the Beschlussvorlage (docs/seed), bold where it is bold."""

import html
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "docs" / "seed" / "beschlussvorlage-B-7311-2021.txt"


def seed_resolution_lines():
    """The lines of the seed between "Beschluss:" and "Finanzielle Auswirkung", with its markdown bold."""
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    return lines[lines.index("Beschluss:") + 1 : lines.index("Finanzielle Auswirkung: nein")]


def as_seed_lines(section):
    """The page's text section written like the seed: bold as **…**, one line per paragraph and footnote."""
    section = re.sub(r'<p class="meta amendment-legend">.*?</p>', "", section, flags=re.S)
    section = re.sub(r'\s*<a href="#[^"]*" class="footnote-back"[^>]*>.*?</a>', "", section)
    section = re.sub(r"<li[^>]*>(.*?)</li>", r"\n**\1**\n", section)  # footnotes are set in bold
    section = re.sub(r"<strong[^>]*>|</strong>", "**", section)
    section = re.sub(r"</p>|<br>", "\n", section)
    text = html.unescape(re.sub(r"<[^>]+>", "", section))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_the_seed_paper_page_shows_the_decided_text_exactly_as_the_beschlussvorlage(client, demo):
    page = client.get(f"/luckenwalde/vorlagen/{demo.seed_paper.pk}/").content.decode()
    section = re.search(r'<section aria-labelledby="beschluss">.*?</section>', page, re.S).group(0)
    heading, *text = as_seed_lines(section)

    assert heading == "Beschluss"
    assert text == seed_resolution_lines()
    assert "fett: ergänzt/geändert, durchgestrichen: gestrichen" in section
