"""E-mail to the person whose turn it is after a workflow step.

- submitted, or signed with steps left: the signers of the next step (heads of
  department of the paper's department; treasurers and mayors of the Body);
- fully signed: the author, who may now release it;
- returned: the author, with the comment;
- released or withdrawn: the council office of the Body, who schedules the papers.

A receiver of `resolutions.signals.paper_transitioned` (connected in `office.apps`); the
mail goes out once the step's transaction has committed, and a mail server that is down
never undoes the step (it is logged).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction

from accounts import roles
from lib.urls import absolute_reverse
from office.signing import words_for
from resolutions import permissions, workflow
from resolutions.models import Transition

# The steps someone has to act on next: the signers, the author, or the council office.
NOTIFIED_ACTIONS = workflow.BACK_OFFICE_ACTIONS


def _users_with_role(role, body_id, department_id=None):
    users = get_user_model().objects.filter(is_active=True, body_id=body_id, groups__name=role).exclude(email="")
    if department_id is not None:
        users = users.filter(department_id=department_id)
    return list(users.distinct())


def recipients_for(paper, transition):
    """Who is told, and what the subject says."""
    action = transition.action
    if action in (Transition.Action.SUBMIT, Transition.Action.SIGN):
        step = workflow.current_step(workflow.active_signoffs(paper))
        if step is None:
            author = [paper.originator] if paper.originator and paper.originator.email else []
            return author, "ist vollständig mitgezeichnet und kann freigegeben werden"
        role = permissions.STEP_ROLE[step.role]
        department = paper.under_direction_of_id if role == roles.HEAD_OF_DEPARTMENT else None
        return _users_with_role(role, paper.body_id, department), words_for(step.role).waiting
    if action == Transition.Action.RETURN:
        author = [paper.originator] if paper.originator and paper.originator.email else []
        return author, "wurde Ihnen zurückgegeben"
    return _users_with_role(roles.COUNCIL_OFFICE, paper.body_id), f"wurde {transition.get_action_display()}"


def turn_changed(paper, transition):
    users, what = recipients_for(paper, transition)
    if not users:
        return 0
    title = f"{paper.reference} {paper.name}" if paper.reference else paper.name
    link = absolute_reverse("office:paper", paper.pk)
    step = f" ({paper.body.signer_title(transition.step)})" if transition.step else ""
    lines = [
        "Guten Tag,",
        "",
        f"die Vorlage „{title}“ {what}.",
        f"Letzter Schritt: {transition.get_action_display()}{step} durch {transition.by.get_full_name() or transition.by}.",
    ]
    if transition.comment:
        lines += ["", "Kommentar:", transition.comment]
    lines += ["", f"Zur Vorlage: {link}", "", "– Ratsinfo"]
    body = "\n".join(lines)
    subject = f"Vorlage {what}: {title}"[:200]
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in users]
    return send_mass_mail(messages, fail_silently=False)


def on_paper_transitioned(sender, paper, transition, **kwargs):
    if transition.action in NOTIFIED_ACTIONS:
        transaction.on_commit(lambda: turn_changed(paper, transition), robust=True)
