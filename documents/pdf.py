"""The printed documents: the Beschlussvorlage, the invitation with its agenda, the meeting bundle.

Every document is an HTML template in `templates/documents/` rendered by WeasyPrint as
PDF/A-3a: archival (PDF/A-3) and tagged (level A: structure tree, language, Unicode
text). WeasyPrint writes one PDF variant per document, so PDF/A-3a is the base and the
PDF/UA-1 identification is added to the same XMP packet: WeasyPrint's own `pdf/ua-1`
variant does nothing more than switch tagging on and write that identification.
The fonts come from `documents/fonts/` (Liberation Sans, metric-compatible with Arial),
so every machine prints the same; nothing else is ever fetched while rendering.

Who sees what is not decided here: callers hand over papers from
`Paper.objects.visible_to(user)` and the PaperView (`resolutions.paper_view`) of the
viewer the document is for; a paper printed without one shows the public view. The
agenda functions take the user and ask `council.visibility` themselves. A frozen copy is
always rendered from the public view: it is a File that anyone who sees the paper may
download, so it never holds an amendment of a non-public agenda item.
"""

import io
import logging
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import fromstring, tostring

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject, TextStringObject
from weasyprint import CSS, HTML
from weasyprint.pdf.metadata import NS, DocumentMetadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from council.visibility import agenda_for, sees_nonpublic_part
from resolutions.amendments import amendments_of, marker_label
from resolutions.files import extract_text, sha512, store_file
from resolutions.models import File, Paper, SignOff
from resolutions.paper_view import paper_view, paper_views
from resolutions.richtext import sanitize

logger = logging.getLogger(__name__)

DOCUMENTS_DIR = Path(__file__).resolve().parent
FONT_DIR = DOCUMENTS_DIR / "fonts"
STYLESHEET = DOCUMENTS_DIR / "print.css"
PDF_VARIANT = "pdf/a-3a"
GENERATOR = "Ratsinfo"
PDF_MIME_TYPE = "application/pdf"
# Attachments that belong in a meeting bundle; generated copies are rendered fresh instead.
BUNDLE_FILE_KINDS = (File.Kind.ATTACHMENT, File.Kind.OTHER)


# --- Rendering ---------------------------------------------------------------------------


class _ArchivalMetadata(DocumentMetadata):
    """WeasyPrint's metadata plus the PDF/UA-1 identification next to the PDF/A one."""

    def generate_rdf_metadata(self, variant, version, conformance):
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
        identification = rdf.find(f"{{{NS['rdf']}}}Description")
        identification.set(f"{{{NS['pdfuaid']}}}part", "1")
        return tostring(rdf, encoding="utf-8")


class _ShippedFontsOnly(URLFetcher):
    """Fetch the shipped fonts and nothing else: no text in a paper can make the server fetch a URL."""

    def fetch(self, url, headers=None):
        if not url.startswith(FONT_DIR.as_uri() + "/"):
            raise ValueError(f"PDF rendering does not fetch {url}")
        return super().fetch(url, headers)


@dataclass
class PrintStyle:
    """The parsed stylesheet with its fonts loaded, shared by every render of a thread."""

    font_config: FontConfiguration
    stylesheet: CSS


_per_thread = threading.local()


def print_style():
    """The stylesheet and font configuration of this thread, made at its first render.

    A new FontConfiguration per render grew the process by about a quarter of a megabyte
    each time, for good (docs/performance.md, bench/pdf_memory.py). One per thread, not
    per process: WeasyPrint and Pango make no promise for concurrent use of one.
    """
    style = getattr(_per_thread, "style", None)
    if style is None:
        font_config = FontConfiguration()
        stylesheet = CSS(
            filename=str(STYLESHEET),
            font_config=font_config,
            url_fetcher=_ShippedFontsOnly(allowed_protocols={"file"}),
        )
        style = _per_thread.style = PrintStyle(font_config, stylesheet)
    return style


