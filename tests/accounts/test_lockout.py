"""The lock-out counts per account (as authentication normalises the name), delays
progressively, and takes the client address from a proxy only when it is trusted."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from accounts import lockout
from accounts.models import FailedLogin

pytestmark = pytest.mark.django_db

PROXY = {"REMOTE_ADDR": "10.0.0.2"}


def attempt(client, username, password, **extra):
    return client.post("/konto/anmelden/", {"username": username, "password": password}, **extra)


def fail_five_times(client, username="mitglied", **extra):
    for _ in range(lockout.MAX_FAILURES):
        attempt(client, username, "falsch", **extra)


@pytest.mark.parametrize("spelling", ["ｒａｔ２", "𝐫𝐚𝐭𝟐", "rat²"])
def test_after_five_failures_no_other_spelling_of_the_name_gets_in(client, world, spelling):
    world.member.username = "rat2"
    world.member.save()
    fail_five_times(client, "rat2")
    response = attempt(client, spelling, "pw-test-123")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_every_spelling_of_a_name_counts_for_the_same_account(client, world):
    world.member.username = "rat2"
    world.member.save()
    for spelling in ["rat2", "ｒａｔ２", "𝐫𝐚𝐭𝟐", " rat² "]:
        attempt(client, spelling, "falsch")
    assert attempt(client, "rat2", "falsch").status_code == 429
    assert set(FailedLogin.objects.values_list("user", flat=True)) == {world.member.pk}


def test_a_name_nobody_has_is_counted_too(client, world):
    fail_five_times(client, "niemand")
    assert attempt(client, "ｎｉｅｍａｎｄ", "falsch").status_code == 429


def test_behind_a_trusted_proxy_a_strangers_failures_do_not_lock_out_another_client(client, world, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    fail_five_times(client, HTTP_X_FORWARDED_FOR="203.0.113.66", **PROXY)
    assert attempt(client, "mitglied", "pw-test-123", HTTP_X_FORWARDED_FOR="203.0.113.66", **PROXY).status_code == 429
    response = attempt(client, "mitglied", "pw-test-123", HTTP_X_FORWARDED_FOR="198.51.100.7", **PROXY)
    assert response.status_code == 302


def test_forwarded_addresses_from_an_untrusted_peer_are_ignored(client, world, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    for number in range(lockout.MAX_FAILURES):
        attempt(client, "mitglied", "falsch", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    assert attempt(client, "mitglied", "pw-test-123", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert set(FailedLogin.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client wrote 1.2.3.4 itself
        ("10.0.0.2", "203.0.113.9, 10.0.0.3", "203.0.113.9"),  # two proxies of ours
        ("10.0.0.2", "nonsense, 203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "203.0.113.9, nonsense", "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("192.0.2.1", "203.0.113.9", "192.0.2.1"),
        ("2001:db8::1", "203.0.113.9", "203.0.113.9"),
    ],
)
def test_client_address_reads_x_forwarded_for_only_from_trusted_proxies(settings, remote, forwarded, client):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::1"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert lockout.client_address(request) == client


def test_each_further_failure_doubles_the_wait_up_to_the_cap(client, world):
    fail_five_times(client)
    now = timezone.now()
    waits = []
    for _ in range(6):
        failures = lockout.recent_failures(lockout.account_of_user(world.member), now)
        waits.append(failures.wait("127.0.0.1", now))
        FailedLogin.objects.create(user=world.member, username="mitglied", ip_address="127.0.0.1", attempted=now)
    minutes = [round(wait.total_seconds() / 60) for wait in waits]
    assert minutes == [1, 2, 4, 8, 15, 15]


def test_the_wait_is_shown_and_an_attempt_after_it_is_checked_again(client, world):
    fail_five_times(client)
    response = attempt(client, "mitglied", "pw-test-123")
    assert "noch 1 Minute gesperrt" in response.content.decode()
    assert FailedLogin.objects.count() == lockout.MAX_FAILURES  # refused attempts are not counted
    FailedLogin.objects.update(attempted=timezone.now() - lockout.FIRST_DELAY)
    assert attempt(client, "mitglied", "falsch").status_code == 429  # the sixth failure: two minutes now
    assert "noch 2 Minuten gesperrt" in attempt(client, "mitglied", "pw-test-123").content.decode()
    FailedLogin.objects.update(attempted=timezone.now() - 2 * lockout.FIRST_DELAY)
    assert attempt(client, "mitglied", "pw-test-123").status_code == 302


def test_guessing_from_many_addresses_slows_down_every_client(client, world):
    clients = lockout.ACCOUNT_MAX_FAILURES // lockout.MAX_FAILURES
    for number in range(clients):
        fail_five_times(client, REMOTE_ADDR=f"203.0.113.{number}")
    assert attempt(client, "mitglied", "pw-test-123", REMOTE_ADDR="198.51.100.7").status_code == 429


def test_one_client_alone_never_slows_down_the_others(client, world):
    now = timezone.now()
    FailedLogin.objects.bulk_create(
        FailedLogin(user=world.member, username="mitglied", ip_address="203.0.113.66", attempted=now)
        for _ in range(lockout.ACCOUNT_MAX_FAILURES * 3)
    )
    assert attempt(client, "mitglied", "pw-test-123", REMOTE_ADDR="203.0.113.66").status_code == 429
    assert attempt(client, "mitglied", "pw-test-123", REMOTE_ADDR="198.51.100.7").status_code == 302


def test_failures_older_than_the_window_are_forgotten(client, world):
    old = timezone.now() - lockout.WINDOW - dt.timedelta(seconds=1)
    FailedLogin.objects.create(user=world.member, username="mitglied", ip_address="203.0.113.1", attempted=old)
    attempt(client, "mitglied", "falsch")
    assert list(FailedLogin.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]
