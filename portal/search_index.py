"""The portal's search index (`portal.SearchDocument`): what the public sees, one row per object.

Rows are built from the public view only: a paper from `paper_view(paper, None)` (its
decided text holds only the amendments of public agenda items), files from
`File.objects.visible_to(None)`, agenda items from `details_visible_to(None)`, meetings
from `Meeting.objects.visible_to(None)`, people from `people_visible_to(None)` (name,
party, organizations). An object the public may not see has no row.

`schedule(kind, pk)` is called by the receivers in `portal.receivers` whenever a source
changes; the rows are rebuilt once, after the transaction commits (`flush`). `rebuild()`
(the command `rebuild_search_index`) builds the whole index anew and removes stale rows;
it is idempotent and belongs after every bulk load (the demo, imports, restores).

On PostgreSQL each row carries a weighted `tsvector`: A reference and title, B text,
C details and the names and texts of the files attached to it (their own rows), so one
GIN index answers a search. A paper's and a file's row besides keep their text in passages
of at most `PASSAGE` characters, a vector for each (`passage_starts`, `passages`): the search
cuts an excerpt from the passage its words are found in, so that its cost does not grow
with the text (`ts_headline` parses all it is given: 18 ms for a 200 000-character annex).
SQLite (the demo) has no vectors; `portal.search` falls back to a substring match over
the same rows.
"""

import html
import itertools
import logging
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from council.models import AgendaItem, Body, Meeting, Membership, Person
from council.visibility import people_visible_to, public_memberships
from portal.models import SearchDocument
from resolutions.models import Consultation, File, Paper
from resolutions.paper_view import paper_views

logger = logging.getLogger(__name__)

CONFIG = "german"
Kind = SearchDocument.Kind
# Characters of a file's extracted text that are indexed: a tsvector holds at most 1 MB.
MAX_FILE_TEXT = 200_000
# Objects refreshed together after a commit, and in a rebuild: PostgreSQL joins a batch's agenda
# items to their meetings by hashing every meeting of the installation, a cost per batch.
BATCH = 200
BULK_BATCH = 1000
# Characters of a passage, at most: an excerpt (up to 30 words) is cut from one; `ts_headline`
# takes about 0.03 ms for one of 300 characters, 0.06 ms for 600.
PASSAGE = 300
EXCERPTED = (Kind.PAPER, Kind.FILE)

_BLOCK_TAGS = re.compile(r"</?(?:p|br|li|ul|ol|h[1-6]|blockquote|div|table|tr|td|th|hr)\b[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>?")


def plain_text(markup):
    """Text without markup: block tags become spaces (words stay apart), inline tags vanish."""
    text = _TAGS.sub("", _BLOCK_TAGS.sub(" ", markup or ""))
    return " ".join(html.unescape(text).split())


@dataclass
class Entry:
    kind: str
    object_id: int
    body_id: int
    title: str
    reference: str = ""
    summary: str = ""
    text: str = ""
    details: str = ""
    date: object = None
    paper_id: int | None = None
    meeting_id: int | None = None
    parent_kind: str = ""
    parent_id: int | None = None

    def document(self):
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        fields["title"] = fields["title"][:600]
        fields["summary"] = fields["summary"][:600]
        document = SearchDocument(**fields)
        document.key = (self.kind, self.object_id)
        return document


def excerpt_source(kind, text, details):
    """The text an excerpt of a row is cut from: a file's text, a paper's text and details.
    As `excerpt_source_sql` computes it in the database, character for character."""
    return text if kind == Kind.FILE else f"{text} {details}"


def excerpt_source_sql(row):
    """`excerpt_source` of the index row `row` (an SQL alias)."""
    return f"(CASE WHEN {row}.kind = 'file' THEN {row}.text ELSE {row}.text || ' ' || {row}.details END)"


def passage_starts(source):
    """Where the passages of `source` start (character offsets): at most `PASSAGE` characters each,
    cut after a sentence that ends in a passage's second half, else at a space."""
    starts = [0]
    while len(source) - starts[-1] > PASSAGE:
        start = starts[-1]
        low, high = start + PASSAGE // 2, start + PASSAGE
        cut = max(source.rfind(mark, low, high) for mark in (". ", "; ", "? ", "! ", ": "))
        if cut >= 0:
            cut += 2
        else:
            space = source.rfind(" ", low, high)
            cut = space + 1 if space >= 0 else high
        starts.append(cut)
    return starts


