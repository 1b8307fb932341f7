"""Logins. A user belongs to one Body; roles are Django groups (see accounts.roles).
Failed logins are kept for the lock-out (accounts.lockout)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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


class FailedLogin(models.Model):
    """One failed login, counted for the lock-out (`accounts.lockout`) per account and client."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="failed_logins",
        verbose_name=_("user"),
        help_text=_("Empty when the name typed belongs to no one."),
    )
    username = models.CharField(_("user name"), max_length=150)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    attempted = models.DateTimeField(_("attempted"), default=timezone.now)

    class Meta:
        ordering = ["-attempted"]
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [
            models.Index(fields=["user", "attempted"], name="failed_login_by_user"),
            models.Index(fields=["username", "attempted"], name="failed_login_by_name"),
        ]

    def __str__(self):
        return f"{self.username} ({self.ip_address}) {self.attempted:%d.%m.%Y %H:%M}"
