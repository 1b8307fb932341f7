"""The form renderer (`FORM_RENDERER`): Django's, with its two commonest widget templates written
in Python.

Django renders every widget through the template engine: an `<input>` is three templates
(text.html, input.html, attrs.html), a `<select>` one more per option. The portal's filter
form (five fields, a Body's Gremien as options) took about a quarter of a search or list
page that way. `input.html` and `select.html` with its `select_option.html` are written out
here to the same markup, character for character (tests/test_form_renderer.py compares them
with the templates); every other template goes through the engine as before.
"""

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

_WIDGETS = "django/forms/widgets/"
# The widget templates that are one line: {% include "django/forms/widgets/input.html" %}.
_INPUTS = {
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "search",
        "number",
        "email",
        "url",
        "tel",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "color",
    )
}
_SELECT = f"{_WIDGETS}select.html"
_OPTION = f"{_WIDGETS}select_option.html"


_AUTOESCAPED = Context(autoescape=True)


def _shown(value):
    """`{{ value }}`: localized and escaped as the template engine prints a variable."""
    return render_value_in_context(value, _AUTOESCAPED)


def _attrs(attrs):
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option):
    # The included template's final newline stays in the select.
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>\n"
    )


def _select(widget):
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                return None  # an option of its own making: the engine renders the whole select
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    """Django's template renderer; `<input>` and `<select>` widgets are built without the engine."""

    def render(self, template_name, context, request=None):
        if template_name in _INPUTS:
            return mark_safe(_input(context["widget"]))
        if template_name == _SELECT:
            built = _select(context["widget"])
            if built is not None:
                return mark_safe(built)
        return super().render(template_name, context, request=request)
