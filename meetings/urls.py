from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("sitzungen/neu/", views.meeting_create, name="meeting_create"),
    path("sitzungen/reihe/", views.meeting_series, name="meeting_series"),
    path("sitzungen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("sitzungen/<int:pk>/bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path("sitzungen/<int:pk>/regelpunkte/", views.add_standing_items, name="add_standing_items"),
    path("sitzungen/<int:pk>/punkt/", views.add_item, name="add_item"),
    path("sitzungen/<int:pk>/vorlage/", views.add_paper, name="add_paper"),
    path("sitzungen/<int:pk>/einladung/", views.publish, name="publish"),
    path("sitzungen/<int:pk>/absage/", views.cancel, name="cancel"),
    path("sitzungen/<int:pk>/niederschrift/", views.minutes_page, name="minutes"),
    path("sitzungen/<int:pk>/niederschrift/entwurf/", views.minutes_generate, name="minutes_generate"),
    path("sitzungen/<int:pk>/niederschrift/bestaetigung/", views.minutes_approve, name="minutes_approve"),
    path("sitzungen/<int:pk>/anwesenheit/", views.attendance, name="attendance"),
    path("tagesordnungspunkte/<int:pk>/verschieben/", views.move_item, name="move_item"),
    path("tagesordnungspunkte/<int:pk>/oeffentlichkeit/", views.toggle_public, name="toggle_public"),
    path("tagesordnungspunkte/<int:pk>/entfernen/", views.remove_item, name="remove_item"),
    path("tagesordnungspunkte/<int:pk>/ergebnis/", views.item_result, name="item_result"),
    path("beschlusskontrolle/", views.tracking_list, name="tracking"),
    path("beschlusskontrolle/<int:pk>/", views.tracking_edit, name="tracking_edit"),
]
