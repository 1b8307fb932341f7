"""The printed documents: the paper, the invitation with its agenda (its Nachtrag, the Absage), the meeting bundle.

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

import ctypes
import ctypes.util
import dataclasses
import io
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import fromstring, tostring

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from weasyprint import CSS, HTML
from weasyprint.pdf.metadata import NS, DocumentMetadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from council.meetings import chair_of, meeting_number, place_of
from council.models import AgendaItem, Meeting
from council.visibility import agenda_for, sees_nonpublic_part
from resolutions import subordinates
from resolutions.amendments import amendments_of, marker_label
from resolutions.files import ANNEX_KINDS, annexes, extract_text, sha512, store_file
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
BUNDLE_FILE_KINDS = ANNEX_KINDS


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
    return _render_with_anchors(html, style)[0]


def _render_with_anchors(html, style=None):
    """(PDF/A-3a bytes, {anchor: index of its page}) of the final HTML.

    Once written, the layout is dropped and the memory it freed is given back to the system
    (`_give_back_freed_memory`).
    """
    style = style or print_style()
    document = HTML(
        string=html, base_url=DOCUMENTS_DIR.as_uri() + "/", url_fetcher=_ShippedFontsOnly(allowed_protocols={"file"})
    ).render(stylesheets=[style.stylesheet], font_config=style.font_config)
    document.metadata = _ArchivalMetadata(**vars(document.metadata))
    positions = {anchor: index for index, page in enumerate(document.pages) for anchor in page.anchors}
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    del document
    _give_back_freed_memory()
    return data, positions


def _find_malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to call
        return None


_malloc_trim = _find_malloc_trim()


def _give_back_freed_memory():
    """Return the C heap's free pages to the system after a render (glibc's `malloc_trim`).

    A render allocates and frees many blocks, in Python and in the C libraries under WeasyPrint
    (Pango, HarfBuzz, FreeType). glibc keeps freed memory for later, and among the allocations
    of the pages served in between it stays fragmented: a web worker without recycling that
    rendered every 17th request went from 136 to 141 MB in 8 minutes of mixed load, the same
    worker trimming after each render stayed at 131–134 MB. The trim takes about 0.2 ms, a
    render 85 ms (docs/performance.md, "Memory").
    """
    if _malloc_trim is not None:
        _malloc_trim(0)


def _render(template, context):
    with translation.override("de"):
        return render_to_string(template, {"generator": GENERATOR, **context})


# --- The Beschlussvorlage ----------------------------------------------------------------


def papers_for_print(papers):
    """Papers with the records a printed paper shows besides its PaperView, in a fixed number of queries."""
    return papers.select_related(
        "paper_type", "under_direction_of", "author_organization", "author_person", "body"
    ).prefetch_related(
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
    """The public's view of a paper, as the printed documents need it (its files for the Anlagen, no related papers)."""
    return paper_view(paper, None, related=False)


def paper_author(paper):
    """Who brings the paper in, as printed: the faction or person for their papers, else the department."""
    if paper.author_organization is not None:
        return paper.author_organization.name
    if paper.author_person is not None:
        return str(paper.author_person)
    return paper.under_direction_of.name


# The space before an amendment marker ("… Zeitpunkt. *) **)"): a line may not break there.
_SPACE_BEFORE_MARKER = re.compile(r"\s+(?=<(?:span|a) class=\"amendment-marker\")")


def keep_markers_with_passage(text):
    """The amended text with no line break allowed before a marker: a marker never starts a line of its own."""
    return dataclasses.replace(text, marked=_SPACE_BEFORE_MARKER.sub("\u00a0", text.marked))


def printed_superordinate(paper):
    """The paper this one supplements or amends, with its label ("Ergänzt"), for the letterhead.

    Printed only where the public may see it: a printed copy may travel, and the original's
    reference is the one line it names (no query for a paper that supplements nothing).
    """
    if paper.superordinate_id is None:
        return None
    original = Paper.objects.visible_to(None).filter(pk=paper.superordinate_id).first()
    if original is not None:
        original.link_label = subordinates.NAMES_ORIGINAL[paper.subordination]
    return original


