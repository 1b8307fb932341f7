"""Saving and deleting with the acting user (and, where a step is replayed, its moment) in the history.

django-simple-history takes the user from the request; rules run outside requests too
(commands, the demo, tasks), so they name the user explicitly.
"""


def _mark(record, by, reason, at):
    if by is not None:
        record._history_user = by
    if reason:
        record._change_reason = reason
    if at is not None:
        record._history_date = at


def save_as(record, by, *, reason="", at=None, **kwargs):
    """Save `record` as done by `by` (with a change reason and a historical moment when given)."""
    _mark(record, by, reason, at)
    record.save(**kwargs)
    return record


def delete_as(record, by, *, reason="", at=None):
    _mark(record, by, reason, at)
    record.delete()
