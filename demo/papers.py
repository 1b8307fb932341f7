"""The papers of the demo year: every type, every state, public and not, each on its way through the Beratungsfolge.

A paper is written on its date, submitted the same morning, signed by the head of its
department (next day), the treasurer and the mayor, and released on the third day. From
there the council office puts its consultations on the agendas of the next meetings; the
meetings recommend, take note or decide. "decided" papers went through their whole
Beratungsfolge in held meetings; "in_consultation" ones wait for an invited or planned
meeting; "withdrawn" ones were taken back by their authors.
"""

import datetime as dt

from accounts import roles
from council.models import AgendaItem
from demo import lifecycle
from demo.base import DEMO_TODAY, DEMO_YEAR_START, LOREM_REASONING, at
from demo.meetings import plan_item, plan_result
from demo.people import ARTICLE
from resolutions.models import Consultation, Paper

PRE, DEC, INFO = Consultation.Role.PRELIMINARY, Consultation.Role.DECISION, Consultation.Role.INFORMATION
# Demo papers: (type, title, department, state, public, consultations as (org, role), financial amount)
# fmt: off
DEMO_PAPERS = [
    ("B", "Haushaltssatzung der Stadt Luckenwalde für das Haushaltsjahr 2027", "Kämmerei", "in_consultation", True, [("FA", PRE), ("HA", PRE), ("STVV", DEC)], "1250000.00"),
    ("B", "Sanierung der Turnhalle der Grundschule „Gebrüder Grimm“", "Bauamt", "decided", True, [("SBU", PRE), ("FA", PRE), ("STVV", DEC)], "845000.00"),
    ("B", "Fortschreibung des Schulentwicklungsplans 2026–2031", "BJI", "decided", True, [("BKS", PRE), ("STVV", DEC)], None),
    ("B", "Digitalisierung der Schulen – Beschaffung von Tablets (DigitalPakt)", "BJI", "in_consultation", True, [("BKS", PRE), ("HA", DEC)], "186400.00"),
    ("B", "Bebauungsplan Nr. 42 „Wohnen am Nuthepark“ – Aufstellungsbeschluss", "Bauamt", "decided", True, [("SBU", PRE), ("HA", PRE), ("STVV", DEC)], None),
    ("B", "Satzung über die Erhebung von Gebühren für die Benutzung der Kindertagesstätten", "BJI", "released", True, [("BKS", PRE), ("HA", PRE), ("STVV", DEC)], None),
    ("B", "Verkauf des Grundstücks Gemarkung Luckenwalde, Flur 12, Flurstück 305", "Kämmerei", "decided", False, [("HA", DEC)], "95000.00"),
    ("B", "Vergabe der Bauleistungen Feuerwache – Los 3 Dach", "Bauamt", "in_consultation", False, [("HA", DEC)], "312000.00"),
    ("B", "Einführung eines digitalen Ratsinformationssystems", "BJI", "in_signoff", True, [("HA", PRE), ("STVV", DEC)], "48000.00"),
    ("B", "Neufassung der Straßenreinigungssatzung", "OA", "draft", True, [("SBU", PRE), ("STVV", DEC)], None),
    ("B", "Benennung der Straße im Baugebiet „Am Weinberg“", "Bauamt", "in_signoff", True, [("OBR Fr", PRE), ("SBU", DEC)], None),
    ("B", "Jahresabschluss 2025 und Entlastung der Bürgermeisterin", "Kämmerei", "released", True, [("FA", PRE), ("STVV", DEC)], None),
    ("B", "Beitritt zur Klimapartnerschaft Fläming", "Bauamt", "withdrawn", True, [("SBU", PRE), ("STVV", DEC)], None),
    ("B", "Abschluss eines Erbbaurechtsvertrags mit dem Sportverein Luckenwalde e. V.", "Kämmerei", "draft", False, [("HA", DEC)], None),
    ("B", "Zuschuss an den Förderverein Stadttheater 2027", "BJI", "decided", True, [("BKS", PRE), ("HA", DEC)], "25000.00"),
    ("B", "Ersatzbeschaffung eines Tanklöschfahrzeugs", "OA", "in_consultation", True, [("FA", PRE), ("HA", DEC)], "420000.00"),
    ("B", "Personalangelegenheit: Besetzung der Stelle Leitung Bauamt", "HA-V", "decided", False, [("HA", DEC)], None),
    ("I", "Bericht zum Stand der Umsetzung des Onlinezugangsgesetzes", "BJI", "decided", True, [("HA", INFO), ("STVV", INFO)], None),
    ("I", "Sachstand Breitbandausbau im Ortsteil Frankenfelde", "BJI", "in_consultation", True, [("OBR Fr", INFO), ("SBU", INFO)], None),
    ("I", "Quartalsbericht Haushaltsvollzug III/2026", "Kämmerei", "released", True, [("FA", INFO)], None),
    ("I", "Kriminalitätslage im Stadtgebiet 2025", "OA", "draft", True, [("HA", INFO)], None),
    ("A", "Antrag der Fraktion SPD: Kostenfreies Schulmittagessen prüfen", "BJI", "decided", True, [("BKS", PRE), ("STVV", DEC)], None),
    ("A", "Antrag der Fraktion CDU: Mehr Parkplätze am Bahnhof", "Bauamt", "in_consultation", True, [("SBU", PRE), ("STVV", DEC)], None),
    ("A", "Antrag der Fraktion Bündnis 90/Die Grünen: Baumschutzsatzung", "Bauamt", "released", True, [("SBU", PRE), ("STVV", DEC)], None),
    ("A", "Antrag der Fraktion Die Linke: Sozialticket für den Stadtverkehr", "OA", "withdrawn", True, [("HA", PRE), ("STVV", DEC)], None),
    ("AF", "Anfrage der Fraktion BVB/Freie Wähler: Sanierungsstau an Schulgebäuden", "Bauamt", "decided", True, [("STVV", INFO)], None),
    ("AF", "Anfrage: Wartezeiten im Bürgeramt", "HA-V", "in_consultation", True, [("HA", INFO)], None),
    ("M", "Mitteilung: Ergebnis der Einwohnerbefragung zur Innenstadt", "Bauamt", "released", True, [("SBU", INFO), ("STVV", INFO)], None),
    ("M", "Mitteilung: Neue Öffnungszeiten der Stadtbibliothek", "BJI", "in_signoff", True, [("BKS", INFO)], None),
]
# fmt: on
FIRST_NUMBER = {"B": 8100, "I": 0, "A": 0, "AF": 0, "M": 0}  # the running number before the demo year's first paper
RELEASED = {Paper.State.RELEASED, Paper.State.IN_CONSULTATION, Paper.State.DECIDED, Paper.State.WITHDRAWN}
RESULT = {
    INFO: AgendaItem.Result.NOTED,
    PRE: AgendaItem.Result.RECOMMENDED,
    DEC: AgendaItem.Result.ADOPTED,
}


