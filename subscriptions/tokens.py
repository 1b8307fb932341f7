"""The signed tokens in the links of subscription mails.

A confirmation token names one subscription and expires after `CONFIRMATION_MAX_AGE`
(its subscription is deleted then, with the address if it has no other). An unsubscribe
token names one subscription or every subscription of an address and never expires: it
must work as long as the mail it came in. Both are signed with SECRET_KEY, so nothing
secret is stored and no one can make a token for someone else's address.
"""

import datetime as dt

from django.core import signing

CONFIRMATION_MAX_AGE = dt.timedelta(hours=48)

_confirm = signing.TimestampSigner(salt="subscriptions.confirm")
_unsubscribe = signing.Signer(salt="subscriptions.unsubscribe")


class Expired(Exception):
    """A confirmation link older than CONFIRMATION_MAX_AGE."""


class Invalid(Exception):
    """A token that was not made here (mistyped or forged)."""


def confirmation_token(subscription):
    return _confirm.sign_object({"s": subscription.pk})


def confirmed_subscription_id(token):
    """The subscription a confirmation token names. Raises Expired or Invalid."""
    try:
        return _confirm.unsign_object(token, max_age=CONFIRMATION_MAX_AGE)["s"]
    except signing.SignatureExpired as problem:
        raise Expired from problem
    except (signing.BadSignature, KeyError, TypeError) as problem:
        raise Invalid from problem


def unsubscribe_token(subscription=None, subscriber=None):
    """A token for one subscription, or (with `subscriber`) for every subscription of the address."""
    if subscriber is not None:
        return _unsubscribe.sign_object({"a": subscriber.pk})
    return _unsubscribe.sign_object({"s": subscription.pk})


def unsubscribe_target(token):
    """("subscription", pk) or ("subscriber", pk). Raises Invalid."""
    try:
        value = _unsubscribe.unsign_object(token)
    except signing.BadSignature as problem:
        raise Invalid from problem
    if isinstance(value, dict) and isinstance(value.get("s"), int):
        return "subscription", value["s"]
    if isinstance(value, dict) and isinstance(value.get("a"), int):
        return "subscriber", value["a"]
    raise Invalid
