"""Full-text search of the portal over its search index (`portal.SearchDocument`).

The index holds only what the public sees (`portal.search_index`), so this module never
decides who may see what; everyone, logged in or not, searches the public portal.

On PostgreSQL a search is one `vector @@ websearch_to_tsquery('german', …)` over that table,
answered by its GIN index (no OR with unindexed expressions: the reference is part of the
vector, attachments are folded into their paper's vector). Hits are ranked with
`ts_rank` (weights: A reference and title, B text, C reasoning and attachments), the paper
whose reference is exactly the query first; `ts_headline` marks the words found, over
plain text whose words were kept apart when the markup was removed. The search page is
one statement (`search_page`), with the meetings and agenda items shown beside the papers:
written in SQL, as the ORM would compile a statement of this shape for longer than
PostgreSQL takes to answer it. The page sends it before it renders and reads it where it
first shows a result (`page_on_its_way`, in psycopg's pipeline mode), so that PostgreSQL
answers while the page's head is rendered. The caller's rechecks of the public's rules are querysets,
compiled into it once per process. SQLite (the demo) falls back to a case-insensitive
substring search over the same rows, with the ORM.
"""

import datetime as dt
import functools
import html
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat, JSONArray, RowNumber
from django.utils.safestring import mark_safe

from council.models import Location, Meeting, Organization
from lib.prepared import prepared_cursor
from portal.models import SearchDocument
from portal.search_index import excerpt_source_sql

CONFIG = "german"
SNIPPET_WORDS = 30
Kind = SearchDocument.Kind
# ts_headline marks hits with these private-use characters; the snippet is escaped as a
# whole afterwards and only then are they turned into <mark>, so no markup from the
# searched text can reach the page.
_START, _STOP = "\ue010", "\ue011"


def uses_postgres():
    return connection.vendor == "postgresql"


def _query(text):
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def _exact(text):
    """1 for the row whose reference is exactly the query ("B-7311/2021"), else 0."""
    return Case(When(reference__iexact=text, then=Value(1)), default=Value(0), output_field=IntegerField())


def _matching(documents, text):
    """`documents` that match `text`, annotated with `rank` (0 on SQLite) and `exact`, unordered."""
    text = text.strip()
    documents = documents.annotate(exact=_exact(text))
    if uses_postgres():
        query = _query(text)
        return documents.filter(vector=query).annotate(rank=SearchRank(F("vector"), query))
    terms = fallback_terms(text)
    in_files = SearchDocument.objects.filter(
        kind=Kind.FILE, parent_kind=OuterRef("kind"), parent_id=OuterRef("object_id")
    ).filter(_every(terms, "title", "text"))
    found = _every(terms, "reference", "title", "summary", "text", "details") | Exists(in_files)
    return documents.filter(found).annotate(rank=Value(0.0))


ORDER = ("-exact", "-rank", "-date", "-pk")


def search_papers(text, body=None, papers=None):
    """Index rows of the public papers matching `text`, best first (the exact reference leads).

    `papers`, a Paper queryset, narrows the search (the portal's filters); without it the
    query touches the index alone.
    """
    documents = SearchDocument.objects.filter(kind=Kind.PAPER)
    if body is not None:
        documents = documents.filter(body=body)
    if papers is not None:
        documents = documents.filter(paper__in=papers.values("pk"))
    # The rows are sorted whole: leave the long columns out (the excerpts are a query of their own).
    return _matching(documents, text).defer("text", "details", "vector").order_by(*ORDER)


OTHER_KINDS = (Kind.PERSON, Kind.MEETING, Kind.AGENDA_ITEM)


@dataclass
class Found:
    """What one search statement found: a page of papers, each with its `snippet` and the
    `files_found` attached to it, how many papers match in all (None when the page came back
    empty: an empty page carries no count), and the best people, meetings and agenda items
    (kind -> rows, empty unless asked for; a meeting's and an agenda item's row carry the
    record as the page shows it, `shows`)."""

    papers: list
    total: int | None
    others: dict


