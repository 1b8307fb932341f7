"""`manage.py repair_frozen_copies [--dry-run]`: render leaking decision copies again from the public view.

Until issue 11 was fixed, the frozen decision copy of a paper held every amendment, also
one made in a non-public agenda item, and anyone who sees the paper could download it
(its text was searchable and served by OParl). This renders each such copy again from the
paper's public view, in place: the File keeps its id and URLs, with new bytes, checksum,
size and text.
"""

from django.core.management.base import BaseCommand

from documents import pdf


class Command(BaseCommand):
    help = "Rendert eingefrorene Beschluss-PDFs neu, die eine nichtöffentliche Änderung enthalten."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="nur auflisten, nichts ändern")

    def handle(self, *args, dry_run=False, **options):
        records = [record for record, _view in pdf.leaking_copies()] if dry_run else pdf.repair_frozen_copies()
        for record in records:
            self.stdout.write(f"{record.pk}\t{record.name}")
        verb = "enthalten eine nichtöffentliche Änderung" if dry_run else "neu gerendert"
        self.stdout.write(f"{len(records)} eingefrorene Kopie(n) {verb}.")
