"""Lock-out after repeated failed logins.

After `MAX_FAILURES` failed attempts for one user name from one address within `WINDOW`,
further attempts (even with the right password) are refused until the oldest of them is
older than `WINDOW`. Counting per name and address keeps an attacker from locking a
councillor out from everywhere by guessing their name. The records live in the database
so every app server counts the same attempts.
"""

import datetime as dt

from django.utils import timezone

from councillors.models import FailedLogin

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)

LOCKED_MESSAGE = (
    "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung ist für {minutes} Minuten gesperrt. "
    "Bitte versuchen Sie es später erneut oder setzen Sie Ihr Passwort zurück."
)


def client_address(request):
    # REMOTE_ADDR only: X-Forwarded-For is set by the client and would let anyone reset the count.
    return request.META.get("REMOTE_ADDR") or None


def _recent(username, ip_address, now):
    return FailedLogin.objects.filter(
        username=username.strip().lower(), ip_address=ip_address, attempted__gt=now - WINDOW
    )


def is_locked_out(username, ip_address, now=None):
    now = now or timezone.now()
    return _recent(username, ip_address, now).count() >= MAX_FAILURES


def record_failure(username, ip_address, now=None):
    now = now or timezone.now()
    FailedLogin.objects.filter(attempted__lte=now - WINDOW).delete()
    FailedLogin.objects.create(username=username.strip().lower(), ip_address=ip_address, attempted=now)


def clear_failures(username, ip_address):
    FailedLogin.objects.filter(username=username.strip().lower(), ip_address=ip_address).delete()


def clear_all_failures(username):
    """After a password reset (the owner proved access to their mailbox) the lock-out ends everywhere."""
    FailedLogin.objects.filter(username=username.strip().lower()).delete()


def locked_message():
    return LOCKED_MESSAGE.format(minutes=int(WINDOW.total_seconds() // 60))
