"""Filters of the paper list and the search. Unknown or malformed values are form errors,
shown next to the field; the valid filters still apply."""

from django import forms
from django.db.models import Exists, OuterRef
from django.forms.models import ModelChoiceIterator

from council.models import Organization
from resolutions.models import Consultation, Paper, PaperType
from resolutions.paper_view import PUBLIC_STATE_LABELS


def year_field():
    # A text field, not type="number": a browser drops what is not a number ("abc") from a
    # number field without a word, so the form could not say what was wrong with it.
    return forms.IntegerField(
        label="Jahr",
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6, "maxlength": 20, "autocomplete": "off"}),
        error_messages={"invalid": "Bitte ein Jahr als Zahl eingeben, etwa 2026."},
    )


class _ListedChoices(ModelChoiceIterator):
    """A filter's few choices read with one plain query. Django reads them through `.iterator()`,
    on PostgreSQL a server-side cursor: declare, fetch and close, three round trips per field."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ChoiceOfRecords(forms.ModelChoiceField):
    iterator = _ListedChoices


class PaperFilterForm(forms.Form):
    q = forms.CharField(label="Suchbegriff", required=False, max_length=200)
    art = ChoiceOfRecords(label="Vorlagenart", queryset=PaperType.objects.none(), required=False, empty_label="alle")
    gremium = ChoiceOfRecords(label="Gremium", queryset=Organization.objects.none(), required=False, empty_label="alle")
    jahr = year_field()
    stand = forms.ChoiceField(label="Stand", required=False)

    def __init__(self, body, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["art"].queryset = PaperType.objects.filter(body=body).order_by("name")
        self.fields["gremium"].queryset = Organization.objects.filter(
            body=body, kind__in=Organization.CONSULTING_KINDS
        ).order_by("name")
        self.fields["stand"].choices = [("", "alle")] + [
            (state.value, PUBLIC_STATE_LABELS.get(state, "entschieden"))
            for state in Paper.State
            if state in Paper.PUBLISHED_STATES
        ]
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search", "maxlength": 200})

    def filters(self):
        """The valid filters only; `q` not included."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("art", "gremium", "jahr", "stand") if data.get(name)}

    def text(self):
        self.is_valid()
        return (getattr(self, "cleaned_data", {}).get("q") or "").strip()


def apply_paper_filters(papers, filters):
    if "art" in filters:
        papers = papers.filter(paper_type=filters["art"])
    if "gremium" in filters:
        consulted = Consultation.objects.filter(paper=OuterRef("pk"), organization=filters["gremium"])
        papers = papers.filter(Exists(consulted))
    if "jahr" in filters:
        papers = papers.filter(date__year=filters["jahr"])
    if "stand" in filters:
        papers = papers.filter(state=filters["stand"])
    return papers


class MeetingFilterForm(forms.Form):
    gremium = ChoiceOfRecords(label="Gremium", queryset=Organization.objects.none(), required=False, empty_label="alle")
    jahr = year_field()

    def __init__(self, body, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gremium"].queryset = Organization.objects.filter(
            body=body, kind__in=Organization.CONSULTING_KINDS
        ).order_by("name")

    def filters(self):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("gremium", "jahr") if data.get(name)}