def passages_sql(row, starts):
    """The vector of each passage of the index row `row` (an SQL alias) that start at `starts`
    (an SQL int[]), in order, as a tsvector[]."""
    source = excerpt_source_sql(row)
    return f"""ARRAY(
        SELECT to_tsvector('{CONFIG}', substr({source}, p.start + 1, p.stop - p.start))
        FROM ({passage_rows(starts)}) AS p ORDER BY p.i)"""


def passage_rows(starts):
    """SQL rows (start, stop, i) of the passages starting at `starts` (an SQL int[]); `stop` is
    past the end for the last."""
    return f"""SELECT u.start, lead(u.start, 1, 2147483647) OVER (ORDER BY u.i) AS stop, u.i
        FROM unnest({starts}) WITH ORDINALITY AS u(start, i)"""


def _starts_text(kind, text, details):
    """The passages' starts of a row as the statements below read them (text; none for other kinds)."""
    if kind not in EXCERPTED:
        return ""
    return ",".join(map(str, passage_starts(excerpt_source(kind, text, details))))


def _day(moment):
    return timezone.localtime(moment).date() if moment else None


def _file_entries(files, parent_kind, parent_id, **links):
    return [
        Entry(
            kind=Kind.FILE,
            object_id=file.pk,
            body_id=file.body_id,
            title=file.name,
            summary=file.kind,
            text=" ".join(file.text.split())[:MAX_FILE_TEXT],
            date=file.date,
            parent_kind=parent_kind,
            parent_id=parent_id,
            **links,
        )
        for file in files
    ]


# --- What the public sees of each kind ---------------------------------------------------


def _papers(pks):
    """The rows of these papers and of their public files, in a fixed number of queries.

    What the public sees of each paper comes from `paper_views(papers, None)`, the batched
    `paper_view(paper, None, files=False, related=False)` (tests/portal/test_search_index.py
    checks that both give the same rows).
    """
    # The public files of the whole batch in one query (per paper it costs as much as for 200).
    files = {}
    for file in File.objects.visible_to(None).filter(paper__in=pks).order_by("kind", "name", "pk"):
        files.setdefault(file.paper_id, []).append(file)
    papers = list(Paper.objects.visible_to(None).filter(pk__in=pks).select_related("paper_type").order_by("pk"))
    views = paper_views(papers, None)
    for paper in papers:
        yield from paper_entries(paper, views[paper.pk], files.get(paper.pk, []))


def paper_entries(paper, view, files):
    """The row of a paper as the public sees it (`view`, a PaperView for viewer None) and those of its `files`."""
    summary = [paper.paper_type.name if paper.paper_type_id else "", view.public_state]
    if paper.date:
        summary[0] = f"{summary[0]} vom {paper.date:%d.%m.%Y}".strip()
    yield Entry(
        kind=Kind.PAPER,
        object_id=paper.pk,
        body_id=paper.body_id,
        title=paper.name,
        reference=paper.reference or "",
        summary=" · ".join(part for part in summary if part),
        text=plain_text(view.text.decided),
        details=plain_text(paper.reasoning),
        date=paper.date,
        paper_id=paper.pk,
    )
    yield from _file_entries(files, Kind.PAPER, paper.pk, paper_id=paper.pk)


def _public_files():
    return File.objects.visible_to(None).order_by("pk")


def _agenda_items(pks):
    items = AgendaItem.objects.details_visible_to(None).filter(pk__in=pks).select_related("meeting__organization")
    files = {}
    for file in _public_files().filter(agenda_item__in=pks, paper__isnull=True):
        files.setdefault(file.agenda_item_id, []).append(file)
    for item in items:
        meeting = item.meeting
        yield Entry(
            kind=Kind.AGENDA_ITEM,
            object_id=item.pk,
            body_id=item.body_id,
            title=f"{item.number} {item.name}".strip(),
            summary=f"{meeting.organization.name}, {timezone.localtime(meeting.start):%d.%m.%Y}",
            text=plain_text(item.resolution_text),
            date=_day(meeting.start),
            meeting_id=meeting.pk,
        )
        yield from _file_entries(files.get(item.pk, []), Kind.AGENDA_ITEM, item.pk, meeting_id=meeting.pk)


