"""Forms of the council office: they parse input; the rules live in planning, agenda, results, minutes."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings

from council.models import AgendaItem, Location, Meeting, Organization, Person, Vote
from lib.dates import FIRST_YEAR, LAST_YEAR, date_field, local_day
from meetings.agenda import STANDING_ITEMS
from meetings.textdiff import as_editable
from meetings.tracking import STATUS_LABELS
from resolutions.richtext import sanitize

WEEKDAYS = [(0, "Montag"), (1, "Dienstag"), (2, "Mittwoch"), (3, "Donnerstag"), (4, "Freitag"), (5, "Samstag")]
WEEKS = [(1, "ersten"), (2, "zweiten"), (3, "dritten"), (4, "vierten"), (-1, "letzten")]
MONTHS = [
    (1, "Januar"), (2, "Februar"), (3, "März"), (4, "April"), (5, "Mai"), (6, "Juni"),
    (7, "Juli"), (8, "August"), (9, "September"), (10, "Oktober"), (11, "November"), (12, "Dezember"),
]  # fmt: skip
# No council has more members; larger numbers are typing errors (and overflow the column).
MAX_VOTES = 999
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
RESULT_LABELS = [
    ("", "– bitte wählen –"),
    (AgendaItem.Result.ADOPTED, "beschlossen"),
    (AgendaItem.Result.ADOPTED_WITH_CHANGES, "geändert beschlossen"),
    (AgendaItem.Result.REJECTED, "abgelehnt"),
    (AgendaItem.Result.DEFERRED, "vertagt"),
    (AgendaItem.Result.NOTED, "zur Kenntnis genommen"),
    (AgendaItem.Result.RECOMMENDED, "Beschlussempfehlung"),
]


def _zone():
    return ZoneInfo(settings.TIME_ZONE)


class BodyScopedForm(forms.Form):
    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        organizations = Organization.objects.filter(kind__in=Organization.CONSULTING_KINDS)
        locations = Location.objects.all()
        if body is not None:
            organizations, locations = organizations.filter(body=body), locations.filter(body=body)
        if "organization" in self.fields:
            self.fields["organization"].queryset = organizations.order_by("name")
        if "location" in self.fields:
            self.fields["location"].queryset = locations.order_by("description")


class MeetingForm(BodyScopedForm):
    organization = forms.ModelChoiceField(label="Gremium", queryset=Organization.objects.none())
    name = forms.CharField(label="Bezeichnung (optional)", required=False, max_length=250)
    date = date_field("Datum")
    start_time = forms.TimeField(label="Beginn", widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label="Ende (optional)", required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    location = forms.ModelChoiceField(label="Ort", queryset=Location.objects.none(), required=False)

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start_time"):
            data["start"] = dt.datetime.combine(data["date"], data["start_time"], tzinfo=_zone())
            end_time = data.get("end_time")
            data["end"] = dt.datetime.combine(data["date"], end_time, tzinfo=_zone()) if end_time else None
            if data["end"] and data["end"] < data["start"]:
                self.add_error("end_time", "Das Ende liegt vor dem Beginn.")
        return data


class SeriesForm(BodyScopedForm):
    organization = forms.ModelChoiceField(label="Gremium", queryset=Organization.objects.none())
    year = forms.IntegerField(label="Jahr", min_value=FIRST_YEAR, max_value=LAST_YEAR)
    week = forms.TypedChoiceField(label="Woche im Monat", choices=WEEKS, coerce=int)
    weekday = forms.TypedChoiceField(label="Wochentag", choices=WEEKDAYS, coerce=int)
    time = forms.TimeField(label="Beginn", widget=forms.TimeInput(attrs={"type": "time"}))
    duration = forms.IntegerField(label="Dauer in Minuten (optional)", required=False, min_value=15, max_value=720)
    months = forms.TypedMultipleChoiceField(
        label="Monate", choices=MONTHS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    location = forms.ModelChoiceField(label="Ort", queryset=Location.objects.none(), required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label="Grund der Absage", max_length=250)
    # Set by the confirmation page's button; the first submit only leads there.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class InvitationTextForm(forms.Form):
    text = forms.CharField(
        label="Anrede und Text der Einladung",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "Absätze durch eine Leerzeile trennen. Platzhalter: {nummer} (z. B. „12.“), {gremium}, {datum}, "
            "{uhrzeit}, {ort}. Leer lassen für den Standardtext."
        ),
    )


class PublishForm(forms.Form):
    urgent_reason = forms.CharField(
        label="Begründung der Dringlichkeit",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Nur nötig, wenn die Ladungsfrist nicht mehr eingehalten werden kann; erscheint auf der Einladung.",
    )

    def __init__(self, *args, urgent_needed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.urgent_needed = urgent_needed
        if urgent_needed:
            self.fields["urgent_reason"].required = True
            self.fields["urgent_reason"].error_messages["required"] = (
                "Die Ladungsfrist ist unterschritten; bitte die Dringlichkeit begründen."
            )


class StandingItemsForm(forms.Form):
    # All ticked by default: most meetings open with all of them; the clerk unticks the others.
    items = forms.MultipleChoiceField(
        label="Regelpunkte",
        choices=STANDING_ITEMS,
        widget=forms.CheckboxSelectMultiple,
        initial=[key for key, _ in STANDING_ITEMS],
    )


class ItemForm(forms.Form):
    name = forms.CharField(label="Betreff", max_length=500)
    public = forms.BooleanField(label="öffentlich", required=False, initial=True)


class PaperItemForm(forms.Form):
    consultation = forms.ModelChoiceField(label="Vorlage", queryset=None)

    def __init__(self, *args, consultations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = consultations
        self.fields["consultation"].label_from_instance = lambda c: (
            f"{c.paper.reference} {c.paper.name} ({c.get_role_display()})"
            + (" – für diese Sitzung vorgesehen" if getattr(c, "targeted", False) else "")
        )


class ResultForm(forms.Form):
    result = forms.ChoiceField(label="Ergebnis", choices=RESULT_LABELS)
    unanimous = forms.BooleanField(label="einstimmig", required=False)
    votes_yes = forms.IntegerField(label="Ja-Stimmen", required=False, min_value=0, max_value=MAX_VOTES)
    votes_no = forms.IntegerField(label="Nein-Stimmen", required=False, min_value=0, max_value=MAX_VOTES)
    votes_abstention = forms.IntegerField(label="Enthaltungen", required=False, min_value=0, max_value=MAX_VOTES)
    decided_text = forms.CharField(
        label="Beschlusstext wie beschlossen",
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10, "data-richtext": "", "class": "richtext-source"}),
        help_text="Den Text so bearbeiten, wie er beschlossen wurde (ohne JavaScript: Absätze durch eine "
        "Leerzeile trennen). Änderungen werden als Ergänzung, Änderung oder Streichung mit Ihrem Kürzel "
        "erfasst; vor dem Speichern zeigt die Vorschau sie an.",
    )

    def __init__(self, *args, voters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.voters = list(voters)
        for person in self.voters:
            self.fields[self.vote_field(person)] = forms.ChoiceField(
                label=person.name, required=False, choices=[("", "–"), *Vote.Choice.choices]
            )

    @staticmethod
    def vote_field(person):
        return f"stimme_{person.pk}"

    def vote_fields(self):
        return [self[self.vote_field(person)] for person in self.voters]

    @property
    def named_votes_given(self):
        return any(field.value() for field in self.vote_fields())

    def other_fields(self):
        names = {self.vote_field(person) for person in self.voters}
        return [field for field in self if field.name not in names]

    def clean_decided_text(self):
        """The edited text as plain paragraphs: HTML from the editor is sanitised and reduced to its paragraphs."""
        value = self.cleaned_data["decided_text"]
        if value and _LOOKS_LIKE_HTML.search(value):
            return as_editable(sanitize(value))
        return value

    def clean(self):
        data = super().clean()
        if data.get("unanimous") and data.get("votes_no"):
            self.add_error("votes_no", "Ein einstimmiger Beschluss hat keine Nein-Stimmen.")
        named = {person.pk: data.get(self.vote_field(person)) for person in self.voters}
        data["named_votes"] = {pk: choice for pk, choice in named.items() if choice}
        if data["named_votes"]:
            # Namentliche Abstimmung: the counts are those of the votes by name.
            choices = list(data["named_votes"].values())
            derived = [choices.count(choice) for choice in Vote.Choice.values]
            for name, count in zip(("votes_yes", "votes_no", "votes_abstention"), derived, strict=True):
                typed = data.get(name)
                if typed is not None and typed != count:
                    self.add_error(
                        name,
                        f"Die namentliche Abstimmung ergibt {derived[0]} ja, {derived[1]} nein, "
                        f"{derived[2]} Enthaltungen; bitte die Zahl leer lassen oder angleichen.",
                    )
                data[name] = count
        return data


class MinutesHeadForm(forms.Form):
    """Chair, minute-taker and the remarks at the end of the minutes."""

    chair = forms.ModelChoiceField(label="Vorsitz", queryset=Person.objects.none(), required=False)
    minute_taker = forms.CharField(
        label="Schriftführer/in", max_length=200, required=False, help_text="Name, wie er unter der Niederschrift steht"
    )
    remarks = forms.CharField(
        label="Bemerkungen (öffentlich, am Ende der Niederschrift)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = people
        self.fields["chair"].empty_label = "– nicht erfasst –"


class MinutesNotesForm(forms.Form):
    """The course of the consultation (Beratungsverlauf) per agenda item, in the rich-text editor."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[self.field_name(item)] = forms.CharField(
                label=f"TOP {item.number} {item.name}",
                required=False,
                max_length=50000,
                initial=item.minutes_note,
                widget=forms.Textarea(attrs={"rows": 5, "data-richtext": "", "class": "richtext-source"}),
            )

    @staticmethod
    def field_name(item):
        return f"note_{item.pk}"

    def notes(self):
        """{item id: sanitised note} of every item."""
        return {item.pk: sanitize(self.cleaned_data[self.field_name(item)]) for item in self.items}


