"""Annexes of demo papers: a public annex, a non-public annex of a public paper, and the annex of a
non-public paper, so every rule about files shows; stored by the paper's author."""

from django.utils.html import escape

from documents.pdf import render_pdf
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
    """A one-page A4 PDF/A with the given lines: a believable, searchable annex.

    Rendered like every document of the app, so its fonts are embedded and a Sitzungsmappe
    that lays its page stays PDF/A (documents.pdf._lay_annexes).
    """
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return render_pdf(f'<html lang="de"><head><title>{escape(lines[0])}</title></head><body>{paragraphs}</body></html>')
