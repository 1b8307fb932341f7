from django.core.management.base import BaseCommand

from office.staging import clear_expired


class Command(BaseCommand):
    help = (
        "Deletes attachments staged in paper forms that were not saved within a day. Celery beat runs the same "
        "every hour (task office.tasks.clear_staged_uploads)."
    )

    def handle(self, *args, **options):
        deleted = clear_expired()
        self.stdout.write(f"{deleted} vorgemerkte Anlage(n) gelöscht.")
