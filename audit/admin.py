from django.contrib import admin

from audit.models import AccessRecord


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the views and purged by `manage.py purge_audit` only."""

    list_display = ["at", "username", "kind", "object_type", "label", "ip_address", "body"]
    list_filter = ["kind", "object_type", "body"]
    search_fields = ["username", "label", "ip_address"]
    date_hierarchy = "at"
    list_select_related = ["body"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