def paper_context(paper, view=None):
    """The printed paper as `view` shows it (a PaperView of this paper; None: the public view).

    Which blocks print is the paper type's layout (`PaperType.print_*`); the Anlagen are the
    annexes among `view.files`, numbered as on the paper page.
    """
    paper = _with_print_data(paper)
    view = view or public_view(paper)
    signed = {signoff.role: signoff for signoff in paper.print_signoffs}
    return {
        "paper": paper,
        "view": view,
        "body": paper.body,
        "department": paper.under_direction_of,
        "layout": paper.paper_type,
        "author": paper_author(paper),
        "annexes": annexes(view.files),
        "superordinate": printed_superordinate(paper),
        "consultations": view.consultations,
        "text": keep_markers_with_passage(view.text),
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


# The invitation letter when the organization has no text of its own (Organization.invitation_text).
DEFAULT_INVITATION_TEXT = (
    "Sehr geehrte Damen und Herren,\n\n"
    "hiermit lade ich Sie zur {nummer} Sitzung des Gremiums „{gremium}“ am {datum} um {uhrzeit} Uhr ein.\n\n"
    "Sitzungsort: {ort}\n\n"
    "Die Tagesordnung finden Sie unten. Bitte teilen Sie eine Verhinderung rechtzeitig mit."
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _location_text(location):
    if location is None:
        return "siehe Einladung"
    parts = [location.description]
    if location.room and location.room not in location.description:
        parts.append(location.room)
    if location.street_address:
        parts.append(location.street_address)
    return ", ".join(parts)


def invitation_letter(meeting, number):
    """The paragraphs of the invitation letter: the organization's text with its placeholders filled in.

    Unknown placeholders stay as they are; nothing but these plain values is ever looked up.
    """
    start = timezone.localtime(meeting.start)
    values = {
        "nummer": f"{number}." if number else "",
        "gremium": meeting.organization.name,
        "datum": f"{start:%d.%m.%Y}",
        "uhrzeit": f"{start:%H:%M}",
        "ort": _location_text(meeting.location),
    }
    template = meeting.organization.invitation_text.strip() or DEFAULT_INVITATION_TEXT
    text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template.replace("\r\n", "\n"))
    paragraphs = (re.sub(r"[ \t]+", " ", paragraph).strip() for paragraph in re.split(r"\n\s*\n", text))
    return [paragraph for paragraph in paragraphs if paragraph]


def _letter_context(meeting, date=None):
    """What every letter about a meeting carries: its number, place and date, the chair who signs."""
    number = meeting_number(meeting)
    chair = chair_of(meeting)
    published = meeting.invitation_published_at
    return {
        "meeting_number": number,
        "place": place_of(meeting),
        "letter_date": date or (timezone.localdate(published) if published else timezone.localdate()),
        "chair": chair.person.name if chair else "",
        "chair_role": chair.role if chair else "Vorsitz",
    }


def invitation_context(meeting, user, items=None):
    items = agenda_for(meeting, user) if items is None else items
    context = _letter_context(meeting)
    return {
        **context,
        "meeting": meeting,
        "body": meeting.body,
        "organization": meeting.organization,
        "letter": invitation_letter(meeting, context["meeting_number"]),
        "public_items": [item for item in items if item.public],
        "nonpublic_items": [item for item in items if not item.public],
        "full_version": sees_nonpublic_part(user, meeting),
    }


def invitation_html(meeting, user, items=None):
    return _render("documents/invitation.html", invitation_context(meeting, user, items))


def invitation_pdf(meeting, user, items=None, style=None):
    """Invitation with agenda; non-public items only as number and "nichtöffentlich" unless the user may see them."""
    return render_pdf(invitation_html(meeting, user, items), style)


def supplement_items(meeting, user):
    """The items added after the invitation was sent (Nachtrag), as the user may see them."""
    return [item for item in agenda_for(meeting, user) if item.is_supplement]


def supplement_pdf(meeting, user, items):
    """The supplementary invitation (Nachtragseinladung): the added items, as `supplement_items` gave them."""
    context = invitation_context(meeting, user, items)
    return render_pdf(_render("documents/supplement.html", {**context, "letter_date": _added_on(items)}))


def _added_on(items):
    """The day the last of `items` was put on the agenda: a Nachtrag is dated then, however late it is printed."""
    added = AgendaItem.history.filter(id__in=[item.pk for item in items], history_type="+").aggregate(
        day=Max("history_date")
    )["day"]
    return timezone.localdate(added) if added else timezone.localdate()


def _cancelled_on(meeting):
    """The day the meeting was cancelled, from its history: the Absage is dated then, however late it is printed."""
    record = meeting.history.filter(state=Meeting.State.CANCELLED).order_by("history_date").first()
    return timezone.localdate(record.history_date) if record else timezone.localdate()


def cancellation_pdf(meeting):
    """The notice that a meeting is cancelled (Absage), with its reason; it names no agenda item."""
    context = {
        **_letter_context(meeting, date=_cancelled_on(meeting)),
        "meeting": meeting,
        "body": meeting.body,
        "organization": meeting.organization,
    }
    return render_pdf(_render("documents/cancellation.html", context))


# --- The meeting bundle (Sitzungsmappe) --------------------------------------------------

CONFIDENTIAL = "nichtöffentlich – vertraulich"
# The content box of an A4 page in print.css (margins 2.2cm 2cm 2.2cm 2.5cm), in points: where an
# annex page is laid, scaled to fit, on the bundle page that stands for it
_CM = 72 / 2.54
_ANNEX_BOX = (2.5 * _CM, 2.2 * _CM, (21 - 2) * _CM, (29.7 - 2.2 - 0.8) * _CM)  # left, bottom, right, top
# (the top 8 mm of the content box hold the caption: "Anlage 1 zu TOP Ö 6: Lageplan")


@dataclass
class BundleAnnex:
    """A PDF attachment in the bundle: one placeholder page per page of it, its pages laid on them."""

    title: str  # bookmark and contents line: "Anlage 1 zu TOP Ö 6: Lageplan"
    label: str  # running header: "Anlage 1 zu TOP Ö 6"
    data: bytes
    pages: int
    public: bool
    anchor: str

    @property
    def page_anchors(self):
        return [f"{self.anchor}-{number}" for number in range(self.pages)]

    def alt(self, number):
        """The alternative text of its page `number` (from 0): "Anlage 1 zu TOP Ö 6: Lageplan, Seite 1 von 2"."""
        title = self.title if self.title.startswith(self.label) else f"{self.label}: {self.title}"
        return f"{title}, Seite {number + 1} von {self.pages}"


@dataclass
class BundleItem:
    title: str  # "Ö 6 Radweg an der Dorfstraße", or "N 1 nichtöffentlich"
    top: str  # "TOP Ö 6"
    paper_html: str  # the printed paper's body as the user sees it; empty without a paper
    public: bool
    anchor: str
    annexes: list = field(default_factory=list)

    @property
    def has_pages(self):
        return bool(self.paper_html or self.annexes)


@dataclass
class Bundle:
    invitation_html: str
    items: list
    meeting_files: list  # BundleAnnex of the meeting's own documents ("Weitere Unterlagen")
    # Something in it is not public (the non-public part, a non-public paper, annex or amendment).
    holds_nonpublic: bool
    full_version: bool  # the invitation lists the non-public part

    @property
    def annexes(self):
        return [annex for item in self.items for annex in item.annexes] + self.meeting_files


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


def _body_of(html):
    """The content of a rendered document's <body>, to be placed in the bundle's one document."""
    return _BODY.search(html).group(1)


def _pdf_bytes(record):
    try:
        with record.file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        logger.warning("Attachment %s is missing from storage; left out of the bundle", record.pk)
        return None


def _annex(record, title, label, anchor):
    data = _pdf_bytes(record)
    if not data:
        return None
    try:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    except (PyPdfError, ValueError):
        logger.warning("Unreadable PDF %s left out of the bundle", record.pk)
        return None
    return BundleAnnex(title, label, data, pages, record.public, anchor) if pages else None


def collect_bundle(meeting, user):
    """The invitation, then per agenda item its paper and PDF attachments, as the user may see them.

    Each paper is printed as the user sees it (`paper_views`); `holds_nonpublic` says whether
    anything in the bundle is beyond what the public gets.
    """
    items = agenda_for(meeting, user)
    paper_ids = {item.visible_paper.pk for item in items if item.visible_paper}
    papers = {paper.pk: paper for paper in papers_for_print(Paper.objects.visible_to(user).filter(pk__in=paper_ids))}
    views = paper_views(papers.values(), user)
    # Each paper's Anlagen list: its annexes this user may see, of any type (not only PDFs).
    for record in File.objects.visible_to(user).filter(paper_id__in=papers, kind__in=ANNEX_KINDS).order_by("pk"):
        views[record.paper_id].files.append(record)
    visible_item_ids = [item.pk for item in items if item.details_visible]
    files = list(
        File.objects.visible_to(user)
        .filter(Q(paper_id__in=papers) | Q(agenda_item_id__in=visible_item_ids) | Q(meeting=meeting))
        .filter(mime_type=PDF_MIME_TYPE, kind__in=BUNDLE_FILE_KINDS)
        .order_by("name", "id")
    )
    full_version = sees_nonpublic_part(user, meeting)
    holds_nonpublic = full_version or any(view.holds_nonpublic for view in views.values())
    if files and not holds_nonpublic and user is not None and user.is_authenticated:
        holds_nonpublic = any(not record.public for record in files)
    invitation = _body_of(invitation_html(meeting, user, items))
    bundle_items = []
    rendered = {}  # a paper deferred within the meeting sits on two items; render it once
    for index, item in enumerate(items, start=1):
        title = f"{item.number} {item.name}" if item.details_visible else f"{item.number} nichtöffentlich"
        paper = papers.get(item.visible_paper.pk) if item.visible_paper else None
        view = views[paper.pk] if paper is not None else None
        if paper is not None and paper.pk not in rendered:
            rendered[paper.pk] = _body_of(paper_html(paper, view))
        public = item.public and (paper is None or (paper.public and not view.holds_nonpublic))
        bundle_item = BundleItem(
            title, f"TOP {item.number}", rendered[paper.pk] if paper is not None else "", public, f"top-{index}"
        )
        numbers = {record.pk: number for number, record in annexes(view.files)} if view else {}
        for record in files:
            if (paper is not None and record.paper_id == paper.pk) or record.agenda_item_id == item.pk:
                number = numbers.get(record.pk)
                label = f"Anlage {number} zu {bundle_item.top}" if number else f"Anlage zu {bundle_item.top}"
                annex = _annex(record, f"{label}: {record.name}", label, f"annex-{index}-{record.pk}")
                if annex is not None:
                    annex.public = annex.public and item.public
                    bundle_item.annexes.append(annex)
        bundle_items.append(bundle_item)
    meeting_files = [
        annex
        for record in files
        if record.meeting_id == meeting.pk and record.agenda_item_id is None
        if (annex := _annex(record, record.name, "Weitere Unterlagen", f"meeting-{record.pk}"))
    ]
    return Bundle(invitation, bundle_items, meeting_files, holds_nonpublic, full_version)


def recipient_name(user):
    """Whom a members' copy is for, printed on each of its non-public pages."""
    person = getattr(user, "person", None)
    return (person.name if person is not None else "") or user.get_full_name() or user.username


def bundle_html(meeting, bundle, recipient=""):
    mark = f"{CONFIDENTIAL} – Exemplar für {recipient}" if recipient else CONFIDENTIAL
    return _render(
        "documents/bundle.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "organization": meeting.organization,
            "bundle": bundle,
            "mark": mark,
            "recipient": recipient,
        },
    )