@dataclass
class Hit:
    """A row found, as the search page shows it (the columns of `SearchDocument` it needs)."""

    id: int
    kind: str
    object_id: int
    paper_id: int | None
    reference: str
    title: str
    summary: str
    date: object
    snippet: str = ""
    files_found: list = field(default_factory=list)
    shows: object = None
    url: str = ""  # the page's link to the paper, set by the page


def search_page(text, body, *, shown, records, papers=None, offset=0, size=20, others=0):
    """`page_on_its_way`, read at once."""
    with page_on_its_way(
        text, body, shown=shown, records=records, papers=papers, offset=offset, size=size, others=others
    ) as read:
        return read()


@contextmanager
def page_on_its_way(text, body, *, shown, records, papers=None, offset=0, size=20, others=0):
    """Papers `offset` to `offset + size` matching `text` (best first, as `search_papers`), with
    their excerpts and the attachments the text was found in, their number, and with `others`
    the best `others` rows of each other kind, meetings and agenda items with their records.

    `shown` maps a kind to a function giving a condition on index rows ("the paper is still
    public"), `records` a kind to a function giving the records that may be shown (a
    queryset): a row that fails its condition, or whose record is not among them, is one the
    index has not yet let go of and is left out. They are the public's, the same for every
    request: each is compiled to SQL once per process (`_parts`). `papers` (a Paper
    queryset) narrows the papers. On PostgreSQL all of it is one statement: the index is read
    once for all kinds (one GIN scan), where a count, a page, the side results with their
    records, the excerpts and the attachments would each be a query of their own.

    The block is given a function returning what was found (`Found`). On PostgreSQL the
    statement is sent on entering and read when the function is first called: meanwhile the
    caller works on (the search page renders its head) while PostgreSQL answers. Until the
    block ends the connection is in pipeline mode, where any other query waits its turn
    behind this one; a server-side cursor (`QuerySet.iterator()`) cannot be opened there
    (psycopg refuses it). On SQLite the function searches when called.
    """
    text = text.strip()
    if not uses_postgres():
        yield lambda: _page_by_substrings(text, body, shown, records, papers, offset, size, others)
        return
    with _page_in_one_statement(text, body, shown, records, papers, offset, size, others) as read:
        yield read


def _page_by_substrings(text, body, shown, records, papers, offset, size, others):
    found = _page_of_rows(text, body, papers, offset, size, others)
    found.papers = _fallback_snippets(found.papers, text, shown[Kind.PAPER]())
    in_files = _fallback_attachments(found.papers, text)
    for document in found.papers:
        document.files_found = in_files.get(document.pk, [])
    _fallback_records(found.others, records)
    return found


def _page_of_rows(text, body, papers, offset, size, others):
    """The page of index rows, their number and the side rows, without excerpts (SQLite)."""
    kinds = [Kind.PAPER, *(OTHER_KINDS if others else ())]
    documents = SearchDocument.objects.filter(body=body, kind__in=kinds)
    if papers is not None:
        documents = documents.filter(~Q(kind=Kind.PAPER) | Q(paper__in=papers.values("pk")))
    order = [F(name[1:]).desc() for name in ORDER]
    rows = (
        _matching(documents, text)
        .defer("text", "details", "vector")
        .annotate(
            row=Window(RowNumber(), partition_by=[F("kind")], order_by=order),
            found=Window(Count("*"), partition_by=[F("kind")]),
        )
        .filter(Q(kind=Kind.PAPER, row__gt=offset, row__lte=offset + size) | (~Q(kind=Kind.PAPER) & Q(row__lte=others)))
    )
    found = Found(papers=[], total=None, others={kind: [] for kind in OTHER_KINDS})
    for row in sorted(rows, key=lambda row: row.row):
        if row.kind == Kind.PAPER:
            found.papers.append(row)
            found.total = row.found
        else:
            found.others[row.kind].append(row)
    return found


