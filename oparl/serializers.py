"""OParl 1.1 JSON for each object type: one plain function per type.

Each function takes a record from `oparl.selectors` (with `oparl_modified` and the
prefetched public children) and a `Context` that builds absolute URLs. Properties
without a value are left out (no null, "" or []), date-times carry the Berlin offset
without fractions, and embedded objects carry `id`, `type`, `created` and `modified`
but not the back-reference to their parent (`embedded=True`).
"""

import datetime as dt
import html
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from council.models import Body, Meeting, Organization
from portal.views import LISTED_KINDS
from resolutions.models import File

TZ = ZoneInfo("Europe/Berlin")
SCHEMA = "https://schema.oparl.org/1.1/"
OPARL_VERSION = SCHEMA
# What a non-public agenda item is called: OParl lets `name` out, but common importers
# abort on an item without one, and the portal shows the public no title either.
NONPUBLIC_AGENDA_ITEM_NAME = "Nichtöffentlicher Tagesordnungspunkt"

# URL segment of each object type -> OParl type name.
TYPES = {
    "body": "Body",
    "legislativeterm": "LegislativeTerm",
    "organization": "Organization",
    "person": "Person",
    "membership": "Membership",
    "meeting": "Meeting",
    "agendaitem": "AgendaItem",
    "paper": "Paper",
    "consultation": "Consultation",
    "file": "File",
    "location": "Location",
}

# German values for our choices, as OParl clients expect them (and the importer reads them back).
CONSULTATION_ROLE = {"preliminary": "Vorberatung", "decision": "Entscheidung", "information": "Kenntnisnahme"}
AGENDA_RESULT = {
    "adopted": "Unverändert beschlossen",
    "adopted_with_changes": "Geändert beschlossen",
    "rejected": "Abgelehnt",
    "deferred": "Vertagt",
    "noted": "Zur Kenntnis genommen",
    "recommended": "Empfehlung zur Beschlussfassung",
}
MEETING_STATE = {"planned": "terminiert", "invited": "eingeladen", "held": "durchgeführt", "cancelled": "abgesagt"}
ORGANIZATION_TYPE = {
    Organization.Kind.COUNCIL: ("Gremium", "Parlament"),
    Organization.Kind.COMMITTEE: ("Gremium", "Ausschuss"),
    Organization.Kind.ADVISORY: ("Gremium", "Beirat"),
    Organization.Kind.FACTION: ("Fraktion", "Fraktion"),
    Organization.Kind.PARTY: ("Partei", None),
    Organization.Kind.DEPARTMENT: ("Verwaltungsbereich", "Amt"),
    Organization.Kind.ADMINISTRATION: ("Verwaltungsbereich", None),
    Organization.Kind.OTHER: ("Sonstiges", None),
}
GENDER = {"female": "female", "weiblich": "female", "w": "female", "male": "male", "männlich": "male", "m": "male"}
GENDER.update({"divers": "other", "d": "other", "other": "other"})


def date_time(value):
    """`yyyy-mm-ddThh:mm:ss+hh:mm` in Berlin time, as OParl wants it."""
    if value is None:
        return None
    return value.astimezone(TZ).replace(microsecond=0).isoformat()


def shown_from(value):
    """The first instant that `date_time` (which drops fractions) shows as `value` or later.

    The `*_since` filters compare with `>=` against it and the `*_until` filters with `<`
    against `shown_after`, so an object whose shown time equals a limit is included.
    """
    whole = value.replace(microsecond=0)
    return whole if whole == value else whole + dt.timedelta(seconds=1)


def shown_after(value):
    """The first instant shown as a later second than `value`: the exclusive end of an `*_until` filter."""
    return value.replace(microsecond=0) + dt.timedelta(seconds=1)


def date(value):
    return value.isoformat() if value else None


def plain_text(value):
    return html.unescape(strip_tags(value)).strip() if value else None


def compact(data, keep=()):
    """Leave out properties without a value; `keep` names required lists that stay even when empty."""
    return {key: value for key, value in data.items() if key in keep or value not in (None, "", [], {})}


