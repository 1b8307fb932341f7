"""Admin for the councillor area's operational records.

Notes are deliberately NOT registered: they belong to their author alone, and not even
an administrator reads them in the UI. Profiles are not registered either (they hold the
calendar token's hash). Failed logins are listed so an administrator can lift a lock-out
by deleting them.
"""

from django.contrib import admin

from councillors.models import FailedLogin


@admin.register(FailedLogin)
class FailedLoginAdmin(admin.ModelAdmin):
    list_display = ["username", "ip_address", "attempted"]
    search_fields = ["username", "ip_address"]
    readonly_fields = ["username", "ip_address", "attempted"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
