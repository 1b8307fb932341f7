from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("sitzungen/neu/", views.meeting_create, name="meeting_create"),
    path("sitzungen/reihe/", views.meeting_series, name="meeting_series"),
    path("sitzungen/<id:pk>/", views.meeting_detail, name="meeting"),
    path("sitzungen/<id:pk>/bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path("sitzungen/<id:pk>/regelpunkte/", views.add_standing_items, name="add_standing_items"),
    path("sitzungen/<id:pk>/punkt/", views.add_item, name="add_item"),
    path("sitzungen/<id:pk>/vorlage/", views.add_paper, name="add_paper"),
    path("sitzungen/<id:pk>/einladung/", views.publish, name="publish"),
    path("sitzungen/<id:pk>/absage/", views.cancel, name="cancel"),
    path("sitzungen/<id:pk>/niederschrift/", views.minutes_page, name="minutes"),
    path("sitzungen/<id:pk>/niederschrift/entwurf/", views.minutes_open, name="minutes_open"),
    path("sitzungen/<id:pk>/niederschrift/beratungsverlauf/", views.minutes_notes, name="minutes_notes"),
    path("sitzungen/<id:pk>/niederschrift/bestaetigung/", views.minutes_approve, name="minutes_approve"),
    path("sitzungen/<id:pk>/anwesenheit/", views.attendance, name="attendance"),
    path("gremien/<id:pk>/einladungstext/", views.invitation_text, name="invitation_text"),
    path("tagesordnungspunkte/<id:pk>/verschieben/", views.move_item, name="move_item"),
    path("tagesordnungspunkte/<id:pk>/oeffentlichkeit/", views.toggle_public, name="toggle_public"),
    path("tagesordnungspunkte/<id:pk>/entfernen/", views.remove_item, name="remove_item"),
    path("tagesordnungspunkte/<id:pk>/ergebnis/", views.item_result, name="item_result"),
    path("beschlusskontrolle/", views.tracking_list, name="tracking"),
    path("beschlusskontrolle/<id:pk>/", views.tracking_edit, name="tracking_edit"),
]
