"""An Ergänzungsvorlage of the demo year: the Kita fee statute, released, gets a supplement
with the fee table's sibling discount, written, signed and released in turn."""

import datetime as dt

from accounts import roles
from demo import lifecycle
from demo.base import DEMO_TODAY
from demo.base import at as moment
from demo.papers import signers
from lib.history import save_as
from resolutions import subordinates, workflow
from resolutions.models import Paper

ORIGINAL_TITLE = "Satzung über die Erhebung von Gebühren für die Benutzung der Kindertagesstätten"
WRITTEN = DEMO_TODAY - dt.timedelta(days=20)
TEXT = (
    "<p>Die Stadtverordnetenversammlung beschließt ergänzend zur Vorlage: Für das zweite und jedes weitere "
    "Kind einer Familie, das gleichzeitig eine Kindertagesstätte der Stadt besucht, ermäßigt sich die "
    "Gebühr um 50 vom Hundert.</p>"
)
REASONING = (
    "<p>Der Elternbeirat hat nach der Freigabe der Satzung eine Geschwisterermäßigung angeregt. Die "
    "Ergänzung nimmt sie auf; die Mindereinnahmen sind im Gebührenbedarf berücksichtigt.</p>"
)


def demo_supplement(story, town):
    """Plan the supplement to the Kita fee statute, once (a second run finds it linked already)."""
    original = Paper.objects.filter(body=town.body, name=ORIGINAL_TITLE).first()
    if original is None or original.subordinates.exists():
        return
    story.on(moment(WRITTEN, 9), _supplement, original, town)


def _supplement(original, town, *, at):
    """Written at `at` (the story's moment), then edited, submitted, signed and released as EV-1/2026."""
    clerk = town.staff[roles.CLERK]
    paper = subordinates.create_subordinate(
        original, Paper.Subordination.SUPPLEMENT, by=clerk, paper_type=town.paper_types["EV"], at=at
    )
    paper.resolution_text, paper.reasoning, paper.financial_impact = TEXT, REASONING, False
    paper.version += 1
    save_as(paper, clerk, reason="Bearbeitet", at=moment(WRITTEN, 9, 30))
    workflow.submit(paper, by=clerk, at=moment(WRITTEN, 10))
    for day, (signer, hour) in enumerate(zip(signers(town, "BJI"), (10, 9, 11), strict=True), start=1):
        workflow.sign(paper, by=signer, at=moment(WRITTEN + dt.timedelta(days=min(day, 2)), hour))
    lifecycle.release_as(paper, 1, by=clerk, at=moment(WRITTEN + dt.timedelta(days=3), 10))
