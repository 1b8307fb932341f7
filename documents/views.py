"""PDF downloads: the paper, the invitation (and its Nachtrag, or the Absage), the meeting bundle, the minutes.

Each view finds its record through the visibility querysets first (404 for what the user
may not see) and hands the rest to `documents.pdf`. A paper is printed as the requesting
user sees it (`resolutions.paper_view`): the public view for visitors, their own view for
councillors and staff. A response that holds anything beyond the public view is
`private, no-store`; only what anyone would get may be kept by shared caches. Frozen copies
are ordinary Files and download through `portal:file`.

The Sitzungsmappe is not rendered in the request: a stored copy is served as a file while
it is fresh (`documents.bundles`); a stale or missing one is queued for a worker. Until the
worker is done the member gets a short page that reloads itself (status 202), not the stale
copy: a councillor preparing a meeting wants the agenda and papers as they are now, and a
copy that looks current but is not would mislead. Without a broker the build runs inline
and the same request gets the PDF.

The public paper PDF is kept like a portal page (`portal.caching.conditional`): rendered once
per publication version of its Body and served from the shared cache to every anonymous
visitor after that, validated by what the public sees of the paper (304), and rendered again
by a worker after a write (`portal.tasks.rewarm_pages`). Rendering grows a process
(WeasyPrint); a web process now renders a public paper only once per version.
"""

from django.http import FileResponse, Http404, HttpResponse, HttpResponseGone
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from audit import records as audit
from council.models import Body, Meeting
from council.visibility import sees_nonpublic_part
from documents import bundles, pdf
from lib import per_request
from meetings.minutes import minutes_for
from portal.caching import conditional, public_validators
from resolutions.models import Paper
from resolutions.paper_view import paper_view


def _pdf_response(data, file_name, public):
    return _pdf_headers(HttpResponse(data, content_type=pdf.PDF_MIME_TYPE), file_name, public)


def _pdf_headers(response, file_name, public):
    response["Content-Disposition"] = f'inline; filename="{file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=600" if public else "private, no-store"
    # One URL serves every audience: a cache must not hand the public copy to a logged-in member, nor the reverse.
    patch_vary_headers(response, ["Cookie"])
    return response


def _printed_paper(request, body_slug, pk):
    """The paper and the view it is printed from, found once per request (the validators and the PDF both need them)."""

    def find():
        papers = pdf.papers_for_print(Paper.objects.visible_to(request.user))
        # The Body by its slug in the same query (papers_for_print joins it): one query less per PDF.
        paper = get_object_or_404(papers, body__slug=body_slug, pk=pk)
        return paper, paper_view(paper, request.user, related=False)

    return per_request.once(request, "printed_paper", pk, find)


def _paper_pdf_modified(request, body_slug, pk):
    """Validators from what the anonymous visitor sees of the paper, as the PDF prints it."""
    paper, view = _printed_paper(request, body_slug, pk)
    return public_validators(paper.body, view)


@conditional(_paper_pdf_modified)
def paper_pdf(request, body_slug, pk):
    paper, view = _printed_paper(request, body_slug, pk)
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


BUILDING_RETRY_AFTER = 10  # seconds: a bundle takes a few to build on a worker


def bundle_pdf(request, body_slug, pk):
    meeting = _meeting(request, body_slug, pk)
    if gone := _check_published(request, meeting):
        return gone
    recipient = bundles.recipient_of(request.user)
    current = bundles.fingerprint(meeting, recipient)
    copy = bundles.fresh_copy(meeting, recipient, current) or bundles.request_build(meeting, recipient, current)
    if copy is None:
        return _bundle_building(request, meeting)
    try:
        handle = copy.file.open("rb")
    except FileNotFoundError:  # replaced by a newer build since it was looked up
        return _bundle_building(request, meeting)
    bundles.mark_requested(copy)
    if sees_nonpublic_part(request.user, meeting):
        audit.meeting_document_downloaded(request, meeting, audit.Kind.BUNDLE_DOWNLOAD)
    response = FileResponse(handle, content_type=pdf.PDF_MIME_TYPE)
    return _pdf_headers(response, pdf.meeting_file_name(meeting, "sitzungsmappe"), not copy.holds_nonpublic)


def _bundle_building(request, meeting):
    """The page a member gets while a worker builds the bundle: it reloads itself, and has a link."""
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "retry_after": BUILDING_RETRY_AFTER,
        "meeting_url": reverse("portal:meeting", args=[meeting.body.slug, meeting.pk]),
    }
    response = render(request, "documents/bundle_building.html", context, status=202)
    response["Retry-After"] = str(BUILDING_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


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
