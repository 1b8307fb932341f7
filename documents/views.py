"""PDF downloads: the paper, the invitation (and its Nachtrag, or the Absage), the meeting bundle, the minutes.

Each view finds its record through the visibility querysets first (404 for what the user
may not see) and hands the rest to `documents.pdf`. A paper is printed as the requesting
user sees it (`resolutions.paper_view`): the public view for visitors, their own view for
councillors and staff. A response that holds anything beyond the public view is
`private, no-store`; only what anyone would get may be kept by shared caches. Frozen copies
are ordinary Files and download through `portal:file`.
"""

from django.http import Http404, HttpResponse, HttpResponseGone
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers

from audit import records as audit
from council.models import Body, Meeting
from council.visibility import sees_nonpublic_part
from documents import pdf
from meetings.minutes import minutes_for
from resolutions.models import Paper
from resolutions.paper_view import paper_view


def _pdf_response(data, file_name, public):
    response = HttpResponse(data, content_type=pdf.PDF_MIME_TYPE)
    response["Content-Disposition"] = f'inline; filename="{file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=600" if public else "private, no-store"
    # One URL serves every audience: a cache must not hand the public copy to a logged-in member, nor the reverse.
    patch_vary_headers(response, ["Cookie"])
    return response


def paper_pdf(request, body_slug, pk):
    body = get_object_or_404(Body, slug=body_slug)
    paper = get_object_or_404(pdf.papers_for_print(Paper.objects.visible_to(request.user)), body=body, pk=pk)
    view = paper_view(paper, request.user, related=False)
    # An anonymous view is the public one; a logged-in viewer's view says whether it holds more.
    public = not view.holds_nonpublic
    audit.paper_seen(request, paper, audit.Kind.PAPER_PDF, public=public)
    return _pdf_response(pdf.paper_pdf(paper, view), pdf.paper_file_name(paper), public)


def _meeting(request, body_slug, pk):
    body = get_object_or_404(Body, slug=body_slug)
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("organization", "location", "body"), body=body, pk=pk
    )


def _check_published(request, meeting):
    """To the public, a meeting's invitation and bundle exist from the invitation on; a
    cancelled meeting's are withdrawn (410). Members and the council office keep them."""
    if sees_nonpublic_part(request.user, meeting):
        return None
    if meeting.state == Meeting.State.CANCELLED:
        return HttpResponseGone("Die Sitzung ist abgesagt; Einladung und Sitzungsmappe gelten nicht mehr.")
    if not meeting.agenda_is_published:
        raise Http404("Die Einladung ist noch nicht veröffentlicht.")
    return None


def invitation_pdf(request, body_slug, pk):
    meeting = _meeting(request, body_slug, pk)
    if gone := _check_published(request, meeting):
        return gone
    public = not sees_nonpublic_part(request.user, meeting)
    data = pdf.invitation_pdf(meeting, request.user)
    if not public:
        audit.meeting_document_downloaded(request, meeting, audit.Kind.INVITATION_DOWNLOAD)
    return _pdf_response(data, pdf.meeting_file_name(meeting, "einladung"), public)


def supplement_pdf(request, body_slug, pk):
    """The Nachtragseinladung: only while the meeting has items added after its invitation that the user sees."""
    meeting = _meeting(request, body_slug, pk)
    items = pdf.supplement_items(meeting, request.user)
    if not items or meeting.invitation_published_at is None:
        raise Http404("Kein Nachtrag zu dieser Sitzung")
    public = not sees_nonpublic_part(request.user, meeting)
    data = pdf.supplement_pdf(meeting, request.user, items)
    return _pdf_response(data, pdf.meeting_file_name(meeting, "nachtrag"), public)


def cancellation_pdf(request, body_slug, pk):
    """The Absage of a cancelled meeting; it names no agenda item, so it is the same for everyone."""
    meeting = _meeting(request, body_slug, pk)
    if meeting.state != Meeting.State.CANCELLED:
        raise Http404("Die Sitzung ist nicht abgesagt")
    return _pdf_response(pdf.cancellation_pdf(meeting), pdf.meeting_file_name(meeting, "absage"), True)


def bundle_pdf(request, body_slug, pk):
    meeting = _meeting(request, body_slug, pk)
    if gone := _check_published(request, meeting):
        return gone
    bundle = pdf.collect_bundle(meeting, request.user)
    data = pdf.bundle_pdf(meeting, request.user, bundle)
    if sees_nonpublic_part(request.user, meeting):
        audit.meeting_document_downloaded(request, meeting, audit.Kind.BUNDLE_DOWNLOAD)
    return _pdf_response(data, pdf.meeting_file_name(meeting, "sitzungsmappe"), not bundle.holds_nonpublic)


def minutes_pdf(request, body_slug, pk):
    """The minutes as the user may read them (`minutes_for`): the public part of approved minutes for
    the public; the draft and the non-public part, marked, for members and the council office."""
    meeting = _meeting(request, body_slug, pk)
    minutes = minutes_for(meeting, request.user)
    if minutes is None:
        raise Http404("Keine Niederschrift zu dieser Sitzung")
    recipient = ""
    if minutes.full_version and minutes.nonpublic_items:
        audit.meeting_document_downloaded(request, meeting, audit.Kind.MINUTES_DOWNLOAD)
        recipient = pdf.recipient_name(request.user)
    data = pdf.minutes_pdf(meeting, minutes, recipient)
    public = not minutes.full_version and minutes.approved
    return _pdf_response(data, pdf.meeting_file_name(meeting, "niederschrift"), public)
