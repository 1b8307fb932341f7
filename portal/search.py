"""Full-text search of the portal: papers (with the text of their attachments), meetings
and agenda items.

On PostgreSQL the German text configuration ranks hits (`ts_rank`) and marks the words
found (`ts_headline`); the vectors below are the very expressions the GIN indexes of
migration `portal.0001` are built on, so the planner can use them. SQLite (the demo)
falls back to a case-insensitive substring search.

Every function takes querysets that are already cut down by `council.visibility`; this
module never decides who may see what.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.safestring import mark_safe

from resolutions.richtext import to_plain_text

CONFIG = "german"
SNIPPET_WORDS = 30
# ts_headline marks hits with these private-use characters; the snippet is escaped as a
# whole afterwards and only then are they turned into <mark>, so no markup from the
# searched text can reach the page.
_START, _STOP = "\ue010", "\ue011"


def uses_postgres():
    return connection.vendor == "postgresql"


def paper_vector():
    return (
        SearchVector("reference", "name", config=CONFIG, weight="A")
        + SearchVector("resolution_text", config=CONFIG, weight="B")
        + SearchVector("reasoning", config=CONFIG, weight="C")
    )


def file_vector():
    return SearchVector("name", "text", config=CONFIG)


def agenda_item_vector():
    return SearchVector("name", "resolution_text", config=CONFIG)


def _query(text):
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def search_papers(papers, files, text):
    """Papers matching `text` in their own fields or in one of the (visible) `files`.

    A paper whose reference is exactly `text` ("B-7311/2021") comes first, then by rank.
    Each result carries `in_attachment` and raw headlines (see `snippet`).
    """
    text = text.strip()
    exact = Case(When(reference__iexact=text, then=Value(1)), default=Value(0), output_field=IntegerField())
    if uses_postgres():
        query = _query(text)
        in_files = files.filter(paper=OuterRef("pk")).annotate(vector=file_vector()).filter(vector=query)
        return (
            papers.annotate(vector=paper_vector(), exact=exact, in_attachment=Exists(in_files))
            .filter(Q(vector=query) | Q(reference__iexact=text) | Q(in_attachment=True))
            .annotate(
                rank=SearchRank(paper_vector(), query),
                headline=SearchHeadline(
                    "reasoning",
                    query,
                    config=CONFIG,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=SNIPPET_WORDS,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
                resolution_headline=SearchHeadline(
                    "resolution_text",
                    query,
                    config=CONFIG,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=SNIPPET_WORDS,
                    min_words=12,
                ),
            )
            .order_by("-exact", "-rank", "-date", "-id")
        )
    terms = fallback_terms(text)
    in_files = files.filter(paper=OuterRef("pk")).filter(_every(terms, "name", "text"))
    matches = _every(terms, "reference", "name", "resolution_text", "reasoning") | Q(in_attachment=True)
    return (
        papers.annotate(exact=exact, in_attachment=Exists(in_files)).filter(matches).order_by("-exact", "-date", "-id")
    )


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


def search_meetings(meetings, text):
    text = text.strip()
    if uses_postgres():
        query = _query(text)
        vector = SearchVector("name", "organization__name", "location__description", config=CONFIG)
        return (
            meetings.annotate(vector=vector)
            .filter(vector=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-start")
        )
    return meetings.filter(_every(fallback_terms(text), "name", "organization__name")).order_by("-start")


def search_agenda_items(items, text):
    """Agenda items (already limited to those whose details are visible) by title and decided text."""
    text = text.strip()
    if uses_postgres():
        query = _query(text)
        return (
            items.annotate(vector=agenda_item_vector())
            .filter(vector=query)
            .annotate(rank=SearchRank(agenda_item_vector(), query))
            .order_by("-rank", "-meeting__start")
        )
    return items.filter(_every(fallback_terms(text), "name", "resolution_text")).order_by("-meeting__start")


def snippet(paper, text):
    """A short excerpt of the paper with the words found marked, safe to put in a page."""
    for raw in (getattr(paper, "resolution_headline", None), getattr(paper, "headline", None)):
        if raw and _START in raw:
            return _render_headline(raw)
    return _fallback_snippet(to_plain_text(paper.resolution_text) + " " + to_plain_text(paper.reasoning), text)


def _render_headline(raw):
    # ts_headline cuts the text anywhere, also inside tags: strip them, undo entities,
    # then escape everything once and turn only our own sentinels into markup.
    plain = html.unescape(re.sub(r"<[^>]*>?", " ", raw))
    plain = " ".join(plain.split())
    escaped = html.escape(plain, quote=True)
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))


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
