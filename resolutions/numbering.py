"""References (Vorlagen-Nr.): the next number of a paper type's rule, without gaps or twins.

A PaperType names a format (`{prefix}-{number}/{year}`) and whether its running number
restarts each year or continues across years. The last number given is kept in a
`ReferenceCounter` per paper type and year (year 0 for continuous numbering). The counter
row is locked with SELECT … FOR UPDATE, so two papers released at the same moment wait
for each other and get consecutive numbers; because the number is taken inside the
transaction that releases the paper, a release that fails gives its number back.
"""

from django.db import transaction
from django.utils import timezone

from resolutions.models import PaperType, ReferenceCounter


class NumberingError(Exception):
    """The paper type's rule cannot produce a reference (a broken format)."""


def counter_year(paper_type, year):
    return 0 if paper_type.numbering == PaperType.Numbering.CONTINUOUS else year


def format_reference(paper_type, number, year):
    try:
        return paper_type.reference_format.format(prefix=paper_type.prefix, number=number, year=year)
    except (KeyError, IndexError, ValueError) as broken:
        raise NumberingError(
            f"Das Format der Vorlagen-Nr. der Vorlagenart „{paper_type.name}“ ist fehlerhaft: "
            f"{paper_type.reference_format!r}. Erlaubt sind {{prefix}}, {{number}} und {{year}}."
        ) from broken


@transaction.atomic
def next_reference(paper_type, on=None):
    """Take the next number of the paper type's rule and return the formatted reference.

    Must run inside the transaction that stores the reference on the paper (it does
    when called from `workflow.release`), so the number is used exactly when it is given.
    """
    year = (on or timezone.localdate()).year
    key = counter_year(paper_type, year)
    # Create the counter row if this is the type's first number (of the year); a parallel
    # creator makes this a no-op instead of an error.
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(paper_type=paper_type, year=key, last_number=0)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(paper_type=paper_type, year=key)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(paper_type, counter.last_number, year)
