"""`{% load file_tags %}`: `{{ file|described }}`, a file for people ("PDF, 2 Seiten, 753 KB"), see
resolutions.files.describe; `{{ files|annexes }}`, [(Anlage number, file)], see resolutions.files.annexes;
`{{ files|not_annexes }}`, the other documents (frozen copies)."""

from django import template

from resolutions.files import ANNEX_KINDS, annexes, describe

register = template.Library()


@register.filter
def described(file):
    return describe(file)


@register.filter("annexes")
def annex_list(files):
    return annexes(files)


@register.filter
def not_annexes(files):
    return [file for file in files if file.kind not in ANNEX_KINDS]
