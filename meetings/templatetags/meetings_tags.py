from django import template

from meetings import minutes

register = template.Library()


@register.inclusion_tag("meetings/includes/absences.html")
def reported_absences(meeting):
    """Members excused in advance (councillors' "Verhinderung melden", or recorded by the office)."""
    return {"meeting": meeting, "absences": minutes.reported_absences(meeting)}
