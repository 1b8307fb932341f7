"""The Django admin covers every domain model, with its history."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ("accounts", "council", "resolutions")


def domain_models():
    return [
        model
        for app in DOMAIN_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    ]


def test_every_domain_model_is_in_the_admin():
    missing = [model.__name__ for model in domain_models() if model not in admin.site._registry]
    assert missing == []


def test_admin_lists_and_history_pages_open_for_the_demo(client, demo):
    client.force_login(demo.luckenwalde.users.get(username="admin"))
    for model in domain_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        instance = model.objects.first()
        if instance is not None and hasattr(model, "history"):
            history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[instance.pk])
            assert client.get(history).status_code == 200, history


def test_admin_is_closed_to_non_staff(client, demo):
    client.force_login(demo.luckenwalde.users.get(username="sitzungsdienst"))
    response = client.get(reverse("admin:resolutions_paper_changelist"))
    assert response.status_code == 302
