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
        # Councillors start in their own area; everyone else on the portal.
        if self.request.user.has_role(roles.COUNCILLOR):
            return reverse("councillors:dashboard")
        return super().get_default_redirect_url()


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's "set a new password" step; a new password also ends a lock-out of the account."""

    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout.clear_account(form.user)
        return response
