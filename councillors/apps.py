from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncillorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "councillors"
    verbose_name = _("Councillor area")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_save

        from councillors.access import record_visit
        from councillors.notifications import on_invitation_published, record_paper_change
        from resolutions.models import Paper
        from resolutions.signals import invitation_published

        user_logged_in.connect(record_visit, dispatch_uid="councillors_record_visit")
        invitation_published.connect(on_invitation_published, dispatch_uid="councillors_invitation_published")
        pre_save.connect(record_paper_change, sender=Paper, dispatch_uid="councillors_record_paper_change")
