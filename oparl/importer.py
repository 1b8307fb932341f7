"""Importing Bodies from an OParl 1.0 or 1.1 endpoint (what ALLRIS, SessionNet and others publish).

- Every Body of a System is imported (`import_bodies`), or the one named by its OParl
  id or slug; each gets its own `Report`.

- Idempotent: every imported record is remembered by its OParl id (`ExternalId`); seen
  again, it is updated (and saved only when something changed), never duplicated.
- Resumable: the page each list was read last is kept in `ImportProgress`; a run that
  stopped continues there. A run that finishes clears it, so the next one reads all.
- Tolerant: missing optional fields get defaults, unknown fields are ignored, and a
  broken object or link is reported in `Report.warnings` and skipped; the run goes on.

Like Meine Stadt Transparent, it reads the Body's 1.0 lists (organization, person,
meeting, paper) and takes memberships, agenda items, consultations, files and
locations from the objects they are embedded in.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from council.models import Body, Meeting, Organization, Person
from oparl import reading as read
from oparl.fetching import FetchError, Progress, fetch_json, urllib_fetch
from oparl.import_council import CouncilRecords
from oparl.import_papers import PaperRecords
from oparl.models import ExternalId, ImportProgress
from oparl.reading import Skip
from resolutions.models import Paper

LISTS = ("organization", "person", "meeting", "paper")
LIST_MODELS = {"organization": Organization, "person": Person, "meeting": Meeting, "paper": Paper}


@dataclass
class Report:
    body: Body | None = None
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    warnings: list = field(default_factory=list)
    finished: bool = False

    def summary(self):
        """The report as plain data (what the import task returns through the result backend)."""
        return {
            "body": self.body.name if self.body else "",
            "slug": self.body.slug if self.body else "",
            "created": dict(self.created),
            "updated": dict(self.updated),
            "deleted": dict(self.deleted),
            "warnings": list(self.warnings),
            "finished": self.finished,
        }


class Importer(CouncilRecords, PaperRecords):
    """Reads one Body with its lists; the object types live in CouncilRecords and PaperRecords."""

    def __init__(self, fetch=None, write=None, slug=None, report=None):
        self.fetch = fetch or urllib_fetch
        self.slug = slug
        self.progress = Progress(write, report)
        self.report = Report()
        self.body = None
        self._ids = {}  # (model, oparl id) -> pk, for this run
        self._related = []  # (paper pk, related and superordinated paper URLs), resolved at the end
        self._item_consultations = []  # (agenda item pk, consultation URL), resolved at the end

    # --- the run ---------------------------------------------------------------------------

    def run(self, body_data):
        """Import one Body from its OParl object (as found by `find_bodies`)."""
        self.body = self._body(body_data)
        self.report.body = self.body
        source = body_data["id"]
        finished = True
        for name in LISTS:
            finished &= self._read_list(source, name, read.url(body_data.get(name)))
        self._link_related_papers()
        self._link_agenda_item_consultations()
        self.report.finished = finished
        if finished:
            ImportProgress.objects.filter(source=source).delete()
        return self.report

    def warn(self, message):
        self.report.warnings.append(message)

    def _get(self, url):
        return fetch_json(self.fetch, url)

    def _read_list(self, source, name, url):
        """Read one external list page by page, from where the last run stopped. True when complete."""
        if url is None:
            self.warn(f"Die Körperschaft nennt keine Liste „{name}“.")
            return True
        progress, _ = ImportProgress.objects.get_or_create(source=source, list_name=name)
        if progress.finished:
            return True
        page_url, seen, done = progress.next_url or url, set(), 0
        while page_url and page_url not in seen:
            seen.add(page_url)
            try:
                page = self._get(page_url)
            except FetchError as problem:
                self.warn(f"Liste „{name}“ abgebrochen, der nächste Aufruf setzt hier fort: {problem}")
                self.progress.done()
                return False
            items = read.objects(page.get("data"))
            total = (page.get("pagination") or {}).get("totalElements")
            for item in items:
                self._import(name, item)
                done += 1
                self.progress.show(name, done, total if isinstance(total, int) else None)
            page_url = read.url((page.get("links") or {}).get("next"))
            progress.next_url = page_url or ""
            progress.finished = page_url is None
            progress.save()
        self.progress.done()
        return True

    def _import(self, name, data):
        """One object of a list, in its own savepoint: a broken object is reported and skipped."""
        if isinstance(data, str):
            data = self._fetch_object(data)
            if data is None:
                return None
        oparl_id = read.url(data.get("id"))
        if oparl_id is None:
            self.warn(f"Ein Objekt der Liste „{name}“ hat keine id und wird übersprungen.")
            return None
        if data.get("deleted"):
            self._delete(LIST_MODELS[name], oparl_id)
            return None
        try:
            with transaction.atomic():
                return getattr(self, f"_{name}")(data)
        except (Skip, DatabaseError, ValueError, TypeError, KeyError, AttributeError) as problem:
            self.warn(f"{oparl_id}: übersprungen ({problem})")
            return None

    def _fetch_object(self, url):
        try:
            return self._get(url)
        except FetchError as problem:
            self.warn(f"Verweis nicht lesbar, übersprungen: {problem}")
            return None

    # --- remembering OParl ids -------------------------------------------------------------------

    def _known(self, model, oparl_id):
        if not oparl_id:
            return None
        key = (model, oparl_id)
        if key not in self._ids:
            self._ids[key] = (
                ExternalId.objects.filter(
                    body=self.body, oparl_id=oparl_id, content_type=ContentType.objects.get_for_model(model)
                )
                .values_list("object_id", flat=True)
                .first()
            )
        pk = self._ids[key]
        return model.objects.filter(pk=pk).first() if pk else None

    def _remember(self, oparl_id, record):
        ExternalId.objects.update_or_create(
            body=self.body,
            oparl_id=oparl_id,
            defaults={"content_type": ContentType.objects.get_for_model(type(record)), "object_id": record.pk},
        )
        self._ids[(type(record), oparl_id)] = record.pk

    def _upsert(self, model, oparl_id, fields):
        """Create or update the record of an OParl id; save only when something changed."""
        record = self._known(model, oparl_id)
        name = model._meta.model_name
        if record is None:
            record = model(**fields)
            record.save()
            self._remember(oparl_id, record)
            self.report.created[name] += 1
        elif any(getattr(record, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(record, key, value)
            record.save()
            self.report.updated[name] += 1
        return record

    def _delete(self, model, oparl_id):
        record = self._known(model, oparl_id)
        if record is None:
            return
        try:
            with transaction.atomic():
                record.delete()
            self.report.deleted[model._meta.model_name] += 1
        except ProtectedError:
            self.warn(f"{oparl_id}: an der Quelle gelöscht, hier noch in Gebrauch und daher behalten.")

    def _resolve(self, model, url, importer=None):
        """The local record of a reference; unknown ones are fetched and imported when possible."""
        record = self._known(model, url)
        if record is None and url and importer is not None:
            data = self._fetch_object(url)
            if data is not None and not data.get("deleted"):
                try:
                    with transaction.atomic():
                        record = importer(data)
                except (Skip, DatabaseError, ValueError, TypeError, KeyError, AttributeError) as problem:
                    self.warn(f"{url}: übersprungen ({problem})")
        return record

    def _unique(self, model, field_name, value, exclude_pk, max_length, **scope):
        """`value`, or `value (2)`, `value (3)`… when another record of the scope has it."""
        candidate, n = value, 1
        while model.objects.filter(**scope, **{field_name: candidate}).exclude(pk=exclude_pk).exists():
            n += 1
            suffix = f" ({n})"
            candidate = value[: max_length - len(suffix)] + suffix
        return candidate

    # --- object types ------------------------------------------------------------------------------

    def _nested(self, importer, data, *args):
        """An embedded object in its own savepoint, so one broken one does not lose its parent."""
        if not read.url(data.get("id")):
            self.warn(f"Ein eingebettetes {read.type_name(data) or 'Objekt'} ohne id wird übersprungen.")
            return None
        try:
            with transaction.atomic():
                return importer(data, *args)
        except (Skip, DatabaseError, ValueError, TypeError, KeyError, AttributeError) as problem:
            self.warn(f"{data.get('id')}: übersprungen ({problem})")
            return None


class ImportRefused(Exception):
    """A request the importer cannot follow (a Body that is not there, a slug for several Bodies)."""


def find_bodies(url, fetch=None):
    """The Body objects behind an OParl System or Body URL (every page of the System's body list)."""
    fetch = fetch or urllib_fetch
    data = fetch_json(fetch, url)
    if read.type_name(data) == "System":
        data = fetch_json(fetch, read.url(data.get("body")) or "")
    if "data" not in data:
        if read.type_name(data) != "Body" or not read.url(data.get("id")):
            raise FetchError(f"{url}: weder System noch Körperschaft (Body)")
        return [data]
    bodies, seen = [], set()
    while True:
        for item in read.objects(data.get("data")):
            item = fetch_json(fetch, item) if isinstance(item, str) else item
            if read.type_name(item) == "Body" and read.url(item.get("id")):
                bodies.append(item)
        next_url = read.url((data.get("links") or {}).get("next"))
        if next_url is None or next_url in seen:
            break
        seen.add(next_url)
        data = fetch_json(fetch, next_url)
    if not bodies:
        raise FetchError(f"{url}: die Liste der Körperschaften ist leer")
    return bodies


def _source_slugs(data):
    """The names a Body of the source goes by: slugs of its short name and name, the last part of its web URL."""
    names = {slugify(read.text(data.get(key))) for key in ("shortName", "name")}
    web = read.url(data.get("web"))
    if web:
        names.add(web.rstrip("/").rsplit("/", 1)[-1])
    return names - {""}


def _is_named(data, wanted):
    """Does `wanted` (an OParl id or a slug of the source) name this Body?"""
    return wanted in (data.get("id"), read.url(data.get("id"))) or wanted in _source_slugs(data)


def _chosen_bodies(url, body, fetch, slug):
    found = find_bodies(url, fetch)
    if body:
        chosen = [data for data in found if _is_named(data, body)]
        if not chosen:
            offered = "; ".join(f"{data['id']} ({read.text(data.get('name'))})" for data in found)
            raise ImportRefused(f"{url}: keine Körperschaft „{body}“. Vorhanden: {offered}")
        found = chosen[:1]
    if slug and len(found) > 1:
        raise ImportRefused(
            f"{url}: {len(found)} Körperschaften, ein Kurzname (--slug) passt nur zu einer; "
            "eine mit --body wählen (OParl-id oder Kurzname)."
        )
    return found


def import_bodies(url, *, body=None, fetch=None, write=None, slug=None, report=None):
    """Import (or update) every Body behind an OParl System or Body URL; returns a Report per Body.

    `body` (an OParl id or a slug) picks one Body of a System. `slug` names the copy here
    and so fits one Body only. `write` gets a progress bar as text, `report(list name,
    done, total)` each step.
    """
    fetch = fetch or urllib_fetch
    return [
        Importer(fetch=fetch, write=write, slug=slug, report=report).run(data)
        for data in _chosen_bodies(url, body, fetch, slug)
    ]


def import_body(url, *, body=None, fetch=None, write=None, slug=None, report=None):
    """Import (or update) one Body: the Body of a Body URL, or the one of a System named by `body`."""
    fetch = fetch or urllib_fetch
    found = _chosen_bodies(url, body, fetch, slug)
    if len(found) > 1:
        raise ImportRefused(f"{url}: {len(found)} Körperschaften; eine mit `body` wählen.")
    return Importer(fetch=fetch, write=write, slug=slug, report=report).run(found[0])
