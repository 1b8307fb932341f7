"""Storing files: checksum, size, MIME type and extracted text in one place.

Every upload (attachments), generated document (frozen PDFs) and import goes through
`store_file`, so every File carries a SHA-512 checksum and, for PDFs, its text for search.
"""

import hashlib
import io
import logging
import mimetypes

from django.core.files.base import ContentFile

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


def guess_mime_type(file_name, data):
    """The MIME type from the content's signature, falling back to the file name."""
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
    return mimetypes.guess_type(file_name)[0] or "application/octet-stream"


def extract_text(data, mime_type):
    """Plain text of a PDF for full-text search; empty for other types or unreadable files."""
    if mime_type != "application/pdf":
        return ""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        return "\n".join((page.extract_text() or "") for page in reader.pages).strip()
    except Exception:  # a broken PDF is still stored; it just is not searchable
        logger.warning("Could not extract text from a PDF", exc_info=True)
        return ""


def store_file(data, *, file_name, name=None, body=None, mime_type=None, **fields):
    """Create a File from bytes. `fields` sets the parent (paper, meeting, agenda_item) and more."""
    mime_type = mime_type or guess_mime_type(file_name, data)
    checksum = sha512(data)
    parent = fields.get("paper") or fields.get("agenda_item") or fields.get("meeting")
    record = File(
        body=body or parent.body,
        name=name or file_name,
        file_name=file_name,
        mime_type=mime_type,
        size=len(data),
        sha512_checksum=checksum,
        text=fields.pop("text", None) or extract_text(data, mime_type),
        **fields,
    )
    record.file.save(file_name, ContentFile(data), save=False)
    record.save()
    return record
