"""The one error the council office's rules raise: its message is shown to the clerk as is."""


class MeetingsError(ValueError):
    """A rule of planning, agenda, results, minutes or decision tracking refused the change."""

    @property
    def message(self):
        return str(self.args[0]) if self.args else ""
