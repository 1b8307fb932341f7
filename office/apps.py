from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OfficeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "office"
    verbose_name = "Verwaltung"

    def ready(self):
        from office.permissions import grant_role_permissions

        # Runs after the auth app created the permissions of every app listed before this one.
        post_migrate.connect(grant_role_permissions, sender=self)
