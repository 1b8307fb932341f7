"""The back office for clerks and signers: my work, the paper list, writing and signing papers.

Every view starts with its permission check (`resolutions.permissions` for the role,
`resolutions.workflow` for the steps of the lifecycle): anonymous users are
sent to the login, users without a back-office role get 403, papers the user cannot see
(another Body, another department) are 404, a transition the role may not do is 403 and
one the paper's state does not allow is 409.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import roles
from council.models import Body
from office import diffs, drafting
from office.forms import RICH_TEXT_MAX_LENGTH, CommentForm, PaperFilterForm, PaperForm, ReturnForm, consultation_formset
from resolutions import permissions, workflow
from resolutions.models import File, Paper, SignOff, Transition
from resolutions.richtext import sanitize

PAGE_SIZE = 25
# "Meine Arbeit" shows the most recent ones of each kind; the paper list has them all.
MY_WORK_LIMIT = 50
LIST_RELATED = ("paper_type", "under_direction_of", "body")


def back_office(view):
    """Login required; then 403 for users without a back-office role."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.uses_back_office(request.user):
            raise PermissionDenied("Der Verwaltungsbereich ist Mitarbeitenden der Verwaltung vorbehalten.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _paper_or_404(request, pk, queryset=None):
    papers = queryset if queryset is not None else permissions.office_papers(request.user)
    return get_object_or_404(papers.select_related(*LIST_RELATED), pk=pk)


def _refusal(request, paper, status, message, unsaved=()):
    context = {"paper": paper, "message": message, "unsaved": unsaved}
    return render(request, "office/refused.html", context, status=status)


UNSAVED_FIELDS = [
    ("name", "Titel", False),
    ("resolution_text", "Beschlusstext", True),
    ("reasoning", "Begründung", True),
]


def _unsaved_input(post):
    """What a refused edit form sent, to copy from: the title and the two texts (sanitised)."""
    unsaved = []
    for name, label, rich in UNSAVED_FIELDS:
        value = post.get(name, "").strip()[:RICH_TEXT_MAX_LENGTH]
        if value:
            unsaved.append((label, sanitize(value) if rich else value, rich))
    return unsaved


def _check(request, action, paper):
    """None when allowed, else the 403/409 response."""
    if action == permissions.VIEW:
        role_ok, state_ok = permissions.may_view(request.user, paper), True
    elif action == permissions.EDIT:
        role_ok, state_ok = permissions.may_edit(request.user, paper)
    else:
        role_ok = workflow.role_allows(request.user, action, paper)
        state_ok = role_ok and workflow.state_allows(request.user, action, paper)
    if not role_ok:
        return _refusal(request, paper, 403, "Ihre Rolle erlaubt diese Aktion bei dieser Vorlage nicht.")
    if not state_ok:
        return _refusal(
            request, paper, 409, f"Im Stand „{paper.get_state_display()}“ ist diese Aktion nicht (mehr) möglich."
        )
    return None


def _last_action():
    return Subquery(Transition.objects.filter(paper=OuterRef("pk")).order_by("-at", "-id").values("action")[:1])


def _waiting_for(user, papers):
    """Papers in sign-off whose current step (lowest pending position) the user may sign."""
    step_roles = [step for step, role in permissions.SIGNOFF_STEPS if role in user.roles]
    if not step_roles:
        return papers.none()
    earlier_pending = SignOff.objects.filter(
        paper=OuterRef("paper"), state=SignOff.State.PENDING, position__lt=OuterRef("position")
    )
    mine = SignOff.objects.filter(paper=OuterRef("pk"), state=SignOff.State.PENDING, role__in=step_roles).exclude(
        Exists(earlier_pending)
    )
    head = SignOff.Role.HEAD_OF_DEPARTMENT
    if head in step_roles:
        # Heads of department sign only for their own department.
        mine = mine.exclude(Q(role=head) & ~Q(paper__under_direction_of_id=user.department_id))
    return papers.filter(state=Paper.State.IN_SIGNOFF).filter(Exists(mine))


@back_office
def my_work(request):
    """My work ("Meine Arbeit"): my drafts, papers returned to me, papers waiting for my sign-off or release."""
    user = request.user
    papers = permissions.office_papers(user).select_related(*LIST_RELATED)
    mine = list(
        papers.filter(state=Paper.State.DRAFT, originator=user)
        .annotate(last_action=_last_action())
        .order_by("-modified")[:MY_WORK_LIMIT]
    )
    returned = [paper for paper in mine if paper.last_action == Transition.Action.RETURN]
    drafts = [paper for paper in mine if paper.last_action != Transition.Action.RETURN]
    if user.is_superuser or user.roles & permissions.BODY_AUTHORS:
        releasable = papers
    else:
        releasable = papers.filter(under_direction_of_id=user.department_id)
    releasable = releasable.filter(state=Paper.State.IN_SIGNOFF).exclude(
        Exists(
            SignOff.objects.filter(paper=OuterRef("pk")).exclude(
                state__in=[SignOff.State.SIGNED, *workflow.FINISHED_ROUND_STATES]
            )
        )
    )
    if not (user.is_superuser or user.roles & (permissions.BODY_AUTHORS | permissions.DEPARTMENT_AUTHORS)):
        releasable = releasable.none()
    waiting = _waiting_for(user, papers).order_by("date", "id")
    return render(
        request,
        "office/my_work.html",
        {
            "drafts": drafts,
            "returned": returned,
            "waiting": list(waiting[:MY_WORK_LIMIT]),
            "releasable": list(releasable.order_by("date", "id")[:MY_WORK_LIMIT]),
            "limit": MY_WORK_LIMIT,
            "may_create": permissions.may_create(user),
            "signs": bool(user.roles & roles.SIGNER_ROLES),
        },
    )


@back_office
def paper_list(request):
    user = request.user
    body_ids = [user.body_id] if user.body_id else list(Body.objects.values_list("pk", flat=True))
    form = PaperFilterForm(request.GET or None, body_ids=body_ids)
    papers = permissions.office_papers(user).select_related(*LIST_RELATED).order_by("-modified", "-id")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            papers = papers.filter(Q(name__icontains=data["q"]) | Q(reference__icontains=data["q"]))
        if data["state"]:
            papers = papers.filter(state=data["state"])
        if data["paper_type"]:
            papers = papers.filter(paper_type=data["paper_type"])
        if data["department"]:
            papers = papers.filter(under_direction_of=data["department"])
    page = Paginator(papers, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "office/paper_list.html",
        {"form": form, "papers": page, "query_prefix": query.urlencode(), "may_create": permissions.may_create(user)},
    )


def _form_context(request, form, formset, paper=None, conflict=None, title=""):
    has_files = paper is not None and paper.files.filter(kind=File.Kind.ATTACHMENT).exists()
    # A form shown again after a POST was not saved: the browser cannot keep chosen files.
    dropped = [upload.name for upload in request.FILES.getlist("attachments")] if request.method == "POST" else []
    return {
        "dropped_uploads": dropped,
        "form": form,
        "formset": formset,
        "paper": paper,
        "title": title,
        "conflict": conflict,
        "has_files": has_files,
    }


def _draft_from(form, formset):
    data = form.cleaned_data
    return drafting.Draft(
        fields={name: data.get(name) for name in drafting.PAPER_FIELDS},
        consultations=formset.steps(),
        related_papers=list(data.get("related_papers") or []),
        uploads=data.get("attachments") or [],
        remove_files=list(data.get("remove_files") or []),
    )


def _validate(form, formset):
    form_ok = form.is_valid()
    paper_type = form.cleaned_data.get("paper_type")
    formset.needs_decision = bool(paper_type and paper_type.needs_decision)
    return formset.is_valid() and form_ok


def _body_for_new_paper(request):
    if request.user.body_id:
        return request.user.body
    raise Http404("Legen Sie Vorlagen mit einem Konto an, das zu einer Kommune gehört.")


@back_office
def paper_create(request):
    if not permissions.may_create(request.user):
        raise PermissionDenied("Ihre Rolle erlaubt es nicht, Vorlagen anzulegen.")
    body = _body_for_new_paper(request)
    initial = {"under_direction_of": request.user.department_id}
    if request.method == "POST":
        form = PaperForm(request.POST, request.FILES, user=request.user, body=body, instance=Paper(body=body))
        formset = consultation_formset(request.POST, body=body)
        if _validate(form, formset):
            try:
                paper = drafting.create_paper(body=body, by=request.user, draft=_draft_from(form, formset))
            except workflow.NotAllowed as refused:
                form.add_error("under_direction_of", refused.message)
            else:
                messages.success(request, "Die Vorlage wurde als Entwurf gespeichert.")
                return redirect("office:paper", pk=paper.pk)
    else:
        form = PaperForm(user=request.user, body=body, initial=initial, instance=Paper(body=body))
        formset = consultation_formset(body=body)
    return render(request, "office/paper_form.html", _form_context(request, form, formset))


@back_office
def paper_edit(request, pk):
    paper = _paper_or_404(request, pk)
    refused = _check(request, permissions.EDIT, paper)
    if refused:
        if request.method == "POST" and refused.status_code == 409:
            # Someone moved the paper on (e.g. submitted it) while this form was open.
            message = (
                f"Die Vorlage ist inzwischen im Stand „{paper.get_state_display()}“ und kann nicht mehr "
                "bearbeitet werden. Ihre Eingaben wurden nicht gespeichert; Sie finden sie unten zum Kopieren."
            )
            return _refusal(request, paper, 409, message, unsaved=_unsaved_input(request.POST))
        return refused
    conflict = None
    title = paper.name  # the bound form changes the instance while validating
    if request.method == "POST":
        form = PaperForm(request.POST, request.FILES, user=request.user, body=paper.body, instance=paper)
        formset = consultation_formset(request.POST, body=paper.body, paper=paper)
        if _validate(form, formset):
            try:
                drafting.update_paper(
                    paper,
                    by=request.user,
                    draft=_draft_from(form, formset),
                    expected_version=form.cleaned_data["version"],
                )
            except drafting.StaleVersion as stale:
                conflict = stale
                title = stale.current.name
                # Keep the user's input; take the current version so that saving again,
                # after reading the changes, is a deliberate decision.
                data = request.POST.copy()
                data["version"] = stale.current.version
                form = PaperForm(data, user=request.user, body=paper.body, instance=stale.current)
                formset = consultation_formset(data, body=paper.body, paper=paper)
                _validate(form, formset)
                form.add_error(
                    None,
                    "Die Vorlage wurde inzwischen von jemand anderem gespeichert. Ihre Eingaben wurden nicht "
                    "übernommen, sind aber unten erhalten. Prüfen Sie die Änderungen und speichern Sie erneut, "
                    "um Ihre Fassung zu übernehmen (neue Anlagen bitte erneut auswählen).",
                )
            except (workflow.NotAllowed, workflow.WrongState) as refused:
                return _refusal(request, paper, refused.status, refused.message)
            else:
                messages.success(request, "Die Änderungen wurden gespeichert.")
                return redirect("office:paper", pk=paper.pk)
    else:
        form = PaperForm(user=request.user, body=paper.body, instance=paper)
        formset = consultation_formset(body=paper.body, paper=paper)
    status = 409 if conflict else 200
    return render(
        request, "office/paper_form.html", _form_context(request, form, formset, paper, conflict, title), status=status
    )


def _detail_context(request, paper, **forms):
    user = request.user
    paper = (
        permissions.office_papers(user)
        .select_related(*LIST_RELATED, "originator")
        .prefetch_related(
            Prefetch("signoffs", queryset=SignOff.objects.select_related("signed_by").order_by("position", "id")),
        )
        .get(pk=paper.pk)
    )
    consultations = list(paper.consultations.select_related("organization").order_by("position"))
    transitions = list(paper.transitions.select_related("by", "meeting__organization").order_by("at", "id"))
    files = list(File.objects.visible_to(user).filter(paper=paper).order_by("kind", "name"))
    related = list(
        permissions.office_papers(user).filter(related_papers=paper).select_related("paper_type").order_by("name")
    )
    signoffs = list(paper.signoffs.all())
    actions = workflow.allowed_actions(user, paper)
    return {
        "paper": paper,
        "consultations": consultations,
        "transitions": transitions,
        "files": files,
        "related_papers": related,
        "signoffs": [s for s in signoffs if s.state not in workflow.FINISHED_ROUND_STATES],
        "void_signoffs": [s for s in signoffs if s.state in workflow.FINISHED_ROUND_STATES],
        "current_step": workflow.current_step(signoffs),
        "resolution_text": sanitize(paper.resolution_text),
        "reasoning": sanitize(paper.reasoning),
        "actions": actions,
        "missing": workflow.missing_for_submit(paper) if Transition.Action.SUBMIT in actions else [],
        "sign_form": forms.get("sign_form") or CommentForm(prefix="sign"),
        "return_form": forms.get("return_form") or ReturnForm(prefix="return"),
        "withdraw_form": forms.get("withdraw_form") or CommentForm(prefix="withdraw"),
    }


@back_office
def paper_detail(request, pk):
    paper = _paper_or_404(request, pk)
    refused = _check(request, permissions.VIEW, paper)
    if refused:
        return refused
    return render(request, "office/paper_detail.html", _detail_context(request, paper))


# URL word -> action; the URL names the transition in German.
Action = Transition.Action
TRANSITION_URLS = {
    "einreichen": Action.SUBMIT,
    "mitzeichnen": Action.SIGN,
    "zurueckgeben": Action.RETURN,
    "freigeben": Action.RELEASE,
    "zurueckziehen": Action.WITHDRAW,
}
SUCCESS_MESSAGES = {
    Action.SUBMIT: "Die Vorlage wurde zur Mitzeichnung eingereicht.",
    Action.SIGN: "Sie haben die Vorlage mitgezeichnet.",
    Action.RETURN: "Die Vorlage wurde mit Ihrem Kommentar zurückgegeben.",
    Action.RELEASE: "Die Vorlage wurde freigegeben: {reference}.",
    Action.WITHDRAW: "Die Vorlage wurde zurückgezogen.",
}


@require_POST
@back_office
def paper_transition(request, pk, action):
    """One POST per transition; the rule in resolutions.workflow checks role and state again under lock."""
    action = TRANSITION_URLS.get(action)
    if action is None:
        raise Http404("Unbekannte Aktion.")
    paper = _paper_or_404(request, pk)
    refused = _check(request, action, paper)
    if refused:
        return refused
    kwargs = {}
    if action == Action.RETURN:
        form = ReturnForm(request.POST, prefix="return")
        if not form.is_valid():
            return render(
                request, "office/paper_detail.html", _detail_context(request, paper, return_form=form), status=400
            )
        kwargs["comment"] = form.cleaned_data["comment"]
    elif action in (Action.SIGN, Action.WITHDRAW):
        form = CommentForm(request.POST, prefix="sign" if action == Action.SIGN else "withdraw")
        if not form.is_valid():
            context = _detail_context(request, paper, **{f"{form.prefix}_form": form})
            return render(request, "office/paper_detail.html", context, status=400)
        kwargs["comment"] = form.cleaned_data["comment"]
    try:
        paper = workflow.BACK_OFFICE_FUNCTIONS[action](paper, by=request.user, **kwargs)
    except workflow.WorkflowError as refused:
        if action == Action.SUBMIT and refused.status == 409 and paper.state == Paper.State.DRAFT:
            messages.error(request, refused.message)
            return redirect("office:paper", pk=paper.pk)
        return _refusal(request, paper, refused.status, refused.message)
    messages.success(request, SUCCESS_MESSAGES[action].format(reference=paper.reference))
    if not permissions.office_papers(request.user).filter(pk=paper.pk).exists():
        # A signer sees a paper while it waits for them; after signing it may be out of sight.
        return redirect("office:my_work")
    return redirect("office:paper", pk=paper.pk)


@back_office
def paper_history(request, pk):
    paper = _paper_or_404(request, pk)
    refused = _check(request, permissions.VIEW, paper)
    if refused:
        return refused
    versions = paper.history.select_related("history_user").order_by("-history_date", "-history_id")
    page = Paginator(versions, 50).get_page(request.GET.get("seite"))
    return render(request, "office/paper_history.html", {"paper": paper, "versions": page})


@back_office
def paper_compare(request, pk):
    paper = _paper_or_404(request, pk)
    refused = _check(request, permissions.VIEW, paper)
    if refused:
        return refused
    try:
        ids = [int(request.GET["a"]), int(request.GET["b"])]
    except (KeyError, ValueError):
        messages.error(request, "Bitte wählen Sie zwei Fassungen zum Vergleich.")
        return redirect("office:history", pk=paper.pk)
    if not all(0 < pk < 2**31 for pk in ids):
        # Out of the id range (SQLite refuses such numbers outright instead of finding nothing).
        raise Http404("Diese Fassung gibt es bei dieser Vorlage nicht.")
    records = {
        record.history_id: record
        for record in paper.history.filter(history_id__in=ids).select_related(
            "history_user", "paper_type", "under_direction_of"
        )
    }
    if len(set(ids)) != len(records) or not records:
        raise Http404("Diese Fassung gibt es bei dieser Vorlage nicht.")
    older, newer = sorted((records[ids[0]], records[ids[1]]), key=lambda r: (r.history_date, r.history_id))
    return render(
        request,
        "office/paper_compare.html",
        {"paper": paper, "older": older, "newer": newer, "rows": diffs.compare(older, newer)},
    )