def _without_structure_ids(page, source):
    """The page's content, its marked-content sequences kept but without their MCIDs.

    The ids refer to the annex's own structure tree, which the bundle does not take over:
    inside the bundle's Figure, nothing of the annex may claim another structure element.
    """
    content = ContentStream(page.get_contents(), source)
    content.operations = [
        ([operands[0]], b"BMC") if operator == b"BDC" else (operands, operator)
        for operands, operator in content.operations
    ]
    return content.get_data()


def _page_as_form(writer, page, source):
    """The annex page as a Form XObject of the bundle: its drawing with its own resources, clipped to its crop box."""
    form = DecodedStreamObject()
    form.set_data(_without_structure_ids(page, source))
    resources = page.get("/Resources")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(value) for value in page.cropbox),
            NameObject("/Resources"): resources.get_object().clone(writer) if resources else DictionaryObject(),
        }
    )
    return writer._add_object(form.flate_encode())


def _structure_parent(elements, root):
    """Where a Figure on an annex page belongs: the Div of the page's caption (else the document)."""
    for reference in elements:
        element = reference.get_object().get("/P")
        while element is not None and "/S" in element.get_object():
            element = element.get_object()
            if element["/S"] == "/Div":
                return element
            element = element.get("/P")
    return root["/K"][0].get_object() if isinstance(root["/K"], ArrayObject) else root["/K"].get_object()


