from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from operations.backup import BackupError, restore, verify
from portal import publication


class Command(BaseCommand):
    help = (
        "Stellt eine Sicherung von `backup` wieder her: prüft die SHA-512-Summen, ersetzt den Inhalt "
        "der Datenbank und füllt den (leeren) Medienordner."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Ordner einer Sicherung")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument(
            "--replace-media", action="store_true", help="Den Inhalt eines nicht leeren Medienordners vorher löschen."
        )
        parser.add_argument("--check", action="store_true", help="Nur die Prüfsummen prüfen, nichts ändern.")

    def handle(self, *args, source, interactive, replace_media, check, **options):
        try:
            if check:
                files = verify(source)
                self.stdout.write(self.style.SUCCESS(f"Sicherung in Ordnung: {len(files)} Dateien."))
                return
            database = connection.settings_dict
            if interactive:
                answer = input(
                    f"Der Inhalt der Datenbank {database['NAME']} wird durch die Sicherung ersetzt. "
                    "Zum Fortfahren 'ja' eingeben: "
                )
                if answer.strip().lower() != "ja":
                    raise CommandError("Abgebrochen.")
            connection.close()  # pg_restore replaces tables; this process holds no lock on them
            restore(source, database=database, media_root=settings.MEDIA_ROOT, replace_media=replace_media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        # The shared cache outlives the database: every page and OParl answer stored before is
        # out of date (the versions of the list of Bodies and of the installation change).
        publication.bump(body=True)
        self.stdout.write(self.style.SUCCESS(f"Wiederhergestellt aus {source}"))