class ApproveMinutesForm(forms.Form):
    approved_in = forms.ModelChoiceField(label="Bestätigt in der Sitzung", queryset=Meeting.objects.none())

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_in"].queryset = meetings
        self.fields["approved_in"].label_from_instance = lambda m: f"{local_day(m.start)} ({m.get_state_display()})"


ATTENDANCE_CHOICES = [("present", "anwesend"), ("excused", "entschuldigt"), ("absent", "abwesend")]


class AttendanceForm(forms.Form):
    """Per member present, excused or absent (present preselected) and a substitute; the guests, one a line."""

    guests = forms.CharField(
        label="Gäste",
        required=False,
        max_length=5000,
        help_text="Ein Gast je Zeile: Name, Funktion oder Herkunft – z. B. „Herr Dr. Weber, Planungsbüro Nord“",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, people, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        substitutes = [("", "– keine –")] + [(str(person.pk), person.name) for person in candidates]
        for person in people:
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=person.name, choices=ATTENDANCE_CHOICES, initial="present", widget=forms.RadioSelect
            )
            self.fields[f"substitute_{person.pk}"] = forms.TypedChoiceField(
                label=f"Vertretung für {person.name}",
                choices=substitutes,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def rows(self):
        """(person, status field, substitute field) per member, for the template."""
        return [(person, self[f"status_{person.pk}"], self[f"substitute_{person.pk}"]) for person in self.people]

    def clean(self):
        cleaned = super().clean()
        for person in self.people:
            if cleaned.get(f"status_{person.pk}") == "present" and cleaned.get(f"substitute_{person.pk}"):
                self.add_error(f"substitute_{person.pk}", "Ein anwesendes Mitglied wird nicht vertreten.")
        chosen = [cleaned.get(f"substitute_{person.pk}") for person in self.people]
        chosen = [pk for pk in chosen if pk]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError("Eine Person kann nur ein Mitglied vertreten.")
        return cleaned

    def with_status(self, status):
        return {person.pk for person in self.people if self.cleaned_data[f"status_{person.pk}"] == status}

    def substitutes(self):
        return {
            person.pk: self.cleaned_data[f"substitute_{person.pk}"]
            for person in self.people
            if self.cleaned_data.get(f"substitute_{person.pk}")
        }

    def guest_list(self):
        """[(name, function)]: each line split at its first comma."""
        lines = (line.strip() for line in self.cleaned_data["guests"].splitlines())
        return [tuple(part.strip() for part in (line.split(",", 1) + [""])[:2]) for line in lines if line]


class ImplementationForm(forms.Form):
    status = forms.ChoiceField(label="Stand der Umsetzung", choices=list(STATUS_LABELS.items()))
    due_date = date_field("Termin", required=False)
    notes = forms.CharField(label="Vermerk", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class RegisterFilterForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="Gremium", required=False, queryset=Organization.objects.none(), empty_label="alle Gremien"
    )
    year = forms.TypedChoiceField(label="Jahr", required=False, coerce=int, empty_value=None)
    q = forms.CharField(label="Suche", required=False, max_length=200)

    def __init__(self, *args, organizations, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["year"].choices = [("", "alle Jahre")] + [(year, str(year)) for year in years]