def render_pdf(html, style=None):
    """Final HTML (from one of the templates) to PDF/A-3a bytes."""
    style = style or print_style()
    document = HTML(
        string=html, base_url=DOCUMENTS_DIR.as_uri() + "/", url_fetcher=_ShippedFontsOnly(allowed_protocols={"file"})
    ).render(stylesheets=[style.stylesheet], font_config=style.font_config)
    document.metadata = _ArchivalMetadata(**vars(document.metadata))
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def _render(template, context):
    with translation.override("de"):
        return render_to_string(template, {"generator": GENERATOR, **context})


# --- The Beschlussvorlage ----------------------------------------------------------------


def papers_for_print(papers):
    """Papers with the records a printed paper shows besides its PaperView, in a fixed number of queries."""
    return papers.select_related("paper_type", "under_direction_of", "body").prefetch_related(
        Prefetch(
            "signoffs",
            queryset=SignOff.objects.filter(state=SignOff.State.SIGNED).order_by("position"),
            to_attr="print_signoffs",
        ),
    )


def _with_print_data(paper):
    """The paper as given when it came from `papers_for_print`, else read again with everything it shows."""
    if hasattr(paper, "print_signoffs"):
        return paper
    return papers_for_print(Paper.objects.filter(pk=paper.pk)).get()


def public_view(paper):
    """The public's view of a paper, as the printed documents need it (no file list, no related papers)."""
    return paper_view(paper, None, files=False, related=False)


def paper_context(paper, view=None):
    """The printed paper as `view` shows it (a PaperView of this paper; None: the public view)."""
    paper = _with_print_data(paper)
    view = view or public_view(paper)
    signed = {signoff.role: signoff for signoff in paper.print_signoffs}
    return {
        "paper": paper,
        "view": view,
        "body": paper.body,
        "department": paper.under_direction_of,
        "consultations": view.consultations,
        "text": view.text,
        "reasoning": sanitize(paper.reasoning),
        "signed": {
            "treasurer": signed.get(SignOff.Role.TREASURER),
            "mayor": signed.get(SignOff.Role.MAYOR),
            "head_of_department": signed.get(SignOff.Role.HEAD_OF_DEPARTMENT),
        },
    }


def paper_html(paper, view=None, draft=False):
    html = _render("documents/paper.html", paper_context(paper, view))
    if draft:
        # The back office's preview: "Entwurf" across every page (print.css, body.draft).
        html = html.replace('<body class="', '<body class="draft ', 1)
    return html


def paper_pdf(paper, view=None, style=None, draft=False):
    """The Beschlussvorlage (or any paper) laid out like the printed original, as `view` shows it (None: public).

    `draft`: marked "Entwurf" on every page, for the back office's preview before (and after) release.
    """
    return render_pdf(paper_html(paper, view, draft), style)


def paper_file_name(paper):
    return f"{slugify((paper.reference or 'entwurf').replace('/', '-'))}.pdf"


# --- The invitation ----------------------------------------------------------------------


def invitation_context(meeting, user, items=None):
    items = agenda_for(meeting, user) if items is None else items
    return {
        "meeting": meeting,
        "body": meeting.body,
        "organization": meeting.organization,
        "public_items": [item for item in items if item.public],
        "nonpublic_items": [item for item in items if not item.public],
        "full_version": sees_nonpublic_part(user, meeting),
    }


def invitation_html(meeting, user, items=None):
    return _render("documents/invitation.html", invitation_context(meeting, user, items))


def invitation_pdf(meeting, user, items=None, style=None):
    """Invitation with agenda; non-public items only as number and "nichtöffentlich" unless the user may see them."""
    return render_pdf(invitation_html(meeting, user, items), style)


# --- The meeting bundle (Sitzungsmappe) --------------------------------------------------


@dataclass
class BundlePart:
    title: str
    data: bytes
    children: list = field(default_factory=list)


def _pdf_bytes(record):
    try:
        with record.file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        logger.warning("Attachment %s is missing from storage; left out of the bundle", record.pk)
        return None


@dataclass
class Bundle:
    parts: list
    # Something in it is not public (the non-public part, a non-public paper, annex or amendment).
    holds_nonpublic: bool


