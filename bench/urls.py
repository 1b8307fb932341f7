"""URLs of the load benchmark: the project's, plus a bare view at /bench/bare/ and the raw
search query at /bench/raw-search/.

The bare view returns a constant response through the project's whole middleware: what
Django itself costs on this machine, without a query or a template. The raw search is the
bare view running the search's raw full-text query (`bench.queries`) and answering with the
ids found: the least a search page can cost through the same server.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path

from bench.queries import RAW_SEARCH


def bare(request):
    return HttpResponse("Ratsinfo\n", content_type="text/plain; charset=utf-8")


def raw_search(request):
    params = {"body": int(request.GET["body"]), "text": request.GET["q"]}
    with connection.cursor() as cursor:
        for query in RAW_SEARCH:
            cursor.execute(query, params)
            rows = cursor.fetchall()
    return HttpResponse(" ".join(str(row[0]) for row in rows), content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/raw-search/", raw_search),
    path("", include("ratsinfo.urls")),
]
