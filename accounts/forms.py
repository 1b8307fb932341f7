"""The login form: Django's, with the lock-out (accounts.lockout) around authentication."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from accounts import lockout


class LoginForm(AuthenticationForm):
    """Refuses attempts while the account waits out a delay, and counts failed passwords.

    The lock-out sees `cleaned_data["username"]`, the very name `authenticate` gets after
    Django's normalisation, so no spelling of a name escapes the count.
    """

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()
        now = timezone.now()
        account = lockout.account_for(username)
        address = lockout.client_address(self.request)
        failures = lockout.recent_failures(account, now)
        wait = failures.wait(address, now)
        if wait:
            raise self.locked_out_error(wait)
        try:
            super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                lockout.record_failure(account, address, failures, now)
                wait = failures.wait(address, now)
                if wait:
                    raise self.locked_out_error(wait) from error
            raise
        lockout.clear_client(account, address)
        return self.cleaned_data

    def locked_out_error(self, wait):
        return forms.ValidationError(lockout.locked_message(wait), code="locked_out")

    @property
    def is_locked_out(self):
        return self.has_error(NON_FIELD_ERRORS, "locked_out")
