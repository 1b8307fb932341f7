"""Integrity lives in the database: these writes bypass forms and must still be refused."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from resolutions.models import Amendment, File, Paper
from tests import factories as f

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_reference_is_unique_per_body_but_may_repeat_across_bodies():
    first, second = f.body(), f.body()
    f.paper(first, reference="B-1/2026")
    f.paper(second, reference="B-1/2026")
    refused(lambda: f.paper(first, reference="B-1/2026"))


def test_agenda_numbers_and_order_are_unique_per_meeting():
    body = f.body()
    meeting = f.meeting(f.organization(body))
    f.agenda_item(meeting, order=1)
    refused(lambda: f.agenda_item(meeting, order=2, number="Ö 1"))
    refused(lambda: f.agenda_item(meeting, order=1, number="Ö 9"))
    other = f.meeting(f.organization(body))
    f.agenda_item(other, order=1)


def test_consultation_positions_are_unique_and_positive():
    body = f.body()
    paper = f.paper(body)
    committee = f.organization(body)
    f.consultation(paper, committee, position=1)
    refused(lambda: f.consultation(paper, committee, position=1))
    refused(lambda: f.consultation(paper, committee, position=0))


def test_financial_impact_requires_amount_budget_line_and_description():
    body = f.body()
    refused(lambda: f.paper(body, financial_impact=True))
    refused(lambda: f.paper(body, financial_impact=True, financial_amount=10, financial_budget_line="1.2"))
    refused(
        lambda: f.paper(
            body, financial_impact=True, financial_amount=-5, financial_budget_line="1", financial_description="x"
        )
    )
    f.paper(body, financial_impact=True, financial_amount=10, financial_budget_line="1.2", financial_description="x")


def test_released_paper_needs_a_reference_and_result_needs_decision():
    body = f.body()
    refused(lambda: f.paper(body, state=Paper.State.RELEASED, reference=None))
    refused(lambda: f.paper(body, state=Paper.State.RELEASED, result=Paper.Result.ADOPTED))
    f.paper(body, state=Paper.State.DRAFT)


def test_meeting_end_after_start_and_invited_meeting_has_publication_date():
    organization = f.organization(f.body())
    start = dt.datetime(2026, 5, 1, 18, tzinfo=f.TZ)
    refused(lambda: f.meeting(organization, start=start, end=start - dt.timedelta(hours=1)))
    refused(lambda: f.meeting(organization, start=start, state="invited", invitation_published_at=None))


def test_amendment_kind_and_texts_must_fit():
    body = f.body()
    consultation = f.consultation(f.paper(body), f.organization(body))
    refused(lambda: f.amendment(consultation, Amendment.Kind.STRUCK, "alt", "neu"))
    refused(lambda: f.amendment(consultation, Amendment.Kind.ADDED, "alt", ""))
    refused(lambda: f.amendment(consultation, Amendment.Kind.ADDED, "", "neu"))
    refused(lambda: f.amendment(consultation, Amendment.Kind.ADDED, "alt", "alt neu", initials=""))


def test_file_needs_a_parent_and_a_sha512_checksum():
    body = f.body()
    paper = f.paper(body)
    good = "a" * 128
    refused(
        lambda: File.objects.create(body=body, name="x", file_name="x", mime_type="a/b", size=1, sha512_checksum=good)
    )
    refused(
        lambda: File.objects.create(
            body=body, paper=paper, name="x", file_name="x", mime_type="a/b", size=1, sha512_checksum="zz"
        )
    )


def test_child_records_take_the_body_of_their_parent():
    first, second = f.body(), f.body()
    committee = f.organization(first)
    meeting = f.meeting(committee, body=second)
    assert meeting.body == first
    item = f.agenda_item(meeting, body=second)
    assert item.body == first
