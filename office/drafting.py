"""Writing a paper: create and edit drafts, without lost updates.

Every save takes the paper row with SELECT … FOR UPDATE and compares the version the
form was loaded at with the stored one. A form loaded at an older version is refused
with `StaleVersion`, which names what changed since (field by field), so the view can
show it and keep the user's input.
"""

from dataclasses import dataclass, field

from django.db import transaction

from lib.history import delete_as, save_as
from office import diffs, staging
from resolutions import permissions
from resolutions.files import store_file
from resolutions.models import Consultation, File, Paper
from resolutions.workflow import NotAllowed, WrongState

PAPER_FIELDS = [
    "paper_type",
    "name",
    "date",
    "under_direction_of",
    "author_organization",
    "author_person",
    "resolution_text",
    "reasoning",
    "financial_impact",
    "financial_amount",
    "financial_budget_line",
    "financial_description",
    "public",
]


class StaleVersion(Exception):
    """The paper was saved by someone else after the form was loaded."""

    def __init__(self, current, changes):
        super().__init__("Die Vorlage wurde inzwischen von jemand anderem gespeichert.")
        self.current = current
        self.changes = changes


@dataclass
class Draft:
    """What a paper form hands over: the cleaned fields, the Beratungsfolge, attachments."""

    fields: dict
    consultations: list
    related_papers: list = field(default_factory=list)
    uploads: list = field(default_factory=list)
    staged: list = field(default_factory=list)  # `office.models.StagedUpload`s kept from earlier tries
    remove_files: list = field(default_factory=list)


def changes_since(paper, version):
    """Fields changed between the paper as it was at `version` and as it is now."""
    then = paper.history.filter(version=version).order_by("-history_id").first()
    if then is None:
        return []
    return diffs.compare(then, paper, only_changed=True)


def _apply(paper, draft, by, reason):
    for name in PAPER_FIELDS:
        setattr(paper, name, draft.fields[name])
    save_as(paper, by, reason=reason)
    paper.related_papers.set(draft.related_papers)
    _store_consultations(paper, draft.consultations)
    for upload in draft.uploads:
        upload.seek(0)
        store_file(
            upload.read(),
            file_name=upload.checked_name,
            name=upload.checked_name,
            mime_type=upload.checked_mime_type,
            paper=paper,
            kind=File.Kind.ATTACHMENT,
            uploaded_by=by,
        )
    for staged in draft.staged:
        with staged.file.open("rb") as handle:
            data = handle.read()
        store_file(
            data,
            file_name=staged.name,
            name=staged.name,
            mime_type=staged.mime_type,
            paper=paper,
            kind=File.Kind.ATTACHMENT,
            uploaded_by=by,
        )
    staging.consume(draft.staged)
    for record in draft.remove_files:
        if record.paper_id == paper.pk and record.kind == File.Kind.ATTACHMENT:
            delete_as(record, by)


def _store_consultations(paper, steps):
    """Make the Beratungsfolge match `steps`, position by position (history stays readable)."""
    existing = {c.position: c for c in paper.consultations.all()}
    for position, step in enumerate(steps, start=1):
        consultation = existing.pop(position, None) or Consultation(paper=paper, body=paper.body, position=position)
        target = step.get("target_meeting")
        wanted = (step["organization"].pk, step["role"], target.pk if target else None)
        if (
            consultation.pk
            and (consultation.organization_id, consultation.role, consultation.target_meeting_id) == wanted
        ):
            continue
        consultation.organization = step["organization"]
        consultation.role = step["role"]
        consultation.target_meeting = target
        consultation.save()
    for leftover in existing.values():
        leftover.delete()


@transaction.atomic
def create_paper(*, body, by, draft):
    if not permissions.may_create(by) or not permissions.may_write_for(by, body, draft.fields["under_direction_of"]):
        raise NotAllowed("Sie dürfen für dieses Amt keine Vorlagen anlegen.")
    paper = Paper(body=body, originator=by, state=Paper.State.DRAFT, version=1)
    _apply(paper, draft, by, "Angelegt")
    return paper


@transaction.atomic
def update_paper(paper, *, by, draft, expected_version):
    paper = Paper.objects.select_for_update(of=("self",)).get(pk=paper.pk)
    role_ok, state_ok = permissions.may_edit(by, paper)
    if not role_ok:
        raise NotAllowed("Sie dürfen diese Vorlage nicht bearbeiten.")
    if not state_ok:
        raise WrongState(f"Im Stand „{paper.get_state_display()}“ kann die Vorlage nicht bearbeitet werden.")
    # The new department must also be one the user writes for.
    if not permissions.may_write_for(by, paper.body, draft.fields["under_direction_of"]):
        raise NotAllowed("Sie dürfen für dieses Amt keine Vorlagen schreiben.")
    if expected_version != paper.version:
        raise StaleVersion(paper, changes_since(paper, expected_version))
    paper.version += 1
    _apply(paper, draft, by, "Bearbeitet")
    return paper
