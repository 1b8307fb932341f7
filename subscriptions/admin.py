"""Addresses and their subscriptions, for an administrator who deletes an address on request or after abuse."""

from django.contrib import admin

from subscriptions.models import Subscriber, Subscription


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ["kind", "body", "paper", "organization", "query", "confirmation_sent_at", "confirmed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "created", "last_digest_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "created", "checked_until", "last_digest_at"]
    inlines = [SubscriptionInline]

    def has_add_permission(self, request):
        return False  # addresses come only through the double opt-in
