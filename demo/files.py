"""Annexes of demo papers: a public annex, a non-public annex of a public paper, and the annex of a
non-public paper, so every rule about files shows; stored by the paper's author."""

from resolutions.files import store_file
from resolutions.models import File, Paper

# (paper title, file name, public, lines of text)
DEMO_FILES = [
    (
        "Haushaltssatzung der Stadt Luckenwalde für das Haushaltsjahr 2027",
        "Haushaltsplan-Entwurf-2027.pdf",
        True,
        [
            "Entwurf Haushaltsplan 2027",
            "Ergebnishaushalt: Erträge 48,2 Mio. EUR, Aufwendungen 49,1 Mio. EUR",
            "Finanzhaushalt: Investitionen 6,8 Mio. EUR",
        ],
    ),
    (
        "Haushaltssatzung der Stadt Luckenwalde für das Haushaltsjahr 2027",
        "Stellenplan-2027-vertraulich.pdf",
        False,
        ["Stellenplan 2027 (vertraulich)", "Personalkosten je Organisationseinheit"],
    ),
    (
        "Vergabe der Bauleistungen Feuerwache – Los 3 Dach",
        "Angebotsspiegel-Los-3.pdf",
        True,
        ["Angebotsspiegel Los 3 Dach", "Bieter A: 312.000 EUR", "Bieter B: 298.500 EUR", "Bieter C: 341.200 EUR"],
    ),
]


def demo_files(body):
    for title, file_name, public, lines in DEMO_FILES:
        paper = Paper.objects.get(body=body, name=title)
        if not File.objects.filter(paper=paper, file_name=file_name).exists():
            store_file(
                simple_pdf(lines), file_name=file_name, name=lines[0], paper=paper, public=public,
                uploaded_by=paper.originator,
            )  # fmt: skip


def simple_pdf(lines):
    """A one-page A4 PDF with the given lines in Helvetica: enough for a believable, searchable annex."""

    def text(line):
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")

    stream = b"BT /F1 12 Tf 72 770 Td 16 TL " + b" ".join(b"(" + text(line) + b") '" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body_bytes in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body_bytes + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
