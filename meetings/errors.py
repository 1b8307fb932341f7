"""The one error the council office's rules raise: its message is shown to the clerk as is."""

from contextlib import contextmanager

from resolutions.workflow import WorkflowError


class MeetingsError(ValueError):
    """A rule of planning, agenda, results, minutes or decision tracking refused the change."""

    @property
    def message(self):
        return str(self.args[0]) if self.args else ""


@contextmanager
def refused_as_meetings_error():
    """A step of the paper's lifecycle refused by `resolutions.workflow` reads like any other rule here."""
    try:
        yield
    except WorkflowError as refused:
        raise MeetingsError(refused.message) from refused
