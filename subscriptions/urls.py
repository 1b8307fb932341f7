"""Follow forms under a Body's portal (`/<body>/abo/…`); confirmation and unsubscribe links at `/abo/…`."""

from django.urls import path

from subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("abo/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("abo/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:body_slug>/abo/vorlage/<id:pk>/", views.follow_paper, name="paper"),
    path("<slug:body_slug>/abo/gremium/<id:pk>/", views.follow_organization, name="organization"),
    path("<slug:body_slug>/abo/suche/", views.follow_search, name="search"),
    path("<slug:body_slug>/abo/angefragt/", views.requested, name="requested"),
]
