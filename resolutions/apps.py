from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ResolutionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resolutions"

    def ready(self):
        from resolutions.permissions import grant_role_permissions

        # Runs after the auth app created this app's permissions (its receiver connected first).
        post_migrate.connect(grant_role_permissions, sender=self, dispatch_uid="resolutions_grant_role_permissions")
