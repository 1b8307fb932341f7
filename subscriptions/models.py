"""E-mail subscriptions without an account: an address follows a paper, an organization or a search.

An address is kept only while it is subscribed: a subscription nobody confirmed is deleted
when its confirmation link expires, and an address goes with its last subscription. For
the same reason these records keep no history (django-simple-history would keep the
address after it was deleted).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import Body, Organization
from resolutions.models import Paper


class Subscriber(models.Model):
    """An e-mail address with at least one subscription; it gets at most one digest a day."""

    email = models.EmailField(_("e-mail"), unique=True)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # The end of the period the last digest run looked at: the next digest starts there.
    checked_until = models.DateTimeField(_("changes checked until"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email


class Subscription(models.Model):
    class Kind(models.TextChoices):
        PAPER = "paper", _("paper")
        ORGANIZATION = "organization", _("organization")
        SEARCH = "search", _("search")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("subscriber")
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+", verbose_name=_("body"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("paper")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("organization")
    )
    query = models.CharField(_("search terms"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="paper", paper__isnull=False, organization__isnull=True, query="")
                    | Q(kind="organization", organization__isnull=False, paper__isnull=True, query="")
                    | (Q(kind="search", paper__isnull=True, organization__isnull=True) & ~Q(query=""))
                ),
                name="subscription_target_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "paper"], condition=Q(kind="paper"), name="subscription_unique_paper"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "organization"],
                condition=Q(kind="organization"),
                name="subscription_unique_organization",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "body", "query"], condition=Q(kind="search"), name="subscription_unique_search"
            ),
        ]

    def __str__(self):
        return f"{self.subscriber}: {self.description}"

    @property
    def description(self):
        """What is followed, in German: "Vorlage B-7311/2021 …", "Gremium Hauptausschuss", "Suche „Radweg“"."""
        if self.kind == self.Kind.PAPER:
            return f"Vorlage {self.paper}"
        if self.kind == self.Kind.ORGANIZATION:
            return f"Gremium {self.organization}"
        return f"Neue Vorlagen zur Suche „{self.query}“ ({self.body})"
