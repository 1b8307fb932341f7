"""The areas of the site a user works in, for the one header of every page (templates/base.html).

Portal (the public pages), Verwaltung (back office), Sitzungsdienst (council office),
Mein Bereich (councillors): the header lists the areas the user has and marks the one
the page belongs to (`aria-current`); only the portal's own sections sit in the header,
the other areas carry their sections in the page.
"""

from dataclasses import dataclass

from django.urls import reverse

from accounts.access import is_councillor
from resolutions import permissions

# URL namespace -> area; every other page (portal, Beschlussbuch, login, documents) is the portal's.
AREA_OF_NAMESPACE = {"office": "office", "meetings": "meetings", "councillors": "councillors"}


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    link: object  # the URL, or a function giving it (the portal's asks for the user's Body only when shown)
    current: bool

    @property
    def url(self):
        return self.link() if callable(self.link) else self.link


def current_area(request):
    match = getattr(request, "resolver_match", None)
    return AREA_OF_NAMESPACE.get(match.namespace if match else "", "portal")


def areas_for(user, current, body=None):
    """The areas the user works in, the portal first; empty for visitors (they only have the portal)."""
    if not user.is_authenticated:
        return []

    def portal():
        start = body or user.body
        return reverse("portal:start", args=[start.slug]) if start else "/"

    found = [("portal", "Portal", portal)]
    if permissions.uses_back_office(user):
        found.append(("office", "Verwaltung", reverse("office:my_work")))
    if user.is_superuser or user.has_role("council_office"):
        found.append(("meetings", "Sitzungsdienst", reverse("meetings:index")))
    if is_councillor(user):
        found.append(("councillors", "Mein Bereich", reverse("councillors:dashboard")))
    return [Area(key, label, url, key == current) for key, label, url in found]


def areas(request):
    """Context processor: `areas` (the user's) and `current_area` (this page's key and label)."""
    current = current_area(request)
    user = getattr(request, "user", None)
    found = areas_for(user, current) if user is not None else []
    if found and not any(area.current for area in found) and any(area.key == "office" for area in found):
        # The decision tracking of a department sits under the council office's URLs; for
        # its staff it is part of their back office.
        current = "office"
        found = [Area(area.key, area.label, area.link, area.key == current) for area in found]
    labels = {"portal": "Portal", "office": "Verwaltung", "meetings": "Sitzungsdienst", "councillors": "Mein Bereich"}
    return {"areas": found, "current_area": current, "current_area_label": labels[current]}
