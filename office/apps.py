from django.apps import AppConfig


class OfficeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "office"
    verbose_name = "Verwaltung"

    def ready(self):
        from office.notifications import on_paper_transitioned
        from resolutions.signals import paper_transitioned

        paper_transitioned.connect(on_paper_transitioned, dispatch_uid="office_paper_transitioned")
