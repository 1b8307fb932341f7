from django.urls import path

from office import views

app_name = "office"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("vorlagen/", views.paper_list, name="papers"),
    path("vorlagen/neu/", views.paper_create, name="paper_create"),
    path("vorlagen/<id:pk>/", views.paper_detail, name="paper"),
    path("vorlagen/<id:pk>/bearbeiten/", views.paper_edit, name="paper_edit"),
    path("vorlagen/<id:pk>/entwurf.pdf", views.paper_preview, name="preview"),
    path("vorlagen/<id:pk>/verlauf/", views.paper_history, name="history"),
    path("vorlagen/<id:pk>/folgevorlage/", views.paper_subordinate, name="subordinate"),
    path("vorlagen/<id:pk>/vergleich/", views.paper_compare, name="compare"),
    path(
        "vorlagen/<id:pk>/<slug:action>/",
        views.paper_transition,
        name="transition",
    ),
]
