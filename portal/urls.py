from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("<slug:body_slug>/", views.start, name="start"),
    path("<slug:body_slug>/vorlagen/<int:pk>/", views.paper_detail, name="paper"),
    path("<slug:body_slug>/sitzungen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("<slug:body_slug>/dokumente/<int:pk>/<str:file_name>", views.file_download, name="file"),
]
