import time

from django.core.management.base import BaseCommand, CommandError

from oparl.fetching import FetchError, Progress
from oparl.importer import ImportRefused, import_bodies
from oparl.tasks import import_oparl


class Command(BaseCommand):
    help = (
        "Importiert die Körperschaften einer OParl-1.0- oder -1.1-Schnittstelle (URL des System- oder "
        "Body-Objekts): alle eines Systems oder die mit --body genannte. Wiederholbar: bekannte Objekte werden "
        "aktualisiert; ein abgebrochener Lauf setzt fort. Mit --queue übernimmt ein Celery-Worker den Import; "
        "der Befehl zeigt seinen Fortschritt."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="URL des OParl-System- oder -Body-Objekts")
        parser.add_argument(
            "--body", help="nur diese Körperschaft des Systems: ihre OParl-id oder ihr Kurzname (z. B. luckenwalde)"
        )
        parser.add_argument("--slug", help="Kurzname der Körperschaft hier (vorhandene wird übernommen)")
        parser.add_argument("--no-progress", action="store_true", help="keinen Fortschrittsbalken ausgeben")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="als Aufgabe an einen Celery-Worker geben (ohne Broker läuft sie sofort hier)",
        )

    def handle(self, *args, url, body=None, slug=None, no_progress=False, queue=False, **options):
        write = None if no_progress else (lambda text: self.stderr.write(text, ending=""))
        if queue:
            outcome = self._queued(url, body, slug, write)
        else:
            try:
                outcome = {
                    "reports": [report.summary() for report in import_bodies(url, body=body, write=write, slug=slug)]
                }
            except (FetchError, ImportRefused) as problem:
                outcome = {"error": str(problem)}
        if "error" in outcome:
            raise CommandError(f"Import nicht möglich: {outcome['error']}")
        for summary in outcome["reports"]:
            self._print(summary)
        if not all(summary["finished"] for summary in outcome["reports"]):
            raise CommandError("Import unvollständig. Derselbe Aufruf setzt an der abgebrochenen Stelle fort.")

    def _queued(self, url, body, slug, write):
        result = import_oparl.delay(url, slug=slug, body=body)
        self.stdout.write(f"Import als Aufgabe {result.id} eingereiht.")
        progress = Progress(write)
        try:
            while not result.ready():
                info = result.info if result.state == "PROGRESS" else None
                if isinstance(info, dict):
                    progress.show(info.get("list", ""), info.get("done", 0), info.get("total"))
                time.sleep(1)
        except KeyboardInterrupt:
            raise CommandError(f"Nicht mehr verfolgt; die Aufgabe {result.id} läuft weiter.") from None
        progress.done()
        return result.get(propagate=True)

    def _print(self, summary):
        for warning in summary["warnings"]:
            self.stderr.write(f"Warnung: {warning}")
        counts = ", ".join(f"{name}: {count}" for name, count in sorted(summary["created"].items())) or "nichts"
        self.stdout.write(f"Körperschaft „{summary['body']}“ ({summary['slug']}). Neu: {counts}.")
        changed = ", ".join(f"{name}: {count}" for name, count in sorted(summary["updated"].items()))
        if changed:
            self.stdout.write(f"Geändert: {changed}.")
        gone = ", ".join(f"{name}: {count}" for name, count in sorted(summary["deleted"].items()))
        if gone:
            self.stdout.write(f"Gelöscht: {gone}.")
