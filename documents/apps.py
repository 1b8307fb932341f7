from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Dokumente (PDF)"

    def ready(self):
        from documents import receivers

        receivers.connect()  # stored bundles follow every write in a Body
