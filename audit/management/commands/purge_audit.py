from django.core.management.base import BaseCommand

from audit.purge import purge


class Command(BaseCommand):
    help = "Löscht Einträge des Zugriffsprotokolls, die älter als AUDIT_RETENTION_DAYS sind."

    def handle(self, *args, **options):
        deleted = purge()
        self.stdout.write(f"{deleted} Einträge des Zugriffsprotokolls gelöscht.")