class Context:
    """Builds absolute URLs from settings.SITE_URL, so ids never depend on the request's host."""

    def __init__(self, omit_internal=False):
        self.site = settings.SITE_URL
        self.api = self.site + reverse("oparl:system").rsplit("/", 1)[0]
        self.omit_internal = omit_internal
        self._slugs = None

    def url(self, segment, pk):
        return f"{self.api}/{segment}/{pk}" if pk else None

    def urls(self, segment, pks):
        return [self.url(segment, pk) for pk in pks]

    def list_url(self, body_pk, segment):
        return f"{self.api}/body/{body_pk}/{segment}"

    def slug(self, body_id):
        if self._slugs is None:
            self._slugs = dict(Body.objects.values_list("id", "slug"))
        return self._slugs[body_id]

    def web(self, body_id, path=""):
        return f"{self.site}/{self.slug(body_id)}/{path}"

    @property
    def system_url(self):
        return f"{self.api}/system"


def _base(obj, segment, ctx):
    return {"id": ctx.url(segment, obj.pk), "type": SCHEMA + TYPES[segment]}


def _times(obj):
    return {"created": date_time(obj.created), "modified": date_time(getattr(obj, "oparl_modified", obj.modified))}


def tombstone(segment, pk, created, modified, ctx):
    return {
        "id": ctx.url(segment, pk),
        "type": SCHEMA + TYPES[segment],
        "created": date_time(created),
        "modified": date_time(modified),
        "deleted": True,
    }


def system(ctx, created, modified):
    return compact(
        {
            "id": ctx.system_url,
            "type": SCHEMA + "System",
            "oparlVersion": OPARL_VERSION,
            "license": settings.OPARL_LICENSE,
            "name": "Ratsinfo",
            "body": f"{ctx.api}/body",
            "website": ctx.site + "/",
            "created": date_time(created),
            "modified": date_time(modified),
        }
    )


def body(obj, ctx, embedded=False):
    lists = {
        "organization": "organization",
        "person": "person",
        "meeting": "meeting",
        "paper": "paper",
        "legislativeTermList": "legislativeterm",
        "agendaItem": "agendaitem",
        "consultation": "consultation",
        "file": "file",
        "locationList": "location",
        "membership": "membership",
    }
    data = _base(obj, "body", ctx) | {
        "system": ctx.system_url,
        "name": obj.name,
        "shortName": obj.short_name,
        "website": obj.website,
        "license": obj.license,
        "contactEmail": obj.contact_email,
        "contactName": obj.contact_name,
        "ags": obj.ags,
    }
    data |= {prop: ctx.list_url(obj.pk, segment) for prop, segment in lists.items()}
    if not ctx.omit_internal:
        data["legislativeTerm"] = [legislative_term(term, ctx) for term in obj.terms]
    data |= {"web": ctx.web(obj.pk)} | _times(obj)
    return compact(data, keep=("legislativeTerm",))


def legislative_term(obj, ctx, embedded=True):
    data = _base(obj, "legislativeterm", ctx) | {
        "body": None if embedded else ctx.url("body", obj.body_id),
        "name": obj.name,
        "startDate": date(obj.start_date),
        "endDate": date(obj.end_date),
    }
    return compact(data | _times(obj))


def location(obj, ctx, embedded=True):
    data = _base(obj, "location", ctx) | {
        "description": obj.description,
        "streetAddress": obj.street_address,
        "room": obj.room,
        "postalCode": obj.postal_code,
        "locality": obj.locality,
    }
    return compact(data | _times(obj))


