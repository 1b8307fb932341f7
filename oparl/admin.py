from django.contrib import admin

from oparl.models import ExternalId, ImportProgress


@admin.register(ExternalId)
class ExternalIdAdmin(admin.ModelAdmin):
    list_display = ["oparl_id", "body", "content_type", "object_id", "imported_at"]
    list_filter = ["body", "content_type"]
    search_fields = ["oparl_id"]


@admin.register(ImportProgress)
class ImportProgressAdmin(admin.ModelAdmin):
    list_display = ["source", "list_name", "finished", "next_url", "updated"]
