"""The digest: one mail a day at most per address, with what changed in what it follows.

What changed is computed when the digest is made, from the timestamps of what the public
sees now (`council.visibility` as an anonymous visitor), not collected from domain
signals as it happens: the imported papers of `import_oparl` fire no signals, and a paper
released in the morning and withdrawn from the public at noon must not be mailed in the
evening. Each address has `checked_until`, the end of the period the last run looked at;
the next digest starts there (or at the confirmation, when later). The period ends
`SETTLE` before now, so a change whose transaction has not committed yet is not skipped.

The selection costs the same few queries for one subscription or thousands: every kind
of change is read once for all subscriptions, then sorted to them in Python.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from council.models import AgendaItem, Meeting
from lib.urls import absolute_reverse
from portal import search
from portal.models import SearchDocument
from resolutions.models import Consultation, File, Paper
from subscriptions import mail, tokens
from subscriptions.models import Subscriber, Subscription
from subscriptions.subscribing import purge_expired

PUBLIC = None  # the anonymous visitor of council.visibility
SETTLE = dt.timedelta(minutes=5)


@dataclass
class Change:
    when: dt.datetime
    text: str
    link: str
    lines: list = field(default_factory=list)


@dataclass
class Section:
    subscription: Subscription
    changes: list
    unsubscribe_link: str = ""


def _between(name, since, until):
    return Q(**{f"{name}__gt": since, f"{name}__lte": until})


def _meeting_link(meeting):
    return absolute_reverse("portal:meeting", meeting.body.slug, meeting.pk)


def _paper_link(paper):
    return absolute_reverse("portal:paper", paper.body.slug, paper.pk)


def _paper_title(paper):
    return f"{paper.reference} {paper.name}" if paper.reference else paper.name


# --- What changed, for all subscriptions at once ------------------------------------------------


def _paper_changes(paper_ids, since, until):
    """paper id -> changes: put on a published agenda, new documents, decided."""
    changes = {}
    public_papers = Paper.objects.visible_to(PUBLIC)
    items = (
        AgendaItem.objects.details_visible_to(PUBLIC)
        .filter(consultation__paper__in=public_papers.filter(pk__in=paper_ids))
        .filter(meeting__invitation_published_at__isnull=False)
        .filter(_between("meeting__invitation_published_at", since, until) | Q(is_supplement=True, created__gt=since))
        .select_related("meeting__organization", "meeting__body", "consultation")
    )
    for item in items:
        meeting = item.meeting
        when = (
            max(meeting.invitation_published_at, item.created)
            if item.is_supplement
            else meeting.invitation_published_at
        )
        if when > until:
            continue
        start = timezone.localtime(meeting.start)
        text = f"Auf der Tagesordnung: {meeting.organization.name}, {start:%d.%m.%Y, %H:%M} Uhr, {item.number}"
        text += " (Nachtrag)" if item.is_supplement else ""
        changes.setdefault(item.consultation.paper_id, []).append(Change(when, text, _meeting_link(meeting)))
    files = (
        File.objects.visible_to(PUBLIC)
        .filter(paper_id__in=paper_ids)
        .filter(_between("created", since, until))
        .select_related("paper__body")
    )
    for record in files:
        link = absolute_reverse("portal:file", record.paper.body.slug, record.pk, record.file_name)
        changes.setdefault(record.paper_id, []).append(Change(record.created, f"Neues Dokument: {record.name}", link))
    decided = public_papers.filter(pk__in=paper_ids).filter(_between("decided_at", since, until)).select_related("body")
    for paper in decided:
        text = f"Entschieden: {paper.get_result_display() or 'ohne Ergebnis'}"
        changes.setdefault(paper.pk, []).append(Change(paper.decided_at, text, _paper_link(paper)))
    return changes


def _organization_changes(organization_ids, since, until):
    """organization id -> changes: new meetings, published invitations with the agenda, decisions."""
    changes = {}
    meetings = (
        Meeting.objects.visible_to(PUBLIC)
        .filter(organization_id__in=organization_ids)
        .filter(_between("created", since, until) | _between("invitation_published_at", since, until))
        .select_related("organization", "body")
        .order_by("start")
    )
    meetings = list(meetings)
    invited = [
        meeting
        for meeting in meetings
        if meeting.invitation_published_at and since < meeting.invitation_published_at <= until
    ]
    agendas = {}
    items = AgendaItem.objects.filter(meeting__in=invited).with_details_flag(PUBLIC).order_by("meeting_id", "order")
    for item in items:
        shown = item.name if item.details_visible else "nichtöffentlich"
        agendas.setdefault(item.meeting_id, []).append(f"{item.number} {shown}")
    for meeting in meetings:
        start = timezone.localtime(meeting.start)
        when_text = f"{start:%d.%m.%Y, %H:%M} Uhr"
        if since < meeting.created <= until:
            changes.setdefault(meeting.organization_id, []).append(
                Change(meeting.created, f"Neue Sitzung: {when_text}", _meeting_link(meeting))
            )
        if meeting in invited:
            changes.setdefault(meeting.organization_id, []).append(
                Change(
                    meeting.invitation_published_at,
                    f"Einladung zur Sitzung am {when_text} veröffentlicht",
                    _meeting_link(meeting),
                    agendas.get(meeting.pk, []),
                )
            )
    decisions = (
        Consultation.objects.filter(role=Consultation.Role.DECISION, organization_id__in=organization_ids)
        .filter(paper__in=Paper.objects.visible_to(PUBLIC).filter(_between("decided_at", since, until)))
        .select_related("paper__body")
    )
    for consultation in decisions:
        paper = consultation.paper
        text = f"Beschluss: {_paper_title(paper)} – {paper.get_result_display()}"
        changes.setdefault(consultation.organization_id, []).append(Change(paper.decided_at, text, _paper_link(paper)))
    return changes


def _search_hits(searches, since, until):
    """subscription id -> new public papers matching its terms, found the way the portal search finds them."""
    if not searches:
        return {}
    new = list(
        Paper.objects.visible_to(PUBLIC)
        .filter(body_id__in={subscription.body_id for subscription in searches})
        .filter(_between("released_at", since, until))
        .select_related("body")
    )
    if not new:
        return {}
    by_pk = {paper.pk: paper for paper in new}
    if search.uses_postgres():
        # One query for every search: each subscription's terms are a tsquery over the portal's index.
        terms = SearchQuery(OuterRef("query"), config=search.CONFIG, search_type="websearch")
        matching = SearchDocument.objects.filter(
            kind=SearchDocument.Kind.PAPER, paper__in=list(by_pk), body_id=OuterRef("body_id"), vector=terms
        ).values("paper_id")
        rows = (
            Subscription.objects.filter(pk__in=[subscription.pk for subscription in searches])
            .annotate(hits=ArraySubquery(matching))
            .values_list("pk", "hits")
        )
        found = dict(rows)
    else:
        # SQLite (the demo) has no full-text search: the portal's substring fallback, one query per search.
        candidates = Paper.objects.filter(pk__in=by_pk)
        found = {
            subscription.pk: [
                document.paper_id
                for document in search.search_papers(subscription.query, body=subscription.body_id, papers=candidates)
            ]
            for subscription in searches
        }
    return {pk: [by_pk[paper_pk] for paper_pk in hits] for pk, hits in found.items()}


# --- Digests ----------------------------------------------------------------------------------


def _due_subscribers(now):
    """Addresses with a confirmed subscription that got no digest today, locked against a parallel run."""
    confirmed = Subscription.objects.filter(subscriber=OuterRef("pk"), confirmed_at__isnull=False)
    return (
        Subscriber.objects.filter(Exists(confirmed))
        .exclude(last_digest_at__date__gte=timezone.localdate(now))
        .select_for_update(skip_locked=True)
        .prefetch_related(
            Prefetch(
                "subscriptions",
                queryset=Subscription.objects.filter(confirmed_at__isnull=False).select_related(
                    "body", "paper__body", "organization"
                ),
                to_attr="confirmed",
            )
        )
        .order_by("pk")
    )


def _since(subscriber, subscription):
    return max(subscription.confirmed_at, subscriber.checked_until or subscription.confirmed_at)


def collect(subscribers, until):
    """subscriber -> the sections of their digest (subscriptions with changes), in a fixed number of queries."""
    wanted = [
        (subscriber, subscription)
        for subscriber in subscribers
        for subscription in subscriber.confirmed
        if _since(subscriber, subscription) < until
    ]
    if not wanted:
        return {}
    since = min(_since(subscriber, subscription) for subscriber, subscription in wanted)
    kinds = Subscription.Kind
    papers = _paper_changes({s.paper_id for _, s in wanted if s.kind == kinds.PAPER}, since, until)
    organizations = _organization_changes(
        {s.organization_id for _, s in wanted if s.kind == kinds.ORGANIZATION}, since, until
    )
    hits = _search_hits([s for _, s in wanted if s.kind == kinds.SEARCH], since, until)
    digests = {}
    for subscriber, subscription in wanted:
        start = _since(subscriber, subscription)
        if subscription.kind == kinds.PAPER:
            changes = papers.get(subscription.paper_id, [])
        elif subscription.kind == kinds.ORGANIZATION:
            changes = organizations.get(subscription.organization_id, [])
        else:
            changes = [
                Change(paper.released_at, f"Neue Vorlage: {_paper_title(paper)}", _paper_link(paper))
                for paper in hits.get(subscription.pk, [])
            ]
        changes = sorted((change for change in changes if start < change.when <= until), key=lambda c: c.when)
        if changes:
            digests.setdefault(subscriber, []).append(Section(subscription, changes))
    return digests


def digest_mail(subscriber, sections):
    for section in sections:
        section.unsubscribe_link = mail.unsubscribe_url(tokens.unsubscribe_token(section.subscription))
    count = sum(len(section.changes) for section in sections)
    subject = (
        f"Neues zu: {sections[0].subscription.description}"
        if len(sections) == 1
        else f"{count} Neuigkeiten zu Ihren {len(sections)} Abos"
    )
    return mail.message(
        subject,
        "subscriptions/mail/digest.txt",
        {"sections": sections},
        subscriber.email,
        mail.unsubscribe_url(tokens.unsubscribe_token(subscriber=subscriber)),
    )


@transaction.atomic
def send_digests(now=None):
    """Send every due address one digest of what changed; returns the number of mails sent.

    Also forgets unconfirmed subscriptions whose link expired (`purge_expired`).
    """
    now = now or timezone.now()
    purge_expired(now)
    until = now - SETTLE
    subscribers = list(_due_subscribers(now))
    digests = collect(subscribers, until)
    for subscriber, sections in digests.items():
        digest_mail(subscriber, sections).send()
    Subscriber.objects.filter(pk__in=[subscriber.pk for subscriber in subscribers]).update(checked_until=until)
    Subscriber.objects.filter(pk__in=[subscriber.pk for subscriber in digests]).update(last_digest_at=now)
    return len(digests)
