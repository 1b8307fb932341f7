from django.core.management.base import BaseCommand

from subscriptions.digests import send_digests


class Command(BaseCommand):
    help = (
        "Schickt jeder Adresse mit E-Mail-Abo höchstens einmal am Tag eine Zusammenfassung dessen, was sich "
        "öffentlich geändert hat, und löscht nicht bestätigte Abos mit abgelaufenem Link (z. B. stündlich aufrufen)."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} Zusammenfassung(en) an Abonnenten versandt.")
