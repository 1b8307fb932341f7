from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("<slug:body_slug>/vorlagen/<id:pk>.pdf", views.paper_pdf, name="paper_pdf"),
    path("<slug:body_slug>/sitzungen/<id:pk>/einladung.pdf", views.invitation_pdf, name="invitation_pdf"),
    path("<slug:body_slug>/sitzungen/<id:pk>/nachtrag.pdf", views.supplement_pdf, name="supplement_pdf"),
    path("<slug:body_slug>/sitzungen/<id:pk>/absage.pdf", views.cancellation_pdf, name="cancellation_pdf"),
    path("<slug:body_slug>/sitzungen/<id:pk>/sitzungsmappe.pdf", views.bundle_pdf, name="bundle_pdf"),
    path("<slug:body_slug>/sitzungen/<id:pk>/niederschrift.pdf", views.minutes_pdf, name="minutes_pdf"),
]
