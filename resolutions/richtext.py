"""Rich text (resolution text, reasoning): one allow-list, applied on save and on output.

Clerks write paragraphs, bold, italic, lists and simple links; nothing else survives,
in particular no script, style or event handler.
"""

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html, tags=ALLOWED_TAGS):
    """`html` with only the allowed tags, attributes and URL schemes (whole pages pass `tags` with h2 added)."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def to_plain_text(html):
    """The text without markup, for search indexes and e-mails."""
    return nh3.clean(html or "", tags=set()).strip()
