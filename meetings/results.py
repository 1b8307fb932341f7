"""Recording the result of an agenda item: result, votes, the decided text and its amendments.

The paper follows its consultations through its lifecycle (`resolutions.workflow.follow_result`):
the deciding consultation adopted, adopted with changes or rejected decides the paper; a
deferral (vertagt) sends the consultation back into the Beratungsfolge, while the agenda
item keeps its result "vertagt" so the deferral stays visible on the paper.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from council.models import AgendaItem, Meeting, Membership, Vote
from lib.history import delete_as, save_as
from meetings.errors import MeetingsError, refused_as_meetings_error
from meetings.textdiff import derive_changes, normalized, plain_paragraphs
from resolutions import workflow
from resolutions.amendments import amended_text, amendments_of, apply_amendments, passage_exists
from resolutions.models import Amendment, Consultation, Paper
from resolutions.paper_view import made_by, paper_view, visible_amendments
from resolutions.richtext import sanitize

R = AgendaItem.Result
# Results that change the text of the paper (the office edits the decided text).
AMENDING_RESULTS = {R.ADOPTED_WITH_CHANGES, R.RECOMMENDED}
RECORDABLE_STATES = (Meeting.State.INVITED, Meeting.State.HELD)


def can_record(meeting):
    """Whether the page offers recording results (the rule below gives the reason when not)."""
    return meeting.state in RECORDABLE_STATES and meeting.date <= timezone.localdate()


def voting_members(organization, on):
    """Members with a vote in the organization on that day; None when no membership is known then.

    Older meetings (like the seed's of 2021) predate the recorded memberships: their votes
    cannot be checked against a number of members.
    """
    active = Membership.objects.filter(organization=organization).on(on)
    if not active.exists():
        return None
    return active.filter(voting_right=True).count()


def members_present(meeting):
    """Voting members recorded as present at the meeting; None when no attendance is recorded.

    Counted are the people present who hold a voting membership of the organization on the
    meeting day (guests and advisory members do not vote).
    """
    from council.models import Attendance

    attendances = Attendance.objects.filter(meeting=meeting)
    if not attendances.exists():
        return None
    day = meeting.date
    voting = Membership.objects.filter(organization_id=meeting.organization_id, voting_right=True).on(day)
    # A substitute (Vertretung) votes in the place of the voting member they represent.
    return (
        attendances.filter(present=True)
        .filter(Q(person__in=voting.values("person")) | Q(represents__in=voting.values("person")))
        .count()
    )


def voters(meeting):
    """Who may vote by name at the meeting: the voting members present per attendance, else all voting members."""
    from council.models import Attendance, Person

    day = meeting.date
    voting = Membership.objects.filter(organization_id=meeting.organization_id, voting_right=True).on(day)
    people = Person.objects.filter(pk__in=voting.values("person"))
    attendances = Attendance.objects.filter(meeting=meeting)
    if attendances.exists():
        present = attendances.filter(present=True)
        substitutes = present.filter(represents__in=voting.values("person")).values("person")
        members_present = Q(pk__in=present.values("person")) & Q(pk__in=voting.values("person"))
        people = Person.objects.filter(members_present | Q(pk__in=substitutes))
    return list(people.order_by("family_name", "given_name", "pk"))


def counts_of(named_votes):
    """(yes, no, abstentions) of a namentliche Abstimmung {person id: choice}."""
    choices = list(named_votes.values())
    return tuple(choices.count(choice) for choice in (Vote.Choice.YES, Vote.Choice.NO, Vote.Choice.ABSTENTION))


def check_votes(meeting, yes, no, abstention, unanimous):
    given = [value for value in (yes, no, abstention) if value is not None]
    if any(value < 0 for value in given):
        raise MeetingsError("Stimmenzahlen können nicht negativ sein.")
    if unanimous and no:
        raise MeetingsError("Ein einstimmiger Beschluss hat keine Nein-Stimmen.")
    total = sum(given)
    present = members_present(meeting)
    if present is not None and total > present:
        raise MeetingsError(
            f"{total} abgegebene Stimmen ({yes or 0} ja, {no or 0} nein, {abstention or 0} Enthaltungen) sind mehr "
            f"als die {present} anwesenden stimmberechtigten Mitglieder laut Anwesenheitsliste."
        )
    members = voting_members(meeting.organization, meeting.date)
    if members is not None and total > members:
        raise MeetingsError(
            f"{total} abgegebene Stimmen sind mehr als die {members} stimmberechtigten Mitglieder "
            f"von „{meeting.organization.name}“."
        )


def refuse_withdrawn(item):
    """A withdrawn item (abgesetzt) was not dealt with in the meeting: it has no result, no votes, no decided text."""
    if item.withdrawn:
        raise MeetingsError(
            f"{item.number} ist abgesetzt und wurde nicht beraten; dazu werden weder Ergebnis noch Stimmen erfasst."
        )


@transaction.atomic
def record_result(
    item,
    result,
    by,
    votes_yes=None,
    votes_no=None,
    votes_abstention=None,
    unanimous=False,
    decided_text=None,
    at=None,
    kinds=None,
    named_votes=None,
):
    """Record the result of an agenda item; with `decided_text` derive the amendments from the edit.

    `decided_text` is the edited text as plain paragraphs (`meetings.textdiff.as_editable`);
    `kinds` corrects the kinds of the derived amendments, in their order, as the preview
    (`preview_amendments`) showed them. Returns the amendments recorded now. `at` is the
    moment of recording (default: now). `named_votes` ({person id: Vote.Choice}) records a
    namentliche Abstimmung: the counts are derived from it.
    """
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting__organization").get(pk=item.pk)
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    meeting.organization = item.meeting.organization
    refuse_withdrawn(item)
    if meeting.state == Meeting.State.CANCELLED:
        raise MeetingsError("Die Sitzung ist abgesagt; für sie können keine Ergebnisse erfasst werden.")
    if meeting.state not in RECORDABLE_STATES:
        raise MeetingsError(
            "Zu dieser Sitzung wurde noch nicht eingeladen; Ergebnisse können erst danach erfasst werden."
        )
    if meeting.date > (timezone.localdate(at) if at else timezone.localdate()):
        raise MeetingsError("Die Sitzung hat noch nicht stattgefunden; Ergebnisse werden ab dem Sitzungstag erfasst.")
    if meeting.minutes_state == Meeting.MinutesState.APPROVED:
        raise MeetingsError("Die Niederschrift dieser Sitzung ist bestätigt; die Ergebnisse sind festgeschrieben.")
    if result not in R.values:
        raise MeetingsError("Bitte ein Ergebnis wählen.")
    if item.result == R.DEFERRED and result != R.DEFERRED:
        raise MeetingsError("Der Punkt wurde vertagt; das Ergebnis wird in der späteren Sitzung erfasst.")
    if named_votes:
        allowed = {person.pk for person in voters(meeting)}
        if set(named_votes) - allowed:
            raise MeetingsError("Namentlich abstimmen können nur die anwesenden stimmberechtigten Mitglieder.")
        if any(choice not in Vote.Choice.values for choice in named_votes.values()):
            raise MeetingsError("Bitte für jede Stimme ja, nein oder Enthaltung wählen.")
        votes_yes, votes_no, votes_abstention = counts_of(named_votes)
    check_votes(meeting, votes_yes, votes_no, votes_abstention, unanimous)

    consultation = (
        Consultation.objects.select_for_update(of=("self",)).select_related("organization").get(pk=item.consultation_id)
        if item.consultation_id
        else None
    )
    paper = Paper.objects.select_for_update().get(pk=consultation.paper_id) if consultation else None
    new_amendments = []
    if paper is not None and decided_text is not None:
        new_amendments = _record_amendments(paper, consultation, meeting, decided_text, by, at, kinds)
    if new_amendments and result not in AMENDING_RESULTS:
        raise MeetingsError(
            "Der Beschlusstext wurde geändert: bitte als Ergebnis „geändert beschlossen“ "
            "(oder „Beschlussempfehlung“) wählen."
        )
    if result == R.ADOPTED_WITH_CHANGES and paper is not None and not _has_amendments(consultation, meeting):
        raise MeetingsError("„Geändert beschlossen“ verlangt eine Änderung des Beschlusstexts.")

    was_deferred = item.result == R.DEFERRED
    item.result = result
    item.votes_yes, item.votes_no, item.votes_abstention = votes_yes, votes_no, votes_abstention
    item.unanimous = unanimous
    if paper is not None:
        item.resolution_text = _text_as_decided(paper, item)
    save_as(item, by, at=at)
    _record_named_votes(item, named_votes or {}, by, at)
    if meeting.state == Meeting.State.INVITED:
        meeting.state = Meeting.State.HELD
        save_as(meeting, by, at=at)

    if paper is not None and not was_deferred:
        with refused_as_meetings_error():
            workflow.follow_result(consultation, meeting, result, by=by, at=at)
    return new_amendments


def _record_named_votes(item, named_votes, by, at=None):
    """Keep the item's votes by name as given: new ones added, changed ones updated, the rest removed."""
    existing = {vote.person_id: vote for vote in Vote.objects.filter(agenda_item=item)}
    for person_id, vote in existing.items():
        if person_id not in named_votes:
            delete_as(vote, by, at=at, reason="namentliche Stimme entfernt")
    for person_id, choice in named_votes.items():
        vote = existing.get(person_id) or Vote(agenda_item=item, person_id=person_id)
        if vote.pk and vote.choice == choice:
            continue
        vote.choice = choice
        save_as(vote, by, at=at)


def _text_as_decided(paper, item):
    """The text the item decided, for its record: whoever sees a public item sees this text (OParl
    `resolutionText`), so it carries only the amendments of public items (the public view), never
    one made before in a non-public session."""
    if item.public:
        return paper_view(paper, None, files=False, related=False).text.decided
    return amended_text(paper).decided


def leaking_item_texts():
    """Public agenda items whose recorded text holds an amendment of a non-public item, with the text they should hold.

    Until the recorded text was the public view's (`_text_as_decided`), it held every
    amendment made so far. The text an item should hold is the proposal with the public
    amendments made up to its meeting.
    """
    items = (
        AgendaItem.objects.filter(public=True, consultation__paper__consultations__amendments__isnull=False)
        .exclude(resolution_text="")
        .select_related("meeting", "consultation__paper")
        .distinct()
        .order_by("pk")
    )
    views = {}
    for item in items.iterator(chunk_size=200):
        paper = item.consultation.paper
        if paper.pk not in views:
            amendments = amendments_of(paper)
            view = paper_view(paper, None, files=False, related=False)
            public = visible_amendments(paper, view.consultations, amendments)
            views[paper.pk] = (public, len(public) != len(amendments))
        public, some_hidden = views[paper.pk]
        if not some_hidden:
            continue
        made_by_then = [amendment for amendment in public if made_by(amendment, item.meeting)]
        text = apply_amendments(sanitize(paper.resolution_text), made_by_then).decided
        if normalized(text) != normalized(item.resolution_text):
            yield item, text


@transaction.atomic
def repair_item_texts(by=None):
    """Give every leaking public item the text it should hold (see `leaking_item_texts`); returns the items."""
    repaired = []
    for item, text in list(leaking_item_texts()):
        item.resolution_text = text
        save_as(item, by, reason="Beschlusstext ohne Änderungen aus nichtöffentlicher Sitzung")
        repaired.append(item)
    return repaired


def _has_amendments(consultation, meeting):
    return Amendment.objects.filter(consultation=consultation).filter(Q(meeting=meeting) | Q(meeting=None)).exists()


@dataclass
class Preview:
    """What saving an edited text would record: the amendments (unsaved) and the text as it would read."""

    amendments: list
    text: object
    key: str = ""


def preview_amendments(item, decided_text, by, kinds=None):
    """The amendments an edit of the item's decided text would record, not saved; None when the text is unchanged.

    Raises MeetingsError when the edit cannot be recorded (as `record_result` would).
    """
    refuse_withdrawn(item)
    consultation = item.consultation
    paper = consultation.paper
    meeting = item.meeting
    derived = _derive_amendments(paper, consultation, meeting, decided_text, by, kinds)
    if derived is None:
        return None
    existing, created = derived
    text = apply_amendments(sanitize(paper.resolution_text), [*existing, *created], anchors="vorschau")
    return Preview(created, text)


def changed_from_current(paper, decided_text):
    """Whether the edited plain text differs from the paper's current decided text."""
    current = apply_amendments(sanitize(paper.resolution_text), amendments_of(paper)).decided
    return normalized(decided_text) != normalized("\n\n".join(plain_paragraphs(current)))


def _with_kind(change, kind):
    if kind is None or kind == change.kind:
        return change.kind
    if change.kind == Amendment.Kind.STRUCK or kind not in (Amendment.Kind.ADDED, Amendment.Kind.CHANGED):
        raise MeetingsError(
            f"„{change.text_before.strip()}“: eine Streichung bleibt „gestrichen“; Ergänzungen und Änderungen "
            "sind „ergänzt“ oder „geändert“."
        )
    return kind


def _record_amendments(paper, consultation, meeting, decided_text, by, at=None, kinds=None):
    derived = _derive_amendments(paper, consultation, meeting, decided_text, by, kinds)
    if derived is None:
        return []
    created = derived[1]
    for amendment in created:
        save_as(amendment, by, at=at)
    return created


def _derive_amendments(paper, consultation, meeting, decided_text, by, kinds=None):
    """(existing amendments, new unsaved amendments) for the edit, or None when the text is unchanged."""
    existing = amendments_of(paper)
    current = apply_amendments(sanitize(paper.resolution_text), existing).decided
    if normalized(decided_text) == normalized("\n\n".join(plain_paragraphs(current))):
        return None
    if not by.initials:
        raise MeetingsError(
            "In Ihrem Profil ist kein Kürzel hinterlegt; ohne Kürzel kann keine Änderung erfasst werden."
        )
    changes = derive_changes(current, decided_text)
    if kinds is not None and len(kinds) != len(changes):
        raise MeetingsError(
            "Der Beschlusstext ergibt andere Änderungen als in der Vorschau; bitte die Vorschau erneut prüfen."
        )
    position = max((a.position for a in existing if a.consultation_id == consultation.pk), default=0)
    created = []
    text = current
    for change in changes:
        if not passage_exists(text, change.text_before):
            raise MeetingsError(
                f"Die Änderung an „{change.text_before}“ lässt sich keiner Textstelle zuordnen. "
                "Bitte die Änderungen einzeln erfassen."
            )
        position += 1
        amendment = Amendment(
            consultation=consultation,
            meeting=meeting,
            kind=_with_kind(change, kinds[len(created)] if kinds is not None else None),
            text_before=change.text_before,
            text_after=change.text_after,
            initials=by.initials,
            position=position,
            recorded_by=by,
        )
        text = apply_amendments(text, [amendment], strict=True).decided
        created.append(amendment)
    if normalized("\n\n".join(plain_paragraphs(text))) != normalized(decided_text):
        raise MeetingsError(
            "Die Änderungen lassen sich nicht eindeutig als Ergänzung, Änderung oder Streichung erfassen "
            "(etwa weil eine Textstelle mehrfach vorkommt). Bitte die Änderungen einzeln erfassen."
        )
    return existing, created
