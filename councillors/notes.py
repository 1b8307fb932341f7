"""Private notes: one per councillor and paper or agenda item, seen by their author alone.

A note can only be written on something the author may see (council.visibility). Saving
an empty text deletes the note; its history keeps every version.
"""

from django.db import transaction
from django.db.models import Q

from council.models import AgendaItem
from councillors.models import Note
from resolutions.models import Paper

MAX_LENGTH = 20000


class NoteError(Exception):
    """A note that cannot be saved; the message is for the councillor."""


def notes_of(user):
    """The user's notes on things they may still see (a membership may have ended)."""
    visible_papers = Paper.objects.visible_to(user)
    visible_items = AgendaItem.objects.details_visible_to(user)
    return Note.objects.filter(author=user).filter(Q(paper__in=visible_papers) | Q(agenda_item__in=visible_items))


def visible_paper(user, pk):
    return Paper.objects.visible_to(user).filter(body_id=user.body_id, pk=pk).first()


def visible_agenda_item(user, pk):
    return AgendaItem.objects.details_visible_to(user).filter(body_id=user.body_id, pk=pk).first()


def note_on(user, *, paper=None, agenda_item=None):
    if paper is not None:
        return Note.objects.filter(author=user, paper=paper).first()
    return Note.objects.filter(author=user, agenda_item=agenda_item).first()


@transaction.atomic
def save_note(author, text, *, paper=None, agenda_item=None):
    """Create, change or (with an empty text) delete the author's note. Returns the note or None."""
    if (paper is None) == (agenda_item is None):
        raise NoteError("Eine Notiz gehört zu genau einer Vorlage oder einem Tagesordnungspunkt.")
    text = (text or "").strip()
    if len(text) > MAX_LENGTH:
        raise NoteError(f"Eine Notiz darf höchstens {MAX_LENGTH} Zeichen lang sein.")
    if paper is not None and not Paper.objects.visible_to(author).filter(pk=paper.pk).exists():
        raise NoteError("Zu dieser Vorlage können Sie keine Notiz anlegen.")
    if agenda_item is not None and not AgendaItem.objects.details_visible_to(author).filter(pk=agenda_item.pk).exists():
        raise NoteError("Zu diesem Tagesordnungspunkt können Sie keine Notiz anlegen.")
    target = {"paper": paper} if paper is not None else {"agenda_item": agenda_item}
    note = Note.objects.select_for_update().filter(author=author, **target).first()
    if not text:
        if note is not None:
            note._history_user = author
            note.delete()
        return None
    if note is None:
        note = Note(author=author, **target)
    elif note.text == text:
        return note
    note.text = text
    note._history_user = author
    note.save()
    return note
