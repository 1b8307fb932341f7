"""Importing the council side of a Body: the Body, terms, places, organizations, people, meetings, agendas.

A mixin of `oparl.importer.Importer`; every method gets one OParl object (a dict) and
returns the local record, or raises `Skip`.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.text import slugify

from council.models import AgendaItem, Body, LegislativeTerm, Location, Meeting, Membership, Organization, Person
from oparl import reading as read
from oparl.models import ExternalId
from oparl.reading import RESULTS, STATES, Skip
from resolutions.models import Consultation, File


class CouncilRecords:
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
        consultation_url = read.url(data.get("consultation"))
        consultation = self._known(Consultation, consultation_url)
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
        if consultation is None and consultation_url:
            # Meetings come before papers: an item that dealt with a consultation which is not
            # the consultation's latest (a deferral) is linked once the papers are in.
            self._item_consultations.append((item.pk, consultation_url))
        self._files(data.get("resolutionFile"), File.Kind.ATTACHMENT, agenda_item=item)
        self._files(data.get("auxiliaryFile"), File.Kind.ATTACHMENT, agenda_item=item)
        return item
