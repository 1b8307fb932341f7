"""The public portal: start page, papers, meetings, organizations, people and search of a Body.

Everything shown goes through council.visibility, so the same page shows a councillor
the non-public part of their own meetings and the public nothing of it. Each page names
the records it shows in a `*_modified` function; `portal.caching` turns that into
ETag/Last-Modified for anonymous visitors.
"""

from portal.views.common import LISTED_KINDS, get_body
from portal.views.directory import organization_detail, organization_list, person_detail, person_list
from portal.views.files import file_download
from portal.views.home import body_list, start
from portal.views.items import agenda_item_detail
from portal.views.legal import body_legal_page, site_legal_page
from portal.views.meetings import meeting_detail, meeting_list
from portal.views.papers import paper_detail, paper_list
from portal.views.search import search_view

__all__ = [
    "LISTED_KINDS",
    "agenda_item_detail",
    "body_legal_page",
    "body_list",
    "file_download",
    "get_body",
    "meeting_detail",
    "meeting_list",
    "organization_detail",
    "organization_list",
    "paper_detail",
    "paper_list",
    "person_detail",
    "person_list",
    "search_view",
    "site_legal_page",
    "start",
]
