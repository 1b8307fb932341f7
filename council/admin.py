from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from council import models


@admin.register(models.Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(models.LegislativeTerm)
class LegislativeTermAdmin(SimpleHistoryAdmin):
    list_display = ["name", "body", "start_date", "end_date"]
    list_filter = ["body"]


@admin.register(models.Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "body"]
    list_filter = ["body", "kind"]
    search_fields = ["name", "short_name"]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["organization"]
    exclude = ["body"]


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["family_name", "given_name", "party", "body"]
    list_filter = ["body", "party"]
    search_fields = ["family_name", "given_name"]
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organization", "role", "start_date", "end_date"]
    list_filter = ["body", "organization"]
    exclude = ["body"]


@admin.register(models.Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["description", "locality", "body"]
    list_filter = ["body"]


class AgendaItemInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0
    fields = ["order", "number", "name", "public", "result", "is_supplement"]


@admin.register(models.Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organization", "start", "state", "body"]
    list_filter = ["body", "state", "organization"]
    date_hierarchy = "start"
    exclude = ["body"]
    raw_id_fields = ["chair"]
    inlines = [AgendaItemInline]


@admin.register(models.AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "meeting", "public", "result"]
    list_filter = ["body", "public", "result"]
    search_fields = ["name"]
    exclude = ["body"]
    raw_id_fields = ["meeting", "consultation"]


@admin.register(models.Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["person", "meeting", "present", "excused"]
    list_filter = ["body"]
    exclude = ["body"]
    raw_id_fields = ["meeting", "person", "represents"]


@admin.register(models.Guest)
class GuestAdmin(SimpleHistoryAdmin):
    list_display = ["name", "function", "meeting"]
    list_filter = ["body"]
    exclude = ["body"]
    raw_id_fields = ["meeting"]


@admin.register(models.Vote)
class VoteAdmin(SimpleHistoryAdmin):
    list_display = ["person", "agenda_item", "choice"]
    list_filter = ["body", "choice"]
    exclude = ["body"]
    raw_id_fields = ["agenda_item", "person"]
