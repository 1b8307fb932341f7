"""Building the mails of subscriptions: absolute links and the unsubscribe headers every mail carries.

Every mail names an unsubscribe link in its text and in `List-Unsubscribe`, with
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so mail programs offer a one-click
unsubscribe that POSTs to the link (RFC 8058).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from lib.urls import absolute_reverse


def unsubscribe_url(token):
    return absolute_reverse("subscriptions:unsubscribe", token)


def message(subject, template, context, to, unsubscribe_link):
    """A plain-text mail to one address, with the one-click unsubscribe headers."""
    body = render_to_string(template, {**context, "unsubscribe_link": unsubscribe_link, "site": settings.SITE_URL})
    return EmailMessage(
        subject,
        body,
        None,
        [to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