def _meetings(pks):
    meetings = Meeting.objects.visible_to(None).filter(pk__in=pks).select_related("organization", "location")
    files = {}
    for file in _public_files().filter(meeting__in=pks, paper__isnull=True, agenda_item__isnull=True):
        files.setdefault(file.meeting_id, []).append(file)
    for meeting in meetings:
        start = timezone.localtime(meeting.start)
        organization = meeting.organization
        yield Entry(
            kind=Kind.MEETING,
            object_id=meeting.pk,
            body_id=meeting.body_id,
            title=" ".join(dict.fromkeys(part for part in (organization.name, meeting.name) if part)),
            summary=f"{start:%d.%m.%Y}",
            text=" ".join(
                part
                for part in (organization.short_name, meeting.location.description if meeting.location else "")
                if part
            ),
            details=f"{start:%d.%m.%Y}",
            date=start.date(),
            meeting_id=meeting.pk,
        )
        yield from _file_entries(files.get(meeting.pk, []), Kind.MEETING, meeting.pk, meeting_id=meeting.pk)


def _people(pks):
    people = people_visible_to(None, Person.objects.filter(pk__in=pks))
    organizations = {}
    memberships = (
        public_memberships().filter(person__in=pks).select_related("organization").order_by("organization__name", "pk")
    )
    for membership in memberships:
        names = organizations.setdefault(membership.person_id, [])
        if membership.organization.name not in names:
            names.append(membership.organization.name)
    for person in people:
        names = organizations.get(person.pk, [])
        yield Entry(
            kind=Kind.PERSON,
            object_id=person.pk,
            body_id=person.body_id,
            title=person.name,
            summary=" · ".join(part for part in (person.party, ", ".join(names)) if part),
            text=" ".join(part for part in (person.party, *names) if part),
        )


BUILDERS = {
    Kind.PAPER: _papers,
    Kind.AGENDA_ITEM: _agenda_items,
    Kind.MEETING: _meetings,
    Kind.PERSON: _people,
}
PUBLIC = {
    Kind.PAPER: lambda: Paper.objects.visible_to(None),
    Kind.AGENDA_ITEM: lambda: AgendaItem.objects.details_visible_to(None),
    Kind.MEETING: lambda: Meeting.objects.visible_to(None),
    Kind.PERSON: lambda: people_visible_to(None),
}


# --- Writing rows --------------------------------------------------------------------------


def _vector(row):
    """The weighted vector of the index row `row` (an SQL alias); it reads the rows of its files."""
    return f"""
    setweight(to_tsvector('{CONFIG}', {row}.reference || ' ' || regexp_replace({row}.reference, '[^[:alnum:]]+', ' ', 'g')
                          || ' ' || {row}.title), 'A')
    || setweight(to_tsvector('{CONFIG}', {row}.text), 'B')
    || setweight(to_tsvector('{CONFIG}', left({row}.details || ' ' || COALESCE((
        SELECT string_agg(f.title || ' ' || f.text, ' ' ORDER BY f.object_id)
        FROM portal_searchdocument AS f WHERE f.kind = 'file' AND f.parent_kind = {row}.kind AND f.parent_id = {row}.object_id
    ), ''), {MAX_FILE_TEXT * 2})), 'C')"""


_VECTOR_SQL = f"UPDATE portal_searchdocument AS d SET vector = {_vector('d')} WHERE d.id = ANY(%s)"

_FIELDS = [name for name in Entry.__dataclass_fields__ if name not in ("kind", "object_id")]


def refresh(kind, pks):
    """Rebuild the rows of these objects of `kind` (and of their files) from what the public sees now.

    Rows whose content is unchanged are left alone, so their `modified` (the search page's
    validator) moves only when the public could see a difference.
    """
    pks = sorted(set(pks))
    if not pks:
        return
    with transaction.atomic():
        entries = list(BUILDERS[kind](pks))
        kept = {(entry.kind, entry.object_id) for entry in entries}
        own = [pk for entry_kind, pk in kept if entry_kind == kind]
        files = [pk for entry_kind, pk in kept if entry_kind == Kind.FILE]
        stale = Q(kind=kind, object_id__in=pks) & ~Q(object_id__in=own)
        stale |= Q(kind=Kind.FILE, parent_kind=kind, parent_id__in=pks) & ~Q(object_id__in=files)
        removed = _delete(SearchDocument.objects.filter(stale))
        if not entries:
            return
        rows = Q(kind=kind, object_id__in=own) | Q(kind=Kind.FILE, object_id__in=files)
        current = {
            (row["kind"], row["object_id"]): row
            for row in SearchDocument.objects.filter(rows).values("id", "kind", "object_id", *_FIELDS)
        }
        documents = [entry.document() for entry in entries]
        changed = [document for document in documents if _differs(document, current.get(document.key))]
        if not changed and not removed:
            return
        written = _write(changed)
        if connection.vendor == "postgresql":
            # A row written here got its vector with it (files first); a row left as it was may have
            # lost or changed a file, so its vector is computed again.
            unchanged = {row["id"] for row in current.values()} - {pk for pk, _ in written}
            if unchanged:
                with connection.cursor() as cursor:
                    cursor.execute(_VECTOR_SQL, [sorted(unchanged)])


