from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.generic import RedirectView

from ratsinfo.converters import IdConverter

# Before the apps' urls.py are included: they all take ids as `<id:pk>`.
register_converter(IdConverter, "id")

urlpatterns = [
    # One login for everyone, with the lock-out after failed attempts; the admin uses it too.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("konto/", include("accounts.urls")),
    path("oparl/v1/", include("oparl.urls")),
    path("verwaltung/", include("office.urls")),
    path("sitzungsdienst/zugriffe/", include("audit.urls")),
    path("sitzungsdienst/", include("meetings.urls")),
    path("mein/", include("councillors.urls")),
    path("dokumente/", include("documents.urls")),
    path("", include("subscriptions.urls")),
    path("<slug:body_slug>/", include("meetings.register_urls")),
    path("", include("portal.urls")),
]
