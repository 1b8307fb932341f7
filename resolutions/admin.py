from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from resolutions import models


@admin.register(models.PaperType)
class PaperTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "prefix", "numbering", "body"]
    list_filter = ["body"]


@admin.register(models.ReferenceCounter)
class ReferenceCounterAdmin(SimpleHistoryAdmin):
    list_display = ["paper_type", "year", "last_number"]


class ConsultationInline(admin.TabularInline):
    model = models.Consultation
    extra = 0
    exclude = ["body"]
    raw_id_fields = ["meeting"]


class SignOffInline(admin.TabularInline):
    model = models.SignOff
    extra = 0
    exclude = ["body"]


@admin.register(models.Paper)
class PaperAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "name", "paper_type", "state", "public", "body"]
    list_filter = ["body", "state", "paper_type", "public"]
    search_fields = ["reference", "name"]
    raw_id_fields = ["related_papers", "superordinate"]
    inlines = [ConsultationInline, SignOffInline]


@admin.register(models.SignOff)
class SignOffAdmin(SimpleHistoryAdmin):
    list_display = ["paper", "role", "state", "signed_by", "signed_at"]
    list_filter = ["body", "role", "state"]
    exclude = ["body"]


@admin.register(models.Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["paper", "organization", "position", "role", "meeting"]
    list_filter = ["body", "role"]
    exclude = ["body"]
    raw_id_fields = ["paper", "meeting"]


@admin.register(models.Amendment)
class AmendmentAdmin(SimpleHistoryAdmin):
    list_display = ["consultation", "kind", "initials", "position"]
    list_filter = ["body", "kind"]
    exclude = ["body"]
    raw_id_fields = ["consultation", "meeting"]


@admin.register(models.File)
class FileAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "mime_type", "size", "public", "body"]
    list_filter = ["body", "kind", "public"]
    readonly_fields = ["sha512_checksum", "size"]
    raw_id_fields = ["paper", "meeting", "agenda_item"]


@admin.register(models.Implementation)
class ImplementationAdmin(SimpleHistoryAdmin):
    list_display = ["paper", "status", "due_date"]
    list_filter = ["body", "status"]
    exclude = ["body"]


@admin.register(models.Transition)
class TransitionAdmin(SimpleHistoryAdmin):
    """The timeline is written by the lifecycle only; the admin reads it."""

    list_display = ["paper", "action", "by", "at", "meeting"]
    list_filter = ["action", "body"]
    raw_id_fields = ["paper", "consultation", "meeting"]
    readonly_fields = [
        "paper", "action", "by", "at", "comment", "from_state", "to_state", "step", "consultation", "meeting",
        "result", "body",
    ]  # fmt: skip