# The page as one statement: the rows matching (`hits`, over the GIN index), numbered per kind
# in the order of ORDER (`ranked`), and for the rows of the page the excerpt (from the passage
# the words are found in, `_excerpt`) and the attached files found, each with its own excerpt,
# and for the meetings and agenda items shown what the page shows of them (`{records}`).
# `{papers}` narrows the papers, `{shown}` rechecks the papers' visibility, `{records}` reads
# only the records the public may see: all compiled from querysets; the outer row is
# "portal_searchdocument" itself so that a compiled condition can name its columns. What is the same for every search of a Body is written into the text
# (`_parts`, and the Body's id), so that without filters only the term and the page are
# parameters and each Body's text is prepared once per connection (`lib.prepared`). PostgreSQL
# then keeps one plan per Body, the plan it would make for any term (the term's tsquery comes
# from the CTE `query`, which it never sees into while planning). With the Body a parameter
# too, that one plan was made for an average Body: in a Body holding nearly all rows a word
# found in few of them took 6 ms instead of 1.
_PAGE_SQL = """
WITH query AS (
    SELECT websearch_to_tsquery({config}::regconfig, %(text)s) AS q,
           (SELECT string_agg('''' || replace(replace(w, '\\', '\\\\'), '''', '''''') || '''', ' | ')::tsquery
            FROM unnest(tsvector_to_array(to_tsvector({config}::regconfig, %(text)s))) AS w) AS words
),
hits AS (
    SELECT d.id, d.kind, d.object_id, d.paper_id, d.reference, d.title, d.summary, d.date,
           UPPER(d.reference::text) = UPPER(%(text)s) AS exact, ts_rank(d.vector, query.q) AS rank
    FROM portal_searchdocument d, query
    WHERE d.body_id = {body} AND d.kind IN ({kinds}) AND d.vector @@ query.q {papers}
),
ranked AS (
    SELECT hits.*,
           ROW_NUMBER() OVER (PARTITION BY kind ORDER BY exact DESC, rank DESC, date DESC, id DESC) AS row,
           COUNT(*) OVER (PARTITION BY kind) AS found
    FROM hits
)
SELECT ranked.id, ranked.kind, ranked.object_id, ranked.paper_id, ranked.reference, ranked.title,
       ranked.summary, ranked.date, ranked.found, {shown} AS shown,
       CASE WHEN ranked.kind = {paper} THEN {excerpt} END AS headline,
       CASE WHEN ranked.kind = {paper} THEN (
           SELECT json_agg(json_build_array(f.title, f.summary, {file_excerpt})
                           ORDER BY f.title, f.id)
           FROM portal_searchdocument f
           WHERE f.kind = {file} AND f.parent_kind = ranked.kind AND f.parent_id = ranked.object_id
             AND f.vector @@ query.q) END AS files,
       {records} AS record
FROM query, ranked JOIN portal_searchdocument ON portal_searchdocument.id = ranked.id
WHERE (ranked.kind = {paper} AND ranked.row > %(offset)s AND ranked.row <= %(end)s)
   OR (ranked.kind <> {paper} AND ranked.row <= %(others)s)
ORDER BY ranked.row
"""


def _excerpt(row, config, options):
    """SQL: the excerpt of the index row `row` (an alias), marked by `ts_headline` (`config` and
    `options` as SQL literals), cut from one passage: the first that matches the query
    (`query.q`), else the first holding any of its words (`query.words`: the words of a match
    may stand in different passages), marked where they stand, else the first; from all of the
    row's text where it has no passages. The passages' vectors are read in one pass (an array
    read element by element would be read whole again for each)."""
    source = excerpt_source_sql(row)
    return f"""COALESCE((
           SELECT ts_headline({config}::regconfig,
                              substr({source}, s.starts[s.i] + 1, COALESCE(s.starts[s.i + 1], 2147483647) - s.starts[s.i]),
                              CASE WHEN s.whole THEN query.q ELSE COALESCE(query.words, query.q) END, {options})
           FROM (SELECT {row}.passage_starts AS starts, COALESCE(b.whole, b.partial, 1) AS i, b.whole IS NOT NULL AS whole
                 FROM (SELECT min(u.i) FILTER (WHERE u.vector @@ query.q) AS whole,
                              min(u.i) FILTER (WHERE u.vector @@ query.words) AS partial
                       FROM unnest({row}.passages) WITH ORDINALITY AS u(vector, i)) AS b) AS s
       ), ts_headline({config}::regconfig, {source}, query.q, {options}))"""


