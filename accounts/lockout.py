"""Slowing down password guessing at the login: failures counted per account, a growing delay.

The count belongs to the account, not to the string typed: the name is taken after the
login form has normalised it (NFKC, as `AuthenticationForm` does before `authenticate`),
so `ｒａｔ２`, `𝐫𝐚𝐭𝟐` and `rat²` count for `rat2`, and a name that belongs to a user is
resolved to that user. A name no one has still gets a counter of its own, so guessing
it costs the same.

Two delays apply, whichever is longer:

- per account and client: after `MAX_FAILURES` failures from one client address, each
  further attempt from there must wait `FIRST_DELAY`, doubling with every failure up to
  `MAX_DELAY`. Another client (the owner at home) is not slowed by a stranger's guesses.
- per account from all clients: guessing from many addresses is slowed the same way once
  the failures reach `ACCOUNT_MAX_FAILURES`. Each client counts with at most
  `MAX_FAILURES` failures here, so one stranger alone can never slow the owner down.

An attempt during a delay is refused without checking the password and is not counted.
A successful login forgets the failures of that client, a new password (reset by e-mail)
all failures of the account; an administrator lifts a delay by deleting the failed
logins in the admin. Failures older than `WINDOW` are forgotten.

The client address is `REMOTE_ADDR`; only when that is one of `TRUSTED_PROXIES`
(addresses or networks) is `X-Forwarded-For` read, from the right, up to the first
address that is not a trusted proxy. Otherwise anyone could pick their own address.

Why not django-axes: it counts failures per typed user name string (or name and
address), locks hard for a cool-off period once a limit is reached, takes the client
address from django-ipware, whose trusted proxies are address prefixes rather than
networks, and keeps its own records and admin. The two delays above (per client, and per
account with each client's share capped) are not among its lock-out parameters; getting
them would mean replacing its handler, which is most of this module anyway.
"""

import dataclasses
import datetime as dt
import functools
import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Max
from django.utils import timezone

from accounts.models import FailedLogin

MAX_FAILURES = 5
ACCOUNT_MAX_FAILURES = 20
FIRST_DELAY = dt.timedelta(minutes=1)
MAX_DELAY = dt.timedelta(minutes=15)
WINDOW = dt.timedelta(hours=24)

LOCKED_MESSAGE = (
    "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung ist noch {wait} gesperrt. "
    "Bitte versuchen Sie es später erneut oder setzen Sie Ihr Passwort zurück."
)


# --- client address -------------------------------------------------------------------


@functools.cache
def _networks(entries):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_networks():
    """`settings.TRUSTED_PROXIES` as networks (a bare address is a network of one)."""
    return _networks(tuple(settings.TRUSTED_PROXIES))


def _address(value):
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def _is_trusted(address):
    return any(address in network for network in trusted_networks())


def client_address(request):
    """The address of the client: `REMOTE_ADDR`, or behind a trusted proxy what it forwarded."""
    address = _address(request.META.get("REMOTE_ADDR"))
    if address is None:
        return None
    if _is_trusted(address):
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            forwarded = _address(hop)
            if forwarded is None:
                break  # a proxy we trust never writes this; what is left of it the client wrote
            address = forwarded
            if not _is_trusted(address):
                break
    return str(address)


# --- the account ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Account:
    """Whose failures count together: the user when the name is one, otherwise the name."""

    username: str
    user_id: int | None

    def failures(self):
        if self.user_id is not None:
            return FailedLogin.objects.filter(user_id=self.user_id)
        return FailedLogin.objects.filter(user__isnull=True, username=self.username)


def account_for(username):
    """`username` as the login form cleaned it (stripped, NFKC), resolved like authentication does."""
    user_model = get_user_model()
    try:
        user = user_model._default_manager.get_by_natural_key(username)
    except user_model.DoesNotExist:
        return Account(username=username, user_id=None)
    return Account(username=username, user_id=user.pk)


def account_of_user(user):
    return Account(username=user.get_username(), user_id=user.pk)


# --- the delay ------------------------------------------------------------------------


def _delay(failures, threshold):
    if failures < threshold:
        return dt.timedelta(0)
    doublings = min(failures - threshold, 16)  # far beyond MAX_DELAY already; keeps the number small
    return min(FIRST_DELAY * 2**doublings, MAX_DELAY)


@dataclasses.dataclass
class Failures:
    """The recent failures of one account, per client address: {address: (count, last)}."""

    per_client: dict

    def wait(self, address, now):
        """How long an attempt from `address` must still wait (zero: it may go ahead)."""
        count, last = self.per_client.get(address, (0, None))
        until = last + _delay(count, MAX_FAILURES) if last else now
        if self.per_client:
            shared = sum(min(n, MAX_FAILURES) for n, _ in self.per_client.values())
            newest = max(latest for _, latest in self.per_client.values())
            until = max(until, newest + _delay(shared, ACCOUNT_MAX_FAILURES))
        return max(until - now, dt.timedelta(0))

    def add(self, address, when):
        count, _ = self.per_client.get(address, (0, None))
        self.per_client[address] = (count + 1, when)


def recent_failures(account, now=None):
    """One query: the failures of the account within `WINDOW`, grouped by client address."""
    now = now or timezone.now()
    rows = (
        account.failures()
        .filter(attempted__gt=now - WINDOW)
        .values("ip_address")
        .annotate(count=Count("id"), last=Max("attempted"))
        .order_by()
    )
    return Failures({row["ip_address"]: (row["count"], row["last"]) for row in rows})


def record_failure(account, address, failures, now=None):
    """Store one failure (and forget the expired ones of everyone); `failures` learns it too."""
    now = now or timezone.now()
    FailedLogin.objects.filter(attempted__lte=now - WINDOW).delete()
    FailedLogin.objects.create(user_id=account.user_id, username=account.username, ip_address=address, attempted=now)
    failures.add(address, now)


def clear_client(account, address):
    """After a successful login: that client's earlier failures no longer count."""
    account.failures().filter(ip_address=address).delete()


def clear_account(user):
    """After a new password (the owner proved access to their mailbox): the delay ends everywhere."""
    account_of_user(user).failures().delete()


def locked_message(wait):
    minutes = max(1, -(-int(wait.total_seconds()) // 60))
    return LOCKED_MESSAGE.format(wait="1 Minute" if minutes == 1 else f"{minutes} Minuten")
