"""The OParl 1.1 read API: thin views over selectors, serializers and lists.

Everything answers as the anonymous public would see it, whoever asks (OParl access is
stateless); the one exception is the file download, which is the portal's own view.
"""

from django.db.models import Max, Min
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from council.models import Body
from oparl import lists, selectors, serializers, tombstones
from oparl.http import ApiError, endpoint, json_document
from portal.views import file_download as portal_file_download
from resolutions.models import File


def _context(request):
    omit = request.GET.get("omit_internal", "").lower() in ("true", "1")
    return serializers.Context(omit_internal=omit)


@endpoint
def system(request):
    ctx = _context(request)
    times = Body.objects.aggregate(created=Min("created"), modified=Max("modified"))
    return json_document(serializers.system(ctx, times["created"], times["modified"]), times["modified"])


@endpoint
def body_list(request):
    params = lists.parse(request.GET)
    ctx = serializers.Context(omit_internal=params.omit_internal)
    return json_document(lists.page("body", None, params, ctx, f"{ctx.api}/body"))


@endpoint
def object_list(request, body_pk, segment):
    params = lists.parse(request.GET)
    body = Body.objects.filter(pk=body_pk).first()
    if body is None:
        raise ApiError(404, "Diese Körperschaft gibt es nicht.")
    ctx = serializers.Context(omit_internal=params.omit_internal)
    return json_document(lists.page(segment, body, params, ctx, ctx.list_url(body.pk, segment)))


@endpoint
def object_detail(request, segment, pk):
    ctx = _context(request)
    record = selectors.QUERYSETS[segment]().filter(pk=pk).first()
    if record is not None:
        data = serializers.SERIALIZERS[segment](record, ctx, embedded=False)
        return json_document(data, record.oparl_modified)
    gone = tombstones.find(segment, pk)
    if gone is None:
        raise ApiError(404, "Dieses Objekt gibt es nicht oder es ist nicht öffentlich.")
    pk, created, modified = gone
    return json_document(serializers.tombstone(segment, pk, created, modified, ctx), modified)


@endpoint
def not_found(request):
    raise ApiError(404, "Diese Adresse gehört nicht zur OParl-Schnittstelle. Einstieg: /oparl/v1/system")


def file_download(request, pk):
    """The portal's file view (and its visibility check), sent as an attachment as OParl's downloadUrl wants."""
    record = get_object_or_404(File.objects.select_related("body"), pk=pk)
    response = portal_file_download(request, record.body.slug, record.pk, record.file_name)
    if isinstance(response, FileResponse):
        response["Content-Disposition"] = content_disposition_header(True, record.file_name)
    response["Access-Control-Allow-Origin"] = "*"
    return response
