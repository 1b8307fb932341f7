from django.apps import AppConfig


class CouncillorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "councillors"
