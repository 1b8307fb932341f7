from django import template

from resolutions import permissions

register = template.Library()


@register.filter
def uses_back_office(user):
    """For the navigation: does this user work in the back office?"""
    return permissions.uses_back_office(user)
