"""`{% load file_tags %}{{ file|described }}`: a file for people ("PDF, 2 Seiten, 753 KB"), see resolutions.files.describe."""

from django import template

from resolutions.files import describe

register = template.Library()


@register.filter
def described(file):
    return describe(file)
