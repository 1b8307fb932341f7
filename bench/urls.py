"""URLs of the load benchmark: the project's, plus a bare view at /bench/bare/.

The bare view returns a constant response through the project's whole middleware: what
Django itself costs on this machine, without a query or a template.
"""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("Ratsinfo\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("ratsinfo.urls")),
]
