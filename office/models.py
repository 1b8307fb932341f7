"""The back office's own records: the timeline of workflow transitions of a paper."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from council.models import BodyScoped
from resolutions.models import Paper, SignOff


class Transition(BodyScoped):
    """One step in the life of a paper: who did what, when, with which comment."""

    class Action(models.TextChoices):
        SUBMIT = "submit", pgettext_lazy("transition", "submitted for sign-off")
        SIGN = "sign", pgettext_lazy("transition", "signed")
        RETURN = "return", pgettext_lazy("transition", "returned")
        RELEASE = "release", pgettext_lazy("transition", "released")
        WITHDRAW = "withdraw", pgettext_lazy("transition", "withdrawn")

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("paper"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    from_state = models.CharField(_("from state"), max_length=20, choices=Paper.State.choices)
    to_state = models.CharField(_("to state"), max_length=20, choices=Paper.State.choices)
    # For sign and return: the sign-off step acted on (head_of_department, treasurer, mayor).
    step = models.CharField(_("sign-off step"), max_length=30, blank=True, choices=SignOff.Role.choices)
    body_from = "paper"
    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "at", "id"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        indexes = [models.Index(fields=["paper", "at"], name="transition_paper_at")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action="return") | ~models.Q(comment=""), name="transition_return_has_comment"
            ),
        ]

    def __str__(self):
        return f"{self.paper}: {self.get_action_display()} ({self.by}, {self.at:%d.%m.%Y %H:%M})"
