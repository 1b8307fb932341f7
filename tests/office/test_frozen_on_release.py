"""Releasing through the workflow stores the paper's PDF as a frozen copy (documents app)."""

import pytest

from resolutions import workflow
from resolutions.models import File

from .conftest import draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_release_stores_a_frozen_pdf_of_that_version(town, django_capture_on_commit_callbacks):
    paper = workflow.submit(draft(town), by=town.clerk)
    for signer in (town.head, town.treasurer, town.mayor):
        workflow.sign(paper, by=signer)
    with django_capture_on_commit_callbacks(execute=True):
        paper = workflow.release(paper, by=town.clerk)
    frozen = File.objects.get(paper=paper, kind=File.Kind.PAPER_PDF)
    assert frozen.frozen_state == "released" and frozen.paper_version == paper.version
    assert frozen.file.read().startswith(b"%PDF-")
    assert paper.reference in frozen.text
