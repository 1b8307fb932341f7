"""A list reads only the states of its papers (`paper_views(…, text=False)`): the same words and
dates as the full views, without the text and amendments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions.models import Paper
from resolutions.paper_view import paper_views
from tests import factories as f

pytestmark = pytest.mark.django_db


def shown(views):
    return {pk: (view.public_state, view.decision_date, view.result_label) for pk, view in views.items()}


@pytest.mark.parametrize("who", ["public", "councillor"])
def test_a_lists_states_are_those_of_the_papers_full_views(world, who):
    viewer = world.councillor_user if who == "councillor" else None
    # A paper decided in a non-public item: the list says so, as the paper page does.
    in_private = f.paper(world.body, state=Paper.State.DECIDED, result="adopted", name="Grundstücksverkauf")
    consultation = f.consultation(in_private, world.committee, meeting=world.meeting)
    f.agenda_item(world.meeting, order=9, public=False, consultation=consultation, result="adopted")
    papers = list(Paper.objects.visible_to(viewer).filter(body=world.body))
    full = paper_views(papers, viewer)
    with CaptureQueriesContext(connection) as queries:
        light = paper_views(papers, viewer, text=False)
    assert shown(light) == shown(full)
    # The committee's member may know the result; the public learns only that it was decided.
    expected = "beschlossen" if viewer else "in nichtöffentlicher Sitzung entschieden"
    assert light[in_private.pk].public_state == expected
    # The consultations and their agenda items; no amendments, no text.
    assert len(queries) == 2
    assert all(view.text is None and view.amendments == [] for view in light.values())
