from django.core.management.base import BaseCommand

from councillors.notifications import send_paper_change_digests


class Command(BaseCommand):
    help = (
        "Sends councillors one digest of changed papers on their agendas, now. Celery beat runs the same "
        "every 15 minutes (task councillors.tasks.send_paper_change_digests)."
    )

    def handle(self, *args, **options):
        sent = send_paper_change_digests()
        self.stdout.write(f"{sent} Benachrichtigung(en) über geänderte Vorlagen versandt.")
