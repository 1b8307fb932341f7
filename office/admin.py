from django.contrib import admin

from office.models import Transition


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["paper", "action", "by", "at"]
    list_filter = ["action", "body"]
    raw_id_fields = ["paper"]
    readonly_fields = ["paper", "action", "by", "at", "comment", "from_state", "to_state", "step", "body"]
