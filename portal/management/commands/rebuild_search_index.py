from django.core.management.base import BaseCommand

from portal import search_index


class Command(BaseCommand):
    help = (
        "Builds the portal's search index anew from what the public sees; removes rows of what is no longer "
        "public. Idempotent: run it after bulk loads (demo, imports, restores) and after upgrading."
    )

    def handle(self, *args, **options):
        counts = search_index.rebuild()
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Suchindex neu aufgebaut: {summary}."))
