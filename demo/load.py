"""`load_demo()`: the whole demo, told as one story in one transaction.

Idempotent: every record is looked up by a natural key and created only when missing, and
the steps of the story are planned only for the records this run created, so a second
run writes nothing. The calendar is fixed (not relative to today) for the same reason.

The story is history: what its steps queue for after the commit (e-mails to the demo's
example addresses, frozen PDF copies of each release and decision, the councillors'
change digests) belongs to the moments the story replays, not to today, and is dropped.
The portal's search index is not refreshed record by record while the story is told; it
is rebuilt once at the end.
"""

from django.db import connection, transaction

from councillors.models import PendingPaperChange
from demo.base import Demo, Story
from demo.council_office import council_office_year
from demo.files import demo_files
from demo.meetings import close_held_meetings, year_of_meetings
from demo.minutes import minutes_record
from demo.nuthe import nuthe
from demo.papers import demo_papers
from demo.people import luckenwalde
from demo.record import special_session
from demo.seed import seed_paper
from demo.supplements import demo_supplement
from portal import search_index
from portal.legal import demo_legal_pages
from resolutions.models import PaperType, ReferenceCounter


def load_demo():
    queued = len(connection.run_on_commit)
    with transaction.atomic(), search_index.suspended():
        story = Story()
        town = luckenwalde()
        seed = seed_paper(story, town)
        plans = year_of_meetings(story, town)
        demo_papers(story, town, plans)
        council_office_year(story, town, plans)
        special_session(story, town)
        minutes_record(story, town, plans)
        demo_supplement(story, town)
        nuthe_body, nuthe_logins = nuthe(story)
        close_held_meetings(story)
        told = bool(story.steps)
        story.tell()
        for body in (town.body, nuthe_body):
            _sync_counters(body)
        demo_files(town.body)
        demo_legal_pages(town.body, nuthe_body)
        if told:
            # The councillors were told of these changes back then (see the module's docstring).
            PendingPaperChange.objects.filter(paper__body__in=(town.body, nuthe_body)).delete()
        del connection.run_on_commit[queued:]
    search_index.rebuild()
    seed.refresh_from_db()
    return Demo(luckenwalde=town.body, nuthe=nuthe_body, seed_paper=seed, logins=town.logins + nuthe_logins)


def _sync_counters(body):
    """Continue each paper type's numbering after the highest demo reference."""
    for paper_type in PaperType.objects.filter(body=body):
        numbers = {}
        for reference in paper_type.papers.exclude(reference=None).values_list("reference", flat=True):
            number = int(reference.split("-", 1)[1].split("/", 1)[0])
            year = 0 if paper_type.numbering == PaperType.Numbering.CONTINUOUS else int(reference.rsplit("/", 1)[1])
            numbers[year] = max(numbers.get(year, 0), number)
        for year, last in numbers.items():
            counter, _ = ReferenceCounter.objects.get_or_create(paper_type=paper_type, year=year)
            if counter.last_number < last:
                counter.last_number = last
                counter.save()
