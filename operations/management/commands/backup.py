from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sichert die PostgreSQL-Datenbank (pg_dump) und den Medienordner in einen neuen Ordner mit SHA-512-Summen."

    def add_arguments(self, parser):
        parser.add_argument(
            "target",
            nargs="?",
            help="Neuer oder leerer Ordner; ohne Angabe backups/ratsinfo-<Datum>-<Uhrzeit>/",
        )

    def handle(self, *args, target=None, **options):
        target = Path(target or Path("backups") / f"ratsinfo-{datetime.now():%Y%m%d-%H%M%S}")
        try:
            backup(target, database=connection.settings_dict, media_root=settings.MEDIA_ROOT)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Gesichert in {target}"))
