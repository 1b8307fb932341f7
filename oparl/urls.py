from django.urls import path, re_path, register_converter

from oparl import views
from oparl.serializers import TYPES


class SegmentConverter:
    """One of the object types' URL segments (`paper`, `agendaitem`, …)."""

    regex = "|".join(sorted(TYPES, key=len, reverse=True))

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SegmentConverter, "oparltype")

app_name = "oparl"

urlpatterns = [
    path("system", views.system, name="system"),
    path("body", views.body_list, name="body_list"),
    path("body/<id:body_pk>/<oparltype:segment>", views.object_list, name="list"),
    path("file/<id:pk>/download", views.file_download, name="file_download"),
    path("<oparltype:segment>/<id:pk>", views.object_detail, name="object"),
    re_path(r"^.*$", views.not_found),
]