# One parameter per column (an array each): for a batch of rows PostgreSQL parses one short
# statement, where `bulk_create` spells out a placeholder per value (most of a rebuild's time).
# The vector is computed in the same statement: written without it and updated afterwards,
# each row (and each of its index entries) would be written twice.
_COLUMNS = {
    "kind": "varchar",
    "object_id": "bigint",
    **dict.fromkeys(("body_id", "paper_id", "meeting_id", "parent_id"), "bigint"),
    **dict.fromkeys(("title", "reference", "summary", "text", "details", "parent_kind"), "text"),
    "date": "date",
}
_UPSERT_SQL = f"""
INSERT INTO portal_searchdocument ({", ".join(_COLUMNS)}, modified, vector, passage_starts, passages)
SELECT {", ".join(f"n.{name}" for name in _COLUMNS)}, %s, {_vector("n")}, s.starts, {passages_sql("n", "s.starts")}
FROM unnest({", ".join(f"%s::{kind}[]" for kind in _COLUMNS.values())}, %s::text[]) AS n({", ".join(_COLUMNS)}, starts),
    LATERAL (SELECT string_to_array(NULLIF(n.starts, ''), ',')::int[] AS starts) AS s
ON CONFLICT (kind, object_id) DO UPDATE SET
    {", ".join(f"{name} = EXCLUDED.{name}" for name in [*_COLUMNS, "modified", "vector", "passage_starts", "passages"] if name not in ("kind", "object_id"))}
RETURNING id, kind
"""


def _write(documents):
    """Insert or update these rows (`modified` now, and on PostgreSQL their vectors); returns (id, kind) of each."""
    if not documents:
        return []
    if connection.vendor != "postgresql":
        written = SearchDocument.objects.bulk_create(
            documents, update_conflicts=True, unique_fields=["kind", "object_id"], update_fields=_FIELDS + ["modified"]
        )
        return [(document.pk, document.kind) for document in written]
    now = timezone.now()
    written = []
    with connection.cursor() as cursor:
        # Files first: the vector of a paper, meeting or agenda item reads the rows of its files.
        for group in (
            [document for document in documents if document.kind == Kind.FILE],
            [document for document in documents if document.kind != Kind.FILE],
        ):
            if group:
                columns = [[getattr(document, name) for document in group] for name in _COLUMNS]
                starts = [_starts_text(document.kind, document.text, document.details) for document in group]
                cursor.execute(_UPSERT_SQL, [now, *columns, starts])
                written += cursor.fetchall()
    return written


_PASSAGES_SQL = f"""
UPDATE portal_searchdocument AS d SET passage_starts = n.starts, passages = {passages_sql("d", "n.starts")}
FROM (SELECT u.id, string_to_array(NULLIF(u.starts, ''), ',')::int[] AS starts
      FROM unnest(%s::bigint[], %s::text[]) AS u(id, starts)) AS n
WHERE d.id = n.id
"""


def fill_passages(rows):
    """Write the passages of these index rows, `(id, kind, text, details)` each, in batches of
    `BULK_BATCH`: for rows written before the rows kept them (migration portal.0004)."""
    rows = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, BULK_BATCH)):
            starts = [_starts_text(kind, text, details) for _, kind, text, details in batch]
            cursor.execute(_PASSAGES_SQL, [[pk for pk, *_ in batch], starts])


def _differs(document, row):
    return row is None or any(getattr(document, name) != row[name] for name in _FIELDS)


