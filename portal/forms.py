"""Filters of the paper list and the search. Unknown or malformed values are form errors,
shown next to the field; the valid filters still apply."""

from django import forms
from django.db.models import Exists, OuterRef
from django.forms.models import ModelChoiceIterator
from django.template.loader import render_to_string
from django.utils.http import urlencode

from council.models import Organization
from portal import memo
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
    """A filter's few choices from the field's list. Django reads them through `.iterator()`,
    on PostgreSQL a server-side cursor: declare, fetch and close, three round trips per field."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.records():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.records()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.records())


class _ListedSelect(forms.Select):
    """The select of a ChoiceOfRecords. With nothing chosen its markup depends on the Body's list
    alone, so it is rendered once per publication version of the Body (`portal.memo`), as the
    list is read: Django's widget makes a dict of each option (`optgroups`) before the markup is
    written (`lib.form_renderer`), about 0.15 ms for a Body's paper types."""

    listed_as = None  # (the Body's slug, the list's name), from `ChoiceOfRecords.list_for`

    def render(self, name, value, attrs=None, renderer=None):
        if self.listed_as is None or value not in (None, ""):
            return super().render(name, value, attrs, renderer)
        slug, listing = self.listed_as
        key = f"select:{listing}:{name}:{urlencode(sorted((attrs or {}).items()))}"
        render = super().render
        return memo.of_body(slug, key, lambda: render(name, value, attrs, renderer))


class ChoiceOfRecords(forms.ModelChoiceField):
    """A choice among a Body's few records (its paper types, its Gremien), listed once for the
    Body's publication version (`portal.memo`) and chosen from that list without a query."""

    iterator = _ListedChoices
    widget = _ListedSelect

    def __deepcopy__(self, memo):
        # Each form's copy chooses from its own list (`list_for`), never from the queryset: the
        # copies share the declared placeholder where ModelChoiceField clones it twice per form.
        result = forms.Field.__deepcopy__(self, memo)
        result.widget.choices = result.choices  # bound to the copy (Django's #11183)
        return result

    def list_for(self, body, name, listing):
        """Choose among the records `listing(body)` (a queryset) lists, listed once per version of
        `body` under `name` (when first asked); the queryset is not even built when the list is known."""
        self._listed = lambda: memo.of_body(body.slug, name, lambda: list(listing(body)))
        self.widget.listed_as = (body.slug, name)

    def records(self):
        if getattr(self, "_records", None) is None:
            listed = getattr(self, "_listed", None)
            self._records = listed() if listed is not None else list(self.queryset)
        return self._records

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = str(getattr(value, "pk", value)).strip()
        for record in self.records():
            if str(record.pk) == key:
                return record
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


def paper_types(body):
    return PaperType.objects.filter(body=body).order_by("name")


def consulting_organizations(body):
    return Organization.objects.filter(body=body, kind__in=Organization.CONSULTING_KINDS).order_by("name")


class PaperFilterForm(forms.Form):
    q = forms.CharField(
        label="Suchbegriff",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 200}),
    )
    art = ChoiceOfRecords(label="Vorlagenart", queryset=PaperType.objects.none(), required=False, empty_label="alle")
    gremium = ChoiceOfRecords(label="Gremium", queryset=Organization.objects.none(), required=False, empty_label="alle")
    jahr = year_field()
    stand = forms.ChoiceField(
        label="Stand",
        required=False,
        choices=[("", "alle")]
        + [
            (state.value, PUBLIC_STATE_LABELS.get(state, "entschieden"))
            for state in Paper.State
            if state in Paper.PUBLISHED_STATES
        ],
    )

    FILTERS = ("art", "gremium", "jahr", "stand")

    def __init__(self, body, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["art"].list_for(body, "paper-types", paper_types)
        self.fields["gremium"].list_for(body, "gremien", consulting_organizations)

    def filter_fields(self):
        """The markup of the filters (every field but `q`). Where the request names none of them it
        is the same for every visitor of the Body, and is rendered once per publication version
        (`portal.memo`): 0.17 ms of every new search term or list page."""

        def render():
            return render_to_string("portal/includes/filter_fields.html", {"form": self})

        if any(name in self.data for name in self.FILTERS):
            return render()
        return memo.of_body(self.body.slug, "filter-fields", render)

    def filters(self):
        """The valid filters only; `q` not included."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.FILTERS if data.get(name)}

    def text(self):
        self.is_valid()
        return (getattr(self, "cleaned_data", {}).get("q") or "").strip()


# What a list or search of papers reads from its address: the form's fields and the page
# (`portal.caching.conditional`'s `query`).
PAPER_LIST_PARAMETERS = (*PaperFilterForm.base_fields, "seite")


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
        self.fields["gremium"].list_for(body, "gremien", consulting_organizations)

    def filters(self):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("gremium", "jahr") if data.get(name)}
