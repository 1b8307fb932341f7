"""Amendment markers in the printed paper stay on the line of their passage (issue 13.3)."""

import re

import pytest

from documents import pdf
from resolutions.models import Amendment
from tests import factories as f
from tests.documents.helpers import page_texts

pytestmark = pytest.mark.django_db

MARKERS_ONLY = re.compile(r"^(?:\d*\*+\)\s*)+$")


def test_markers_never_start_a_line_of_their_own():
    """The passage ends at every place of a line in turn (one more word before it each paragraph)."""
    body = f.body()
    council = f.organization(body, short_name="GV")
    words = ["Die", "Verwaltung", "wird", "beauftragt", "einen", "Bericht", "vorzulegen", "und"]
    paragraphs = [" ".join((words * 4)[:count]) + f" Stelle{count}." for count in range(30)]
    paper = f.paper(body, resolution_text="".join(f"<p>{text}</p>" for text in paragraphs))
    meeting = f.meeting(council, state="held")
    consultation = f.consultation(paper, council, meeting=meeting)
    f.agenda_item(meeting, consultation=consultation)
    for count in range(30):
        f.amendment(consultation, Amendment.Kind.ADDED, f"Stelle{count}.", f"Stelle{count}.", position=count + 1)
    data = pdf.paper_pdf(paper)
    lines = [line.strip() for text in page_texts(data) for line in text.splitlines()]
    assert any(line.endswith("4*)") for line in lines)  # the markers are there
    orphans = [line for line in lines if MARKERS_ONLY.match(line)]
    assert orphans == []