def _delete(rows):
    """Delete index rows; the public lost sight of something, so the Bodies' validators move on."""
    bodies = set(rows.values_list("body_id", flat=True).distinct())
    if not bodies:
        return 0
    removed, _ = rows.delete()
    Body.objects.filter(pk__in=bodies).update(modified=timezone.now())
    return removed


def rebuild(stdout=None):
    """Build the whole index anew from the public view; rows of what is no longer public go. Idempotent."""
    counts = {}
    for kind, public in PUBLIC.items():
        _delete(SearchDocument.objects.filter(kind=kind).exclude(object_id__in=public().values("pk")))
        counts[kind] = _refresh_all(kind, public())
    _delete(SearchDocument.objects.filter(kind=Kind.FILE).exclude(object_id__in=_public_files().values("pk")))
    counts[Kind.FILE] = SearchDocument.objects.filter(kind=Kind.FILE).count()
    if connection.vendor == "postgresql":
        # Up to every row may be new: without fresh statistics PostgreSQL plans a search for the
        # table it last saw (an index scan of the whole Body, the vector checked row by row).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE portal_searchdocument")
    return counts


def index_bodies(body_ids):
    """Build the rows of everything public in these Bodies (and nothing else): the rows `rebuild()`
    would write for them. For a bulk load of whole Bodies (`generate_data`), which sends no signals."""
    for kind, public in PUBLIC.items():
        _refresh_all(kind, public().filter(body__in=body_ids))


def _refresh_all(kind, objects):
    """`refresh` the objects of this queryset in batches of `BULK_BATCH`; returns how many there were."""
    pks = list(objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BULK_BATCH):
        refresh(kind, pks[start : start + BULK_BATCH])
    return len(pks)


# --- After commit --------------------------------------------------------------------------

_local = threading.local()
# What a receiver may schedule besides a Kind: the rows related to a consultation (its paper),
# a meeting (its agenda items), an organization (members, meetings, items) or a location (meetings).
RELATED_CONSULTATION = "consultation"
RELATED_MEETING = "meeting-items"
RELATED_ORGANIZATION = "organization"
RELATED_LOCATION = "location"


def _pending():
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending


@contextmanager
def suspended():
    """Queue nothing while bulk loading; call `rebuild()` afterwards (as `load_demo` should).

    Outside a transaction every save would otherwise refresh its rows at once.
    """
    previous = getattr(_local, "suspended", False)
    _local.suspended = True
    try:
        yield
    finally:
        _local.suspended = previous


def schedule(kind, *pks):
    """Refresh these rows once the current transaction commits (at once outside a transaction)."""
    pks = {pk for pk in pks if pk is not None}
    if not pks or getattr(_local, "suspended", False):
        return
    _pending().setdefault(kind, set()).update(pks)
    # One callback per call: a callback registered in a savepoint that is rolled back is
    # dropped, so none may be relied on alone; `flush` does the work once and empties the queue.
    transaction.on_commit(flush, robust=True)


def _related(kind, pks):
    """The rows behind a change that names them only indirectly, looked up after commit
    (so that a save costs no query for the index inside its transaction)."""
    pks = list(pks)
    if kind == RELATED_CONSULTATION:
        return {Kind.PAPER: Consultation.objects.filter(pk__in=pks).values_list("paper_id", flat=True)}
    if kind == RELATED_MEETING:
        return {Kind.AGENDA_ITEM: AgendaItem.objects.filter(meeting__in=pks).values_list("pk", flat=True)}
    if kind == RELATED_ORGANIZATION:
        return {
            Kind.PERSON: Membership.objects.filter(organization__in=pks).values_list("person_id", flat=True),
            Kind.MEETING: Meeting.objects.filter(organization__in=pks).values_list("pk", flat=True),
            Kind.AGENDA_ITEM: AgendaItem.objects.filter(meeting__organization__in=pks).values_list("pk", flat=True),
        }
    if kind == RELATED_LOCATION:
        return {Kind.MEETING: Meeting.objects.filter(location__in=pks).values_list("pk", flat=True)}
    return {kind: pks}


def flush():
    """Refresh every scheduled row (run after commit)."""
    queued, _local.pending = _pending(), {}
    pending = {}
    for kind, pks in queued.items():
        for target, found in _related(kind, pks).items():
            pending.setdefault(target, set()).update(pk for pk in found if pk is not None)
    for kind, pks in pending.items():
        pks = sorted(pks)
        for start in range(0, len(pks), BATCH):
            refresh(kind, pks[start : start + BATCH])
