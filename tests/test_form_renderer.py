"""lib.form_renderer writes `<input>` and `<select>` in Python: the same markup as Django's templates."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe

from lib.form_renderer import FormRenderer

GROUPED = [
    ("", "alle"),
    ("Ausschüsse", [(1, "Haupt- & Finanzausschuss"), (2, mark_safe("<b>schon sicher</b>"))]),
    (3, 'Rat "der Stadt"'),
    (4, 2026),
]


class Everything(forms.Form):
    text = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"placeholder": 'a "b" <c>', "autofocus": True}))
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search", "hidden": False}))
    number = forms.IntegerField(min_value=1)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    when = forms.DateTimeField(required=False)
    at = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), required=False)
    choice = forms.ChoiceField(choices=GROUPED, required=False, help_text="Hilfe")
    several = forms.MultipleChoiceField(choices=GROUPED, required=False)
    maybe = forms.NullBooleanField(required=False)
    typed = forms.TypedChoiceField(choices=[(1, "eins"), (2, "zwei")], coerce=int)


BOUND = {
    "text": '<script>"x" & y</script>',
    "search": "Zweckverband",
    "number": "nicht",
    "email": "a@b",
    "password": "geheim & mehr",
    "hidden": "'",
    "day": "2026-12-01",
    "when": "01.12.2026 10:00",
    "choice": "2",
    "several": ["1", "3"],
    "maybe": "true",
    "typed": "7",
}
INITIAL = {"day": dt.date(2021, 12, 14), "number": 12000, "choice": "", "several": ["4"]}


@pytest.mark.parametrize(
    "arguments",
    [{}, {"data": BOUND}, {"initial": INITIAL}],
    ids=["unbound", "bound with errors", "initial"],
)
def test_every_field_renders_as_the_templates_render_it(arguments):
    quick = Everything(renderer=FormRenderer(), **arguments)
    with_templates = Everything(renderer=DjangoTemplates(), **arguments)
    quick.is_valid(), with_templates.is_valid()
    for field in quick:
        # The bound field's widget with its attributes (id, required, aria-describedby, aria-invalid …).
        assert str(field) == str(with_templates[field.name]), field.name


def test_the_project_renders_forms_with_it():
    assert isinstance(get_default_renderer(), FormRenderer)


def test_other_widgets_still_go_through_the_templates():
    widgets = [
        forms.Textarea(),
        forms.CheckboxInput(),
        forms.RadioSelect(choices=GROUPED),
        forms.CheckboxSelectMultiple(choices=GROUPED),
        forms.ClearableFileInput(),
        forms.SelectDateWidget(years=[2026]),
    ]
    for widget in widgets:
        assert widget.render("f", None, renderer=FormRenderer()) == widget.render("f", None, renderer=DjangoTemplates())
