from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What an operator runs and relies on: backup and restore, and the start-up checks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"
    verbose_name = "Betrieb"

    def ready(self):
        from operations import checks  # noqa: F401  (registers the system checks)
