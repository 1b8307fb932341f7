"""Reading a remote OParl endpoint: HTTP with urllib, JSON decoding, and a progress line on stderr.

The importer takes the fetch function as an argument, so tests route it to Django's
test client instead of the network.
"""

import json
import urllib.error
import urllib.request

USER_AGENT = "Ratsinfo-OParl-Import/1.0"


class FetchError(Exception):
    """A URL that could not be read (HTTP error, network failure, not JSON)."""


def urllib_fetch(url, timeout=60):
    """GET the URL: returns (content bytes, content type). Raises FetchError."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except (urllib.error.URLError, TimeoutError, ValueError, OSError) as problem:
        raise FetchError(f"{url}: {problem}") from problem


def fetch_json(fetch, url):
    content, _content_type = fetch(url)
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise FetchError(f"{url}: keine gültige JSON-Antwort ({problem})") from problem
    if not isinstance(data, dict):
        raise FetchError(f"{url}: JSON-Objekt erwartet")
    return data


class Progress:
    """One updating line per list: `paper  [#####.....]  50/100` (or a count when the total is unknown).

    `report(name, done, total)`, when given, hears of every step too: the import task
    passes on its progress to whoever queued it.
    """

    WIDTH = 30

    def __init__(self, write=None, report=None):
        self.write = write
        self.report = report
        self.line = ""

    def show(self, name, done, total=None):
        if self.report is not None:
            self.report(name, done, total)
        if self.write is None:
            return
        if total:
            filled = min(self.WIDTH, int(self.WIDTH * done / total))
            text = f"{name:<14} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}"
        else:
            text = f"{name:<14} {done} Objekte"
        self.write("\r" + text.ljust(len(self.line)))
        self.line = text

    def done(self):
        if self.write is not None and self.line:
            self.write("\n")
        self.line = ""
