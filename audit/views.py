"""The audit trail for the council office (Sitzungsdienst → Zugriffe): who read which non-public record."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.access import council_office_required
from audit.forms import AccessFilterForm
from audit.models import AccessRecord

PAGE_SIZE = 50


@council_office_required
def access_list(request):
    user = request.user
    records = AccessRecord.objects.all()
    if not (user.is_superuser and user.body_id is None):
        records = records.filter(body_id=user.body_id)
    form = AccessFilterForm(request.GET)
    page = Paginator(form.filter(records), PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "audit/access_list.html",
        {
            "body": user.body,
            "form": form,
            "page": page,
            "query_prefix": query.urlencode(),
            "retention_days": settings.AUDIT_RETENTION_DAYS,
        },
    )