def organization(obj, ctx, embedded=False):
    web = ctx.web(obj.body_id, f"gremien/{obj.pk}/")  # computed for every kind: a constant query count
    organization_type, classification = ORGANIZATION_TYPE.get(obj.kind, ("Sonstiges", None))
    data = _base(obj, "organization", ctx) | {
        "body": ctx.url("body", obj.body_id),
        "name": obj.name,
        "shortName": obj.short_name,
        "membership": ctx.urls("membership", [membership.pk for membership in obj.listed]),
        "organizationType": organization_type,
        "classification": classification or obj.classification,
        "startDate": date(obj.start_date),
        "endDate": date(obj.end_date),
        "website": obj.website,
        "location": location(obj.location, ctx) if obj.location else None,
        # The portal has pages for Gremien, factions and parties, not for the Ämter.
        "web": web if obj.kind in LISTED_KINDS else None,
    }
    return compact(data | _times(obj))


def membership(obj, ctx, embedded=True):
    data = _base(obj, "membership", ctx) | {
        "person": None if embedded else ctx.url("person", obj.person_id),
        "organization": ctx.url("organization", obj.organization_id),
        "role": obj.role,
        "votingRight": obj.voting_right,
        "startDate": date(obj.start_date),
        "endDate": date(obj.end_date),
        "onBehalfOf": ctx.url("organization", obj.on_behalf_of_id),
    }
    return compact(data | _times(obj))


def person(obj, ctx, embedded=False):
    """Only what is public about people (docs/architecture.md): names and memberships, never contact data."""
    data = _base(obj, "person", ctx) | {
        "body": ctx.url("body", obj.body_id),
        "name": obj.name,
        "familyName": obj.family_name,
        "givenName": obj.given_name,
        "formOfAddress": obj.form_of_address,
        "affix": obj.affix,
        "title": [obj.title] if obj.title else None,
        "gender": GENDER.get(obj.gender.strip().lower()),
    }
    if not ctx.omit_internal:
        data["membership"] = [membership(item, ctx) for item in obj.listed]
    data["web"] = ctx.web(obj.body_id, f"personen/{obj.pk}/")
    return compact(data | _times(obj))


def file(obj, ctx, embedded=True):
    access_url = ctx.web(obj.body_id, f"dokumente/{obj.pk}/{quote(obj.file_name)}")
    data = _base(obj, "file", ctx) | {
        "name": obj.name,
        "fileName": obj.file_name,
        "mimeType": obj.mime_type,
        "date": date(obj.date),
        "size": obj.size,
        "sha512Checksum": obj.sha512_checksum,
        "text": obj.text,
        "accessUrl": access_url,
        "downloadUrl": f"{ctx.url('file', obj.pk)}/download",
    }
    if not embedded:
        data |= {
            "paper": ctx.urls("paper", [obj.paper_id] if obj.paper_id else []),
            "meeting": ctx.urls("meeting", [obj.meeting_id] if obj.meeting_id else []),
            "agendaItem": ctx.urls("agendaitem", [obj.agenda_item_id] if obj.agenda_item_id else []),
        }
    return compact(data | _times(obj))


def _split_files(files, main_kinds):
    """The newest file of each of `main_kinds`, and the rest as auxiliary files."""
    main = {}
    for record in files:
        if record.kind in main_kinds and (record.kind not in main or record.created > main[record.kind].created):
            main[record.kind] = record
    chosen = {record.pk for record in main.values()}
    return main, [record for record in files if record.pk not in chosen]


def agenda_item(obj, ctx, embedded=True, position=None):
    """A non-public item shows only its number, a neutral name and `public: false`, as on the portal."""
    data = _base(obj, "agendaitem", ctx) | {
        "meeting": None if embedded else ctx.url("meeting", obj.meeting_id),
        "number": obj.number,
        "order": obj.position if position is None else position,
        "name": NONPUBLIC_AGENDA_ITEM_NAME,
        "public": obj.public,
    }
    if obj.details_visible:
        data |= {
            "name": obj.name,
            "consultation": ctx.url("consultation", obj.consultation_id) if obj.paper_visible else None,
            "result": AGENDA_RESULT.get(obj.result),
            "resolutionText": plain_text(obj.resolution_text),
        }
        if not ctx.omit_internal:
            data["auxiliaryFile"] = [file(record, ctx) for record in obj.public_files]
    # The item's own portal page where the public may see it; else the meeting's, which lists it as non-public.
    page = f"sitzungen/{obj.meeting_id}/top/{obj.pk}/" if obj.details_visible else f"sitzungen/{obj.meeting_id}/"
    data["web"] = ctx.web(obj.body_id, page)
    return compact(data | _times(obj))


