"""Importing papers with their Beratungsfolge (consultations) and files.

A mixin of `oparl.importer.Importer`. The state of an imported paper is derived from
its consultations: decided when the authoritative one has a result, in consultation
when one is scheduled, released otherwise.
"""

import re

from django.db.models import F
from django.utils import timezone
from django.utils.html import escape

from council.models import AgendaItem, Meeting, Organization
from oparl import reading as read
from oparl.fetching import FetchError
from oparl.reading import PAPER_RESULTS, ROLES, Skip
from oparl.serializers import TZ
from resolutions.files import sha512, store_file
from resolutions.models import Consultation, File, Paper, PaperType

FALLBACK_DEPARTMENT = "Federführung unbekannt (Import)"


class PaperRecords:
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
        state, result, decided = self._paper_state(consultations)
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
                # OParl has no property for money: the copy makes no statement rather than "nein".
                "financial_impact": None,
                "released_at": existing.released_at if existing else created,
            }
            | ({"resolution_text": decided} if decided else {}),
        )
        self._consultations(paper, consultations)
        main = data.get("mainFile")
        self._files(main, File.Kind.PAPER_PDF, paper=paper)
        self._files(data.get("auxiliaryFile"), File.Kind.ATTACHMENT, paper=paper)
        self._related.append(
            (paper.pk, read.urls(data.get("relatedPaper")), read.urls(data.get("superordinatedPaper")))
        )
        return paper

    def _paper_state(self, consultations):
        """Decided when an authoritative consultation has a result; in consultation when scheduled.

        A decided paper takes the decided text of that agenda item (OParl has no text of the
        paper itself), so the copy's paper page shows what was resolved.
        """
        for item in consultations:
            agenda_item = self._known(AgendaItem, read.url(item.get("agendaItem")))
            if item.get("authoritative") is True and agenda_item and agenda_item.result in PAPER_RESULTS:
                decided = "".join(
                    f"<p>{escape(line.strip())}</p>"
                    for line in agenda_item.resolution_text.splitlines()
                    if line.strip()
                )
                return Paper.State.DECIDED, PAPER_RESULTS[agenda_item.result], decided
        if any(read.url(item.get("meeting")) for item in consultations):
            return Paper.State.IN_CONSULTATION, "", ""
        return Paper.State.RELEASED, "", ""

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

    def _link_agenda_item_consultations(self):
        for item_pk, url in self._item_consultations:
            consultation = self._known(Consultation, url)
            item = AgendaItem.objects.get(pk=item_pk)
            if consultation is not None and item.consultation_id != consultation.pk:
                item.consultation = consultation
                item.save()

    def _link_related_papers(self):
        for paper_pk, urls, superordinated in self._related:
            related = [record.pk for record in (self._known(Paper, url) for url in urls) if record]
            paper = Paper.objects.get(pk=paper_pk)
            if set(paper.related_papers.values_list("pk", flat=True)) != set(related):
                paper.related_papers.set(related)
            self._link_superordinate(paper, superordinated)

    def _link_superordinate(self, paper, urls):
        """The first known superordinated paper; OParl does not say whether it supplements or amends."""
        known = (self._known(Paper, url) for url in urls)
        superordinate_pk = next((record.pk for record in known if record and record.pk != paper.pk), None)
        if paper.superordinate_id != superordinate_pk:
            paper.superordinate_id, paper.subordination = superordinate_pk, ""
            paper.save()
