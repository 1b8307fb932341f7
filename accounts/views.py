"""Login with lock-out, logout, and password reset by e-mail (Django's views, German templates)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse

from accounts import lockout, roles
from accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    """Django's login with the lock-out of `accounts.lockout`; a refused attempt answers 429."""

    template_name = "accounts/login.html"
    form_class = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.is_locked_out:
            response.status_code = 429
        return response

    def get_default_redirect_url(self):
        # Only without a `next`: Django's `get_redirect_url` takes a `next` first, if it
        # stays on this site (url_has_allowed_host_and_scheme).
        return landing_url(self.request.user) or super().get_default_redirect_url()


def landing_url(user):
    """Where a user starts after logging in: the area of their work, else the portal of their Body.

    Clerks and signers: Meine Arbeit; the council office: Sitzungsdienst; councillors:
    Mein Bereich (in this order, for a user with several roles). None: the default.
    """
    if user.has_role(roles.CLERK, *roles.SIGNER_ROLES):
        return reverse("office:my_work")
    if user.has_role(roles.COUNCIL_OFFICE):
        return reverse("meetings:index")
    if user.has_role(roles.COUNCILLOR):
        return reverse("councillors:dashboard")
    if user.body_id and not user.is_superuser:
        return reverse("portal:start", args=[user.body.slug])
    return None


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's "set a new password" step; a new password also ends a lock-out of the account."""

    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout.clear_account(form.user)
        return response
