from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "body", "department", "is_staff"]
    list_filter = ["body", "groups", "is_staff", "is_superuser"]
    fieldsets = DjangoUserAdmin.fieldsets + (("Ratsinfo", {"fields": ["body", "department", "initials"]}),)
