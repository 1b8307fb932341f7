"""The register of decisions: /<body-slug>/beschluesse/ and /<body-slug>/beschluesse.csv (namespace "register")."""

from django.urls import path

from meetings import register_views

app_name = "register"

urlpatterns = [
    path("beschluesse/", register_views.register_list, name="list"),
    path("beschluesse.csv", register_views.register_csv, name="csv"),
]
