"""The back office for clerks and signers: my work, the paper list, writing and signing papers.

Every view starts with its permission check: `accounts.access.back_office_required` for
the area (anonymous users are sent to the login, users without a back-office role get
403), then `_paper` fetches the paper and authorizes the action in one step
(`accounts.access.get_for_user`): papers the user cannot see (another Body, another
department) are 404, an action the role may not take on the paper is 403
(`resolutions.permissions`, `resolutions.workflow`). An action the paper's state does not
allow (now) is 409, shown with the reason.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import back_office_required, get_for_user
from audit import records as audit
from council.models import Body
from documents import pdf
from office import diffs, drafting, staging, versions, work
from office.forms import RICH_TEXT_MAX_LENGTH, CommentForm, PaperFilterForm, PaperForm, ReturnForm, consultation_formset
from office.paper_form import ROWS_BUTTON, UNSTAGE_BUTTON, FormPost, error_summary, quiet
from office.signing import words_for
from resolutions import permissions, subordinates, workflow
from resolutions.models import File, Paper, SignOff, Transition
from resolutions.paper_view import paper_view
from resolutions.richtext import sanitize

PAGE_SIZE = 25
# "Meine Arbeit" shows the first ones of each section; the paper list (?arbeit=…) has them all.
MY_WORK_LIMIT = 10
HISTORY_PAGE_SIZE = 25
LIST_RELATED = ("paper_type", "under_direction_of", "body")
REFUSED_FOR_ROLE = "Ihre Rolle erlaubt diese Aktion bei dieser Vorlage nicht."


# Writing a supplementary or amending paper to this one (`resolutions.subordinates`).
SUBORDINATE = "subordinate"


def _role_allows(action):
    """The role half of an action on a paper (missing: 403); the state half is asked by the view (409)."""
    if action == permissions.VIEW:
        return permissions.may_view
    if action == SUBORDINATE:
        return subordinates.role_allows
    if action == permissions.EDIT:
        return lambda user, paper: permissions.may_edit(user, paper)[0]
    return lambda user, paper: workflow.role_allows(user, action, paper)


def _paper(request, pk, action=permissions.VIEW):
    """The paper, if the user sees it in the back office (else 404) and their role allows `action` (else 403)."""
    papers = permissions.office_papers(request.user).select_related(*LIST_RELATED)
    return get_for_user(papers, request.user, _role_allows(action), REFUSED_FOR_ROLE, pk=pk)


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


def _wrong_state(request, paper, unsaved=()):
    message = f"Im Stand „{paper.get_state_display()}“ ist diese Aktion nicht (mehr) möglich."
    return _refusal(request, paper, 409, message, unsaved)


@back_office_required
def my_work(request):
    """My work ("Meine Arbeit"): each section of `office.work` the user has, its first papers and where they stand."""
    user = request.user
    papers = permissions.office_papers(user).select_related(*LIST_RELATED)
    sections = []
    for section in work.sections_for(user):
        found = list(section.select(user, papers)[: MY_WORK_LIMIT + 1])
        sections.append({"section": section, "papers": found[:MY_WORK_LIMIT], "more": len(found) > MY_WORK_LIMIT})
    work.describe([paper for entry in sections for paper in entry["papers"]])
    return render(
        request,
        "office/my_work.html",
        {"sections": sections, "limit": MY_WORK_LIMIT, "may_create": permissions.may_create(user)},
    )


@back_office_required
def paper_list(request):
    user = request.user
    body_ids = [user.body_id] if user.body_id else list(Body.objects.values_list("pk", flat=True))
    form = PaperFilterForm(request.GET or None, body_ids=body_ids, work_sections=work.sections_for(user))
    papers = permissions.office_papers(user).select_related(*LIST_RELATED).order_by("-modified", "-id")
    if form.is_bound:
        form.is_valid()
        papers = _filtered(papers, user, form.cleaned_data)
    page = Paginator(papers, PAGE_SIZE).get_page(request.GET.get("seite"))
    page.object_list = work.describe(page.object_list)
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "office/paper_list.html",
        {"form": form, "papers": page, "query_prefix": query.urlencode(), "may_create": permissions.may_create(user)},
    )


def _filtered(papers, user, data):
    """Apply the filters that passed validation: one invalid value (an old bookmark, a typo)
    is marked at its field but does not throw away the others."""
    if data.get("arbeit"):
        papers = work.SECTIONS_BY_KEY[data["arbeit"]].select(user, papers)
    if data.get("q"):
        papers = papers.filter(Q(name__icontains=data["q"]) | Q(reference__icontains=data["q"]))
    if data.get("state"):
        papers = papers.filter(state=data["state"])
    if data.get("paper_type"):
        papers = papers.filter(paper_type=data["paper_type"])
    if data.get("department"):
        papers = papers.filter(under_direction_of=data["department"])
    return papers


def _form_context(request, form, formset, paper=None, conflict=None, title="", post=None):
    has_files = paper is not None and paper.files.filter(kind=File.Kind.ATTACHMENT).exists()
    errors = error_summary(form, formset)
    return {
        "errors": errors,
        "form": form,
        "formset": formset,
        "paper": paper,
        "title": title,
        "conflict": conflict,
        "has_files": has_files,
        "decision_types": [t.name for t in form.fields["paper_type"].queryset if t.needs_decision],
        "upload_token": post.token if post else staging.new_token(),
        "staged_uploads": post.staged() if post else [],
        "rows_button": ROWS_BUTTON,
        "unstage_button": UNSTAGE_BUTTON,
    }


def _draft_from(form, formset, staged=()):
    data = form.cleaned_data
    return drafting.Draft(
        fields={name: data.get(name) for name in drafting.PAPER_FIELDS},
        consultations=formset.steps(),
        related_papers=list(data.get("related_papers") or []),
        uploads=data.get("attachments") or [],
        staged=list(staged),
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


@back_office_required
def paper_create(request):
    if not permissions.may_create(request.user):
        raise PermissionDenied("Ihre Rolle erlaubt es nicht, Vorlagen anzulegen.")
    body = _body_for_new_paper(request)
    initial = {"under_direction_of": request.user.department_id}
    post = None
    if request.method == "POST":
        post = FormPost(request)
        post.apply_unstage()
        form = PaperForm(post.data, request.FILES, user=request.user, body=body, instance=Paper(body=body))
        formset = consultation_formset(post.data, body=body)
        valid = _validate(form, formset)
        if valid and post.saving:
            try:
                draft = _draft_from(form, formset, post.staged())
                paper = drafting.create_paper(body=body, by=request.user, draft=draft)
            except workflow.NotAllowed as refused:
                form.add_error("under_direction_of", refused.message)
            else:
                messages.success(request, "Die Vorlage wurde als Entwurf gespeichert.")
                return redirect("office:paper", pk=paper.pk)
        post.keep_uploads(form)
        if not post.saving:
            quiet(form, formset)
    else:
        form = PaperForm(user=request.user, body=body, initial=initial, instance=Paper(body=body))
        formset = consultation_formset(body=body)
    return render(request, "office/paper_form.html", _form_context(request, form, formset, post=post))


@back_office_required
def paper_edit(request, pk):
    paper = _paper(request, pk, permissions.EDIT)
    if not permissions.may_edit(request.user, paper)[1]:
        if request.method == "POST":
            # Someone moved the paper on (e.g. submitted it) while this form was open.
            message = (
                f"Die Vorlage ist inzwischen im Stand „{paper.get_state_display()}“ und kann nicht mehr "
                "bearbeitet werden. Ihre Eingaben wurden nicht gespeichert; Sie finden sie unten zum Kopieren."
            )
            return _refusal(request, paper, 409, message, unsaved=_unsaved_input(request.POST))
        return _wrong_state(request, paper)
    conflict = None
    title = paper.name  # the bound form changes the instance while validating
    post = None
    if request.method == "POST":
        post = FormPost(request)
        post.apply_unstage()
        form = PaperForm(post.data, request.FILES, user=request.user, body=paper.body, instance=paper)
        formset = consultation_formset(post.data, body=paper.body, paper=paper)
        valid = _validate(form, formset)
        if valid and post.saving:
            try:
                drafting.update_paper(
                    paper,
                    by=request.user,
                    draft=_draft_from(form, formset, post.staged()),
                    expected_version=form.cleaned_data["version"],
                )
            except drafting.StaleVersion as stale:
                post.keep_uploads(form)
                conflict = stale
                title = stale.current.name
                # Keep the user's input; take the current version so that saving again,
                # after reading the changes, is a deliberate decision.
                data = post.data.copy()
                data["version"] = stale.current.version
                form = PaperForm(data, user=request.user, body=paper.body, instance=stale.current)
                formset = consultation_formset(data, body=paper.body, paper=paper)
                _validate(form, formset)
                form.add_error(
                    None,
                    "Die Vorlage wurde inzwischen von jemand anderem gespeichert. Ihre Eingaben wurden nicht "
                    "übernommen, sind aber unten erhalten. Prüfen Sie die Änderungen und speichern Sie erneut, "
                    "um Ihre Fassung zu übernehmen.",
                )
            except (workflow.NotAllowed, workflow.WrongState) as refused:
                return _refusal(request, paper, refused.status, refused.message, _unsaved_input(request.POST))
            else:
                messages.success(request, "Die Änderungen wurden gespeichert.")
                return redirect("office:paper", pk=paper.pk)
        else:
            post.keep_uploads(form)
            if not post.saving:
                quiet(form, formset)
    else:
        form = PaperForm(user=request.user, body=paper.body, instance=paper)
        formset = consultation_formset(body=paper.body, paper=paper)
    status = 409 if conflict else 200
    context = _form_context(request, form, formset, paper, conflict, title, post=post)
    return render(request, "office/paper_form.html", context, status=status)


def _detail_context(request, paper, **forms):
    user = request.user
    paper = (
        permissions.office_papers(user)
        .select_related(*LIST_RELATED, "originator", "implementation")
        .prefetch_related(
            Prefetch("signoffs", queryset=SignOff.objects.select_related("signed_by").order_by("position", "id")),
        )
        .get(pk=paper.pk)
    )
    signoffs = list(paper.signoffs.all())
    actions = workflow.allowed_actions(user, paper)
    current = workflow.current_step(signoffs)
    return {
        "paper": paper,
        # The back office reads the paper as its viewer may (non-public amendments and results
        # only where they may see the agenda item), and through the same partials as the portal.
        "view": paper_view(paper, user, timeline=True),
        "surface": "office",
        "signoffs": [s for s in signoffs if s.state not in workflow.FINISHED_ROUND_STATES],
        "void_signoffs": [s for s in signoffs if s.state in workflow.FINISHED_ROUND_STATES],
        "current_step": current,
        "step_words": words_for(current.role) if current else None,
        "actions": actions,
        "missing": workflow.missing_for_submit(paper) if Transition.Action.SUBMIT in actions else [],
        "sign_form": forms.get("sign_form") or CommentForm(prefix="sign"),
        "return_form": forms.get("return_form") or ReturnForm(prefix="return"),
        "withdraw_form": forms.get("withdraw_form") or CommentForm(prefix="withdraw"),
        "may_subordinate": subordinates.may_create(user, paper),
    }


@back_office_required
def paper_detail(request, pk):
    paper = _paper(request, pk)
    context = _detail_context(request, paper)
    audit.paper_seen(request, paper, public=context["view"].paper_public)
    return render(request, "office/paper_detail.html", context)


@back_office_required
def paper_preview(request, pk):
    """The paper as it would print, as this viewer sees it, marked "Entwurf": at any state, before release too."""
    paper = _paper(request, pk)
    paper = pdf.papers_for_print(Paper.objects.filter(pk=paper.pk)).get()
    view = paper_view(paper, request.user, files=False, related=False)
    response = HttpResponse(pdf.paper_pdf(paper, view, draft=True), content_type=pdf.PDF_MIME_TYPE)
    name = pdf.paper_file_name(paper).removesuffix(".pdf")
    response["Content-Disposition"] = f'inline; filename="{name}-entwurf-fassung-{paper.version}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


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


@back_office_required
@require_POST
def paper_transition(request, pk, action):
    """One POST per transition; the rule in resolutions.workflow checks role and state again under lock."""
    action = TRANSITION_URLS.get(action)
    if action is None:
        raise Http404("Unbekannte Aktion.")
    paper = _paper(request, pk, action)
    if not workflow.state_allows(request.user, action, paper):
        return _wrong_state(request, paper)
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
    success = SUCCESS_MESSAGES[action]
    if action == Action.SIGN:
        step = workflow.current_step(workflow.active_signoffs(paper))
        success = words_for(step.role if step else None).done
    try:
        paper = workflow.BACK_OFFICE_FUNCTIONS[action](paper, by=request.user, **kwargs)
    except workflow.NotAllowed as refused:
        raise PermissionDenied(refused.message) from refused
    except workflow.WorkflowError as refused:
        if action == Action.SUBMIT and refused.status == 409 and paper.state == Paper.State.DRAFT:
            messages.error(request, refused.message)
            return redirect("office:paper", pk=paper.pk)
        return _refusal(request, paper, refused.status, refused.message)
    messages.success(request, success.format(reference=paper.reference))
    return redirect("office:paper", pk=paper.pk)


# The button's word (POST field "art") -> the kind of the new paper.
SUBORDINATE_KINDS = {"ergaenzung": Paper.Subordination.SUPPLEMENT, "aenderung": Paper.Subordination.AMENDMENT}


@back_office_required
@require_POST
def paper_subordinate(request, pk):
    """Start an Ergänzungs- or Änderungsvorlage to a released paper; the new draft opens in the edit form."""
    paper = _paper(request, pk, SUBORDINATE)
    kind = SUBORDINATE_KINDS.get(request.POST.get("art", ""))
    if kind is None:
        return _refusal(request, paper, 400, "Bitte wählen Sie Ergänzungs- oder Änderungsvorlage.")
    if not subordinates.state_allows(paper):
        return _wrong_state(request, paper)
    try:
        new = subordinates.create_subordinate(paper, kind, by=request.user)
    except workflow.NotAllowed as refused:
        raise PermissionDenied(refused.message) from refused
    except workflow.WorkflowError as refused:
        return _refusal(request, paper, refused.status, refused.message)
    messages.success(
        request,
        f"Die {subordinates.TYPE_NAME[kind]} zu {paper.reference} wurde als Entwurf angelegt. "
        "Wählen Sie die Vorlagenart und ergänzen Sie Text und Beratungsfolge.",
    )
    return redirect("office:paper_edit", pk=new.pk)


@back_office_required
def paper_history(request, pk):
    """The content versions, newest first, each with the steps taken while it was current."""
    paper = _paper(request, pk)
    audit.paper_seen(request, paper)
    steps = paper.transitions.select_related("by", "meeting__organization")
    history = versions.content_versions(paper, steps)
    page = Paginator(history[::-1], HISTORY_PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        "office/paper_history.html",
        {"paper": paper, "versions": page, "default_pair": versions.default_pair(history)},
    )


@back_office_required
def paper_compare(request, pk):
    """Two content versions side by side: by default the last content change, only what changed."""
    paper = _paper(request, pk)
    history = versions.content_versions(paper)
    pair = versions.default_pair(history)
    if "a" in request.GET or "b" in request.GET:
        try:
            numbers = [int(request.GET["a"]), int(request.GET["b"])]
        except (KeyError, ValueError):
            messages.error(request, "Bitte wählen Sie zwei Fassungen zum Vergleich.")
            return redirect("office:history", pk=paper.pk)
        chosen = [versions.find(history, number) for number in numbers]
        if None in chosen:
            raise Http404("Diese Fassung gibt es bei dieser Vorlage nicht.")
        pair = sorted(chosen, key=lambda version: version.starts)
    elif pair is None:
        messages.info(request, "Die Vorlage hat erst eine Fassung; es gibt noch nichts zu vergleichen.")
        return redirect("office:history", pk=paper.pk)
    older, newer = versions.snapshots(paper, request.user, pair)
    audit.paper_seen(request, paper)
    everything = request.GET.get("felder") == "alle"
    return render(
        request,
        "office/paper_compare.html",
        {
            "paper": paper,
            "older": older,
            "newer": newer,
            "rows": diffs.compare_snapshots(older, newer, only_changed=not everything),
            "everything": everything,
        },
    )
