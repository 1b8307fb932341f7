"""`manage.py repair_item_texts [--dry-run]`: public agenda items' texts without non-public amendments.

Until issue 11 was fixed, an agenda item recorded the paper's text with every amendment
made so far, also one made before in a non-public item; a public item shows that text to
everyone (OParl `resolutionText`). This gives each such item the proposal with the public
amendments made up to its meeting.
"""

from django.core.management.base import BaseCommand

from meetings import results


class Command(BaseCommand):
    help = "Entfernt Änderungen aus nichtöffentlicher Sitzung aus den Beschlusstexten öffentlicher Tagesordnungspunkte."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="nur auflisten, nichts ändern")

    def handle(self, *args, dry_run=False, **options):
        items = [item for item, _text in results.leaking_item_texts()] if dry_run else results.repair_item_texts()
        for item in items:
            self.stdout.write(f"{item.pk}\t{item.meeting.date:%d.%m.%Y} {item.number} {item.name}")
        verb = "enthalten eine nichtöffentliche Änderung" if dry_run else "berichtigt"
        self.stdout.write(f"{len(items)} Tagesordnungspunkt(e) {verb}.")