def collect_bundle(meeting, user):
    """The invitation, then per agenda item its paper and PDF attachments, as the user may see them.

    Each paper is printed as the user sees it (`paper_views`); `holds_nonpublic` says whether
    anything in the bundle is beyond what the public gets.
    """
    items = agenda_for(meeting, user)
    paper_ids = {item.visible_paper.pk for item in items if item.visible_paper}
    papers = {paper.pk: paper for paper in papers_for_print(Paper.objects.visible_to(user).filter(pk__in=paper_ids))}
    views = paper_views(papers.values(), user)
    visible_item_ids = [item.pk for item in items if item.details_visible]
    files = list(
        File.objects.visible_to(user)
        .filter(Q(paper_id__in=papers) | Q(agenda_item_id__in=visible_item_ids) | Q(meeting=meeting))
        .filter(mime_type=PDF_MIME_TYPE, kind__in=BUNDLE_FILE_KINDS)
        .order_by("name", "id")
    )
    holds_nonpublic = sees_nonpublic_part(user, meeting) or any(view.holds_nonpublic for view in views.values())
    if files and not holds_nonpublic and user is not None and user.is_authenticated:
        public_files = set(
            File.objects.visible_to(None).filter(pk__in=[record.pk for record in files]).values_list("pk", flat=True)
        )
        holds_nonpublic = any(record.pk not in public_files for record in files)
    style = print_style()
    parts = [BundlePart("Einladung und Tagesordnung", invitation_pdf(meeting, user, items, style))]
    rendered = {}  # a paper deferred within the meeting sits on two items; render it once
    for item in items:
        title = f"{item.number} {item.name}" if item.details_visible else f"{item.number} nichtöffentlich"
        paper = papers.get(item.visible_paper.pk) if item.visible_paper else None
        attachments = [
            record
            for record in files
            if (paper is not None and record.paper_id == paper.pk) or record.agenda_item_id == item.pk
        ]
        if paper is not None and paper.pk not in rendered:
            rendered[paper.pk] = paper_pdf(paper, views[paper.pk], style)
        part = BundlePart(title, rendered[paper.pk] if paper is not None else b"")
        part.children = [
            BundlePart(f"Anlage: {record.name}", data) for record in attachments if (data := _pdf_bytes(record))
        ]
        parts.append(part)
    meeting_files = [record for record in files if record.meeting_id == meeting.pk and record.agenda_item_id is None]
    if meeting_files:
        parts.append(
            BundlePart(
                "Weitere Unterlagen",
                b"",
                [BundlePart(record.name, data) for record in meeting_files if (data := _pdf_bytes(record))],
            )
        )
    return Bundle(parts, holds_nonpublic)


def bundle_parts(meeting, user):
    return collect_bundle(meeting, user).parts