def meeting(obj, ctx, embedded=False):
    main, auxiliary = _split_files(obj.public_files, (File.Kind.INVITATION, File.Kind.MINUTES))
    data = _base(obj, "meeting", ctx) | {
        "name": obj.title,
        "meetingState": MEETING_STATE.get(obj.state),
        "cancelled": True if obj.state == Meeting.State.CANCELLED else None,
        "start": date_time(obj.start),
        "end": date_time(obj.end),
        "location": location(obj.location, ctx) if obj.location else None,
        "organization": ctx.urls("organization", [obj.organization_id]),
        "invitation": file(main[File.Kind.INVITATION], ctx) if File.Kind.INVITATION in main else None,
        "resultsProtocol": file(main[File.Kind.MINUTES], ctx) if File.Kind.MINUTES in main else None,
    }
    if not ctx.omit_internal:
        data["auxiliaryFile"] = [file(record, ctx) for record in auxiliary]
        data["agendaItem"] = [agenda_item(item, ctx, position=index) for index, item in enumerate(obj.listed)]
    data["web"] = ctx.web(obj.body_id, f"sitzungen/{obj.pk}/")
    return compact(data | _times(obj))


def _agenda_item_of(consultation_obj):
    """The public agenda item that dealt with the consultation in its meeting, else the latest one."""
    items = consultation_obj.public_items
    in_meeting = [item for item in items if item.meeting_id == consultation_obj.meeting_id]
    return (in_meeting or items or [None])[-1]


def consultation(obj, ctx, embedded=True):
    """The meeting is the consultation's own or, where that is empty (a deferred paper
    waiting for a new date), the meeting of the agenda item it names."""
    item = _agenda_item_of(obj)
    data = _base(obj, "consultation", ctx) | {
        "paper": None if embedded else ctx.url("paper", obj.paper_id),
        "agendaItem": ctx.url("agendaitem", item.pk if item else None),
        "meeting": ctx.url("meeting", obj.meeting_id or (item.meeting_id if item else None)),
        "organization": ctx.urls("organization", [obj.organization_id]),
        "authoritative": obj.authoritative,
        "role": CONSULTATION_ROLE.get(obj.role),
    }
    return compact(data | _times(obj))


def paper(obj, ctx, embedded=False):
    main, auxiliary = _split_files(obj.public_files, (File.Kind.PAPER_PDF,))
    data = _base(obj, "paper", ctx) | {
        "body": ctx.url("body", obj.body_id),
        "name": obj.name,
        "reference": obj.reference,
        "date": date(obj.date),
        "paperType": obj.paper_type.name,
        "relatedPaper": ctx.urls("paper", [related.pk for related in obj.public_related]),
        "superordinatedPaper": ctx.urls("paper", [obj.public_superordinate_id] if obj.public_superordinate_id else []),
        "subordinatedPaper": ctx.urls("paper", [subordinate.pk for subordinate in obj.public_subordinates]),
        "mainFile": file(main[File.Kind.PAPER_PDF], ctx) if File.Kind.PAPER_PDF in main else None,
        "underDirectionOf": ctx.urls("organization", [obj.under_direction_of_id]),
        "consultation": [consultation(item, ctx) for item in obj.listed],
    }
    if not ctx.omit_internal:
        data["auxiliaryFile"] = [file(record, ctx) for record in auxiliary]
    data["web"] = ctx.web(obj.body_id, f"vorlagen/{obj.pk}/")
    return compact(data | _times(obj))


SERIALIZERS = {
    "body": body,
    "legislativeterm": legislative_term,
    "organization": organization,
    "person": person,
    "membership": membership,
    "meeting": meeting,
    "agendaitem": agenda_item,
    "paper": paper,
    "consultation": consultation,
    "file": file,
    "location": location,
}
