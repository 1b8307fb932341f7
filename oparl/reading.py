"""Reading values of real-world OParl endpoints tolerantly, and their German vocabulary.

Every reader returns an empty value instead of failing on a wrong type or a malformed
date, so a messy endpoint costs a field, not an object.
"""

import datetime as dt

from django.utils import timezone

from council.models import Organization
from oparl.serializers import AGENDA_RESULT, CONSULTATION_ROLE, MEETING_STATE, TZ
from resolutions.models import Paper

RESULTS = {text.lower(): key for key, text in AGENDA_RESULT.items()} | {
    "beschlossen": "adopted",
    "einstimmig beschlossen": "adopted",
    "mehrheitlich beschlossen": "adopted",
    "geändert beschlossen": "adopted_with_changes",
    "mit änderungen beschlossen": "adopted_with_changes",
    "abgelehnt": "rejected",
    "vertagt": "deferred",
    "zurückgestellt": "deferred",
    "zur kenntnis genommen": "noted",
    "kenntnis genommen": "noted",
}
PAPER_RESULTS = {
    "adopted": Paper.Result.ADOPTED,
    "adopted_with_changes": Paper.Result.ADOPTED_WITH_CHANGES,
    "rejected": Paper.Result.REJECTED,
    "noted": Paper.Result.NOTED,
}
ROLES = {text.lower(): key for key, text in CONSULTATION_ROLE.items()} | {
    "beschlussfassung": "decision",
    "beschluss": "decision",
    "entscheidung": "decision",
    "kenntnisnahme": "information",
    "zur kenntnisnahme": "information",
    "anhörung": "preliminary",
}
STATES = {text: key for key, text in MEETING_STATE.items()} | {"abgeschlossen": "held", "geplant": "planned"}


def text(value, max_length=None):
    """A stripped string (cut to max_length), or "" for anything that is not one."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    return value[:max_length] if max_length else value


def url(value):
    """An http(s) URL, or None."""
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


def urls(value):
    if isinstance(value, str):
        value = [value]
    return [item for item in (value if isinstance(value, list) else []) if url(item)]


def objects(value):
    """A list of embedded objects or URLs; a single object where a list belongs counts as one."""
    if isinstance(value, dict):
        value = [value]
    return [item for item in (value if isinstance(value, list) else []) if isinstance(item, (dict, str))]


def date_time(value):
    """An aware datetime (a missing offset is Berlin time), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=TZ)


def date(value):
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def type_name(data):
    return text(data.get("type")).rstrip("/").rsplit("/", 1)[-1]


def organization_kind(data):
    """Our Organization.Kind from OParl's free-text organizationType and classification."""
    organization_type = text(data.get("organizationType")).lower()
    classification = text(data.get("classification")).lower()
    if classification in ("parlament", "rat", "stadtrat", "gemeinderat", "kreistag") or "versammlung" in classification:
        return Organization.Kind.COUNCIL
    if "fraktion" in classification or "fraktion" in organization_type:
        return Organization.Kind.FACTION
    if "beirat" in classification:
        return Organization.Kind.ADVISORY
    if "ausschuss" in classification or organization_type in ("gremium", "externes gremium"):
        return Organization.Kind.COMMITTEE
    if organization_type == "partei":
        return Organization.Kind.PARTY
    if organization_type == "verwaltungsbereich" or classification == "amt":
        return Organization.Kind.DEPARTMENT
    return Organization.Kind.OTHER


class Skip(Exception):
    """An object that cannot be imported; the message says why."""
