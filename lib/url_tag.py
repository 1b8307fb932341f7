"""`{% url %}` with its answers remembered: a template builtin (settings `TEMPLATES` "builtins")
that takes the place of Django's tag of the same name, in every template, with the same syntax.

Django's `reverse` walks the URL resolver's namespaces and asks for the active language on
each step: about 16 µs a link, and a search page of 20 papers and 10 agenda items has 44
links. A link depends on nothing but the view's name, its arguments, the current app, the
URL configuration, the script prefix and the language; under those it is remembered (the
last `MEMORY` links, per process). Those are read once per template's rendering (its render
context), as they cannot change in between: the project's URLs hold no language. Arguments
other than strings and integers (a lazy translation, a model instance), and failed lookups,
go to `reverse` every time.
"""

import functools

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode, url
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

MEMORY = 4096
_PLAIN = (str, int)  # and their subclasses: a name written in a template is a SafeString


@functools.lru_cache(maxsize=MEMORY)
def _remembered(view_name, args, kwargs, current_app, urlconf, prefix, language):
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app, urlconf=urlconf)


def _under(current_app):
    """What a link depends on besides its name and arguments; three reads of asgiref's `Local`, about 6 µs."""
    return current_app, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language()


def remembered_reverse(view_name, args=(), kwargs=None, current_app=None, under=None):
    """`reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)`, remembered. `under`:
    what `_under(current_app)` gave earlier in the same rendering (`RememberedURLNode`)."""
    kwargs = kwargs or {}
    values = [*args, *kwargs.values(), view_name]
    if not all(isinstance(value, _PLAIN) for value in values) or not isinstance(current_app, str | None):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return _remembered(view_name, tuple(args), tuple(sorted(kwargs.items())), *(under or _under(current_app)))


def remembered_reverser(current_app=None):
    """`remembered_reverse` for the many links of one list a view builds (the search page's papers):
    `link(view_name, args)`, with what every link depends on read once, so that each link is a
    lookup (11 µs a link before). Positional arguments, strings and integers only."""
    under = _under(current_app)

    def link(view_name, args):
        return _remembered(view_name, tuple(args), (), *under)

    return link


_UNDER = object()  # the key of `_under` in a template's render context


def _current_app(context):
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


class RememberedURLNode(URLNode):
    def render(self, context):
        from django.urls import NoReverseMatch

        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        # The same for every link of one template's rendering: read once (`_under`).
        under = context.render_context.get(_UNDER)
        if under is None:
            under = context.render_context[_UNDER] = _under(_current_app(context))
        link = ""
        try:
            link = remembered_reverse(view_name, args, kwargs, under[0], under)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = link
            return ""
        return conditional_escape(link) if context.autoescape else link


@register.tag(name="url")
def remembered_url(parser, token):
    node = url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
