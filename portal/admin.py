"""The legal pages in the Django admin: a superuser edits every record, a Body's administrator
(role `admin`, staff) only the pages of their own Body."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts import roles
from council.models import Body
from portal.models import LegalPages


def _body_admin(user):
    """A staff user with the administrator role of a Body (not a superuser)."""
    return user.is_active and user.is_staff and user.body_id is not None and user.has_role(roles.ADMIN)


@admin.register(LegalPages)
class LegalPagesAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "feedback_email", "modified"]
    fieldsets = [
        (None, {"fields": ["body"]}),
        ("Impressum und Datenschutz", {"fields": ["imprint", "privacy"]}),
        (
            "Erklärung zur Barrierefreiheit",
            {
                "fields": [
                    "accessibility",
                    "feedback_email",
                    "feedback_phone",
                    "feedback_address",
                    "enforcement_name",
                    "enforcement_url",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        records = super().get_queryset(request).select_related("body")
        if request.user.is_superuser:
            return records
        return records.filter(body_id=request.user.body_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body" and not request.user.is_superuser:
            kwargs["queryset"] = Body.objects.filter(pk=request.user.body_id)
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return request.user.is_superuser or _body_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser or (
            _body_admin(request.user) and not LegalPages.objects.filter(body_id=request.user.body_id).exists()
        )

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def _may_edit(self, request, obj):
        if request.user.is_superuser:
            return True
        return _body_admin(request.user) and (obj is None or obj.body_id == request.user.body_id)
