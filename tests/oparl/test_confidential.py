"""Issue 11 through OParl: Paper, its mainFile (the frozen copy) and File.text carry only public content."""

import pytest

from resolutions.models import File
from tests.confidential import ANNEX_WORD, SECRET_WORD, confidential  # noqa: F401
from tests.documents.helpers import all_text, normalise

pytestmark = pytest.mark.django_db


def test_the_paper_and_its_main_file_hold_the_public_view_only(api, confidential):  # noqa: F811
    paper = api(f"/paper/{confidential.paper.pk}")
    assert paper.status_code == 200
    main = paper.json()["mainFile"]
    frozen = File.objects.get(paper=confidential.paper, kind=File.Kind.PAPER_PDF, frozen_state="decided")
    assert main["id"].endswith(f"/file/{frozen.pk}")
    assert SECRET_WORD not in main["text"] and "Beschlussvorschlag" in normalise(main["text"])
    assert SECRET_WORD.encode() not in paper.content

    file = api(f"/file/{frozen.pk}")
    assert file.status_code == 200 and SECRET_WORD not in file.json()["text"]
    download = api(f"/file/{frozen.pk}/download")
    assert download.status_code == 200
    assert SECRET_WORD not in all_text(b"".join(download.streaming_content))


def test_no_list_of_the_body_holds_the_secret_or_the_nonpublic_annex(api, confidential):  # noqa: F811
    for segment in ("paper", "file", "meeting", "agendaitem", "consultation"):
        response = api(f"/body/{confidential.body.pk}/{segment}")
        assert response.status_code == 200, segment
        assert SECRET_WORD.encode() not in response.content, segment
        assert ANNEX_WORD.encode() not in response.content and b"gutachten.pdf" not in response.content, segment
    assert api(f"/file/{confidential.annex.pk}").status_code == 404
