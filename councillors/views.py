"""The councillor area ("Mein Bereich"): dashboard, meetings, papers, notes, settings, calendar.

Every view starts with `accounts.access.councillor_required`; what it shows comes from council.visibility,
so a councillor sees the non-public part only of meetings of their own organizations.
"""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.access import councillor_required, is_councillor
from audit import records as audit
from council.models import Attendance, Meeting, Person
from council.visibility import agenda_for, member_organization_ids, sees_nonpublic_part
from councillors import calendar, notes, reading
from councillors.access import profile_for
from councillors.forms import NoteForm, NotificationForm
from councillors.models import Note
from lib.dates import local_day
from meetings import minutes
from meetings.errors import MeetingsError
from resolutions.models import Consultation, File, Paper
from resolutions.paper_view import paper_view

PAGE_SIZE = 20
UPCOMING = 10
FIRST_VISIT_WINDOW = dt.timedelta(days=14)


@councillor_required
def dashboard(request):
    user = request.user
    profile = profile_for(user)
    organization_ids = member_organization_ids(user)
    now = timezone.now()
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(organization_id__in=organization_ids, start__gte=now)
        .select_related("organization", "location")
        .order_by("start")[:UPCOMING]
    )
    since = profile.previous_visit or now - FIRST_VISIT_WINDOW
    my_papers = Consultation.objects.filter(organization_id__in=organization_ids).values("paper_id")
    papers = reading.with_read_version(
        Paper.objects.visible_to(user).filter(body_id=user.body_id, pk__in=my_papers), user
    ).select_related("paper_type")
    papers = reading.changed_since(papers, since).order_by("-modified", "-id")
    page = Paginator(papers, PAGE_SIZE).get_page(request.GET.get("seite"))
    page.object_list = reading.describe(page.object_list, user, since)
    person = _person(user)
    excused = set()
    if person is not None:
        excused = set(
            Attendance.objects.filter(person=person, meeting__in=meetings, present=False, excused=True).values_list(
                "meeting_id", flat=True
            )
        )
    for meeting in meetings:
        meeting.absence_reported = meeting.pk in excused
        meeting.may_report_absence = person is not None and meeting.state != Meeting.State.CANCELLED
    my_notes = list(
        notes.notes_of(user).select_related("paper", "agenda_item__meeting__organization").order_by("-modified")[:5]
    )
    return render(
        request,
        "councillors/dashboard.html",
        {
            "body": user.body,
            "meetings": meetings,
            "papers": page,
            "since": since,
            "first_visit": profile.previous_visit is None,
            "notes": my_notes,
            "calendar_created": bool(profile.calendar_token_hash),
        },
    )


def _person(user):
    return Person.objects.filter(user=user).first()


@councillor_required
@require_POST
def report_absence(request, pk):
    """Verhinderung melden: recorded as excused in the meeting's attendance (`meetings.minutes.report_absence`)."""
    return _absence_step(
        request,
        pk,
        minutes.report_absence,
        "Ihre Verhinderung für die Sitzung {name} am {day} ist dem Sitzungsdienst gemeldet.",
    )


@councillor_required
@require_POST
def withdraw_absence(request, pk):
    """Verhinderung zurücknehmen, until the meeting starts (`meetings.minutes.withdraw_absence`)."""
    return _absence_step(
        request,
        pk,
        minutes.withdraw_absence,
        "Ihre Verhinderung für die Sitzung {name} am {day} ist zurückgenommen; der Sitzungsdienst erwartet Sie.",
    )


def _absence_step(request, pk, step, done):
    """Report or withdraw the member's own absence for a meeting of one of their organizations."""
    user = request.user
    meeting = get_object_or_404(Meeting.objects.visible_to(user), body_id=user.body_id, pk=pk)
    if meeting.organization_id not in member_organization_ids(user):
        raise Http404("Sie sind nicht Mitglied dieses Gremiums.")
    person = _person(user)
    if person is None:
        messages.error(
            request, "Ihr Zugang ist mit keiner Person verknüpft. Bitte melden Sie sich beim Sitzungsdienst."
        )
    else:
        try:
            step(meeting, person, by=user)
        except MeetingsError as error:
            messages.error(request, error.message)
        else:
            day = local_day(meeting.start)
            messages.success(request, done.format(name=meeting.organization.name, day=day))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect("councillors:meeting", pk=meeting.pk)


@councillor_required
def meeting_detail(request, pk):
    user = request.user
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("organization", "location", "body"),
        body_id=user.body_id,
        pk=pk,
    )
    items = agenda_for(meeting, user)
    visible_paper_ids = {item.visible_paper.pk for item in items if item.visible_paper}
    files = list(File.objects.visible_to(user).of_meetings([meeting], papers=visible_paper_ids).order_by("name", "pk"))
    my_notes = Note.objects.filter(author=user).filter(
        Q(agenda_item__meeting=meeting) | Q(paper_id__in=visible_paper_ids)
    )
    noted_items, noted_papers = set(), set()
    for agenda_item_id, paper_id in my_notes.values_list("agenda_item_id", "paper_id"):
        noted_items.add(agenda_item_id)
        noted_papers.add(paper_id)
    for item in items:
        item.visible_files = [file for file in files if item.details_visible and file.agenda_item_id == item.pk]
        if item.visible_paper:
            item.visible_files += [file for file in files if file.paper_id == item.visible_paper.pk]
        item.has_note = item.pk in noted_items
        item.paper_has_note = item.visible_paper is not None and item.visible_paper.pk in noted_papers
    meeting_files = [file for file in files if file.meeting_id == meeting.pk and not file.agenda_item_id]
    return render(
        request,
        "councillors/meeting_detail.html",
        {
            "body": meeting.body,
            "meeting": meeting,
            "items": items,
            "meeting_files": meeting_files,
            "is_member": sees_nonpublic_part(user, meeting),
            "may_report_absence": meeting.organization_id in member_organization_ids(user)
            and meeting.state != Meeting.State.CANCELLED
            and meeting.start > timezone.now(),
            "minutes": minutes.minutes_for(meeting, user, items) if meeting.state == Meeting.State.HELD else None,
            "absence_reported": Attendance.objects.filter(
                meeting=meeting, person__user=user, present=False, excused=True
            ).exists(),
        },
    )