def _condition_sql(queryset):
    """The WHERE of `queryset` (over SearchDocument) as SQL naming "portal_searchdocument", with its params."""
    query = queryset.query
    compiler = query.get_compiler(connection=connection)
    return compiler.compile(query.where)


# What the search page shows of a side row's record, read as one JSON array (`_record`).
RECORD_FIELDS = {
    Kind.MEETING: (
        "id",
        "start",
        "state",
        "organization_id",
        "organization__name",
        "location_id",
        "location__description",
    ),
    Kind.AGENDA_ITEM: ("meeting_id", "meeting__start", "meeting__organization__name", "number", "name", "result"),
}


@dataclass(frozen=True)
class AgendaItemShown:
    """What the search page shows of an agenda item found: its RECORD_FIELDS. (A meeting found
    is a Meeting with those fields loaded, for the portal's meeting list it is shown in.)"""

    id: int
    meeting_id: int
    start: dt.datetime  # the meeting's
    organization: str  # the meeting's Gremium
    number: str
    name: str
    result: str

    @classmethod
    def of(cls, item):
        """From an AgendaItem with its meeting and the meeting's organization."""
        meeting = item.meeting
        return cls(
            item.pk, item.meeting_id, meeting.start, meeting.organization.name, item.number, item.name, item.result
        )


def _record_sql(kind, records):
    """The subquery giving an index row's record of `kind` as RECORD_FIELDS, from `records` (a
    queryset: the records that may be shown; none where the row's record is not among them)."""
    record = records.filter(pk=OuterRef("object_id")).order_by().values(record=JSONArray(*RECORD_FIELDS[kind]))
    query = SearchDocument.objects.all().query
    return query.get_compiler(connection=connection).compile(Subquery(record).resolve_expression(query))


def _literal(sql, params=()):
    """`sql` with `params` written in, for the text of a statement that still has placeholders."""
    return connection.ops.compose_sql(sql, params).replace("%", "%%")


_composed = {}


def _parts(shown, records):
    """The parts of the page's statement that are the same for every search with these rechecks
    and records, as SQL text; composed once per process.

    Compiling the ORM's subqueries took longer than the search's statement runs. The
    conditions passed are the public's and hold no moment or user (tests/portal/test_search.py
    compiles them at two moments and compares).
    """
    key = (*sorted(shown.items()), *sorted(records.items()))
    if key not in _composed:
        rechecks = [
            f"WHEN ranked.kind = {_literal('%s', [kind.value])} "
            f"THEN {_literal(*_condition_sql(SearchDocument.objects.filter(condition())))}"
            for kind, condition in sorted(shown.items())
        ]
        reads = [
            f"WHEN ranked.kind = {_literal('%s', [kind.value])} THEN ({_literal(*_record_sql(kind, listed()))})::text"
            for kind, listed in sorted(records.items())
        ]
        options = ", ".join(connection.ops.compose_sql(f"{name}=%s", [value]) for name, value in HEADLINE.items())
        config, options = _literal("%s", [CONFIG]), _literal("%s", [options])
        _composed[key] = {
            "config": config,
            "excerpt": _excerpt("portal_searchdocument", config, options),
            "file_excerpt": _excerpt("f", config, options),
            "paper": _literal("%s", [Kind.PAPER.value]),
            "file": _literal("%s", [Kind.FILE.value]),
            "all_kinds": ", ".join(_literal("%s", [kind.value]) for kind in (Kind.PAPER, *OTHER_KINDS)),
            "shown": f"CASE {' '.join(rechecks)} ELSE TRUE END" if rechecks else "TRUE",
            "records": f"CASE {' '.join(reads)} END" if reads else "NULL",
        }
    return _composed[key]


