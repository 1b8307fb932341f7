from django.urls import path

from portal import feeds, views

app_name = "portal"

urlpatterns = [
    path("", views.body_list, name="body_list"),
    # The installation's legal pages come before the Body slugs they would otherwise look like.
    path("impressum/", views.site_legal_page, {"kind": "imprint"}, name="site_imprint"),
    path("datenschutz/", views.site_legal_page, {"kind": "privacy"}, name="site_privacy"),
    path("barrierefreiheit/", views.site_legal_page, {"kind": "accessibility"}, name="site_accessibility"),
    path("<slug:body_slug>/", views.start, name="start"),
    path("<slug:body_slug>/vorlagen/", views.paper_list, name="papers"),
    path("<slug:body_slug>/vorlagen/<id:pk>/", views.paper_detail, name="paper"),
    path("<slug:body_slug>/sitzungen/", views.meeting_list, name="meetings"),
    path("<slug:body_slug>/sitzungen/<id:pk>/", views.meeting_detail, name="meeting"),
    path("<slug:body_slug>/sitzungen/<id:meeting_pk>/top/<id:pk>/", views.agenda_item_detail, name="agenda_item"),
    path("<slug:body_slug>/sitzungen/kalender.ics", feeds.body_calendar, name="calendar"),
    path("<slug:body_slug>/gremien/", views.organization_list, name="organizations"),
    path("<slug:body_slug>/gremien/<id:pk>/", views.organization_detail, name="organization"),
    path("<slug:body_slug>/gremien/<id:pk>/kalender.ics", feeds.organization_calendar, name="organization_calendar"),
    path("<slug:body_slug>/personen/", views.person_list, name="people"),
    path("<slug:body_slug>/personen/<id:pk>/", views.person_detail, name="person"),
    path("<slug:body_slug>/suche/", views.search_view, name="search"),
    path("<slug:body_slug>/feeds/vorlagen.atom", feeds.papers_feed, name="papers_feed"),
    path("<slug:body_slug>/feeds/beschluesse.atom", feeds.decisions_feed, name="decisions_feed"),
    path("<slug:body_slug>/dokumente/<id:pk>/<str:file_name>", views.file_download, name="file"),
    path("<slug:body_slug>/impressum/", views.body_legal_page, {"kind": "imprint"}, name="imprint"),
    path("<slug:body_slug>/datenschutz/", views.body_legal_page, {"kind": "privacy"}, name="privacy"),
    path("<slug:body_slug>/barrierefreiheit/", views.body_legal_page, {"kind": "accessibility"}, name="accessibility"),
]
