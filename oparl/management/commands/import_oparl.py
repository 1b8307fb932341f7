from django.core.management.base import BaseCommand, CommandError

from oparl.fetching import FetchError
from oparl.importer import ImportRefused, import_bodies


class Command(BaseCommand):
    help = (
        "Importiert die Körperschaften einer OParl-1.0- oder -1.1-Schnittstelle (URL des System- oder "
        "Body-Objekts): alle eines Systems oder die mit --body genannte. Wiederholbar: bekannte Objekte werden "
        "aktualisiert; ein abgebrochener Lauf setzt fort."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="URL des OParl-System- oder -Body-Objekts")
        parser.add_argument(
            "--body", help="nur diese Körperschaft des Systems: ihre OParl-id oder ihr Kurzname (z. B. luckenwalde)"
        )
        parser.add_argument("--slug", help="Kurzname der Körperschaft hier (vorhandene wird übernommen)")
        parser.add_argument("--no-progress", action="store_true", help="keinen Fortschrittsbalken ausgeben")

    def handle(self, *args, url, body=None, slug=None, no_progress=False, **options):
        write = None if no_progress else (lambda text: self.stderr.write(text, ending=""))
        try:
            reports = import_bodies(url, body=body, write=write, slug=slug)
        except (FetchError, ImportRefused) as problem:
            raise CommandError(f"Import nicht möglich: {problem}") from problem
        for report in reports:
            self._print(report)
        if not all(report.finished for report in reports):
            raise CommandError("Import unvollständig. Derselbe Aufruf setzt an der abgebrochenen Stelle fort.")

    def _print(self, report):
        for warning in report.warnings:
            self.stderr.write(f"Warnung: {warning}")
        counts = ", ".join(f"{name}: {count}" for name, count in sorted(report.created.items())) or "nichts"
        self.stdout.write(f"Körperschaft „{report.body.name}“ ({report.body.slug}). Neu: {counts}.")
        changed = ", ".join(f"{name}: {count}" for name, count in sorted(report.updated.items()))
        if changed:
            self.stdout.write(f"Geändert: {changed}.")
        gone = ", ".join(f"{name}: {count}" for name, count in sorted(report.deleted.items()))
        if gone:
            self.stdout.write(f"Gelöscht: {gone}.")
