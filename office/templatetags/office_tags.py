from django import template

from resolutions import permissions

register = template.Library()


@register.filter
def uses_back_office(user):
    """For the navigation: does this user work in the back office?"""
    return permissions.uses_back_office(user)


@register.filter
def signer_title(role, body):
    """A sign-off step's role as the Body calls it: `{{ signoff.role|signer_title:paper.body }}`."""
    return body.signer_title(role) if role else ""
