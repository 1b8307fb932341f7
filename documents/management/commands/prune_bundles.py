"""`manage.py prune_bundles [--days N]`: delete stored Sitzungsmappen of past meetings and copies nobody asked for.

The daily beat entry `documents-prune-bundles` does the same; this is for cron or by hand.
A deleted copy is built again on its next request.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from documents import bundles


class Command(BaseCommand):
    help = "Löscht gespeicherte Sitzungsmappen vergangener Sitzungen und lange nicht abgerufene."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=settings.BUNDLE_KEEP_DAYS, help="Aufbewahrung in Tagen (Vorgabe: %(default)s)"
        )

    def handle(self, *args, days, **options):
        self.stdout.write(f"{bundles.prune(days)} gespeicherte Sitzungsmappe(n) gelöscht.")
