"""Login with lock-out, logout, and password reset by e-mail (Django's views, German templates)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse

from accounts import roles
from councillors import lockout


class LoginView(auth_views.LoginView):
    """Django's login, refusing every attempt while the name is locked out from this address."""

    template_name = "accounts/login.html"

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        address = lockout.client_address(request)
        if username and lockout.is_locked_out(username, address):
            context = self.get_context_data(form=self.get_form(), locked_out=lockout.locked_message())
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        lockout.clear_failures(form.get_user().get_username(), lockout.client_address(self.request))
        return super().form_valid(form)

    def form_invalid(self, form):
        username = self.request.POST.get("username", "")
        if username:
            address = lockout.client_address(self.request)
            lockout.record_failure(username, address)
            if lockout.is_locked_out(username, address):
                context = self.get_context_data(form=form, locked_out=lockout.locked_message())
                return self.render_to_response(context, status=429)
        return super().form_invalid(form)

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
        lockout.clear_all_failures(form.user.get_username())
        return response
