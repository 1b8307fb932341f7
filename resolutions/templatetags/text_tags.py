"""`{% load text_tags %}`: `{{ paper.name|nowrap_references }}`, a title whose references
("Ergänzung zu B-8106/2026: …") never break at their hyphen or slash in a list."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

REFERENCE = re.compile(r"[A-ZÄÖÜ][A-Za-z0-9]*-\d+/\d{4}")


@register.filter(is_safe=True)
def nowrap_references(text):
    escaped = escape(text or "")
    return mark_safe(REFERENCE.sub(lambda match: f'<span class="nowrap">{match.group(0)}</span>', escaped))
