"""Logins. A user belongs to one Body; roles are Django groups (see accounts.roles)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    body = models.ForeignKey(
        "council.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("body"),
        help_text=_("The municipality this login works for. Empty only for operators."),
    )
    department = models.ForeignKey(
        "council.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        limit_choices_to={"kind": "department"},
        verbose_name=_("department"),
    )
    initials = models.CharField(
        _("initials"),
        max_length=10,
        blank=True,
        help_text=_("Short sign used in amendment markers, e.g. “jae”."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_role(self, *roles):
        from accounts.roles import user_roles

        return bool(user_roles(self) & set(roles))

    @property
    def roles(self):
        from accounts.roles import user_roles

        return user_roles(self)
