"""The seed paper B-7311/2021 of Stadt Luckenwalde, word for word, and its way through the Beratungsfolge.

Written in the Amt Bildung, Jugend und IT on 23.11.2021, signed by the head of department,
the treasurer and the mayor, released on 25.11.2021 and put on the agenda of the
Stadtverordnetenversammlung of 14.12.2021, which adopted it with one addition recorded by
the council office ("*) ergänzt STVV 14.12.2021/jae").
"""

import datetime as dt

from accounts import roles
from council.models import AgendaItem, Meeting
from demo import lifecycle
from demo.base import at
from demo.meetings import meeting, plan_item, plan_result
from meetings.textdiff import as_editable
from resolutions.models import Consultation

SEED_TITLE = "Aufnahme in den Zweckverband Digitale Kommunen Brandenburg"
SEED_REFERENCE = "B-7311/2021"
SEED_NUMBER = 7311
SEED_RESOLUTION = (
    "<p>Die Stadtverordnetenversammlung beschließt: den Beitritt der Stadt Luckenwalde zum Zweckverband "
    "Digitale Kommunen Brandenburg.</p>\n"
    "<p>Die Bürgermeisterin wird beauftragt den Aufnahmeantrag für die Stadt Luckenwalde beim Zweckverband "
    "Digitale Kommunen Brandenburg (DiKom) zu stellen.</p>"
)
SEED_AMENDMENT_BEFORE = "den Beitritt der Stadt Luckenwalde zum Zweckverband Digitale Kommunen Brandenburg."
SEED_AMENDMENT_AFTER = (
    "den Beitritt der Stadt Luckenwalde zum Zweckverband Digitale Kommunen Brandenburg zum nächstmöglichen Zeitpunkt."
)
SEED_REASONING = "\n".join(
    f"<p>{paragraph}</p>"
    for paragraph in (
        "Der Zweckverband Digitale Kommunen Brandenburg (DIKOM) wurde im April 2020 von Städten, Gemeinden und "
        "Gemeindeverbänden sowie dem Städte- und Gemeindebund Brandenburg gegründet. Derzeit umfasst der "
        "Zweckverband DIKOM 44 Mitglieder, darunter die Städte Potsdam, Altlandsberg, Angermünde, Bad Belzig, "
        "Beelitz, Bernau bei Berlin, Cottbus/Chósebuz, Falkensee, Fürstenberg/Havel, Hohen Neuendorf, Kremmen, "
        "Kyritz, Lauchhammer, Oranienburg, Premnitz, Senftenberg/Zly Komorow, Werneuchen und Wittenberge.",
        "Der Zweckverband DIKOM bietet seinen Mitgliedern ein breites Portfolio an IT-Dienstleistungen und "
        "–Schulungen an. Ein Mitgliedsbeitrag an den Zweckverband ist nicht zu entrichten, die einzelnen "
        "Dienstleistungen werden auf der Grundlage des Preiskatalogs berechnet. Zur Nutzung der Dienstleistungen "
        "ist eine Verbandsmitgliedschaft erforderlich.",
        "Im Zuge der Umsetzung von Diensten gemäß Onlinezugangsgesetz (OZG) wird die Zusammenarbeit mit "
        "Zweckverbänden und kommunalen Rechenzentren zunehmen. Nach Einschätzung der Stadtverwaltung wird dem "
        "Zweckverband DIKOM hierbei eine bündelnde Funktion von Dienstleistungen für die angeschlossenen "
        "brandenburgischen Kommunen zukommen.",
        "Die Stadt Luckenwalde hat bereits erste Erfahrungen mit dem zuverlässigen Betrieb des Zweckverbandes "
        "DIKOM sammeln können: Im Rahmen einer vertraglichen Vereinbarung stellt die Stadt Cottbus das "
        "Fachverfahren AUTISTA (Standesamtsanwendungen) für Kommunen über das Landesverwaltungsnetz bereit. Die "
        "Stadt Cottbus hat mit dem Hosting und Serverbetrieb den Zweckverband DIKOM beauftragt. Die Bereitstellung "
        "der Dienste lief bis dato unproblematisch, Supportanfragen wurden zeitnah bearbeitet.",
    )
)
# The text as the Stadtverordnetenversammlung adopted it (the office edits the decided text; the addition is derived).
SEED_DECIDED = as_editable(SEED_RESOLUTION).replace(SEED_AMENDMENT_BEFORE, SEED_AMENDMENT_AFTER)

MEETING_DAY = dt.date(2021, 12, 14)


def seed_paper(story, town):
    """Plan the seed paper's story; returns the paper."""
    stvv = town.organizations["STVV"]
    office, clerk = town.office, town.staff[roles.CLERK]
    plan = meeting(
        story, stvv, at(MEETING_DAY), Meeting.State.HELD, at(dt.date(2021, 12, 1), 9), office,
        planned_at=at(dt.date(2021, 10, 4), 9), end=at(MEETING_DAY, 21, 30), location=town.rathaus,
        name="Sitzung der Stadtverordnetenversammlung",
    )  # fmt: skip
    written = dt.date(2021, 11, 23)
    paper, new = lifecycle.write(
        town.body, clerk, at(written, 9), SEED_TITLE, town.paper_types["B"], town.departments["BJI"],
        [(stvv, Consultation.Role.DECISION)], date=written, resolution_text=SEED_RESOLUTION, reasoning=SEED_REASONING,
        financial_impact=False, public=True,
    )  # fmt: skip
    if not new:
        return paper
    signers = [town.heads["BJI"], town.staff[roles.TREASURER], town.staff[roles.MAYOR]]
    released = at(dt.date(2021, 11, 25), 10)
    lifecycle.plan_signoff(
        story, paper, clerk, signers, submitted=at(written, 14),
        signed=[at(dt.date(2021, 11, 24), hour) for hour in (9, 10, 11)], released=released, number=SEED_NUMBER,
    )  # fmt: skip
    consultation = paper.consultations.get()
    plan_item(story, plan, consultation, office, released)
    plan_result(
        story, plan, consultation, AgendaItem.Result.ADOPTED_WITH_CHANGES, office, moment=at(MEETING_DAY, 19, 40),
        votes_yes=24, votes_no=2, votes_abstention=1, decided_text=SEED_DECIDED,
    )  # fmt: skip
    return paper
