"""References from the paper type's rule: per year or continued, distinct and without gaps under load."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from resolutions import numbering, workflow
from resolutions.models import Paper, PaperType, ReferenceCounter, SignOff
from tests import factories as f

from .conftest import draft


@pytest.mark.django_db
def test_yearly_numbering_restarts_each_year_and_continuous_numbering_goes_on(town):
    yearly = town.beschlussvorlage
    continuous = f.paper_type(town.body, prefix="C", numbering=PaperType.Numbering.CONTINUOUS)
    assert numbering.next_reference(yearly, on=dt.date(2026, 12, 31)) == "B-1/2026"
    assert numbering.next_reference(yearly, on=dt.date(2026, 12, 31)) == "B-2/2026"
    assert numbering.next_reference(yearly, on=dt.date(2027, 1, 1)) == "B-1/2027"
    assert numbering.next_reference(continuous, on=dt.date(2026, 12, 31)) == "C-1/2026"
    assert numbering.next_reference(continuous, on=dt.date(2027, 1, 1)) == "C-2/2027"
    assert ReferenceCounter.objects.get(paper_type=continuous).year == 0


@pytest.mark.django_db
def test_the_format_of_the_paper_type_is_used_and_a_broken_one_is_a_clear_error(town):
    town.info.reference_format = "{year}/{prefix}{number}"
    town.info.save()
    assert numbering.next_reference(town.info, on=dt.date(2026, 5, 1)) == "2026/I1"
    town.info.reference_format = "{prefix}-{nummer}"
    town.info.save()
    with pytest.raises(numbering.NumberingError, match="fehlerhaft"):
        numbering.next_reference(town.info, on=dt.date(2026, 5, 1))
    assert ReferenceCounter.objects.get(paper_type=town.info).last_number == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_papers_released_at_once_get_distinct_references_without_gaps(town):
    assert connection.vendor == "postgresql"
    papers = []
    for n in range(24):
        paper = draft(town, name=f"Vorlage {n}")
        workflow.submit(paper, by=town.clerk)
        paper.signoffs.update(state=SignOff.State.SIGNED, signed_by=town.mayor, signed_at=paper.created)
        papers.append(paper)
    barrier = threading.Barrier(len(papers))
    errors = []

    def release(paper):
        try:
            barrier.wait()
            workflow.release(paper, by=town.clerk)
        except Exception as error:  # reported below, a thread cannot fail the test itself
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=release, args=(paper,)) for paper in papers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    references = list(Paper.objects.filter(pk__in=[p.pk for p in papers]).values_list("reference", flat=True))
    numbers = sorted(int(reference.split("-")[1].split("/")[0]) for reference in references)
    assert numbers == list(range(1, len(papers) + 1))
    assert ReferenceCounter.objects.get(paper_type=town.beschlussvorlage).last_number == len(papers)
