"""Stored Sitzungsmappen: which copy a request gets, when it is stale, how it is built and cleared away.

A bundle is stored per meeting and audience (`StoredBundle`): one public copy, and one
copy per logged-in recipient (a members' copy carries the recipient's name on its
non-public pages, so it is theirs alone; a logged-in user without the non-public part
still gets a copy of their own, since what they see may differ from the public view).

Each copy keeps the fingerprint of its inputs: the meeting, its organization, place and
Body, its agenda items, their papers (version, state, type, authors), the papers'
consultations, amendments, sign-offs and files, the meeting's number and chair, the
audience (roles, memberships, name) and the layout (templates, stylesheet, this code).
A change to any of them gives another fingerprint: the stored copy is stale. The public copy's
inputs are what the public sees of them, so an edit behind closed doors leaves it as it is.
Computing it is a handful of small queries (`FINGERPRINT_QUERIES`), never a render.
"""

import hashlib
import logging
from datetime import timedelta
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone

from council.meetings import chair_of, meeting_number
from council.models import AgendaItem, Meeting
from council.visibility import item_details_visible, member_organization_ids
from documents import pdf
from documents.models import StoredBundle
from resolutions.models import Amendment, Consultation, File, Paper, SignOff

logger = logging.getLogger(__name__)

# Bumped by hand when something the templates and files below do not show changes the bundle.
LAYOUT_VERSION = "1"
# A queued build is not queued again for the same inputs while it may still be running.
BUILD_TIMEOUT = 10 * 60
# Writes in a Body are gathered this long before its public copies are checked (one build for many writes).
REFRESH_DELAY = 30
# `requested_at` is written at most this often per copy: a download is no write.
REQUEST_MARK_INTERVAL = timedelta(hours=1)
FINGERPRINT_QUERIES = 8  # at most, for the members' copy; the public copy needs one less


@once
def layout_version():
    """A hash of what lays the bundle out: its templates, the stylesheet and the rendering code."""
    sources = [
        *sorted((settings.BASE_DIR / "templates" / "documents").glob("*.html")),
        pdf.STYLESHEET,
        Path(pdf.__file__),
        Path(__file__),
    ]
    digest = hashlib.sha256(LAYOUT_VERSION.encode())
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def recipient_of(user):
    """The user a copy is made for, or None for the public copy (visitors who are not logged in)."""
    return user if user is not None and user.is_authenticated else None


def _audience(user):
    if user is None:
        return ["public"]
    return [
        "user",
        user.pk,
        user.is_superuser,
        user.body_id,
        sorted(user.roles),
        user.department_id,
        sorted(member_organization_ids(user)),
        pdf.recipient_name(user),
    ]


def _moment(value):
    """A time as a number: the same instant gives the same fingerprint in any time zone it was loaded in."""
    return value.timestamp() if value is not None else None


def _meeting_rows(meeting):
    """The meeting and what its letterhead and invitation print: organization, place, Body, number,
    chair. Of the meeting what the public sees (no bundle prints its minutes)."""
    chair = chair_of(meeting)
    published = meeting.invitation_published_at
    return [
        meeting.pk,
        _moment(meeting.public_modified),
        _moment(meeting.organization.modified),
        _moment(meeting.location.modified) if meeting.location else None,
        _moment(meeting.body.modified),
        meeting_number(meeting),
        # A draft invitation (members and the office see it before publication) is dated today.
        _moment(published) if published else timezone.localdate(),
        (chair.pk, _moment(chair.modified), _moment(chair.person.modified)) if chair else None,
    ]


def _paper_rows(meeting, paper_ids, public):
    """The papers on the agenda and everything their printed pages and Anlagen show; for the
    `public` copy the agenda items as the public sees them and only the public files."""
    papers = Paper.objects.filter(pk__in=paper_ids).order_by("pk")
    papers = papers.values_list(
        "pk",
        "modified",
        "version",
        "state",
        "public",
        "paper_type__modified",
        "under_direction_of__modified",
        "author_organization__modified",
        "author_person__modified",
    )
    consultations = (
        Consultation.objects.filter(paper_id__in=paper_ids)
        .order_by("pk")
        .values_list("pk", "modified", "meeting__public_modified", "organization__modified")
    )
    files = File.objects.filter(Q(paper_id__in=paper_ids) | Q(meeting=meeting) | Q(agenda_item__meeting=meeting))
    # Records of several kinds that only need their id and time of change: one query.
    parts = [
        (AgendaItem.objects.filter(consultation__paper_id__in=paper_ids), "a", _item_changed(public)),
        (Amendment.objects.filter(consultation__paper_id__in=paper_ids), "m", "modified"),
        (SignOff.objects.filter(paper_id__in=paper_ids), "s", "modified"),
        (files.visible_to(None) if public else files, "f", "modified"),
    ]
    rows = [
        queryset.order_by().annotate(record_kind=Value(kind)).values_list("record_kind", "pk", changed)
        for queryset, kind, changed in parts
    ]
    union = rows[0].union(*rows[1:], all=True)
    return [list(papers), list(consultations), sorted(union, key=repr)]


def _item_changed(public):
    """When an agenda item last changed for the copy: for the public copy as the public sees it (its
    `public_modified`; of a non-public item only its number and place), else any change."""
    return "public_modified" if public else "modified"


