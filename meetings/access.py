"""What the council office (Sitzungsdienst) may act on: records of its own Body; and who tracks a decision.

Entering the pages is `accounts.access.council_office_required` (and
`decision_tracking_required` for the Beschlusskontrolle); these rules answer for one record.
"""

from accounts.access import get_for_user
from council.visibility import sees_whole_body

OTHER_BODY = "Dieser Datensatz gehört zu einer anderen Kommune."


def of_own_body(user, record):
    """The council office acts on the records of its own Body (superusers on all)."""
    return sees_whole_body(user, record.body_id)


def council_office_record(user, queryset, **lookup):
    """The record, if it belongs to the Body of this council office: 404 unknown, 403 another Body."""
    return get_for_user(queryset, user, of_own_body, OTHER_BODY, **lookup)


def council_office_scope(queryset, user):
    """Restrict a queryset of BodyScoped records to the council office's Body (superusers: all)."""
    if user.is_superuser and user.body_id is None:
        return queryset
    return queryset.filter(body_id=user.body_id)


def may_track(user, paper):
    """The department in charge of the paper and the council office record its implementation."""
    if not user or not user.is_authenticated:
        return False
    if sees_whole_body(user, paper.body_id):
        return True
    return (
        user.body_id == paper.body_id
        and user.department_id is not None
        and user.department_id == paper.under_direction_of_id
    )


def trackable_paper(user, queryset, **lookup):
    """The paper whose implementation the user records: 404 when unseen, 403 for another department or Body."""
    return get_for_user(
        queryset, user, may_track, "Nur das federführende Amt und der Sitzungsdienst erfassen die Umsetzung.", **lookup
    )
