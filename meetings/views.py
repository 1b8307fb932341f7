"""Pages of the council office (Sitzungsdienst): meetings, agendas, results, minutes, tracking.

Every view checks the user at the top (`accounts.access.council_office_required`, or
`decision_tracking_required` for the decision tracking) and fetches its record with a
helper that raises (`meetings.access.council_office_record`: 404 unknown, 403 another
Body), parses the form, calls a rule and renders. Rules raise MeetingsError with a German
message, shown as a form error.
"""

import copy
import datetime as dt
import hashlib

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import council_office_required, decision_tracking_required
from council.meetings import chair_of_meeting, meeting_number
from council.models import AgendaItem, Meeting, Organization, Person
from documents import pdf
from meetings import agenda, minutes, planning, results, tracking
from meetings.access import council_office_record, council_office_scope, trackable_paper
from meetings.errors import MeetingsError
from meetings.forms import (
    ApproveMinutesForm,
    AttendanceForm,
    CancelForm,
    ImplementationForm,
    InvitationTextForm,
    ItemForm,
    MeetingForm,
    MinutesHeadForm,
    MinutesNotesForm,
    PaperItemForm,
    PublishForm,
    ResultForm,
    SeriesForm,
    StandingItemsForm,
)
from meetings.textdiff import as_editable, normalized
from ratsinfo.parsing import parse_year
from resolutions.amendments import amended_text
from resolutions.models import Implementation, Paper

PAGE_SIZE = 25


def _body(request):
    return request.user.body


@council_office_required
def index(request):
    meetings = (
        council_office_scope(Meeting.objects.all(), request.user)
        .select_related("organization", "location")
        .annotate(item_count=Count("agenda_items"))
    )
    state = request.GET.get("stand", "")
    if state in Meeting.State.values:
        meetings = meetings.filter(state=state)
    year = parse_year(request.GET.get("jahr"))
    if year:
        meetings = meetings.filter(start__year=year)
    if request.GET.get("zeit") == "vergangen":
        meetings = meetings.filter(start__lt=timezone.now()).order_by("-start")
    else:
        meetings = meetings.filter(start__gte=timezone.now() - dt.timedelta(days=1)).order_by("start")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "meetings/index.html",
        {
            "body": _body(request),
            "page": page,
            "states": Meeting.State.choices,
            "state": state,
            "state_invalid": bool(state) and state not in Meeting.State.values,
            "year": request.GET.get("jahr", ""),
            "year_invalid": bool(request.GET.get("jahr")) and not year,
            "past": request.GET.get("zeit") == "vergangen",
            "query_prefix": query.urlencode(),
        },
    )


@council_office_required
def meeting_create(request):
    form = MeetingForm(request.POST or None, body=_body(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = planning.create_meeting(
                data["organization"], data["start"], by=request.user, end=data["end"],
                location=data["location"] or data["organization"].location, name=data["name"],
            )  # fmt: skip
        except MeetingsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Die Sitzung ist angelegt.")
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"body": _body(request), "form": form})


@council_office_required
def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    local_start = timezone.localtime(meeting.start)
    initial = {
        "organization": meeting.organization,
        "name": meeting.name,
        "date": local_start.date(),
        "start_time": local_start.time(),
        "end_time": timezone.localtime(meeting.end).time() if meeting.end else None,
        "location": meeting.location,
    }
    form = MeetingForm(request.POST or None, body=meeting.body, initial=initial)
    form.fields["organization"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            planning.update_meeting(
                meeting, data["start"], by=request.user, end=data["end"], location=data["location"], name=data["name"]
            )
        except MeetingsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Die Sitzung ist geändert.")
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"body": meeting.body, "form": form, "meeting": meeting})


