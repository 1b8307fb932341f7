"""Following a paper, an organization or a search by e-mail: the forms, the confirmation and the unsubscribe pages.

Everything here is public: the "permission" of a follow form is that its paper or
organization is public (`council.visibility`, as an anonymous visitor), and a
confirmation or unsubscribe page acts only on what its signed token names.

The follow forms sit on portal pages that shared caches keep (`Cache-Control: public`),
so they cannot carry a per-visitor CSRF token; their endpoints are exempt from CSRF. That
is safe because a follow request acts on no one's session: it only sends a confirmation
mail (rate-limited in `subscriptions.subscribing`), exactly what anyone can cause by
filling in the form themselves, and nothing happens until the address owner confirms on
a CSRF-protected page. The unsubscribe endpoint is exempt as RFC 8058 requires (mail
programs POST to it); its signed token is the authority.
"""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from council.models import Organization
from portal.views.common import get_body
from resolutions.models import Paper
from subscriptions import subscribing, tokens
from subscriptions.forms import SearchSubscribeForm, SubscribeForm
from subscriptions.mail import unsubscribe_url
from subscriptions.models import Subscriber, Subscription

PUBLIC = None  # the anonymous visitor of council.visibility
MAIL_FAILED = "Die E-Mail konnte gerade nicht versandt werden. Bitte versuchen Sie es später noch einmal."


def _follow(request, body, form, target, description, back):
    """The follow form: on success a confirmation mail and a redirect; else the form with its errors and input."""
    if request.method == "POST" and form.is_valid():
        try:
            subscribing.subscribe(form.cleaned_data["email"], body=body, query=form.cleaned_data.get("q", ""), **target)
        except subscribing.MailNotSent:
            form.add_error(None, MAIL_FAILED)
        else:
            return redirect("subscriptions:requested", body_slug=body.slug)
    return render(
        request,
        "subscriptions/subscribe.html",
        {"body": body, "form": form, "description": description, "paper": target.get("paper"), "back": back},
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def follow_paper(request, body_slug, pk):
    body = get_body(request, body_slug)
    paper = get_object_or_404(Paper.objects.visible_to(PUBLIC), body=body, pk=pk)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    back = reverse("portal:paper", args=[body.slug, paper.pk])
    return _follow(request, body, form, {"paper": paper}, f"Vorlage {paper}", back)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def follow_organization(request, body_slug, pk):
    body = get_body(request, body_slug)
    organization = get_object_or_404(Organization, body=body, pk=pk, kind__in=Organization.CONSULTING_KINDS)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    back = reverse("portal:organization", args=[body.slug, organization.pk])
    description = f"{organization.name}: neue Sitzungen, Tagesordnungen und Beschlüsse"
    return _follow(request, body, form, {"organization": organization}, description, back)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def follow_search(request, body_slug):
    body = get_body(request, body_slug)
    if request.method == "POST":
        form = SearchSubscribeForm(request.POST)
    else:
        form = SearchSubscribeForm(initial={"q": request.GET.get("q", "")[:200]})
    text = form.data.get("q", "") if form.is_bound else form.initial["q"]
    back = reverse("portal:search", args=[body.slug]) + ("?" + urlencode({"q": text}) if text else "")
    description = f"neue Vorlagen zur Suche „{text}“" if text else "neue Vorlagen zu einer Suche"
    return _follow(request, body, form, {}, description, back)


@require_http_methods(["GET"])
def requested(request, body_slug):
    body = get_body(request, body_slug)
    hours = int(tokens.CONFIRMATION_MAX_AGE.total_seconds() // 3600)
    return render(request, "subscriptions/requested.html", {"body": body, "hours": hours})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links must not confirm for the reader."""
    try:
        pk = tokens.confirmed_subscription_id(token)
    except tokens.Expired:
        return render(request, "subscriptions/confirm.html", {"state": "expired"}, status=410)
    except tokens.Invalid:
        return render(request, "subscriptions/confirm.html", {"state": "invalid"}, status=404)
    subscription = (
        Subscription.objects.select_related("subscriber", "body", "paper", "organization").filter(pk=pk).first()
    )
    if subscription is None:  # expired and forgotten, or unsubscribed meanwhile
        return render(request, "subscriptions/confirm.html", {"state": "expired"}, status=410)
    if request.method == "POST":
        subscribing.confirm(subscription)
        return redirect("subscriptions:confirm", token=token)
    context = {
        "state": "confirmed" if subscription.confirmed_at else "pending",
        "subscription": subscription,
        "body": subscription.body,
        "unsubscribe_link": unsubscribe_url(tokens.unsubscribe_token(subscription)),
    }
    return render(request, "subscriptions/confirm.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows what the link ends and a button; POST (the button, or a mail program's one-click) ends it."""
    try:
        kind, pk = tokens.unsubscribe_target(token)
    except tokens.Invalid:
        return render(request, "subscriptions/unsubscribe.html", {"state": "invalid"}, status=404)
    if request.method == "POST":
        subscribing.unsubscribe(kind, pk)
        return render(request, "subscriptions/unsubscribe.html", {"state": "done"})
    subscriptions = Subscription.objects.select_related("body", "paper", "organization")
    if kind == "subscriber":
        subscriber = Subscriber.objects.filter(pk=pk).first()
        subscriptions = list(subscriptions.filter(subscriber_id=pk))
        email = subscriber.email if subscriber else ""
    else:
        subscriptions = list(subscriptions.filter(pk=pk).select_related("subscriber"))
        email = subscriptions[0].subscriber.email if subscriptions else ""
    state = "ask" if subscriptions else "gone"
    return render(
        request,
        "subscriptions/unsubscribe.html",
        {"state": state, "subscriptions": subscriptions, "email": email, "all": kind == "subscriber"},
    )
