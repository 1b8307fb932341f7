from django.urls import path

from office import views

app_name = "office"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("vorlagen/", views.paper_list, name="papers"),
    path("vorlagen/neu/", views.paper_create, name="paper_create"),
    path("vorlagen/<int:pk>/", views.paper_detail, name="paper"),
    path("vorlagen/<int:pk>/bearbeiten/", views.paper_edit, name="paper_edit"),
    path("vorlagen/<int:pk>/verlauf/", views.paper_history, name="history"),
    path("vorlagen/<int:pk>/vergleich/", views.paper_compare, name="compare"),
    path(
        "vorlagen/<int:pk>/<slug:action>/",
        views.paper_transition,
        name="transition",
    ),
]
