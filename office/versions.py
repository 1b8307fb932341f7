"""The content versions of a paper, and what the paper looked like in each of them.

`Paper.version` counts content edits (created, edited in the form). The steps of the
lifecycle (submit, sign, return, release, …) save the paper without raising it: they are
the events of the timeline (`Transition`), never versions, and a signature does not save
the paper at all. So a content version starts where the historical records' `version`
changes, and lasts until the next one starts.

What a version looked like (`snapshot`): the paper's fields as its last historical record
holds them (the steps taken while it was current included), its Beratungsfolge
(organization, role, order) and its attachments as they stood just before the next
version started, or now for the current one. The moment is taken from the start of the
next version because an edit saves the paper first and its consultations and files right
after it, in the same transaction.
"""

from dataclasses import dataclass, field

from django.db.models import Case, When

from council.visibility import FileQuerySet
from resolutions.models import Consultation, File, Paper


@dataclass
class Version:
    """One content version: its number, who made it when and why, and the steps while it was current."""

    number: int
    first: object  # the historical record that started it (created, edited)
    last_id: int  # the last historical record with this number
    ends: object = None  # when the next version started; None for the current one
    steps: list = field(default_factory=list)
    is_current: bool = False

    @property
    def starts(self):
        return self.first.history_date

    @property
    def author(self):
        user = self.first.history_user
        return (user.get_full_name() or user.username) if user else "System"

    @property
    def reason(self):
        if self.first.history_change_reason:
            return self.first.history_change_reason
        return "Angelegt" if self.first.history_type == "+" else "Geändert"


def content_versions(paper, steps=()):
    """The paper's content versions, oldest first (one query), with `steps` sorted into them.

    `steps` are the paper's transitions; each belongs to the version that was current when
    it was taken.
    """
    records = (
        paper.history.select_related("history_user")
        .only("history_id", "history_date", "history_type", "history_change_reason", "history_user", "version")
        .order_by("history_date", "history_id")
    )
    versions = []
    for record in records:
        if versions and versions[-1].number == record.version:
            versions[-1].last_id = record.history_id
            continue
        if versions:
            versions[-1].ends = record.history_date
        versions.append(Version(number=record.version, first=record, last_id=record.history_id))
    if versions:
        versions[-1].is_current = True
    for step in sorted(steps, key=lambda step: (step.at, step.pk)):
        holder = next((v for v in reversed(versions) if v.starts <= step.at), versions[0] if versions else None)
        if holder is not None:
            holder.steps.append(step)
    return versions


def find(versions, number):
    """The version with this number (the latest, should an administrator have reused a number)."""
    return next((version for version in reversed(versions) if version.number == number), None)


def default_pair(versions):
    """The last content change: the version before the current one, and the current one."""
    if len(versions) < 2:
        return None
    return versions[-2], versions[-1]


@dataclass
class Snapshot:
    """The paper as it stood in one version: a historical record, its Beratungsfolge, its attachments."""

    version: Version
    record: object
    consultations: list
    files: list


def _as_of(records, moment):
    """The records that existed at `moment` (None: now), each in its latest state then."""
    latest = {}
    for record in records:
        if moment is None or record.history_date < moment:
            latest[record.id] = record
    return [record for record in latest.values() if record.history_type != "-"]


def snapshots(paper, user, versions):
    """One Snapshot per version in `versions`, in a fixed number of queries.

    Attachments are those the user may see (`FileQuerySet.visibility`, asked of the files'
    history, so a removed confidential annex stays hidden as it was).
    """
    records = {
        record.history_id: record
        for record in Paper.history.filter(history_id__in=[v.last_id for v in versions]).select_related(
            "paper_type", "under_direction_of"
        )
    }
    consultations = list(
        Consultation.history.filter(paper_id=paper.pk)
        .select_related("organization")
        .order_by("history_date", "history_id")
    )
    # Visibility is asked of each file's state at the moment, not of its earlier records: an
    # annex made non-public later must not show through its first, public record.
    files = list(
        File.history.filter(paper_id=paper.pk, kind=File.Kind.ATTACHMENT)
        .annotate(visible=Case(When(FileQuerySet.visibility(user), then=True), default=False))
        .order_by("history_date", "history_id")
    )
    return [
        Snapshot(
            version=version,
            record=records[version.last_id],
            consultations=sorted(_as_of(consultations, version.ends), key=lambda c: (c.position, c.id)),
            files=sorted((f for f in _as_of(files, version.ends) if f.visible), key=lambda f: (f.name.lower(), f.id)),
        )
        for version in versions
    ]
