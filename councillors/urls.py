from django.urls import path

from councillors import views

app_name = "councillors"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sitzungen/<id:pk>/", views.meeting_detail, name="meeting"),
    path("sitzungen/<id:pk>/verhinderung/", views.report_absence, name="report_absence"),
    path("sitzungen/<id:pk>/verhinderung/zuruecknehmen/", views.withdraw_absence, name="withdraw_absence"),
    path("vorlagen/<id:pk>/", views.paper_detail, name="paper"),
    path("vorlagen/<id:pk>/notiz/", views.paper_note, name="paper_note"),
    path("tagesordnungspunkte/<id:pk>/notiz/", views.agenda_item_note, name="agenda_item_note"),
    path("notizen/", views.note_list, name="notes"),
    path("einstellungen/", views.settings_view, name="settings"),
    path("einstellungen/kalender/", views.calendar_renew, name="calendar_renew"),
    path("kalender/<slug:token>.ics", views.calendar_feed, name="calendar_feed"),
]