@contextmanager
def _page_in_one_statement(text, body, shown, records, papers, offset, size, others):
    """Without filters the statement's text is the same for every search of the Body, and is
    prepared (`lib.prepared`); with them it varies with the filters chosen and is planned for
    each. Sent in a pipeline (psycopg's), read by the function the block is given."""
    parts = _parts(shown, records)
    params = {"text": text, "offset": offset, "end": offset + size, "others": others}
    papers_sql = ""
    if papers is not None:
        sql, sql_params = papers.values("pk").query.sql_with_params()
        papers_sql = f"AND (d.kind <> {parts['paper']} OR d.paper_id IN ({_named(sql, sql_params, 'papers', params)}))"
    kinds = parts["all_kinds"] if others else parts["paper"]
    statement = _PAGE_SQL.format(**parts, body=int(body.pk), kinds=kinds, papers=papers_sql)
    with prepared_cursor() if papers is None else connection.cursor() as cursor, connection.connection.pipeline():
        cursor.execute(statement, params)
        yield functools.cache(lambda: _found_in(cursor, records))


def _found_in(cursor, records):
    """What the page's statement found, from its rows."""
    found = Found(papers=[], total=None, others={kind: [] for kind in OTHER_KINDS})
    for row in cursor:
        id, kind, object_id, paper_id, reference, title, summary, date, total, shown, headline, files, record = row
        hit = Hit(id, kind, object_id, paper_id, reference, title, summary, date)
        if kind != Kind.PAPER:
            if kind in records:
                if record is None:
                    continue  # not (or no longer) the public's
                hit.shows = _record(kind, object_id, record)
            found.others[kind].append(hit)
            continue
        found.total = total
        if not shown:
            continue
        hit.snippet = _snippet(headline)
        hit.files_found = [
            Hit(None, Kind.FILE, None, paper_id, "", title, summary, None, snippet=_snippet(excerpt))
            for title, summary, excerpt in files or ()
        ]
        found.papers.append(hit)
    return found


def _record(kind, object_id, record):
    """The meeting or agenda item of a side row, as much of it as the search page shows, from its
    RECORD_FIELDS (JSON text: Django's connections leave jsonb undecoded)."""
    record = json.loads(record)
    if kind == Kind.AGENDA_ITEM:
        meeting_id, start, organization, number, name, result = record
        return AgendaItemShown(
            object_id, meeting_id, dt.datetime.fromisoformat(start), organization, number, name, result
        )
    meeting_id, start, state, organization_id, organization, location_id, location = record
    meeting = _loaded(
        Meeting, id=meeting_id, start=dt.datetime.fromisoformat(start), state=state, organization_id=organization_id
    )
    meeting.organization = _loaded(Organization, id=organization_id, name=organization)
    meeting.location = _loaded(Location, id=location_id, description=location) if location_id else None
    return meeting


