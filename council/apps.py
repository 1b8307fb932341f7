from django.apps import AppConfig


class CouncilConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "council"

    def ready(self):
        from django.db.models.signals import pre_save

        from council.plaintext import clean_char_fields

        # For every model of every app: single-line text never holds text-direction controls.
        pre_save.connect(clean_char_fields, dispatch_uid="council_clean_char_fields")
