"""What changed in the papers of my organizations, and what I have read.

Opening a paper in the councillor area records the version read (`mark_read`). The
dashboard lists the papers of the Beratungsfolgen of my organizations that changed since
my previous visit or since I last read them, and says for each one what changed (the
fields that differ from the version I read, or from the paper as it stood at my previous
visit: `resolutions.changes`), whether I have read the current version, and on which
meeting and agenda item (TOP) it is. A fixed number of queries per page of papers.
"""

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from council.models import AgendaItem
from councillors.models import PaperReading
from resolutions.changes import changed_fields
from resolutions.models import Paper


def mark_read(user, paper):
    """Record that `user` has read the current version of `paper` (one query)."""
    PaperReading.objects.bulk_create(
        [PaperReading(user=user, paper=paper, version=paper.version, read_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "paper"],
        update_fields=["version", "read_at"],
    )


def with_read_version(papers, user):
    """Annotate `read_version` and `read_at`: the version the user last read and when (None: never opened)."""
    read = PaperReading.objects.filter(user=user, paper=OuterRef("pk"))
    return papers.annotate(
        read_version=Subquery(read.values("version")[:1]), read_at=Subquery(read.values("read_at")[:1])
    )


def changed_since(papers, since):
    """Papers changed since `since`, or changed (a new version) after the user read them; needs `read_version`."""
    return papers.filter(Q(modified__gt=since) | Q(read_version__isnull=False, read_version__lt=F("version")))


def _baselines(papers, since):
    """Per paper the historical record to compare with: the paper as read, else as it stood at `since`."""
    condition = Q(pk__in=[])
    for paper in papers:
        if paper.read_version is not None:
            condition |= Q(id=paper.pk, version=paper.read_version, history_date__lte=paper.read_at)
        else:
            condition |= Q(id=paper.pk, history_date__lte=since)
    found = {}
    for record in Paper.history.filter(condition).order_by("history_date", "history_id"):
        found[record.id] = record  # the latest one wins
    return found


def _on_agenda(papers, user):
    """Per paper the agenda item it is on, as the user may see it: the next meeting's, else the latest."""
    now = timezone.now()
    items = (
        AgendaItem.objects.details_visible_to(user)
        .filter(consultation__paper__in=papers)
        .select_related("meeting__organization", "consultation")
        .order_by("meeting__start", "order")
    )
    found = {}
    for item in items:
        paper_id = item.consultation.paper_id
        current = found.get(paper_id)
        # Past meetings in order, the latest one kept, until the first upcoming one, which wins.
        if current is None or current.meeting.start < now:
            found[paper_id] = item
    return found


def describe(papers, user, since):
    """Set `unread`, `is_new`, `changes` (labels) and `agenda_item` on each paper of a page."""
    papers = list(papers)
    baselines = _baselines(papers, since)
    agenda = _on_agenda(papers, user)
    for paper in papers:
        paper.unread = paper.read_version is None or paper.read_version < paper.version
        baseline = baselines.get(paper.pk)
        # New to councillors: made, or released (a draft before), since the last visit.
        paper.is_new = baseline is None or baseline.state not in Paper.PUBLISHED_STATES
        changes = [] if paper.is_new else changed_fields(baseline, paper)
        if not paper.is_new and baseline.state != paper.state:
            changes.append(f"Stand: {paper.get_state_display()}")
        paper.changes = changes
        paper.agenda_item = agenda.get(paper.pk)
    return papers
