"""Writing the audit trail (`audit.models.AccessRecord`): one call in the view that hands content out.

The views decide what is non-public with the visibility rules (`council.visibility`, the
querysets' `public()`/`visible_to(None)`), these functions only write the row. Nothing is
recorded for anonymous visitors: they only ever get public content.
"""

from accounts.lockout import client_address
from audit.models import AccessRecord
from resolutions.models import Paper

Kind = AccessRecord.Kind


def record(request, kind, *, object_type, object_id, label, body_id):
    user = request.user
    if not user.is_authenticated:
        return None
    return AccessRecord.objects.create(
        user=user,
        username=user.get_username(),
        body_id=body_id,
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        label=label[:300],
        path=request.get_full_path()[:500],
        ip_address=client_address(request),
    )


def paper_label(paper):
    return f"{paper.reference or 'Entwurf'}: {paper.name}"


def paper_seen(request, paper, kind=Kind.PAPER_VIEW, public=None):
    """A logged-in user was shown `paper`; recorded unless the public may see it too.

    `public`: whether the public sees the paper, when the view already knows.
    """
    if not request.user.is_authenticated:
        return None
    if public is None:
        public = Paper.objects.visible_to(None).filter(pk=paper.pk).exists()
    if public:
        return None
    return record(
        request, kind, object_type="Vorlage", object_id=paper.pk, label=paper_label(paper), body_id=paper.body_id
    )


def file_downloaded(request, file):
    """A non-public file was sent (the caller knows it is not public)."""
    return record(
        request,
        Kind.FILE_DOWNLOAD,
        object_type="Datei",
        object_id=file.pk,
        label=file.file_name,
        body_id=file.body_id,
    )


def meeting_document_downloaded(request, meeting, kind):
    """The members' version of a meeting's bundle or invitation was sent."""
    return record(
        request, kind, object_type="Sitzung", object_id=meeting.pk, label=str(meeting), body_id=meeting.body_id
    )