@councillor_required
def paper_detail(request, pk):
    user = request.user
    paper = get_object_or_404(
        Paper.objects.visible_to(user).select_related("paper_type", "under_direction_of", "body", "implementation"),
        body_id=user.body_id,
        pk=pk,
    )
    note = notes.note_on(user, paper=paper)
    view = paper_view(paper, user)
    audit.paper_seen(request, paper, public=view.paper_public)
    reading.mark_read(user, paper)
    return render(
        request,
        "councillors/paper_detail.html",
        {
            "body": paper.body,
            "paper": paper,
            "view": view,
            "surface": "councillors",
            "note": note,
            "form": NoteForm(initial={"text": note.text if note else ""}),
        },
    )


@councillor_required
def paper_note(request, pk):
    paper = notes.visible_paper(request.user, pk)
    if paper is None:
        raise Http404("Vorlage nicht gefunden.")
    heading = f"Notiz zu {paper.reference or 'Vorlage'} {paper.name}"
    return _note_page(request, {"paper": paper}, heading, reverse("councillors:paper", args=[paper.pk]))


@councillor_required
def agenda_item_note(request, pk):
    item = notes.visible_agenda_item(request.user, pk)
    if item is None:
        raise Http404("Tagesordnungspunkt nicht gefunden.")
    heading = f"Notiz zu {item.number} {item.name}"
    back = reverse("councillors:meeting", args=[item.meeting_id]) + f"#top-{item.pk}"
    return _note_page(request, {"agenda_item": item}, heading, back)


def _note_page(request, target, heading, back):
    note = notes.note_on(request.user, **target)
    if request.method == "POST":
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                saved = notes.save_note(request.user, form.cleaned_data["text"], **target)
            except notes.NoteError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Notiz gespeichert." if saved else "Notiz gelöscht.")
                next_url = request.POST.get("next", "")
                if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                    return redirect(next_url)
                return redirect(back)
    else:
        form = NoteForm(initial={"text": note.text if note else ""})
    versions = list(note.history.select_related("history_user").order_by("-history_date")[:20]) if note else []
    return render(
        request,
        "councillors/note_form.html",
        {"body": request.user.body, "heading": heading, "form": form, "note": note, "versions": versions, "back": back},
    )


@councillor_required
def note_list(request):
    user = request.user
    my_notes = notes.notes_of(user).select_related("paper", "agenda_item__meeting__organization").order_by("-modified")
    page = Paginator(my_notes, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "councillors/note_list.html", {"body": user.body, "notes": page})


@councillor_required
def settings_view(request):
    profile = profile_for(request.user)
    if request.method == "POST":
        form = NotificationForm(request.POST, instance=profile)
        if form.is_valid():
            profile = form.save(commit=False)
            profile._history_user = request.user
            profile.save()
            messages.success(request, "Benachrichtigungen gespeichert.")
            return redirect("councillors:settings")
    else:
        form = NotificationForm(instance=profile)
    new_token = request.session.pop("councillors_calendar_token", None)
    calendar_url = (
        request.build_absolute_uri(reverse("councillors:calendar_feed", args=[new_token])) if new_token else None
    )
    return render(
        request,
        "councillors/settings.html",
        {
            "body": request.user.body,
            "form": form,
            "profile": profile,
            "calendar_url": calendar_url,
            # The same address for calendar programs that subscribe to webcal:// links.
            "webcal_url": "webcal://" + calendar_url.split("://", 1)[1] if calendar_url else None,
        },
    )


@councillor_required
@require_POST
def calendar_renew(request):
    profile = profile_for(request.user)
    had_token = bool(profile.calendar_token_hash)
    token = calendar.renew_token(profile)
    # Shown once on the next page; only its hash is kept.
    request.session["councillors_calendar_token"] = token
    messages.success(
        request,
        "Neue Kalender-Adresse erstellt. Die bisherige Adresse funktioniert nicht mehr."
        if had_token
        else "Kalender-Adresse erstellt.",
    )
    return redirect(reverse("councillors:settings") + "#kalender")


def calendar_feed(request, token):
    """No login: calendar programs cannot log in. The secret token is the credential."""
    profile = calendar.profile_for_token(token)
    if profile is None or not is_councillor(profile.user):
        raise Http404("Unbekannte Kalender-Adresse.")
    content = calendar.build_feed(profile.user, calendar.meetings_for(profile.user))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meine-sitzungen.ics"'
    response["Cache-Control"] = "private, no-store"  # it lists non-public meetings of the member
    response["X-Robots-Tag"] = "noindex"
    return response
