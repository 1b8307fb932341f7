from django.core.management import call_command
from django.core.management.base import BaseCommand

from council.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Loads the demo: Stadt Luckenwalde with the seed paper B-7311/2021, and a second Body. Idempotent."

    def handle(self, *args, **options):
        demo = load_demo()
        # The portal's search index (portal app): complete after a bulk load, whatever ran after commit.
        call_command("rebuild_search_index", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo geladen: {demo.luckenwalde.name}, {demo.nuthe.name}."))
        self.stdout.write(f"Vorlage {demo.seed_paper.reference}: {demo.seed_paper.name}")
        self.stdout.write(f"\nDemo-Zugänge (Passwort für alle: {DEMO_PASSWORD}):")
        for login in demo.logins:
            self.stdout.write(f"  {login.username:<22} {login.description}")
