"""E-mail to the person whose turn it is after a workflow step.

- submitted, or signed with steps left: the signers of the next step (heads of
  department of the paper's department; treasurers and mayors of the Body);
- fully signed: the author, who may now release it;
- returned: the author, with the comment;
- released or withdrawn: the council office of the Body, who schedules the papers.

Called by `resolutions.workflow` after the transaction has committed.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse

from accounts import roles
from office import permissions


def _users_with_role(role, body_id, department_id=None):
    users = get_user_model().objects.filter(is_active=True, body_id=body_id, groups__name=role).exclude(email="")
    if department_id is not None:
        users = users.filter(department_id=department_id)
    return list(users.distinct())


def recipients_for(paper, transition):
    """Who is told, and what the subject says."""
    from office.models import Transition

    action = transition.action
    if action in (Transition.Action.SUBMIT, Transition.Action.SIGN):
        step = permissions.current_step(list(paper.signoffs.exclude(state__in=permissions.FINISHED_ROUND_STATES)))
        if step is None:
            author = [paper.originator] if paper.originator and paper.originator.email else []
            return author, "ist vollständig mitgezeichnet und kann freigegeben werden"
        role = permissions.STEP_ROLE[step.role]
        department = paper.under_direction_of_id if role == roles.HEAD_OF_DEPARTMENT else None
        return _users_with_role(role, paper.body_id, department), "wartet auf Ihre Mitzeichnung"
    if action == Transition.Action.RETURN:
        author = [paper.originator] if paper.originator and paper.originator.email else []
        return author, "wurde Ihnen zurückgegeben"
    return _users_with_role(roles.COUNCIL_OFFICE, paper.body_id), f"wurde {transition.get_action_display()}"


def turn_changed(paper, transition):
    users, what = recipients_for(paper, transition)
    if not users:
        return 0
    title = f"{paper.reference} {paper.name}" if paper.reference else paper.name
    link = settings.SITE_URL + reverse("office:paper", args=[paper.pk])
    lines = [
        "Guten Tag,",
        "",
        f"die Vorlage „{title}“ {what}.",
        f"Letzter Schritt: {transition.get_action_display()} durch {transition.by.get_full_name() or transition.by}.",
    ]
    if transition.comment:
        lines += ["", "Kommentar:", transition.comment]
    lines += ["", f"Zur Vorlage: {link}", "", "– Ratsinfo"]
    body = "\n".join(lines)
    subject = f"Vorlage {what}: {title}"[:200]
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in users]
    return send_mass_mail(messages, fail_silently=False)
