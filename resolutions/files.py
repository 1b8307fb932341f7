"""Storing files: checksum, size, MIME type and extracted text in one place.

Every upload (attachments), generated document (frozen PDFs) and import goes through
`store_file`, so every File carries a SHA-512 checksum and, for PDFs, its text for search.
The type is what the content says where its signature is known, and the stored name
carries that type's extension: a PDF sent as `poly.html` (a file that is both) is stored
and served as `poly.pdf`, so no browser or desktop ever opens it as a web page.
"""

import hashlib
import io
import logging
import mimetypes
import os

from django.core.files.base import ContentFile

from council.plaintext import strip_bidi_controls
from resolutions.models import File

logger = logging.getLogger(__name__)

# What may be attached to a paper: PDF, ODF text, Word, images.
ALLOWED_MIME_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}


def sha512(data):
    return hashlib.sha512(data).hexdigest()


def sniff_mime_type(data):
    """The MIME type from the content's signature, or None where it has none we know."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in data[:200]:
            return "application/vnd.oasis.opendocument.text"
        if b"word/" in data:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return None


def guess_mime_type(file_name, data):
    """The MIME type from the content's signature, falling back to the file name."""
    return sniff_mime_type(data) or mimetypes.guess_type(file_name)[0] or "application/octet-stream"


def name_for_type(file_name, mime_type):
    """`file_name` with an extension of `mime_type`: ("poly.html", PDF) → "poly.pdf".

    A name whose extension already stands for the type stays as it is ("foto.jpeg"); so does
    any name when the type is unknown.
    """
    if mimetypes.guess_type(file_name)[0] == mime_type:
        return file_name
    extension = ALLOWED_MIME_TYPES.get(mime_type)
    if extension is None and mime_type != "application/octet-stream":
        extension = mimetypes.guess_extension(mime_type)
    if extension is None:
        return file_name
    stem = os.path.splitext(file_name)[0] or "datei"
    return stem + extension


def _pdf_reader(data):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def extract_text(data, mime_type):
    """Plain text of a PDF for full-text search; empty for other types or unreadable files."""
    if mime_type != "application/pdf":
        return ""
    try:
        reader = _pdf_reader(data)
        return "\n".join((page.extract_text() or "") for page in reader.pages).strip()
    except Exception:  # a broken PDF is still stored; it just is not searchable
        logger.warning("Could not extract text from a PDF", exc_info=True)
        return ""


def count_pages(data, mime_type):
    """The number of pages of a PDF; None for other types or unreadable files."""
    if mime_type != "application/pdf":
        return None
    try:
        return len(_pdf_reader(data).pages)
    except Exception:  # a broken PDF is still stored; its length is just unknown
        return None


# Names people know file types by, for "PDF, 2 Seiten, 753 KB".
TYPE_NAMES = {
    "application/pdf": "PDF",
    "application/vnd.oasis.opendocument.text": "ODT-Textdokument",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word-Dokument",
    "image/png": "PNG-Bild",
    "image/jpeg": "JPEG-Bild",
}


def type_name(mime_type):
    """ "application/pdf" → "PDF"; an unknown type by its subtype ("text/csv" → "CSV"), else "Datei"."""
    if mime_type in TYPE_NAMES:
        return TYPE_NAMES[mime_type]
    subtype = (mime_type or "").partition("/")[2].split(";")[0].strip()
    return subtype.upper() if subtype and len(subtype) <= 8 and subtype.isalnum() else "Datei"


def _number(value):
    """One decimal where it matters, German comma: 1.25 → "1,3", 12.0 → "12"."""
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".replace(".", ",").removesuffix(",0")


def size_in_words(size):
    """753 → "753 Bytes", 771_000 → "753 KB", 1_300_000 → "1,2 MB" (1 KB = 1024 Bytes)."""
    size = size or 0
    if size < 1024:
        return "1 Byte" if size == 1 else f"{size} Bytes"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{_number(size)} {unit}"


def describe(file):
    """What a person needs to know before opening a file: "PDF, 2 Seiten, 753 KB"."""
    parts = [type_name(file.mime_type)]
    if file.page_count:
        parts.append("1 Seite" if file.page_count == 1 else f"{file.page_count} Seiten")
    parts.append(size_in_words(file.size))
    return ", ".join(parts)


def store_file(data, *, file_name, name=None, body=None, mime_type=None, **fields):
    """Create a File from bytes. `fields` sets the parent (paper, meeting, agenda_item) and more.

    A `mime_type` given by the caller (an upload form, an OParl source) counts only where the
    content has no known signature.
    """
    mime_type = sniff_mime_type(data) or mime_type or guess_mime_type(file_name, data)
    stored_name = name_for_type(strip_bidi_controls(file_name), mime_type)  # also the name on disk
    if name is None or name == file_name:
        name = stored_name
    file_name = stored_name
    checksum = sha512(data)
    parent = fields.get("paper") or fields.get("agenda_item") or fields.get("meeting")
    record = File(
        body=body or parent.body,
        name=name,
        file_name=file_name,
        mime_type=mime_type,
        size=len(data),
        sha512_checksum=checksum,
        text=fields.pop("text", None) or extract_text(data, mime_type),
        page_count=count_pages(data, mime_type),
        **fields,
    )
    record.file.save(file_name, ContentFile(data), save=False)
    record.save()
    return record


# The files of a paper that are its annexes ("Anlage 1: …"), in the order they are numbered:
# uploaded attachments, then other documents, each by name. Generated copies (the frozen
# paper PDF) and meeting documents are no annexes.
ANNEX_KINDS = (File.Kind.ATTACHMENT, File.Kind.OTHER)


def annexes(files):
    """[(number, file)] of the annexes among `files` (what one viewer sees of a paper), numbered from 1.

    The paper page and the printed paper number the same files the same way for one viewer.
    """
    order = {kind: index for index, kind in enumerate(ANNEX_KINDS)}
    chosen = sorted((file for file in files if file.kind in order), key=lambda f: (order[f.kind], f.name, f.pk))
    return list(enumerate(chosen, start=1))
