"""`manage.py export_pdf B-7311/2021 --body luckenwalde -o vorlage.pdf`: a paper as PDF, as the paper page serves it.

An operator's tool (shell access sees everything), so it exports any paper of the Body,
public or not, in its public view (the view of a frozen copy: no amendment of a non-public
agenda item).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from council.models import Body
from documents.pdf import paper_pdf, papers_for_print
from resolutions.models import Paper


class Command(BaseCommand):
    help = "Schreibt eine Vorlage (nach Vorlagen-Nr.) als PDF/A-Datei."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="Vorlagen-Nr., z. B. B-7311/2021")
        parser.add_argument("--body", required=True, help="Kürzel (slug) der Kommune, z. B. luckenwalde")
        parser.add_argument("-o", "--output", required=True, help="Zieldatei, z. B. vorlage.pdf")

    def handle(self, *args, reference, body, output, **options):
        municipality = Body.objects.filter(slug=body).first()
        if municipality is None:
            raise CommandError(f"Die Kommune „{body}“ gibt es nicht.")
        paper = papers_for_print(Paper.objects.filter(body=municipality, reference=reference)).first()
        if paper is None:
            raise CommandError(f"Die Vorlage „{reference}“ gibt es in {municipality.name} nicht.")
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"Das Verzeichnis „{target.parent}“ gibt es nicht.")
        data = paper_pdf(paper)
        try:
            target.write_bytes(data)
        except OSError as error:
            raise CommandError(f"„{target}“ kann nicht geschrieben werden: {error.strerror}") from error
        self.stdout.write(f"{paper.reference} geschrieben: {target} ({len(data) // 1024} KB)")
