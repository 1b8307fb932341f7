"""Importing a Body from an OParl 1.0 or 1.1 endpoint (what ALLRIS, SessionNet and others publish).

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

import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import CharField, F, ProtectedError, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.text import slugify

from council.models import AgendaItem, Body, LegislativeTerm, Location, Meeting, Membership, Organization, Person
from oparl import reading as read
from oparl.fetching import FetchError, Progress, fetch_json, urllib_fetch
from oparl.models import ExternalId, ImportProgress
from oparl.reading import PAPER_RESULTS, RESULTS, ROLES, STATES
from oparl.serializers import TZ
from resolutions.files import sha512, store_file
from resolutions.models import Consultation, File, Paper, PaperType

LISTS = ("organization", "person", "meeting", "paper")
LIST_MODELS = {"organization": Organization, "person": Person, "meeting": Meeting, "paper": Paper}
FALLBACK_DEPARTMENT = "Federführung unbekannt (Import)"


@dataclass
class Report:
    body: Body | None = None
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    warnings: list = field(default_factory=list)
    finished: bool = False


class Skip(Exception):
    """An object that cannot be imported; the message says why."""


class Importer:
    def __init__(self, fetch=None, write=None, slug=None):
        self.fetch = fetch or urllib_fetch
        self.slug = slug
        self.progress = Progress(write)
        self.report = Report()
        self.body = None
        self._ids = {}  # (model, oparl id) -> pk, for this run
        self._related = []  # (paper pk, related paper URLs), resolved at the end

    # --- the run ---------------------------------------------------------------------------

    def run(self, url):
        body_data = self._find_body(url)
        self.body = self._body(body_data)
        self.report.body = self.body
        source = body_data["id"]
        finished = True
        for name in LISTS:
            finished &= self._read_list(source, name, read.url(body_data.get(name)))
        self._link_related_papers()
        self.report.finished = finished
        if finished:
            ImportProgress.objects.filter(source=source).delete()
        return self.report

    def warn(self, message):
        self.report.warnings.append(message)

    def _get(self, url):
        return fetch_json(self.fetch, url)

    def _find_body(self, url):
        data = self._get(url)
        if read.type_name(data) == "System":
            data = self._get(read.url(data.get("body")) or "")
        if "data" in data:
            bodies = [item for item in read.objects(data.get("data")) if isinstance(item, dict)]
            if not bodies:
                raise FetchError(f"{url}: die Liste der Körperschaften ist leer")
            if len(bodies) > 1:
                self.warn(
                    f"{url}: {len(bodies)} Körperschaften, importiert wird die erste ({bodies[0].get('name')}); "
                    "eine andere über die URL ihres Body-Objekts importieren."
                )
            data = bodies[0]
        if read.type_name(data) != "Body" or not read.url(data.get("id")):
            raise FetchError(f"{url}: weder System noch Körperschaft (Body)")
        return data

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

    def _body(self, data):
        record = Body.objects.filter(
            oparl_ids__oparl_id=data["id"], oparl_ids__content_type=ContentType.objects.get_for_model(Body)
        ).first()
        if record is None and self.slug:
            record = Body.objects.filter(slug=self.slug).first()
        name = read.text(data.get("name"), 200) or read.text(data.get("shortName"), 200) or "Importierte Körperschaft"
        ags = re.sub(r"\D", "", read.text(data.get("ags")))
        if len(ags) == 7:
            ags = "0" + ags
        if ags and len(ags) != 8:
            self.warn(f"Gemeindeschlüssel „{data.get('ags')}“ ist kein 8-stelliger AGS und wird nicht übernommen.")
            ags = ""
        fields = {
            "short_name": read.text(data.get("shortName"), 50),
            "website": read.url(data.get("website")) or "",
            "contact_email": read.text(data.get("contactEmail"), 254)
            if "@" in read.text(data.get("contactEmail"))
            else "",
            "contact_name": read.text(data.get("contactName"), 200),
            "ags": ags,
        }
        if record is None:
            base = self.slug or slugify(fields["short_name"] or name)[:50] or "import"
            slug, n = base, 1
            while Body.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            record = Body(name=self._unique(Body, "name", name, None, 200), slug=slug, **fields)
            record.save()
            self.report.created["body"] += 1
        elif any(getattr(record, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(record, key, value)
            record.save()
            self.report.updated["body"] += 1
        self.body = record
        self._remember(data["id"], record)
        for term in read.objects(data.get("legislativeTerm")):
            term = self._fetch_object(term) if isinstance(term, str) else term
            if term is not None:
                self._nested(self._legislative_term, term)
        return record

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

    def _legislative_term(self, data):
        start = read.date(data.get("startDate"))
        if start is None:
            raise Skip("Wahlperiode ohne Beginn")
        end = read.date(data.get("endDate"))
        name = read.text(data.get("name"), 200) or f"Wahlperiode ab {start:%d.%m.%Y}"
        existing = self._known(LegislativeTerm, data["id"])
        return self._upsert(
            LegislativeTerm,
            data["id"],
            {
                "body_id": self.body.pk,
                "name": self._unique(
                    LegislativeTerm, "name", name, existing.pk if existing else None, 200, body=self.body
                ),
                "start_date": start,
                "end_date": end if end and end >= start else None,
            },
        )

    def _location(self, data):
        if isinstance(data, str):
            return self._resolve(Location, data, self._location)
        if not read.url(data.get("id")):
            return None
        parts = [read.text(data.get(key)) for key in ("room", "streetAddress", "locality")]
        description = (
            read.text(data.get("description"), 200) or ", ".join(part for part in parts if part)[:200] or "Ort"
        )
        return self._upsert(
            Location,
            data["id"],
            {
                "body_id": self.body.pk,
                "description": description,
                "street_address": read.text(data.get("streetAddress"), 200),
                "room": read.text(data.get("room"), 100),
                "postal_code": read.text(data.get("postalCode"), 10),
                "locality": read.text(data.get("locality"), 100),
            },
        )

    def _nested_location(self, value):
        if isinstance(value, str):
            return self._location(value)
        if isinstance(value, dict):
            return self._nested(self._location, value)
        return None

    def _organization(self, data):
        existing = self._known(Organization, data["id"])
        name = read.text(data.get("name"), 200) or read.text(data.get("shortName"), 200) or "Unbenanntes Gremium"
        start, end = read.date(data.get("startDate")), read.date(data.get("endDate"))
        location = self._nested_location(data.get("location"))
        return self._upsert(
            Organization,
            data["id"],
            {
                "body_id": self.body.pk,
                "name": self._unique(
                    Organization, "name", name, existing.pk if existing else None, 200, body=self.body
                ),
                "short_name": read.text(data.get("shortName"), 30),
                "kind": read.organization_kind(data),
                "classification": read.text(data.get("classification"), 100),
                "start_date": start,
                "end_date": end if not (start and end and end < start) else None,
                "website": read.url(data.get("website")) or "",
                "location_id": location.pk if location else None,
            },
        )

    def _person(self, data):
        family, given = read.text(data.get("familyName"), 100), read.text(data.get("givenName"), 100)
        if not family:
            words = read.text(data.get("name")).split()
            if not words:
                raise Skip("Person ohne Namen")
            family, given = words[-1][:100], given or " ".join(words[:-1])[:100]
        titles = [title for title in data.get("title") or [] if isinstance(title, str)]
        person = self._upsert(
            Person,
            data["id"],
            {
                "body_id": self.body.pk,
                "family_name": family,
                "given_name": given,
                "title": " ".join(titles)[:50],
                "form_of_address": read.text(data.get("formOfAddress"), 50),
                "affix": read.text(data.get("affix"), 50),
                "gender": read.text(data.get("gender"), 20),
            },
        )
        for item in read.objects(data.get("membership")):
            item = self._fetch_object(item) if isinstance(item, str) else item
            if item is not None:
                self._nested(self._membership, item, person)
        return person

    def _membership(self, data, person):
        organization = self._resolve(Organization, read.url(data.get("organization")), self._organization)
        if organization is None:
            raise Skip("Mitgliedschaft ohne lesbare Organisation")
        on_behalf_of = self._resolve(Organization, read.url(data.get("onBehalfOf")), self._organization)
        start, end = read.date(data.get("startDate")), read.date(data.get("endDate"))
        return self._upsert(
            Membership,
            data["id"],
            {
                "body_id": self.body.pk,
                "person_id": person.pk,
                "organization_id": organization.pk,
                "role": read.text(data.get("role"), 100) or "Mitglied",
                "voting_right": data.get("votingRight") is not False,
                "start_date": start,
                "end_date": end if not (start and end and end < start) else None,
                "on_behalf_of_id": on_behalf_of.pk if on_behalf_of else None,
            },
        )

    def _meeting(self, data):
        organization = None
        for url in read.urls(data.get("organization")):
            organization = self._resolve(Organization, url, self._organization)
            if organization:
                break
        if organization is None:
            raise Skip("Sitzung ohne lesbares Gremium")
        start = read.date_time(data.get("start"))
        if start is None:
            raise Skip("Sitzung ohne Beginn")
        end = read.date_time(data.get("end"))
        state = STATES.get(read.text(data.get("meetingState")).lower())
        if data.get("cancelled") is True:
            state = Meeting.State.CANCELLED
        elif state is None or state == Meeting.State.CANCELLED:
            state = Meeting.State.HELD if start < timezone.now() else Meeting.State.PLANNED
        existing = self._known(Meeting, data["id"])
        published = existing.invitation_published_at if existing else None
        if state == Meeting.State.INVITED and published is None:
            published = read.date_time(data.get("created")) or min(timezone.now(), start)
        location = self._nested_location(data.get("location"))
        meeting = self._upsert(
            Meeting,
            data["id"],
            {
                "body_id": self.body.pk,
                "organization_id": organization.pk,
                "name": read.text(data.get("name"), 250),
                "state": state,
                "start": start,
                "end": end if end and end >= start else None,
                "location_id": location.pk if location else None,
                "invitation_published_at": published,
            },
        )
        self._files(data.get("invitation"), File.Kind.INVITATION, meeting=meeting)
        self._files(data.get("resultsProtocol"), File.Kind.MINUTES, meeting=meeting)
        self._files(data.get("verbatimProtocol"), File.Kind.MINUTES, meeting=meeting)
        self._files(data.get("auxiliaryFile"), File.Kind.ATTACHMENT, meeting=meeting)
        self._agenda(meeting, [item for item in read.objects(data.get("agendaItem")) if isinstance(item, dict)])
        return meeting

    def _agenda(self, meeting, items):
        """The agenda of a meeting: orders and numbers stay unique, items removed at the source go."""
        planned, orders, numbers = [], set(), set()
        for index, item in enumerate(items):
            if not read.url(item.get("id")):
                self.warn(f"{meeting}: ein Tagesordnungspunkt ohne id wird übersprungen.")
                continue
            order = item["order"] + 1 if isinstance(item.get("order"), int) and item["order"] >= 0 else index + 1
            while order in orders:
                order += 1
            number = read.text(item.get("number"), 20) or str(order)
            while number in numbers:
                number = f"{number}*"[:20]
            orders.add(order)
            numbers.add(number)
            planned.append((item, order, number))
        targets = {}
        for item, order, number in planned:
            record = self._known(AgendaItem, item["id"])
            if record is not None and record.meeting_id == meeting.pk:
                targets[record.pk] = (order, number)
        imported = ExternalId.objects.filter(
            body=self.body, content_type=ContentType.objects.get_for_model(AgendaItem)
        ).values("object_id")
        for record in AgendaItem.objects.filter(meeting=meeting, pk__in=imported).exclude(pk__in=targets):
            record.delete()
            self.report.deleted["agendaitem"] += 1
        others = AgendaItem.objects.filter(meeting=meeting).exclude(pk__in=targets)
        if others.filter(Q(order__in=orders) | Q(number__in=numbers)).exists():
            self.warn(f"{meeting}: die Tagesordnung kollidiert mit hier angelegten Punkten und wird nicht übernommen.")
            return
        current = {
            pk: (order, number)
            for pk, order, number in AgendaItem.objects.filter(pk__in=targets).values_list("pk", "order", "number")
        }
        if current != targets:
            # Renumbered at the source: move ours out of the way first, so the unique constraints hold.
            AgendaItem.objects.filter(pk__in=targets).update(
                order=F("order") + 100000, number=Concat(Value("~"), Cast("pk", output_field=CharField()))
            )
        for item, order, number in planned:
            self._nested(self._agenda_item, item, meeting, order, number)

    def _agenda_item(self, data, meeting, order, number):
        public = data.get("public") is not False
        result = RESULTS.get(read.text(data.get("result")).lower(), "")
        if data.get("result") and not result:
            self.warn(f"{data['id']}: Ergebnis „{data['result']}“ unbekannt, nicht übernommen.")
        name = read.text(data.get("name"), 500) or ("nichtöffentlich" if not public else "(ohne Titel)")
        consultation = self._known(Consultation, read.url(data.get("consultation")))
        fields = {
            "body_id": self.body.pk,
            "meeting_id": meeting.pk,
            "number": number,
            "order": order,
            "name": name,
            "public": public,
            "result": result,
            "resolution_text": read.text(data.get("resolutionText")),
        }
        if consultation is not None:
            fields["consultation_id"] = consultation.pk
        item = self._upsert(AgendaItem, data["id"], fields)
        self._files(data.get("resolutionFile"), File.Kind.ATTACHMENT, agenda_item=item)
        self._files(data.get("auxiliaryFile"), File.Kind.ATTACHMENT, agenda_item=item)
        return item

    def _paper_type(self, name):
        paper_type = PaperType.objects.filter(body=self.body, name=name).first()
        if paper_type is None:
            letters = "".join(word[0] for word in re.findall(r"[A-Za-zÄÖÜäöü]+", name)).upper()[:4] or "V"
            prefix, n = letters, 1
            while PaperType.objects.filter(body=self.body, prefix=prefix).exists():
                n += 1
                prefix = f"{letters[:8]}{n}"
            paper_type = PaperType.objects.create(body=self.body, name=name, prefix=prefix)
        return paper_type

    def _fallback_department(self):
        department, _ = Organization.objects.get_or_create(
            body=self.body, name=FALLBACK_DEPARTMENT, defaults={"kind": Organization.Kind.DEPARTMENT}
        )
        return department

    def _paper(self, data):
        existing = self._known(Paper, data["id"])
        department = None
        for url in read.urls(data.get("underDirectionOf")):
            department = self._resolve(Organization, url, self._organization)
            if department:
                break
        reference = read.text(data.get("reference"), 50)
        if not reference:
            reference = "o. Nr. " + data["id"].rstrip("/").rsplit("/", 1)[-1][:40]
            self.warn(f"{data['id']}: Vorlage ohne Nummer, als „{reference}“ übernommen.")
        consultations = [item for item in read.objects(data.get("consultation")) if isinstance(item, dict)]
        state, result = self._paper_state(consultations)
        created = read.date_time(data.get("created")) or timezone.now()
        paper = self._upsert(
            Paper,
            data["id"],
            {
                "body_id": self.body.pk,
                "paper_type_id": self._paper_type(read.text(data.get("paperType"), 100) or "Vorlage").pk,
                "reference": self._unique(
                    Paper, "reference", reference, existing.pk if existing else None, 50, body=self.body
                ),
                "name": read.text(data.get("name"), 500) or reference,
                "date": read.date(data.get("date")) or created.astimezone(TZ).date(),
                "under_direction_of_id": (department or self._fallback_department()).pk,
                "state": state,
                "result": result,
                "public": True,
                "released_at": existing.released_at if existing else created,
            },
        )
        self._consultations(paper, consultations)
        main = data.get("mainFile")
        self._files(main, File.Kind.PAPER_PDF, paper=paper)
        self._files(data.get("auxiliaryFile"), File.Kind.ATTACHMENT, paper=paper)
        self._related.append((paper.pk, read.urls(data.get("relatedPaper"))))
        return paper

    def _paper_state(self, consultations):
        """Decided when an authoritative consultation has a result; in consultation when scheduled."""
        for item in consultations:
            agenda_item = self._known(AgendaItem, read.url(item.get("agendaItem")))
            if item.get("authoritative") is True and agenda_item and agenda_item.result in PAPER_RESULTS:
                return Paper.State.DECIDED, PAPER_RESULTS[agenda_item.result]
        if any(read.url(item.get("meeting")) for item in consultations):
            return Paper.State.IN_CONSULTATION, ""
        return Paper.State.RELEASED, ""

    def _consultations(self, paper, items):
        """The Beratungsfolge in the source's order; consultations removed at the source go."""
        targets = {}
        for position, item in enumerate(items, start=1):
            record = self._known(Consultation, read.url(item.get("id")))
            if record is not None and record.paper_id == paper.pk:
                targets[record.pk] = position
        mine = Consultation.objects.filter(paper=paper)
        for record in mine.exclude(pk__in=targets):
            record.delete()
            self.report.deleted["consultation"] += 1
        if dict(mine.values_list("pk", "position")) != targets:
            mine.update(position=F("position") + 1000)
        for position, item in enumerate(items, start=1):
            self._nested(self._consultation, item, paper, position)

    def _consultation(self, data, paper, position):
        meeting = self._resolve(Meeting, read.url(data.get("meeting")), self._meeting)
        organization = None
        for url in read.urls(data.get("organization")):
            organization = self._resolve(Organization, url, self._organization)
            if organization:
                break
        if organization is None and meeting is not None:
            organization = meeting.organization
        if organization is None:
            raise Skip("Beratung ohne Gremium")
        role = ROLES.get(read.text(data.get("role")).lower())
        if role is None:
            role = Consultation.Role.DECISION if data.get("authoritative") is True else Consultation.Role.PRELIMINARY
        consultation = self._upsert(
            Consultation,
            data["id"],
            {
                "body_id": self.body.pk,
                "paper_id": paper.pk,
                "organization_id": organization.pk,
                "position": position,
                "role": role,
                "meeting_id": meeting.pk if meeting else None,
            },
        )
        agenda_item = self._known(AgendaItem, read.url(data.get("agendaItem")))
        if agenda_item is not None and agenda_item.consultation_id != consultation.pk:
            agenda_item.consultation = consultation
            agenda_item.save()
        return consultation

    def _files(self, value, kind, **parent):
        for item in read.objects(value):
            item = self._fetch_object(item) if isinstance(item, str) else item
            if item is not None:
                self._nested(self._file, item, kind, parent)

    def _file(self, data, kind, parent):
        existing = self._known(File, data["id"])
        checksum = read.text(data.get("sha512Checksum")).lower()
        if existing is not None and (not checksum or checksum == existing.sha512_checksum):
            fields = {"name": read.text(data.get("name"), 250) or existing.name, "date": read.date(data.get("date"))}
            return self._upsert(File, data["id"], fields)
        access_url = read.url(data.get("accessUrl")) or read.url(data.get("downloadUrl"))
        if access_url is None:
            raise Skip("Datei ohne accessUrl")
        try:
            content, content_type = self.fetch(access_url)
        except FetchError as problem:
            raise Skip(f"Datei nicht ladbar: {problem}") from problem
        if checksum and checksum != sha512(content):
            raise Skip("Prüfsumme der Datei stimmt nicht")
        file_name = read.text(data.get("fileName")) or access_url.rstrip("/").rsplit("/", 1)[-1] or "datei"
        file_name = re.sub(r"[\\/]+", "_", file_name)[:200]
        mime_type = read.text(data.get("mimeType"), 100) or content_type.split(";")[0].strip() or None
        record = store_file(
            content,
            file_name=file_name,
            name=read.text(data.get("name"), 250) or file_name,
            body=self.body,
            mime_type=mime_type,
            kind=kind,
            date=read.date(data.get("date")),
            text=read.text(data.get("text")),
            **parent,
        )
        if existing is not None:
            existing.delete()
            self.report.updated["file"] += 1
        else:
            self.report.created["file"] += 1
        self._remember(data["id"], record)
        return record

    def _link_related_papers(self):
        for paper_pk, urls in self._related:
            related = [record.pk for record in (self._known(Paper, url) for url in urls) if record]
            paper = Paper.objects.get(pk=paper_pk)
            if set(paper.related_papers.values_list("pk", flat=True)) != set(related):
                paper.related_papers.set(related)


def import_body(url, *, fetch=None, write=None, slug=None):
    """Import (or update) the Body behind an OParl System or Body URL. Returns a Report."""
    return Importer(fetch=fetch, write=write, slug=slug).run(url)
