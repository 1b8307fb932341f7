"""Saving with the acting user recorded in the history (outside requests as well)."""


def save_as(record, by, **kwargs):
    if by is not None:
        record._history_user = by
    record.save(**kwargs)
    return record
