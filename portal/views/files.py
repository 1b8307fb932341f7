"""The one download view for files, for every surface."""

from calendar import timegm

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from audit import records as audit
from council.models import Body
from resolutions.models import File


def file_download(request, body_slug, pk, file_name):
    """Every file download, for every surface, goes through the visibility rules here."""
    body = get_object_or_404(Body, slug=body_slug)
    record = get_object_or_404(File.objects.visible_to(request.user), body=body, pk=pk)
    if record.file_name != file_name:
        return redirect("portal:file", body_slug=body.slug, pk=record.pk, file_name=record.file_name)
    is_public = File.objects.visible_to(None).filter(pk=record.pk).exists()
    etag = quote_etag(record.sha512_checksum[:32])
    last_modified = timegm(record.modified.utctimetuple())
    if is_public:
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            patch_cache_control(not_modified, public=True, max_age=3600)
            return not_modified
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Die Datei ist nicht mehr vorhanden.") from missing
    response = FileResponse(handle, content_type=record.mime_type, as_attachment=False, filename=record.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    if is_public:
        response["Cache-Control"] = "public, max-age=3600"
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
    else:
        response["Cache-Control"] = "private, no-store"
        audit.file_downloaded(request, record)
    return response
