from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("accounts.urls")),
    path("oparl/v1/", include("oparl.urls")),
    path("verwaltung/", include("office.urls")),
    path("sitzungsdienst/", include("meetings.urls")),
    path("mein/", include("councillors.urls")),
    path("dokumente/", include("documents.urls")),
    path("<slug:body_slug>/", include("meetings.register_urls")),
    path("", include("portal.urls")),
]
