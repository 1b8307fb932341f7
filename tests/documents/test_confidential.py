"""Issue 11: an amendment made in a non-public agenda item stays out of every PDF but the insiders'.

The scenario (`tests.confidential`) is built through the council office's workflow; each
audience downloads the paper PDF, the frozen copy and the Sitzungsmappe.
"""

import io

import pytest
from django.core.management import call_command

from documents import pdf
from portal.caching import PUBLIC_MAX_AGE
from resolutions.files import sha512
from resolutions.models import File
from resolutions.paper_view import DECIDED_IN_PRIVATE, paper_view
from tests.confidential import ANNEX_WORD, SECRET, SECRET_WORD, confidential  # noqa: F401
from tests.documents.helpers import all_text, body_text, normalise

pytestmark = pytest.mark.django_db
PUBLIC_CACHE = "public, max-age=600"
# The public paper PDF is kept like the paper page (portal.caching).
PUBLIC_PAGE_CACHE = f"public, max-age={PUBLIC_MAX_AGE}"
PRIVATE = "private, no-store"


def cache_control(user, public=PUBLIC_CACHE):
    """Only anonymous responses may be public (every logged-in response is private, ratsinfo.middleware)."""
    return public if user is None else PRIVATE


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def paper_pdf(client, scenario, user):
    response = as_user(client, user).get(f"/dokumente/{scenario.body.slug}/vorlagen/{scenario.paper.pk}.pdf")
    assert response.status_code == 200
    return response


def test_the_paper_pdf_shows_the_secret_amendment_to_insiders_only(client, confidential):  # noqa: F811
    for name, user in confidential.outsiders.items():
        response = paper_pdf(client, confidential, user)
        text = body_text(response.content)
        assert SECRET_WORD not in text, name
        view = paper_view(confidential.paper, user, files=False, related=False)
        assert not view.holds_nonpublic, name
        assert "Beschlussvorschlag:" in text and f"{DECIDED_IN_PRIVATE[0].upper()}{DECIDED_IN_PRIVATE[1:]}" in text
        assert "ergänzt STVV" not in text, name
        assert response["Cache-Control"] == cache_control(user, PUBLIC_PAGE_CACHE) and "Cookie" in response["Vary"], (
            name
        )
    for name, user in confidential.insiders.items():
        response = paper_pdf(client, confidential, user)
        text = body_text(response.content)
        assert SECRET in text and "*) ergänzt STVV 01.06.2026/jae" in text, name
        assert "Beschluss:" in text and "Beschlussvorschlag" not in text, name
        assert paper_view(confidential.paper, user, files=False, related=False).holds_nonpublic, name
        assert response["Cache-Control"] == PRIVATE, name


def test_a_paper_not_yet_decided_is_printed_as_a_proposal(client, confidential):  # noqa: F811
    response = as_user(client, None).get(
        f"/dokumente/{confidential.body.slug}/vorlagen/{confidential.annexed_paper.pk}.pdf"
    )
    text = body_text(response.content)
    assert "Beschlussvorschlag:" in text and "Beschluss:" not in text


def test_the_frozen_decision_copy_and_its_text_hold_only_the_public_view(client, confidential):  # noqa: F811
    record = File.objects.get(paper=confidential.paper, kind=File.Kind.PAPER_PDF, frozen_state="decided")
    text = normalise(record.text)  # as search and OParl serve it
    assert SECRET_WORD not in text and DECIDED_IN_PRIVATE.lower() in text.lower()
    assert "Beschlussvorschlag:" in text and "Verkauf des Grundstücks Am Markt 3" in text
    for name, user in {**confidential.outsiders, **confidential.insiders}.items():
        response = as_user(client, user).get(f"/{confidential.body.slug}/dokumente/{record.pk}/{record.file_name}")
        assert response.status_code == 200, name
        text = all_text(b"".join(response.streaming_content))
        assert SECRET_WORD not in text and "Beschlussvorschlag" in text, name


def bundle(client, scenario, user):
    response = as_user(client, user).get(
        f"/dokumente/{scenario.body.slug}/sitzungen/{scenario.meeting.pk}/sitzungsmappe.pdf"
    )
    assert response.status_code == 200
    return response, all_text(response.getvalue())


def test_the_bundle_is_public_only_when_it_holds_only_public_content(client, confidential):  # noqa: F811
    for name in ("anonymous", "outsider", "other_department", "other_body"):
        user = confidential.outsiders[name]
        response, text = bundle(client, confidential, user)
        assert SECRET_WORD not in text and ANNEX_WORD not in text, name
        assert "Sanierung Marktbrunnen" in text, name
        assert response["Cache-Control"] == cache_control(user), name
    # The department in charge sees its non-public annex (not the non-public item): not for shared caches.
    response, text = bundle(client, confidential, confidential.department)
    assert ANNEX_WORD in text and SECRET_WORD not in text
    assert response["Cache-Control"] == PRIVATE
    # Private by what it holds, not only because the user is logged in.
    assert pdf.collect_bundle(confidential.meeting, confidential.department).holds_nonpublic
    assert not pdf.collect_bundle(confidential.meeting, confidential.other_department).holds_nonpublic
    for name, user in confidential.insiders.items():
        response, text = bundle(client, confidential, user)
        assert SECRET in text and ANNEX_WORD in text, name
        assert response["Cache-Control"] == PRIVATE, name


def test_repair_renders_a_leaking_decision_copy_again_in_place(client, confidential):  # noqa: F811
    """A copy frozen before the fix held the insiders' text; the repair command replaces its content."""
    record = File.objects.get(paper=confidential.paper, kind=File.Kind.PAPER_PDF, frozen_state="decided")
    leaked = pdf.paper_pdf(confidential.paper, paper_view(confidential.paper, confidential.office))
    pdf.replace_frozen_content(record, leaked)
    assert SECRET_WORD in File.objects.get(pk=record.pk).text

    out = io.StringIO()
    call_command("repair_frozen_copies", "--dry-run", stdout=out)
    assert f"{record.pk}\t" in out.getvalue() and SECRET_WORD in File.objects.get(pk=record.pk).text
    call_command("repair_frozen_copies", stdout=io.StringIO())

    repaired = File.objects.get(pk=record.pk)
    assert SECRET_WORD not in repaired.text and "Beschlussvorschlag" in normalise(repaired.text)
    response = client.get(f"/{confidential.body.slug}/dokumente/{repaired.pk}/{repaired.file_name}")
    data = b"".join(response.streaming_content)
    assert SECRET_WORD not in all_text(data) and repaired.sha512_checksum == sha512(data)
    assert list(pdf.leaking_copies()) == []