def _page_structure(root, page):
    """The ParentTree entry of the page: the structure elements of its marked content, by MCID."""
    nums = root["/ParentTree"].get_object()["/Nums"]
    key = page["/StructParents"]
    for index in range(0, len(nums), 2):
        if nums[index] == key:
            return nums[index + 1].get_object()
    raise ValueError(f"page with StructParents {key} has no ParentTree entry")


def _place_figure(writer, target, form, matrix, alt):
    """Draw the form on the target page as a tagged Figure with its alternative text.

    The page's own drawing is enclosed in q … Q (WeasyPrint leaves its flipped coordinates
    in effect), then the Figure's marked-content sequence gets the page's next MCID, and a
    Figure element is added to the structure tree and to the page's ParentTree entry.
    """
    page = writer.pages[target]
    root = writer._root_object["/StructTreeRoot"].get_object()
    elements = _page_structure(root, page)
    mcid = len(elements)
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    xobjects = resources["/XObject"].get_object()
    name = f"/Anlage{len(xobjects)}"
    xobjects[NameObject(name)] = form
    a, b, c, d, e, f = matrix
    drawing = f"/Figure <</MCID {mcid}>> BDC q {a:f} {b:f} {c:f} {d:f} {e:f} {f:f} cm {name} Do Q EMC".encode()
    content = ContentStream(None, writer)
    content.set_data(b"q\n" + page.get_contents().get_data() + b"\nQ\n" + drawing)
    page.replace_contents(content)
    parent = _structure_parent(elements, root)
    figure = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Figure"),
                NameObject("/P"): parent.indirect_reference,
                NameObject("/K"): NumberObject(mcid),
                NameObject("/Pg"): page.indirect_reference,
                NameObject("/Alt"): TextStringObject(alt),
            }
        )
    )
    kids = parent.get("/K")
    if not isinstance(kids, ArrayObject):
        kids = ArrayObject([] if kids is None else [kids])
        parent[NameObject("/K")] = kids
    kids.append(figure)
    elements.append(figure)