def fingerprint(meeting, user):
    """What the copy of `meeting` for `user` (None: the public) is made of, as a hash.

    The public copy's is made of what the public sees alone: an edit behind closed doors (a
    non-public item or paper, a confidential annex, minutes in the making) leaves it as it
    is, so that the copy is not built again and no visitor is told "being built" for it.
    `meeting` comes with its organization, location and Body (as the views load it).
    """
    public = user is None
    items = AgendaItem.objects.filter(meeting=meeting)
    paper = F("consultation__paper_id")
    if public:
        items = items.listed_to(None)
        # The paper where the public copy prints it: the item's details and the paper are the public's.
        shown = Exists(Paper.objects.visible_to(None).filter(pk=OuterRef("consultation__paper_id")))
        paper = Case(When(item_details_visible(None) & Q(shown), then=paper))
    items = list(items.order_by("pk").annotate(paper=paper).values_list("pk", _item_changed(public), "public", "paper"))
    paper_ids = sorted({paper_id for *_, paper_id in items if paper_id is not None})
    inputs = [
        layout_version(),
        _audience(user),
        _meeting_rows(meeting),
        items,
        _paper_rows(meeting, paper_ids, public),
    ]
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def fresh_copy(meeting, user, current=None):
    """The stored copy for `user` (None: the public) if it was made from what is there now, else None."""
    current = current or fingerprint(meeting, user)
    copy = StoredBundle.objects.filter(meeting=meeting, recipient=user).first()
    if copy is None or copy.fingerprint != current or not copy.file.storage.exists(copy.file.name):
        return None
    return copy


def mark_requested(copy):
    """Note that the copy was asked for (for `prune`), at most once per REQUEST_MARK_INTERVAL."""
    now = timezone.now()
    if copy.requested_at is None or now - copy.requested_at > REQUEST_MARK_INTERVAL:
        StoredBundle.objects.filter(pk=copy.pk).update(requested_at=now)


def _queued_key(meeting_id, user_id, current):
    return f"bundles:queued:{meeting_id}:{user_id or 'public'}:{current}"


def request_build(meeting, user, current=None):
    """Queue the build of the copy for `user`, once per set of inputs; then the copy if it is there already.

    Without a broker the task runs inline (`CELERY_TASK_ALWAYS_EAGER`), so the copy is returned
    at once; with one, None until a worker has built it.
    """
    from documents.tasks import build_bundle

    current = current or fingerprint(meeting, user)
    user_id = user.pk if user is not None else None
    key = _queued_key(meeting.pk, user_id, current)
    if cache.add(key, True, timeout=BUILD_TIMEOUT):
        try:
            build_bundle.delay(meeting.pk, user_id)
        except Exception:
            cache.delete(key)  # a failed inline build or an unreachable broker: the next request tries again
            raise
    return fresh_copy(meeting, user, current)


def _file_name(meeting, user, current):
    audience = f"mitglied-{user.pk}" if user is not None else "oeffentlich"
    return f"{meeting.pk}/{audience}-{current[:16]}.pdf"


def build(meeting, user, current=None):
    """Render the copy of `meeting` for `user` (None: the public) and store it, replacing the old file.

    The fingerprint (`current`, when the caller has just taken it) is taken before the render
    reads its inputs: a change while rendering leaves the copy stale, never wrongly fresh.
    """
    current = current or fingerprint(meeting, user)
    copy = fresh_copy(meeting, user, current)
    if copy is not None:  # another worker was faster, or nothing changed since the build was queued
        return copy
    bundle = pdf.collect_bundle(meeting, user)
    data = pdf.bundle_pdf(meeting, user, bundle)
    with transaction.atomic():
        copy, _ = StoredBundle.objects.select_for_update().get_or_create(
            meeting=meeting, recipient=user, defaults={"fingerprint": current, "built_at": timezone.now()}
        )
        old_name = copy.file.name
        copy.file.save(_file_name(meeting, user, current), ContentFile(data), save=False)
        copy.fingerprint, copy.size, copy.holds_nonpublic = current, len(data), bundle.holds_nonpublic
        copy.built_at = timezone.now()
        copy.save()
        if old_name and old_name != copy.file.name:
            storage = copy.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    cache.delete(_queued_key(meeting.pk, user.pk if user is not None else None, current))
    return copy


def public_copy_wanted(meeting):
    """Whether the public may download the meeting's bundle: invitation published, meeting not cancelled."""
    return meeting.agenda_is_published and meeting.state != Meeting.State.CANCELLED


def refresh_public_copies(body_id):
    """Build again every stale public copy of the Body; drop those the public may no longer download."""
    copies = StoredBundle.objects.filter(meeting__body_id=body_id, recipient=None).select_related(
        "meeting__organization", "meeting__location", "meeting__body"
    )
    built = []
    for copy in copies:
        meeting = copy.meeting
        if not public_copy_wanted(meeting):
            copy.delete()
        elif copy.fingerprint != (current := fingerprint(meeting, None)):
            built.append(build(meeting, None, current))
    return built


def prune(days):
    """Delete the copies of meetings that took place more than `days` ago and copies not asked for in `days`.

    Returns how many were deleted; their files go with them (`documents.receivers`).
    """
    before = timezone.now() - timedelta(days=days)
    old = StoredBundle.objects.filter(
        Q(meeting__start__lt=before) | Q(requested_at__lt=before) | Q(requested_at__isnull=True, built_at__lt=before)
    )
    count = 0
    for copy in old.iterator():
        copy.delete()
        count += 1
    return count
