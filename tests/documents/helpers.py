"""Reading generated PDFs back: text as a reader sees it, metadata, bookmarks."""

import io
import re
import unicodedata
from pathlib import Path

from pypdf import PdfReader

# The margin boxes (page numbers, the running header from page 2) are artifacts, not text
# of the document: a paragraph that crosses a page break must read as one.
PAGE_NUMBER = re.compile(r"^Seite \d+ von \d+$")


def normalise(text):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def reader(data):
    return PdfReader(io.BytesIO(data))


def page_texts(data):
    return [page.extract_text() or "" for page in reader(data).pages]


def body_text(data, running_header=None):
    """The document's text without page numbers and running header, whitespace normalised."""
    lines = []
    for text in page_texts(data):
        for line in text.splitlines():
            line = normalise(line)
            if PAGE_NUMBER.match(line) or line == running_header:
                continue
            lines.append(line)
    return " ".join(lines)


def all_text(data):
    return normalise(" ".join(page_texts(data)))


def xmp(data):
    return reader(data).trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def outline_titles(data):
    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title

    return list(walk(reader(data).outline))


def seed_lines():
    """The non-empty lines of the seed, without its markdown bold markers."""
    seed = Path(__file__).resolve().parents[2] / "docs" / "seed" / "beschlussvorlage-B-7311-2021.txt"
    return [normalise(line.replace("**", "")) for line in seed.read_text("utf-8").splitlines() if line.strip()]
