"""Admin for logins, and for the failed logins of the lock-out: deleting them lifts a delay."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import FailedLogin, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "body", "department", "is_staff"]
    list_filter = ["body", "groups", "is_staff", "is_superuser"]
    fieldsets = DjangoUserAdmin.fieldsets + (("Ratsinfo", {"fields": ["body", "department", "initials"]}),)


@admin.register(FailedLogin)
class FailedLoginAdmin(admin.ModelAdmin):
    list_display = ["username", "user", "ip_address", "attempted"]
    list_select_related = ["user"]
    search_fields = ["username", "ip_address"]
    readonly_fields = ["user", "username", "ip_address", "attempted"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