def _loaded(model, **values):
    """A `model` instance with only these fields loaded, as the ORM builds one from a row of them."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(None, names, [values[name] for name in names])


def _named(sql, params, prefix, named):
    """`sql` compiled with positional placeholders, its placeholders named `prefix<n>` (into `named`)."""
    parts = sql.split("%s")
    assert len(parts) == len(params) + 1, sql
    names = [f"{prefix}{index}" for index in range(len(params))]
    named.update(zip(names, params, strict=True))
    return parts[0] + "".join(f"%({name})s{part}" for name, part in zip(names, parts[1:], strict=True))


def _snippet(headline):
    """An excerpt of `ts_headline` as markup, or "" where it marked no word. The indexed text is
    plain: all of it is escaped once, then only our sentinels are turned into markup."""
    if _START not in headline:
        return ""
    escaped = html.escape(" ".join(headline.split()), quote=True)
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))


HEADLINE = {
    "StartSel": _START,
    "StopSel": _STOP,
    "MaxWords": SNIPPET_WORDS,
    "MinWords": 12,
    "MaxFragments": 2,
    "FragmentDelimiter": " … ",
}


def _fallback_snippets(documents, text, shown):
    """The substring search's page (SQLite): each row with its `snippet`, the rows that fail
    `shown` left out, in one query."""
    if not documents:
        return []
    rows = SearchDocument.objects.filter(pk__in=[document.pk for document in documents]).filter(shown)
    plain = Concat("text", Value(" "), "details", output_field=TextField())
    texts = dict(rows.annotate(plain=plain).values_list("pk", "plain"))
    documents = [document for document in documents if document.pk in texts]
    for document in documents:
        raw = texts[document.pk].strip()
        document.snippet = _fallback_snippet(raw, text) if _contains_any(raw, text) else ""
    return documents


def _fallback_attachments(documents, text):
    """The substring search's attachments (SQLite): parent row pk -> the files attached to it in
    which `text` was found, each with its `snippet`."""
    by_parent = {(document.kind, document.object_id): document.pk for document in documents}
    if not by_parent:
        return {}
    condition = Q()
    for kind in {kind for kind, _ in by_parent}:
        condition |= Q(parent_kind=kind, parent_id__in=[pk for parent_kind, pk in by_parent if parent_kind == kind])
    files = SearchDocument.objects.filter(kind=Kind.FILE).filter(
        condition, _every(fallback_terms(text), "title", "text")
    )
    hits = {}
    for file in files.order_by("title", "pk"):
        file.snippet = _fallback_snippet(file.text, text) if _contains_any(file.text, text) else ""
        hits.setdefault(by_parent[(file.parent_kind, file.parent_id)], []).append(file)
    return hits


def _fallback_records(others, records):
    """The substring search's side rows (SQLite) with the record each stands for (`shows`), those
    whose record is not among `records` left out; a query per kind found."""
    related = {Kind.MEETING: ("organization", "location"), Kind.AGENDA_ITEM: ("meeting__organization",)}
    for kind, listed in records.items():
        rows = others.get(kind)
        if not rows:
            continue
        found = listed().select_related(*related[kind]).in_bulk([row.object_id for row in rows])
        others[kind] = [row for row in rows if row.object_id in found]
        for row in others[kind]:
            record = found[row.object_id]
            row.shows = AgendaItemShown.of(record) if kind == Kind.AGENDA_ITEM else record


def fallback_terms(text):
    """The words of `text`, a "quoted phrase" kept as one term, as the substring search looks for them."""
    text = text.replace("„", '"').replace("“", '"').replace("”", '"')
    phrases = [" ".join(phrase.split()) for phrase in re.findall(r'"([^"]*)"', text)]
    words = re.sub(r'"[^"]*"', " ", text).replace('"', " ").split()
    return [term for term in phrases + words if term] or [text]


def _every(terms, *fields):
    """Each term in at least one of `fields` (the fallback's AND of words, like websearch on PostgreSQL)."""
    condition = Q()
    for term in terms:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        condition &= any_field
    return condition


def _contains_any(plain, text):
    lowered = plain.lower()
    return any(term.lower() in lowered for term in fallback_terms(text))


def _fallback_snippet(plain, text, width=160):
    plain = " ".join(html.unescape(plain).replace(_START, "").replace(_STOP, "").split())
    words = fallback_terms(text)
    position = -1
    for word in words:
        position = plain.lower().find(word.lower())
        if position >= 0:
            break
    if position < 0:
        excerpt = plain[:width]
        return html.escape(excerpt) + (" …" if len(plain) > width else "")
    start = max(0, position - width // 3)
    if start:
        # Begin the excerpt at a word, not inside one.
        space = plain.find(" ", start, position)
        start = space + 1 if space >= 0 else start
    excerpt = plain[start : start + width]
    escaped = html.escape(excerpt)
    for word in words:
        escaped = re.sub(f"({re.escape(html.escape(word))})", r"<mark>\1</mark>", escaped, flags=re.IGNORECASE)
    return mark_safe(("… " if start else "") + escaped + (" …" if start + width < len(plain) else ""))