def merge_parts(parts, *, title, subject, author):
    """One PDF with a bookmark per part; a part without pages points at the invitation."""
    writer = PdfWriter()

    def append(part, parent):
        start = len(writer.pages)
        if part.data:
            try:
                writer.append(PdfReader(io.BytesIO(part.data)), import_outline=False)
            except PyPdfError:
                logger.warning("Unreadable PDF %r left out of the bundle", part.title)
        page = start if len(writer.pages) > start else 0
        outline = writer.add_outline_item(title=part.title, page_number=page, parent=parent)
        for child in part.children:
            append(child, outline)

    for part in parts:
        append(part, None)
    writer.add_metadata(
        {
            "/Title": title,
            "/Subject": subject,
            "/Author": author,
            "/Creator": GENERATOR,
            "/Producer": "pypdf",
        }
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject("de")
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def bundle_pdf(meeting, user, bundle=None):
    """The Sitzungsmappe: invitation, every visible paper and PDF attachment, with bookmarks per agenda item.

    The merged file is a convenience copy for reading: merging drops the tagging and the
    PDF/A declaration of the parts, each of which stays available on its own. `bundle`:
    what `collect_bundle(meeting, user)` gave, when the caller needs it too.
    """
    with translation.override("de"):
        title = f"Sitzungsmappe: {meeting.title}"
    parts = (bundle or collect_bundle(meeting, user)).parts
    return merge_parts(parts, title=title, subject=f"Sitzungsmappe {meeting.date:%d.%m.%Y}", author=meeting.body.name)


def meeting_file_name(meeting, kind):
    return f"{kind}-{slugify(meeting.organization.short_name or meeting.organization.name)}-{meeting.date:%Y-%m-%d}.pdf"


# --- Frozen copies -----------------------------------------------------------------------


def _frozen_name(paper):
    with translation.override("de"):
        state = paper.get_state_display()
    return f"{paper.paper_type.name} {paper.reference} – {state} (Fassung {paper.version})"


def _frozen_file_name(paper):
    # German words in the name, as the clerk reads it in a download folder: "b-7311-2021-entschieden-fassung-3.pdf".
    state = slugify(paper.get_state_display())
    base = slugify(f"{(paper.reference or 'entwurf').replace('/', '-')} {state} fassung {paper.version}")
    return f"{base}.pdf"


@transaction.atomic
def freeze_paper_pdf(paper, by=None):
    """Store the paper's PDF as it is now, once per version and state; later downloads give these bytes.

    The copy shows the public view (`public_view`), whoever may download it: a paper decided
    in a non-public agenda item keeps its proposal, headed "Beschlussvorschlag" and marked as
    decided in a non-public session; an amendment made there is in neither the PDF nor the
    text stored for search and OParl (File.text, extracted from the PDF).
    """
    paper = papers_for_print(Paper.objects.select_for_update(of=("self",)).filter(pk=paper.pk)).get()
    existing = File.objects.filter(
        paper=paper, kind=File.Kind.PAPER_PDF, paper_version=paper.version, frozen_state=paper.state
    ).first()
    if existing is not None:
        return existing
    data = paper_pdf(paper, public_view(paper))
    record = store_file(
        data,
        file_name=_frozen_file_name(paper),
        name=_frozen_name(paper),
        mime_type=PDF_MIME_TYPE,
        kind=File.Kind.PAPER_PDF,
        paper=paper,
        paper_version=paper.version,
        frozen_state=paper.state,
        date=timezone.localdate(),
        uploaded_by=by,
    )
    if by is not None:
        record.history.update(history_user=by)
    return record


def leaking_copies():
    """Frozen decision copies that print an amendment the public may not see, with the public view of their paper.

    Before the copies were rendered from the public view, a decision copy held every
    amendment, also those made in non-public agenda items (issue 11). A copy leaks when
    its text carries the footnote of such an amendment. Only decision copies can: a paper
    is amended in its consultations, after its release.
    """
    papers = (
        Paper.objects.filter(files__kind=File.Kind.PAPER_PDF, files__frozen_state=Paper.State.DECIDED)
        .filter(consultations__amendments__isnull=False)
        .distinct()
    )
    for paper in papers.iterator(chunk_size=100):
        view = public_view(paper)
        public_labels = {footnote.label for footnote in view.text.footnotes}
        hidden = {marker_label(amendment) for amendment in amendments_of(paper)} - public_labels
        if not hidden:
            continue
        for record in File.objects.filter(paper=paper, kind=File.Kind.PAPER_PDF, frozen_state=Paper.State.DECIDED):
            text = _plain(record.text)
            if any(_plain(label) in text for label in hidden):
                yield record, view


def _plain(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split())


@transaction.atomic
def replace_frozen_content(record, data):
    """Give a frozen copy new bytes in place (same File, id and URLs), with checksum, size and text."""
    record.file.delete(save=False)
    record.file.save(record.file_name, ContentFile(data), save=False)
    record.size, record.sha512_checksum, record.text = len(data), sha512(data), extract_text(data, PDF_MIME_TYPE)
    record.save()
    return record


def repair_frozen_copies():
    """Render every leaking decision copy again from the public view of its paper; returns the repaired Files.

    The paper as it is now stands in for the version the copy was made of: a decision copy
    is, as a rule, of the version that was decided.
    """
    repaired = []
    for record, view in list(leaking_copies()):
        paper = _with_print_data(view.paper)
        replace_frozen_content(record, paper_pdf(paper, view))
        repaired.append(record)
    return repaired