def _lay_annexes(data, positions, annexes_):
    """Lay each annex page, scaled to the content box, on the bundle page that stands for it, tagged as a Figure.

    The document is cloned whole, so its structure tree, XMP (PDF/A-3a) and outline stay; it
    opens with the bookmarks shown. Each annex page becomes a Form XObject drawn as a Figure
    with the alternative text "Anlage 1 zu TOP Ö 2: Lageplan, Seite 1 von 2". The fonts of an
    annex are taken as they are: where an upload does not embed them, the Mappe shows the page
    as a reader substitutes them and is no longer strictly PDF/A (documented in docs/operations.md).
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    left, bottom, right, top = _ANNEX_BOX
    for annex in annexes_:
        source = PdfReader(io.BytesIO(annex.data))
        for number, page in enumerate(source.pages):
            target = positions.get(f"{annex.anchor}-{number}")
            if target is None:
                continue
            box = page.cropbox
            width, height = float(box.width), float(box.height)
            scale = min((right - left) / width, (top - bottom) / height)
            x = left + ((right - left) - width * scale) / 2 - float(box.left) * scale
            y = top - height * scale - float(box.bottom) * scale
            form = _page_as_form(writer, page, source)
            _place_figure(writer, target, form, (scale, 0, 0, scale, x, y), annex.alt(number))
    writer.page_mode = "/UseOutlines"  # a reader opens the bookmarks beside the pages
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def bundle_pdf(meeting, user, bundle=None):
    """The Sitzungsmappe in one document: cover, contents with page numbers, invitation, each paper and annex.

    Rendered in one WeasyPrint pass, so pages count on ("Seite n von N"), the contents page
    gives each part's page, every paper page carries its "TOP Ö 6", and the document is PDF/A-3a
    like every other. Each annex gets a page per page of it, headed "Anlage n zu TOP …", on which
    its page is laid afterwards. In a copy with anything non-public, each non-public page is
    marked "nichtöffentlich – vertraulich" with the recipient's name; public pages carry neither.
    `bundle`: what `collect_bundle(meeting, user)` gave, when the caller needs it too.
    """
    bundle = bundle or collect_bundle(meeting, user)
    recipient = recipient_name(user) if bundle.holds_nonpublic and user is not None and user.is_authenticated else ""
    data, positions = _render_with_anchors(bundle_html(meeting, bundle, recipient))
    return _lay_annexes(data, positions, bundle.annexes)


def meeting_file_name(meeting, kind):
    return f"{kind}-{slugify(meeting.organization.short_name or meeting.organization.name)}-{meeting.date:%Y-%m-%d}.pdf"


# --- The minutes (Niederschrift) ---------------------------------------------------------


def minutes_html(meeting, minutes, recipient=""):
    """`minutes` (meetings.minutes.minutes_for) as a document; a draft says "Entwurf" on every page."""
    return _render(
        "documents/minutes.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "organization": meeting.organization,
            "minutes": minutes,
            "mark": f"{CONFIDENTIAL} – Exemplar für {recipient}" if recipient else CONFIDENTIAL,
        },
    )


def minutes_pdf(meeting, minutes, recipient=""):
    """The minutes as the viewer of `minutes` reads them: the public part, or with each page of the
    non-public part marked confidential, with the `recipient`'s name, as in the bundle."""
    return render_pdf(minutes_html(meeting, minutes, recipient))


@transaction.atomic
def freeze_minutes_pdf(meeting, by=None):
    """Store the public minutes of an approved meeting as its File of kind MINUTES (OParl `resultsProtocol`).

    The copy is rendered for the public (only the public part); a copy stored before is
    replaced in place, so its id and URLs stay.
    """
    from meetings.minutes import minutes_for  # the minutes are built by the meetings app, printed here

    meeting = Meeting.objects.select_related("organization", "location", "body").get(pk=meeting.pk)
    minutes = minutes_for(meeting, None)
    if minutes is None or not minutes.approved:
        return None
    data = minutes_pdf(meeting, minutes)
    existing = File.objects.select_for_update().filter(meeting=meeting, kind=File.Kind.MINUTES).first()
    if existing is not None:
        return replace_frozen_content(existing, data)
    record = store_file(
        data,
        file_name=meeting_file_name(meeting, "niederschrift"),
        name=f"Niederschrift {meeting.organization.name} {meeting.date:%d.%m.%Y}",
        mime_type=PDF_MIME_TYPE,
        kind=File.Kind.MINUTES,
        meeting=meeting,
        public=True,
        date=timezone.localdate(),
        uploaded_by=by,
    )
    if by is not None:
        record.history.update(history_user=by)
    return record


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
