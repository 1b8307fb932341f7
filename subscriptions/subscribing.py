"""Subscribing with double opt-in, confirming, unsubscribing, and forgetting unconfirmed addresses.

- `subscribe` records the wish and mails a confirmation link. The same address gets at
  most one confirmation per subscription per hour and has at most
  `MAX_PENDING_PER_ADDRESS` unconfirmed subscriptions, so the form cannot be used to
  flood someone's mailbox. What happened is never shown to the visitor (a stranger must
  not learn whether an address is subscribed).
- `confirm` makes the subscription active; the digest reports changes from then on.
- `unsubscribe` deletes subscriptions, and the address with its last one; it is
  idempotent (a second click finds nothing and succeeds).
- `purge_expired` deletes unconfirmed subscriptions whose link has expired.
"""

import datetime as dt
import logging
import smtplib

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from lib.urls import absolute_reverse
from subscriptions import mail, tokens
from subscriptions.models import Subscriber, Subscription

log = logging.getLogger(__name__)

RESEND_AFTER = dt.timedelta(hours=1)
MAX_PENDING_PER_ADDRESS = 5


class MailNotSent(Exception):
    """The confirmation mail could not be handed to the mail server."""


def normalized(email):
    return email.strip().lower()


def _target(body, paper, organization, query):
    if paper is not None:
        return {"kind": Subscription.Kind.PAPER, "paper": paper}
    if organization is not None:
        return {"kind": Subscription.Kind.ORGANIZATION, "organization": organization}
    return {"kind": Subscription.Kind.SEARCH, "body": body, "query": " ".join(query.split())}


def subscribe(email, *, body, paper=None, organization=None, query="", now=None):
    """Ask `email` to confirm following the paper, the organization or the search terms of `body`.

    Returns True when a confirmation mail went out, False when none was due (already
    subscribed, asked within the last hour, too many open requests). Raises MailNotSent
    when the mail server refused; nothing is recorded as sent then.
    """
    now = now or timezone.now()
    target = _target(body, paper, organization, query)
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=normalized(email))
        # One request per address at a time, so the limits below hold under parallel requests.
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        subscription = subscriber.subscriptions.filter(**target).first()
        new = subscription is None
        previous = None if new else subscription.confirmation_sent_at
        if new:
            pending = subscriber.subscriptions.filter(confirmed_at__isnull=True).count()
            if pending >= MAX_PENDING_PER_ADDRESS:
                return False
            subscription = Subscription.objects.create(
                subscriber=subscriber, confirmation_sent_at=now, **{"body": body, **target}
            )
        else:
            if subscription.confirmed_at is not None or (previous and now - previous < RESEND_AFTER):
                return False
            subscription.confirmation_sent_at = now
            subscription.save(update_fields=["confirmation_sent_at"])
    try:
        confirmation_mail(subscription).send()
    except (smtplib.SMTPException, OSError) as problem:
        log.warning("Bestätigungsmail an Abo %s nicht versandt: %s", subscription.pk, problem)
        if new:  # nothing to confirm, so nothing to keep
            unsubscribe("subscription", subscription.pk)
        else:
            Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=previous)
        raise MailNotSent from problem
    return True


def confirmation_mail(subscription):
    return mail.message(
        f"Bitte bestätigen: {subscription.description}",
        "subscriptions/mail/confirm.txt",
        {
            "subscription": subscription,
            "confirm_link": absolute_reverse("subscriptions:confirm", tokens.confirmation_token(subscription)),
            "hours": int(tokens.CONFIRMATION_MAX_AGE.total_seconds() // 3600),
        },
        subscription.subscriber.email,
        mail.unsubscribe_url(tokens.unsubscribe_token(subscription)),
    )


def confirm(subscription, now=None):
    """Make the subscription active (again a no-op when it already is)."""
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now or timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def unsubscribe(kind, pk):
    """Delete one subscription ("subscription") or all of an address ("subscriber"); returns how many went."""
    if kind == "subscriber":
        deleted = Subscription.objects.filter(subscriber_id=pk).delete()[1].get(Subscription._meta.label, 0)
        Subscriber.objects.filter(pk=pk).delete()
        return deleted
    subscription = Subscription.objects.filter(pk=pk).select_related("subscriber").first()
    if subscription is None:
        return 0
    subscription.delete()
    _forget_addresses_without_subscriptions(Subscriber.objects.filter(pk=subscription.subscriber_id))
    return 1


def _forget_addresses_without_subscriptions(subscribers):
    subscribers.exclude(Exists(Subscription.objects.filter(subscriber=OuterRef("pk")))).delete()


@transaction.atomic
def purge_expired(now=None):
    """Delete unconfirmed subscriptions whose confirmation link has expired, and addresses left without any."""
    now = now or timezone.now()
    expired = Subscription.objects.filter(confirmed_at__isnull=True).filter(
        Q(confirmation_sent_at__lte=now - tokens.CONFIRMATION_MAX_AGE)
        | Q(confirmation_sent_at__isnull=True, created__lte=now - tokens.CONFIRMATION_MAX_AGE)
    )
    subscriber_ids = set(expired.values_list("subscriber_id", flat=True))
    count = expired.delete()[0]
    _forget_addresses_without_subscriptions(Subscriber.objects.filter(pk__in=subscriber_ids))
    return count