def resolution_text(paper_type, title, organization, short):
    """The proposed resolution, opened by the deciding (or last) organization with its article."""
    who = f"{ARTICLE[short]} {organization.name}"
    if paper_type.needs_decision:
        return f"<p>{who} beschließt: {title}.</p>"
    return f"<p>{who} nimmt die Vorlage „{title}“ zur Kenntnis.</p>"


def signers(town, department):
    return [town.heads[department], town.staff[roles.TREASURER], town.staff[roles.MAYOR]]


def demo_papers(story, town, plans):
    number = dict(FIRST_NUMBER)
    for index, (prefix, title, department, state, public, steps, amount) in enumerate(DEMO_PAPERS):
        number[prefix] += 1
        if state == Paper.State.DECIDED:
            date = DEMO_YEAR_START + dt.timedelta(days=4 * index)
        elif state == Paper.State.IN_CONSULTATION:
            date = DEMO_YEAR_START + dt.timedelta(days=150 + 3 * index)
        else:
            date = DEMO_TODAY - dt.timedelta(days=40 - index)
        paper_type = town.paper_types[prefix]
        author = town.author(department)
        last = steps[-1][0]
        paper, new = lifecycle.write(
            town.body, author, at(date, 8), title, paper_type, town.departments[department],
            [(town.organizations[short], role) for short, role in steps],
            date=date, public=public, reasoning=LOREM_REASONING,
            resolution_text=resolution_text(paper_type, title, town.organizations[last], last),
            financial_impact=amount is not None, financial_amount=amount,
            financial_budget_line="11.1.01/5421000" if amount else "",
            financial_description="Die Mittel stehen im Haushalt 2026/2027 zur Verfügung." if amount else "",
        )  # fmt: skip
        if not new or state == Paper.State.DRAFT:
            continue
        if state == Paper.State.IN_SIGNOFF:
            lifecycle.plan_signoff(story, paper, author, signers(town, department)[:1], at(date, 8, 30), [at(date, 9)])
            continue
        released = at(date + dt.timedelta(days=3), 10)
        lifecycle.plan_signoff(
            story, paper, author, signers(town, department), submitted=at(date, 10),
            signed=[at(date + dt.timedelta(days=1), 10), at(date + dt.timedelta(days=2), 9),
                    at(date + dt.timedelta(days=2), 11)],
            released=released, number=number[prefix],
        )  # fmt: skip
        if state == Paper.State.WITHDRAWN:
            lifecycle.plan_withdrawal(
                story, paper, author, released + dt.timedelta(days=4),
                "Die Einbringenden haben die Vorlage vor der Beratung zurückgezogen.",
            )  # fmt: skip
        elif state in (Paper.State.DECIDED, Paper.State.IN_CONSULTATION):
            _consultations(story, town, plans, paper, state, released)


def _next(plans, after, held):
    for plan in plans:
        if plan.meeting.start.date() > after and plan.held == held and plan.fate != "cancelled":
            return plan
    return None


def _consultations(story, town, plans, paper, state, released):
    """Each consultation in the next meeting of its organization; decided papers through all, others up to the last."""
    after = released.date()  # a paper is on no agenda before its release
    consultations = list(paper.consultations.order_by("position").select_related("organization"))
    for consultation in consultations:
        short = consultation.organization.short_name
        last = consultation is consultations[-1]
        if state == Paper.State.DECIDED or not last:
            plan = _next(plans[short], after, held=True)
        else:
            plan = _next(plans[short], max(after, DEMO_TODAY), held=False)
        if plan is None and state != Paper.State.DECIDED:
            continue  # no meeting of the organization in time (the Ortsbeirat's October meeting was cancelled)
        if plan is None:
            raise LookupError(f"The demo year has no meeting of {short} to decide {paper.name}")
        after = plan.meeting.start.date()
        plan_item(story, plan, consultation, town.office, released)
        if plan.held:
            role = consultation.role
            votes = {} if role == INFO else {"votes_yes": 5, "votes_no": 1, "votes_abstention": 1}
            plan_result(story, plan, consultation, RESULT[role], town.office, **votes)
