"""What every part of the demo shares: the fixed demo calendar, natural-key lookups, the story's clock."""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

DEMO_PASSWORD = "ratsinfo-demo"
TZ = ZoneInfo("Europe/Berlin")

# The demo year: fixed dates, so that a second run finds every record again.
DEMO_YEAR_START = dt.date(2026, 3, 1)
DEMO_TODAY = dt.date(2026, 11, 25)

LOREM_REASONING = (
    "<p>Die Verwaltung legt die Vorlage zur Beratung vor. Die Einzelheiten ergeben sich aus den Anlagen "
    "und der Darstellung im Sachverhalt.</p>\n<p>Die Angelegenheit wurde mit den betroffenen Ämtern abgestimmt.</p>"
)


def at(day, hour=18, minute=0):
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def get(model, defaults=None, **lookup):
    obj, _ = model.objects.get_or_create(defaults=defaults or {}, **lookup)
    return obj


def fill_unset(obj, **values):
    """Set the fields still blank or at their model default, and save only if one changed.

    `get` applies its defaults only when it creates the record: a Body made by an older
    demo or by hand gets the demo's values on the next run, while a value someone chose
    stays, and a second run writes nothing (not even a history row).
    """
    changed = [
        name
        for name, value in values.items()
        if getattr(obj, name) in ("", obj._meta.get_field(name).get_default()) and getattr(obj, name) != value
    ]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return obj


@dataclass
class Login:
    role: str
    username: str
    user: object
    description: str


@dataclass
class Demo:
    """What load_demo made, for the command's report and for tests."""

    luckenwalde: object
    nuthe: object
    seed_paper: object
    logins: list


@dataclass
class Story:
    """The steps of the demo, told in the order of their moments (ties: in the order they were planned).

    Each step is called with `at=` its moment. Steps are planned only for records this run
    created, so a second run has nothing to tell.
    """

    steps: list = field(default_factory=list)
    meetings: list = field(default_factory=list)  # the plans of the meetings this run created

    def on(self, moment, step, *args, **kwargs):
        self.steps.append((moment, len(self.steps), step, args, kwargs))

    def tell(self):
        for moment, _, step, args, kwargs in sorted(self.steps, key=lambda s: (s[0], s[1])):
            step(*args, at=moment, **kwargs)
        self.steps.clear()