@council_office_required
def meeting_series(request):
    initial = {"year": timezone.localdate().year + 1, "week": 2, "weekday": 1, "time": "17:00"}
    form = SeriesForm(request.POST or None, body=_body(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = planning.create_series(
                data["organization"], data["year"], data["months"], data["weekday"], data["week"], data["time"],
                by=request.user, location=data["location"],
                duration=dt.timedelta(minutes=data["duration"]) if data["duration"] else None,
            )  # fmt: skip
        except MeetingsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{len(created)} Sitzungen sind angelegt.")
            return redirect(f"{_url('meetings:index')}?jahr={data['year']}")
    return render(request, "meetings/series_form.html", {"body": _body(request), "form": form})


def _url(name, **kwargs):
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)


def _letter_preview(organization, text):
    """The invitation letter with `text` as documents/pdf.py prints it, for the organization's next meeting.

    Without a coming meeting, for one today without a number; nothing is saved.
    """
    meeting = (
        organization.meetings.exclude(state=Meeting.State.CANCELLED)
        .filter(start__gte=timezone.now())
        .select_related("location")
        .order_by("start")
        .first()
    ) or Meeting(body=organization.body, start=timezone.now(), location=organization.location)
    meeting.organization = copy.copy(organization)
    meeting.organization.invitation_text = text
    number = meeting_number(meeting) if meeting.pk else None
    return meeting, pdf.invitation_letter(meeting, number)


@council_office_required
def invitation_text(request, pk):
    """The salutation and text of the organization's printed invitations, with a preview of the letter."""
    organization = council_office_record(request.user, Organization.objects.select_related("body", "location"), pk=pk)
    form = InvitationTextForm(request.POST or None, initial={"text": organization.invitation_text})
    text = organization.invitation_text
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if "speichern" in request.POST:
            planning.set_invitation_text(organization, text, by=request.user)
            messages.success(request, f"Der Einladungstext von {organization.name} ist gespeichert.")
            return redirect("meetings:invitation_text", pk=organization.pk)
    meeting, letter = _letter_preview(organization, text)
    context = {
        "body": organization.body,
        "organization": organization,
        "form": form,
        "preview_meeting": meeting,
        "letter": letter,
    }
    return render(request, "meetings/invitation_text.html", context)


def _meeting(request, pk):
    return council_office_record(
        request.user, Meeting.objects.select_related("organization", "location", "body"), pk=pk
    )


def _agenda_context(meeting):
    items = list(
        meeting.agenda_items.select_related("consultation__paper", "consultation__organization").order_by("order")
    )
    return {
        "body": meeting.body,
        "meeting": meeting,
        "items": items,
        "frozen": agenda.is_frozen(meeting),
        "editable": meeting.state in (Meeting.State.PLANNED, Meeting.State.INVITED),
        "recordable": results.can_record(meeting),
    }


def _render_meeting(request, meeting, status=200, **forms):
    consultations = agenda.schedulable_consultations(meeting)
    context = {
        **_agenda_context(meeting),
        "standing_form": forms.get("standing_form") or StandingItemsForm(),
        "item_form": forms.get("item_form") or ItemForm(),
        "paper_form": forms.get("paper_form") or PaperItemForm(consultations=consultations),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "action_error": forms.get("action_error"),
        "premature": agenda.premature_decisions(meeting),
        "inside_notice": agenda.inside_notice_period(meeting),
        "notice_deadline": agenda.notice_deadline(meeting),
    }
    context["has_schedulable"] = bool(context["paper_form"].fields["consultation"].queryset)
    return render(request, "meetings/meeting_detail.html", context, status=status)


@council_office_required
def meeting_detail(request, pk):
    return _render_meeting(request, _meeting(request, pk))


def _meeting_action(request, pk, form_class, form_name, action, success, form_kwargs=None):
    """POST handlers of the agenda page: a small form, a rule, a message, back to the agenda."""
    meeting = _meeting(request, pk)
    form = form_class(request.POST, **(form_kwargs(meeting) if form_kwargs else {}))
    if form.is_valid():
        try:
            action(meeting, form.cleaned_data)
        except MeetingsError as error:
            form.add_error(None, error.message)
            return _render_meeting(request, meeting, status=400, action_error=error.message, **{form_name: form})
        messages.success(request, success)
        return redirect("meetings:meeting", pk=meeting.pk)
    return _render_meeting(request, meeting, status=400, **{form_name: form})


@council_office_required
@require_POST
def add_standing_items(request, pk):
    return _meeting_action(
        request, pk, StandingItemsForm, "standing_form",
        lambda meeting, data: agenda.add_standing_items(meeting, data["items"], by=request.user),
        "Die Regelpunkte sind aufgenommen.",
    )  # fmt: skip


@council_office_required
@require_POST
def add_item(request, pk):
    return _meeting_action(
        request, pk, ItemForm, "item_form",
        lambda meeting, data: agenda.add_item(meeting, data["name"], data["public"], by=request.user),
        "Der Tagesordnungspunkt ist aufgenommen.",
    )  # fmt: skip


@council_office_required
@require_POST
def add_paper(request, pk):
    def add(meeting, data):
        item = agenda.add_paper(meeting, data["consultation"], by=request.user)
        for premature, organizations in agenda.premature_decisions(meeting):
            if premature.pk == item.pk:
                messages.warning(request, _premature_message(item, organizations))

    return _meeting_action(
        request, pk, PaperItemForm, "paper_form", add,
        "Die Vorlage steht auf der Tagesordnung.",
        form_kwargs=lambda meeting: {"consultations": agenda.schedulable_consultations(meeting)},
    )  # fmt: skip


def _premature_message(item, organizations):
    return (
        f"Hinweis: {item.number} „{item.name}“ steht zur Entscheidung an, bevor die Vorberatung in "
        f"{', '.join(organizations)} stattgefunden hat."
    )


@council_office_required
@require_POST
def cancel(request, pk):
    """Cancelling is a danger action: the first submit shows a confirmation page, its button cancels."""
    meeting = _meeting(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid() and not form.cleaned_data["confirmed"]:
        confirm = CancelForm(initial={"reason": form.cleaned_data["reason"], "confirmed": True})
        return render(request, "meetings/cancel_confirm.html", {**_agenda_context(meeting), "form": confirm})
    return _meeting_action(
        request, pk, CancelForm, "cancel_form",
        lambda meeting, data: planning.cancel_meeting(meeting, data["reason"], by=request.user),
        "Die Sitzung ist abgesagt; ihre Vorlagen können neu eingeplant werden.",
    )  # fmt: skip


def _wants_fragment(request):
    """The agenda builder's script (static/meetings/agenda.js) asks for the agenda rows only."""
    return request.headers.get("X-Agenda-Builder") == "1"


def _simple_action(request, meeting, action, success):
    try:
        action()
    except MeetingsError as error:
        if _wants_fragment(request):
            return _agenda_fragment(request, meeting, error.message, status=400)
        return _render_meeting(request, meeting, status=400, action_error=error.message)
    if _wants_fragment(request):
        return _agenda_fragment(request, meeting, success)
    messages.success(request, success)
    return redirect("meetings:meeting", pk=meeting.pk)


def _agenda_fragment(request, meeting, message, status=200):
    """The agenda table's body and a message for the live region, for an update in place."""
    context = {**_agenda_context(meeting), "message": message, "message_error": status != 200}
    return render(request, "meetings/_agenda_rows.html", context, status=status)


@council_office_required
def publish(request, pk):
    """Preview of the invitation (GET) and its confirmation (POST): nothing is published unseen.

    The page shows the agenda as invited, the notice period, the papers put to decision
    before their preliminary consultation (a warning), and, inside the notice period, asks
    for the reason of the urgency.
    """
    meeting = _meeting(request, pk)
    urgent_needed = agenda.inside_notice_period(meeting) and not meeting.urgent_reason
    data = request.POST if request.method == "POST" else None
    form = PublishForm(data, urgent_needed=urgent_needed, initial={"urgent_reason": meeting.urgent_reason})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                agenda.publish_invitation(meeting, by=request.user, urgent_reason=form.cleaned_data["urgent_reason"])
            except MeetingsError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Die Einladung ist veröffentlicht; die Mitglieder werden benachrichtigt.")
                return redirect("meetings:meeting", pk=meeting.pk)
        status = 400
    context = {
        **_agenda_context(meeting),
        "form": form,
        "premature": agenda.premature_decisions(meeting),
        "inside_notice": agenda.inside_notice_period(meeting),
        "notice_deadline": agenda.notice_deadline(meeting),
    }
    return render(request, "meetings/publish_preview.html", context, status=status)


def _item(request, pk):
    return council_office_record(
        request.user,
        AgendaItem.objects.select_related(
            "meeting__organization", "meeting__location", "meeting__body", "consultation"
        ),
        pk=pk,
    )


@council_office_required
@require_POST
def move_item(request, pk):
    item = _item(request, pk)
    direction = {"hoch": -1, "runter": 1}.get(request.POST.get("richtung"), 0)
    return _simple_action(
        request, item.meeting, lambda: agenda.move_item(item, direction, by=request.user),
        f"„{item.name}“ ist verschoben.",
    )  # fmt: skip


@council_office_required
@require_POST
def toggle_public(request, pk):
    item = _item(request, pk)
    return _simple_action(
        request, item.meeting, lambda: agenda.set_public(item, not item.public, by=request.user),
        f"„{item.name}“ ist jetzt im {'nichtöffentlichen' if item.public else 'öffentlichen'} Teil.",
    )  # fmt: skip


@council_office_required
@require_POST
def remove_item(request, pk):
    """Before the invitation an item is removed; after it, it is kept as "abgesetzt"."""
    item = _item(request, pk)
    if agenda.is_frozen(item.meeting):
        return _simple_action(
            request, item.meeting, lambda: agenda.withdraw_item(item, by=request.user),
            f"{item.number} „{item.name}“ ist abgesetzt.",
        )  # fmt: skip
    return _simple_action(
        request, item.meeting, lambda: agenda.remove_item(item, by=request.user),
        f"„{item.name}“ ist von der Tagesordnung genommen.",
    )  # fmt: skip


@council_office_required
def item_result(request, pk):
    """Record the result of an item; a changed text is shown as a preview of its amendments before it is saved.

    "Vorschau" shows the amendments the edit gives, with their kinds (which the office may
    correct); "Ergebnis speichern" saves only a text whose preview was seen: a changed text
    not previewed yet is shown as a preview first.
    """
    item = _item(request, pk)
    meeting = item.meeting
    paper = None
    if item.consultation_id:
        paper = Paper.objects.visible_to(request.user).select_related("paper_type").get(pk=item.consultation.paper_id)
    text = amended_text(paper) if paper else None
    initial = {
        "result": item.result,
        "unanimous": item.unanimous,
        "votes_yes": item.votes_yes,
        "votes_no": item.votes_no,
        "votes_abstention": item.votes_abstention,
        "decided_text": text.decided if text else "",
    }
    voters = results.voters(meeting)
    named = {vote.person_id: vote.choice for vote in item.named_votes.all()}
    initial.update({ResultForm.vote_field(person): named.get(person.pk, "") for person in voters})
    form = ResultForm(request.POST or None, initial=initial, voters=voters)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A text left empty is no edit (striking the whole text is not how a council amends).
        edited = (data["decided_text"] or None) if paper else None
        try:
            results.check_votes(
                meeting, data["votes_yes"], data["votes_no"], data["votes_abstention"], data["unanimous"]
            )
            preview, kinds = _preview(request, item, paper, text, edited)
            if preview is None:
                recorded = results.record_result(
                    item, data["result"], by=request.user, votes_yes=data["votes_yes"], votes_no=data["votes_no"],
                    votes_abstention=data["votes_abstention"], unanimous=data["unanimous"], decided_text=edited,
                    kinds=kinds, named_votes=data["named_votes"],
                )  # fmt: skip
        except MeetingsError as error:
            form.add_error(None, error.message)
            preview = None
        else:
            if preview is None:
                note = f" {len(recorded)} Änderung(en) des Beschlusstexts erfasst." if recorded else ""
                messages.success(request, f"Das Ergebnis zu {item.number} ist erfasst.{note}")
                return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request,
        "meetings/item_result.html",
        {
            "body": meeting.body,
            "meeting": meeting,
            "item": item,
            "paper": paper,
            "text": text,
            "form": form,
            "preview": preview,
            "members": results.voting_members(meeting.organization, meeting.date),
            "present": results.members_present(meeting),
            "recordable": results.can_record(meeting),
        },
        status=400 if request.method == "POST" and preview is None else 200,
    )


def _preview_key(text, edited):
    """Identifies what the preview showed: the text before and the edit (a changed text needs a new preview)."""
    return hashlib.sha256(f"{normalized(as_editable(text.decided))}\x00{normalized(edited)}".encode()).hexdigest()[:24]


def _preview(request, item, paper, text, edited):
    """(the preview to show, or None to save; the kinds to save with).

    A preview is shown when asked for ("Vorschau") or when a changed text is saved whose
    preview was not seen; the kinds the office chose in the preview are saved with it.
    """
    if edited is None or not results.changed_from_current(paper, edited):
        return None, None
    key = _preview_key(text, edited)
    seen = request.POST.get("vorschau_von") == key
    kinds = None
    if seen:
        kinds = [request.POST.get(f"art-{index}") or None for index in range(_count(request.POST.get("anzahl")))]
    if request.POST.get("aktion") == "vorschau" or not seen:
        preview = results.preview_amendments(item, edited, request.user, kinds=kinds)
        preview.key = key
        return preview, None
    return None, kinds


def _count(value):
    try:
        return max(0, min(int(value), 500))
    except (TypeError, ValueError):
        return 0


def _attendance_form(meeting, data=None):
    """Per member present (preselected where nothing is recorded), excused or absent, a substitute; the guests."""
    people = minutes.members_for_attendance(meeting)
    form = AttendanceForm(data, people=people, candidates=minutes.substitute_candidates(meeting, people))
    if data is None:
        rows = list(meeting.attendances.all())
        own = {row.person_id: row for row in rows if row.represents_id is None}
        substitutes = {row.represents_id: row.person_id for row in rows if row.represents_id}
        form.initial["guests"] = "\n".join(str(guest) for guest in meeting.guests.all())
        for person in people:
            row = own.get(person.pk)
            form.initial[f"status_{person.pk}"] = (
                "present" if row is None or row.present else "excused" if row.excused else "absent"
            )
            form.initial[f"substitute_{person.pk}"] = substitutes.get(person.pk)
    return form


def _head_form(meeting, data=None):
    people = Person.objects.filter(pk__in=[person.pk for person in minutes.members_for_attendance(meeting)])
    chair = chair_of_meeting(meeting)
    initial = {
        "chair": chair.pk if chair else None,
        "minute_taker": meeting.minute_taker,
        "remarks": meeting.minutes_text,
    }
    return MinutesHeadForm(data, people=people, initial=initial)


def _notes_form(meeting, data=None):
    return MinutesNotesForm(data, items=list(meeting.agenda_items.order_by("order")))


def _render_minutes(request, meeting, status=200, **forms):
    approving = minutes.approving_meetings(meeting).select_related("organization")
    held = meeting.state == Meeting.State.HELD
    return render(
        request,
        "meetings/minutes.html",
        {
            "body": meeting.body,
            "meeting": meeting,
            "approved": meeting.minutes_state == Meeting.MinutesState.APPROVED,
            "held": held,
            "minutes": minutes.minutes_for(meeting, request.user) if held else None,
            "head_form": forms.get("head_form") or _head_form(meeting),
            "notes_form": forms.get("notes_form") or _notes_form(meeting),
            "approve_form": forms.get("approve_form") or ApproveMinutesForm(meetings=approving),
            "attendance_form": forms.get("attendance_form") or _attendance_form(meeting),
            "action_error": forms.get("action_error"),
        },
        status=status,
    )


@council_office_required
def minutes_page(request, pk):
    """The minutes: attendance, chair and minute-taker, the course per item, the preview, the approval."""
    meeting = _meeting(request, pk)
    if request.method == "POST":
        form = _head_form(meeting, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                minutes.save_head(
                    meeting,
                    chair=data["chair"],
                    minute_taker=data["minute_taker"],
                    remarks=data["remarks"],
                    by=request.user,
                )
            except MeetingsError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Vorsitz, Schriftführung und Bemerkungen sind gespeichert.")
                return redirect("meetings:minutes", pk=meeting.pk)
        return _render_minutes(request, meeting, status=400, head_form=form)
    return _render_minutes(request, meeting)


@council_office_required
@require_POST
def minutes_notes(request, pk):
    meeting = _meeting(request, pk)
    form = _notes_form(meeting, request.POST)
    if form.is_valid():
        try:
            minutes.save_notes(meeting, form.notes(), by=request.user)
        except MeetingsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Der Beratungsverlauf ist gespeichert.")
            return redirect(reverse("meetings:minutes", args=[meeting.pk]) + "#vorschau")
    return _render_minutes(request, meeting, status=400, notes_form=form)


@council_office_required
@require_POST
def minutes_open(request, pk):
    meeting = _meeting(request, pk)
    try:
        minutes.open_draft(meeting, by=request.user)
    except MeetingsError as error:
        return _render_minutes(request, meeting, status=400, action_error=error.message)
    messages.success(request, "Der Entwurf der Niederschrift ist für die Mitglieder freigegeben.")
    return redirect("meetings:minutes", pk=meeting.pk)


@council_office_required
@require_POST
def minutes_approve(request, pk):
    meeting = _meeting(request, pk)
    form = ApproveMinutesForm(request.POST, meetings=minutes.approving_meetings(meeting))
    if form.is_valid():
        try:
            minutes.approve_minutes(meeting, form.cleaned_data["approved_in"], by=request.user)
        except MeetingsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Die Niederschrift ist bestätigt, festgeschrieben und veröffentlicht.")
            return redirect("meetings:minutes", pk=meeting.pk)
    return _render_minutes(request, meeting, status=400, approve_form=form)


@council_office_required
@require_POST
def attendance(request, pk):
    """Save the attendance; "alle anwesend" records every member as present, without substitutes."""
    meeting = _meeting(request, pk)
    form = _attendance_form(meeting, request.POST)
    if "all_present" in request.POST:
        present = {person.pk for person in form.people}
        args, kwargs = (present, set()), {"substitutes": {}}
    elif form.is_valid():
        args = (form.with_status("present"), form.with_status("excused"))
        kwargs = {"substitutes": form.substitutes(), "guests": form.guest_list()}
    else:
        return _render_minutes(request, meeting, status=400, attendance_form=form)
    try:
        minutes.record_attendance(meeting, *args, by=request.user, **kwargs)
    except MeetingsError as error:
        form.is_valid()
        form.add_error(None, error.message)
        return _render_minutes(request, meeting, status=400, attendance_form=form)
    messages.success(request, "Die Anwesenheit ist erfasst.")
    return redirect("meetings:minutes", pk=meeting.pk)


# --- Decision tracking (Beschlusskontrolle): the department in charge and the office --------


@decision_tracking_required
def tracking_list(request):
    papers = (
        tracking.tracked_papers(request.user)
        .select_related("under_direction_of", "implementation")
        .order_by("-decided_at", "-id")
    )
    only_overdue = request.GET.get("ueberfaellig") == "1"
    if only_overdue:
        overdue_ids = tracking.overdue(Implementation.objects.filter(paper__in=papers)).values("paper_id")
        papers = papers.filter(pk__in=overdue_ids)
    page = Paginator(papers, PAGE_SIZE).get_page(request.GET.get("seite"))
    today = timezone.localdate()
    for paper in page:
        paper.tracking = tracking.Tracking.of(paper, today)
    return render(
        request,
        "meetings/tracking_list.html",
        {
            "body": request.user.body,
            "page": page,
            "only_overdue": only_overdue,
            "today": today,
            "query_prefix": "ueberfaellig=1" if only_overdue else "",
        },
    )


@decision_tracking_required
def tracking_edit(request, pk):
    papers = Paper.objects.visible_to(request.user).select_related("under_direction_of", "body")
    paper = trackable_paper(request.user, papers, pk=pk)
    implementation = Implementation.objects.filter(paper=paper).first()
    initial = (
        {"status": implementation.status, "due_date": implementation.due_date, "notes": implementation.notes}
        if implementation
        else {}
    )
    form = ImplementationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tracking.update_implementation(paper, data["status"], data["due_date"], data["notes"], by=request.user)
        except MeetingsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Der Stand der Umsetzung ist gespeichert.")
            return redirect("meetings:tracking")
    return render(
        request,
        "meetings/tracking_edit.html",
        {"body": paper.body, "paper": paper, "implementation": implementation, "form": form},
        status=400 if request.method == "POST" else 200,
    )
