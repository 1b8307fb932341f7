"""What the portal's search (`portal.search`) asks the index for a page of papers, written out: the
count and the first 20 by rank, over the GIN index of `portal_searchdocument`. The load benchmark
runs it from its own connection and through the benchmark's server (`bench/urls.py`)."""

RAW_SEARCH = [
    """SELECT count(*) FROM portal_searchdocument
       WHERE body_id = %(body)s AND kind = 'paper' AND vector @@ websearch_to_tsquery('german', %(text)s)""",
    """SELECT id FROM portal_searchdocument
       WHERE body_id = %(body)s AND kind = 'paper' AND vector @@ websearch_to_tsquery('german', %(text)s)
       ORDER BY ts_rank(vector, websearch_to_tsquery('german', %(text)s)) DESC, date DESC, id DESC LIMIT 20""",
]
