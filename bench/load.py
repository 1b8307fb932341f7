"""Load benchmark: public pages under gunicorn, each against a bare Django view in the same run.

    python -m bench.load [--database URL] [--no-load] [--generated 50x100000] [--label demo]
                         [--duration 5] [--rounds 3] [--connections 4] [--workers 2]
                         [--pdf-requests 200] [--search-requests 300]
                         [--memory-minutes 10 [--memory-only]]

- Database: `ratsinfo_bench` on the PostgreSQL server of DATABASE_URL, made afresh with
  the demo in it; or `--database URL --no-load` for a database filled otherwise (a
  generated one of 50 Bodies), used as it is; or `--generated 50x100000`: the demo and
  `generate_data` with that many Bodies and papers, measured on the first generated Body.
  `--body` and `--paper` pick the seed paper.
- Server: gunicorn (`gunicorn.conf.py`) with `bench.settings`: DEBUG off, the project's
  settings and middleware, plus a bare view (a constant `HttpResponse`) that only that
  settings module serves.
- Load: wrk (Debian's package; `make bench` installs it) with a few connections for a
  few seconds per URL. Rounds take turns over the bare view and every page, so a busy
  machine slows them alike; a page's ratio is its requests/s over the bare view's in the
  same round, median over the rounds.
- Stored and computed: a repeated anonymous request is served from the page store; a
  "computed" one asks with a query parameter never asked before, so it misses the store.
  No page or OParl document reads that parameter, so it is not kept either
  (`portal.caching.conditional`'s `query`, `oparl.http.PARAMETERS`): a first visitor
  asking with a new filter or search term pays besides for storing it (0.02 ms to write
  the page to the local-memory cache, 0.07 ms to remember its path, in-process at 50
  Bodies).
- Search: the search page (computed and stored) against the raw full-text query of
  `portal.search`, one request at a time, p50 and p95 per term.
- Memory: one gunicorn worker without recycling, resident memory (RSS) before and after
  a run of requests for the seed paper's PDF; with `--memory-minutes`, a mixed run (pages,
  OParl, search, PDFs) on a worker with the production recycling and one without, RSS
  sampled every 30 s.

Writes its section of docs/performance.md (one per `--label`) and stops every process it
started, also on Ctrl-C.
"""

import argparse
import datetime as dt
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg
import psycopg.sql

from bench.queries import RAW_SEARCH
from bench.report import write_section

ROOT = Path(__file__).resolve().parent.parent
BARE = "/bench/bare/"
OPARL_DEEP_PAGE = 1000  # issue 17: OParl list page 1 000 within 1.2x of page 1
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ratsinfo"


@dataclass
class Target:
    key: str  # "paper", "paper computed", "304 paper" …
    label: str
    path: str
    headers: dict
    fresh: bool = False  # computed: each request misses the stored page (FRESH_SCRIPT)


# --- database --------------------------------------------------------------------------------


def bench_database_url(args):
    if args.database:
        return args.database
    config = dj_database_url.parse(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    if "postgresql" not in config["ENGINE"]:
        sys.exit("The load benchmark runs on PostgreSQL: set DATABASE_URL=postgres://… (the server to use).")
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    return f"postgres://{auth}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/ratsinfo_bench"


def recreate_database(url):
    config = dj_database_url.parse(url)
    name = psycopg.sql.Identifier(config["NAME"])
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(name))


def manage(environment, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, check=True)


def prepare(environment, load, generated=None):
    if load:
        print(f"Database {dj_database_url.parse(environment['DATABASE_URL'])['NAME']}: migrate, demo …")
        recreate_database(environment["DATABASE_URL"])
        manage(environment, "migrate", "--noinput", "-v", "0")
        manage(environment, "load_demo")
        if generated:
            bodies, papers = generated
            print(f"generate_data --bodies {bodies} --papers {papers} …")
            started = time.monotonic()
            manage(environment, "generate_data", "--bodies", str(bodies), "--papers", str(papers))
            print(f"generated in {time.monotonic() - started:.0f} s")


def find_targets(environment, body_slug, reference):
    """The URLs of the run, looked up in the benchmark's database by a Django shell."""
    script = f"""
from council.models import Body
from resolutions.models import Paper
from django.db.models import Count
body = Body.objects.get(slug={body_slug!r})
papers = Paper.objects.visible_to(None).filter(body=body)
if {reference!r}:
    paper = papers.get(reference={reference!r})
else:  # a generated Body: a paper like the seed paper (two consultations, an amendment, a public file)
    paper = (papers.filter(result="adopted_with_changes", files__public=True)
             .annotate(steps=Count("consultations", distinct=True)).filter(steps=2).order_by("pk").first())
meeting = paper.consultations.exclude(meeting=None).order_by("-meeting__start").first().meeting
from oparl import selectors
from oparl.lists import DEFAULT_LIMIT
public = selectors.papers(body).order_by("pk").values_list("pk", flat=True)
total = public.count()
deep_page = min({OPARL_DEEP_PAGE}, max(1, (total - 1) // DEFAULT_LIMIT + 1))
after = public[(deep_page - 1) * DEFAULT_LIMIT - 1] if deep_page > 1 else 0
print(body.pk, paper.pk, meeting.pk, meeting.organization_id, paper.reference, deep_page, after)
"""
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    body_pk, paper_pk, meeting_pk, organization_pk, reference, deep_page, after = output.split()[-7:]
    slug = body_slug
    return {
        "bare": f"{BARE}",
        "paper": f"/{slug}/vorlagen/{paper_pk}/",
        "start": f"/{slug}/",
        "papers": f"/{slug}/vorlagen/",
        "papers_filtered": f"/{slug}/vorlagen/?stand=decided&gremium={organization_pk}",
        "meeting": f"/{slug}/sitzungen/{meeting_pk}/",
        "search": f"/{slug}/suche/?q=Zweckverband",
        "oparl": f"/oparl/v1/body/{body_pk}/paper",
        "oparl_deep": f"/oparl/v1/body/{body_pk}/paper?after={after}",
        "pdf": f"/dokumente/{slug}/vorlagen/{paper_pk}.pdf",
        "slug": slug,
        "body_pk": body_pk,
        "oparl_deep_page": deep_page,
        "search_terms": ["Zweckverband", "digitale Verwaltung", reference],
    }


# --- gunicorn ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn in its own process group, stopped with everything it started."""

    def __init__(self, environment, workers, recycle=True):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "ratsinfo.wsgi",
        ]
        if not recycle:
            command[-1:-1] = ["--max-requests", "0"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + BARE, timeout=2).read()
                break
            except (urllib.error.URLError, OSError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    sys.exit("gunicorn did not start; see its output above.")
                time.sleep(0.2)

    def workers(self):
        """Process ids of the worker processes (the master's children)."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return sorted(children)

    def rss_mb(self):
        total = 0
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return total / 1024

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


# --- wrk ---------------------------------------------------------------------------------------

# Each request of a "computed" target asks for its path with a query parameter never asked for
# before (`bench=<run>-<n>`), which the views ignore: the stored page and its validators are
# missed every time, so the page is computed as for a new filter or search term, or for the
# first visitor after a change (who besides reads once what all pages of the Body share,
# `portal.memo`: the Body, the filters' choices, a list's validators). Benchmark only; the
# stored copy a repeated request gets is measured as its own row.
FRESH_SCRIPT = """
local prefix, counter = "", 0
function init(args) prefix = args[1] end
function request()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "bench=" .. prefix .. "-" .. counter)
end
"""

# The memory run: takes turns over the paths given; a path ending in "*" is asked afresh each time.
MIXED_SCRIPT = """
local paths, prefix, counter = {}, "", 0
function init(args)
  prefix = args[1]
  for i = 2, #args do paths[#paths + 1] = args[i] end
end
function request()
  counter = counter + 1
  local path = paths[(counter - 1) % #paths + 1]
  if string.sub(path, -1) == "*" then
    path = string.sub(path, 1, -2)
    local separator = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. separator .. "bench=" .. prefix .. "-" .. counter
  end
  return wrk.format(nil, path)
end
"""


def script_file(source):
    handle, name = tempfile.mkstemp(suffix=".lua", prefix="ratsinfo-bench-")
    with os.fdopen(handle, "w") as script:
        script.write(source)
    return name


def wrk(url, duration, connections, headers, script=None, script_args=()):
    output = run_wrk(url, duration, connections, headers, script, script_args)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rate, int(errors.group(1)) if errors else 0


def run_wrk(url, duration, connections, headers, script=None, script_args=()):
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "--timeout", "30s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=duration + 60).stdout


# A stored page answers within milliseconds; a warm-up request slower than this computed the page.
STORED_WITHIN = 0.25
SECONDS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def warm_up(url, connections, headers, attempts=10):
    """Runs of one second until no request took longer than a stored page does.

    Each worker keeps its own copy (local-memory cache) and computes the page on its first
    request. One second was not enough where that takes longer (the meeting page of a Body
    with 95 000 papers: about 1.5 s on a loaded machine): the workers were still computing
    when the measured run began, and the stored page was measured at a third of its rate.
    """
    for _attempt in range(attempts):
        output = run_wrk(url, 1, connections, headers)
        # A request still being computed when the run ends is not counted at all: none may be missing.
        completed = int(re.search(r"(\d+) requests in", output).group(1))
        value, unit = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)\b", output).groups()
        if completed >= 2 * connections and float(value) * SECONDS[unit] <= STORED_WITHIN:
            return


def validators_of(server, path):
    """The ETag and Last-Modified the page sends, as a revalidation's headers."""
    _status, headers, _body = get(server.base + path)
    validators = {}
    if headers.get("ETag"):
        validators["If-None-Match"] = headers["ETag"]
    if headers.get("Last-Modified"):
        validators["If-Modified-Since"] = headers["Last-Modified"]
    return validators


def targets_with_validators(server, urls):
    """The pages of the run: stored and computed, and the revalidations with the validators the pages sent."""
    targets = [Target("bare", "bare Django view (constant `HttpResponse`, all middleware)", urls["bare"], {})]
    labels = {
        "paper": "seed paper page",
        "start": "portal start page",
        "papers": "paper list",
        "papers_filtered": "paper list with filters (Stand, Gremium) and count",
        "meeting": "meeting page of the seed paper's decision",
        "search": "search „Zweckverband“",
        "oparl": "OParl paper list, page 1",
        "oparl_deep": f"OParl paper list, page {urls['oparl_deep_page']}",
    }
    computed = ("paper", "papers", "papers_filtered", "meeting", "oparl", "oparl_deep")
    for key, label in labels.items():
        if key in urls:
            targets.append(Target(key, label + (", stored" if key in computed else ""), urls[key], {}))
            if key in computed:
                targets.append(Target(f"{key} computed", label + ", computed", urls[key], {}, fresh=True))
    for key, label in (("paper", "304 revalidation of the seed paper page"), ("oparl", "304 of the OParl paper list")):
        if key not in urls:
            continue
        validators = validators_of(server, urls[key])
        again, _headers, _body = get(server.base + urls[key], validators) if validators else (None, None, None)
        if again != 304:
            print(f"{urls[key]}: no 304 for a revalidation (HTTP {again}); left out.", file=sys.stderr)
            continue
        targets.append(Target(f"304 {key}", label + ", stored validators", urls[key], validators))
        if "If-Modified-Since" in validators:
            # A new path each time misses the stored validators; the ETag covers the path, the date does not.
            since = {"If-Modified-Since": validators["If-Modified-Since"]}
            label += ", computed validators (If-Modified-Since)"
            targets.append(Target(f"304 {key} computed", label, urls[key], since, fresh=True))
    for target in targets:
        path = target.path + ("&" if "?" in target.path else "?") + "bench=check" if target.fresh else target.path
        status, _headers, _body = get(server.base + path, target.headers)
        if status not in (200, 304):
            sys.exit(f"{path}: HTTP {status}, expected 200 or 304.")
    return targets


def measure_pages(server, targets, args):
    rates = {target.key: [] for target in targets}
    errors = {target.key: 0 for target in targets}
    fresh = script_file(FRESH_SCRIPT)
    try:
        for round_number in range(1, args.rounds + 1):
            for target in targets:
                script, script_args = (fresh, [secrets.token_hex(4)]) if target.fresh else (None, ())
                if not target.fresh:  # every worker has the page in its local-memory cache before it counts
                    warm_up(server.base + target.path, args.connections, target.headers)
                rate, failed = wrk(
                    server.base + target.path, args.duration, args.connections, target.headers, script, script_args
                )
                rates[target.key].append(rate)
                errors[target.key] += failed
                print(f"round {round_number}: {target.label}: {rate:.0f}/s", file=sys.stderr)
    finally:
        os.unlink(fresh)
    return rates, errors


# --- search against the raw full-text query ---------------------------------------------------


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_search(server, database_url, urls, slug, requests):
    """Per term: the search page (computed: a new path each time, and stored), the raw query from
    here and the raw query through the server, taking turns, one at a time."""
    config = dj_database_url.parse(database_url)
    results = []
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname=config["NAME"],
        autocommit=True,
        # Parameters bound on the client, as Django binds them: with server-side binding the
        # tsquery is not a constant when the statement is planned, and in one large Body the
        # raw query took half as long again (21 ms against 14).
        cursor_factory=psycopg.ClientCursor,
    ) as connection:
        for text in urls["search_terms"]:
            page, stored, raw, served = [], [], [], []
            path = f"/{slug}/suche/?{urllib.parse.urlencode({'q': text})}"
            raw_path = f"/bench/raw-search/?{urllib.parse.urlencode({'body': urls['body_pk'], 'q': text})}"
            run = secrets.token_hex(4)
            hits = connection.execute(RAW_SEARCH[0], {"body": urls["body_pk"], "text": text}).fetchone()[0]
            for number in range(requests + 2):
                spent = []
                for url in (f"{server.base}{path}&bench={run}-{number}", server.base + path, server.base + raw_path):
                    started = time.perf_counter()
                    status, _headers, _body = get(url)
                    spent.append((time.perf_counter() - started) * 1000)
                    if status != 200:
                        sys.exit(f"{url}: HTTP {status}")
                started = time.perf_counter()
                for query in RAW_SEARCH:
                    connection.execute(query, {"body": urls["body_pk"], "text": text}).fetchall()
                if number >= 2:  # two warm-up requests
                    page.append(spent[0])
                    stored.append(spent[1])
                    served.append(spent[2])
                    raw.append((time.perf_counter() - started) * 1000)
            results.append((text, hits, page, stored, raw, served))
            print(f"search {text!r}: p95 page {percentile(page, 0.95):.0f} ms, raw {percentile(raw, 0.95):.1f} ms")
    return results


# --- memory ------------------------------------------------------------------------------------


def mixed_paths(urls):
    """The memory run's requests: HTML pages (stored and computed), OParl, search and the PDF (stored and rendered)."""
    keys = ("paper", "meeting", "start", "papers_filtered", "oparl", "oparl_deep")
    paths = [urls[key] for key in keys if key in urls]
    paths += [urls[key] + "*" for key in keys if key in urls]
    if "search" in urls:
        paths += [f"/{urls['slug']}/suche/?{urllib.parse.urlencode({'q': text})}*" for text in urls["search_terms"]]
    return [*paths, *([urls["pdf"], urls["pdf"] + "*"] if "pdf" in urls else [])]


def measure_memory(environment, urls, minutes, connections, sample_seconds=30):
    """One worker with the production recycling and one without, under the same mixed load at once: RSS every
    `sample_seconds`."""
    servers = {"recycled": Server(environment, 1), "not recycled": Server(environment, 1, recycle=False)}
    script = script_file(MIXED_SCRIPT)
    loads = []
    samples = []
    try:
        duration = int(minutes * 60)
        for server in servers.values():
            command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "-s", script]
            command += [server.base + BARE, "--", secrets.token_hex(4), *mixed_paths(urls)]
            loads.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True))
        started = time.monotonic()
        while True:
            elapsed = time.monotonic() - started
            samples.append((elapsed, {name: server.rss_mb() for name, server in servers.items()}))
            print(f"memory after {elapsed:.0f} s: {samples[-1][1]}", file=sys.stderr)
            if elapsed >= duration:
                break
            time.sleep(min(sample_seconds, max(0.0, duration - elapsed)))
        totals = []
        for load in loads:
            output, _ = load.communicate(timeout=120)
            totals.append(re.search(r"(\d+) requests in", output).group(1))
    finally:
        os.unlink(script)
        for load in loads:
            if load.poll() is None:
                load.kill()
        for server in servers.values():
            server.stop()
    return samples, dict(zip(servers, totals, strict=True))


PDF_WARM_UP = 10  # renders before the first reading: a new worker's first renders fill its caches


def measure_pdf_memory(environment, url, requests):
    """One worker without recycling: RSS after PDF_WARM_UP renders, halfway through and after `requests` PDFs
    rendered one after the other (each with a query never asked for before, so none comes from the store);
    then the same number served from the store. Returns (RSS readings, renders after the halfway reading, seconds
    rendering, seconds stored)."""
    server = Server(environment, workers=1, recycle=False)
    run = secrets.token_hex(4)
    rendered = [f"{url}?bench={run}-{number}" for number in range(PDF_WARM_UP + requests)]
    halfway = max(1, requests // 2)
    readings = []

    def get_each(paths, read_after=()):
        """Seconds to get `paths` one after the other; RSS read after each request numbered in `read_after`."""
        started = time.perf_counter()
        for number, path in enumerate(paths, 1):
            status, _headers, _body = get(server.base + path)
            if status != 200:
                sys.exit(f"{path}: HTTP {status}")
            readings.extend(server.rss_mb() for mark in read_after if mark == number)
        return time.perf_counter() - started

    try:
        get_each(rendered[:PDF_WARM_UP], read_after=[PDF_WARM_UP])
        rendering = get_each(rendered[PDF_WARM_UP:], read_after=[halfway, requests])
        stored = get_each([url] * requests)
    finally:
        server.stop()
    return readings, requests - halfway, rendering, stored


# --- report -----------------------------------------------------------------------------------


def machine(args):
    return (
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores "
        f"(shared: load average {os.getloadavg()[0]:.1f} at the end), Python {platform.python_version()}, "
        "PostgreSQL on the same machine. gunicorn (`gunicorn.conf.py`), `DEBUG=0`, `CONN_MAX_AGE=600`, "
        "local-memory cache."
    )


def relation(rates, first, second):
    """Median over the rounds of first's requests/s over second's (None when one was left out or served nothing)."""
    if first not in rates or second not in rates:
        return None
    pairs = [(a, b) for a, b in zip(rates[first], rates[second], strict=True) if a and b]
    return statistics.median(a / b for a, b in pairs) if pairs else None


# Issue 17's targets that the page rates decide: (what, first, second, how the ratio reads, bound, at least?)
TARGETS = [
    ("paper page, stored, to the bare view", "paper", "bare", "rate", 0.70, True),
    ("paper page, computed, to the bare view", "paper computed", "bare", "rate", 0.70, True),
    ("meeting page, stored, to the bare view", "meeting", "bare", "rate", 0.70, True),
    ("meeting page, computed, to the bare view", "meeting computed", "bare", "rate", 0.70, True),
    ("304 (stored validators) to the computed paper page", "304 paper", "paper computed", "rate", 5, True),
    ("304 (computed validators) to the computed paper page", "304 paper computed", "paper computed", "rate", 5, True),
    ("304 (stored validators) to the stored paper page", "304 paper", "paper", "rate", 5, True),
    (
        "OParl page 1 000 to page 1, time per request, computed",
        "oparl computed",
        "oparl_deep computed",
        "time",
        1.2,
        False,
    ),
    ("OParl page 1 000 to page 1, time per request, stored", "oparl", "oparl_deep", "time", 1.2, False),
    (
        "paper list with filters to the paper page, time per request, computed",
        "paper computed",
        "papers_filtered computed",
        "time",
        2,
        False,
    ),
    (
        "paper list with filters to the paper page, time per request, stored",
        "paper",
        "papers_filtered",
        "time",
        2,
        False,
    ),
]


def targets_table(rates, urls):
    lines = ["| target | ratio | bound | met |", "|---|---|---|---|"]
    deep = f"page {urls.get('oparl_deep_page')}"
    for what, first, second, reads, bound, at_least in TARGETS:
        ratio = relation(rates, first, second)
        if ratio is None:
            continue
        shown = f"{ratio * 100:.0f} %" if reads == "rate" and bound < 1 else f"{ratio:.2f}×"
        met = ratio >= bound if at_least else ratio <= bound
        limit = (f"≥ {bound * 100:.0f} %" if bound < 1 else f"≥ {bound}×") if at_least else f"≤ {bound}×"
        lines.append(f"| {what.replace('page 1 000', deep)} | {shown} | {limit} | {'yes' if met else 'no'} |")
    return lines


def search_table(search):
    lines = [
        "| term | hits (papers) | page computed p50 / p95 | page stored p50 / p95 | raw query p50 / p95 "
        "| raw query through the server p50 / p95 | p95 computed page / raw | met (≤ 2×) "
        "| p95 computed page / raw through the server | met (≤ 2×) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def times(values):
        return f"{percentile(values, 0.5):.1f} / {percentile(values, 0.95):.1f} ms"

    for text, hits, page, stored, raw, served in search:
        ratios = [percentile(page, 0.95) / percentile(base, 0.95) for base in (raw, served)]
        lines.append(
            f"| „{text}“ | {hits} | {times(page)} | {times(stored)} | {times(raw)} | {times(served)} | "
            + " | ".join(f"{ratio:.2f}× | {'yes' if ratio <= 2 else 'no'}" for ratio in ratios)
            + " |"
        )
    return lines


def report(args, urls, targets, rates, errors, memory, pdf, search):
    bare = rates["bare"]
    lines = [
        f"## Load: public pages against a bare Django view ({args.label}, `python -m bench.load`)",
        "",
        machine(args),
        f"{args.workers} sync workers, not recycled during the run; wrk with {args.connections} connections, {args.duration} s per URL, "
        f"{args.rounds} rounds taking turns over all URLs. Ratio: a page's requests/s over the bare view's in the "
        "same round, median over the rounds. *Stored*: a repeated anonymous request, served from the page store "
        "(`portal.caching`, `oparl.http`). *Computed*: each request asks with a query parameter never asked before "
        "(`?bench=<n>`, ignored by the views; benchmark only), so it misses the store and the page and its "
        "validators are computed as for a new filter or search term, or the first visitor after a change (who "
        "besides reads once what all pages of the Body share: the Body, the filters' choices, a list's "
        "validators, `portal.memo`). A page or document asked with a parameter it does not read is not kept "
        "(`conditional`'s `query`, `oparl.http.PARAMETERS`); a new filter or search term is, for about 0.1 ms "
        "more. A computed 304 sends only "
        "If-Modified-Since (the ETag covers the path).",
        "",
        "| page | URL | requests/s (median) | ratio to the bare view |",
        "|---|---|---|---|",
    ]
    for target in targets:
        ratios = [rate / base for rate, base in zip(rates[target.key], bare, strict=True)]
        note = f" ({errors[target.key]} answers not 2xx/3xx)" if errors[target.key] else ""
        path = target.path + (" + validators" if target.headers else "")
        lines.append(
            f"| {target.label}{note} | `{path}` | {statistics.median(rates[target.key]):.0f} "
            f"| {statistics.median(ratios) * 100:.1f} % |"
        )
    lines += ["", "Issue 17's targets from the rates above (ratios within each round, median):", ""]
    lines += targets_table(rates, urls)
    if search:
        lines += [
            "",
            f"Search, one request at a time, {args.search_requests} per term after two warm-ups: the page computed "
            "(a new `bench=<n>` each time), the page stored (the same URL again), the raw full-text query of "
            "`portal.search` for its papers (count and the first 20 by rank, `bench.queries`) from the benchmark's "
            "own psycopg connection (parameters bound on the client, as Django does), and the same query through "
            "the server (`/bench/raw-search/`: the bare view running it), taking turns; times as the client sees them. Where the raw query takes a millisecond, "
            "twice its time is less than any HTTP answer of the server costs (the bare view's); the raw query "
            "through the server is the least any search page could cost there:",
            "",
            *search_table(search),
        ]
    before, after = memory
    lines += [
        "",
        f"Memory of the {args.workers} workers (RSS, together): {before:.0f} MB before the page runs, "
        f"{after:.0f} MB after.",
    ]
    if pdf is None:
        return write_section(f"bench.load {args.label}", "\n".join(lines))
    (warm, half, end), second_half, rendered_seconds, stored_seconds = pdf
    each = 1000 / args.pdf_requests
    lines += [
        "",
        f"The seed paper's PDF (`{urls['pdf']}`): one worker without recycling, {args.pdf_requests} requests one "
        f"after the other, each rendered by the app ({rendered_seconds * each:.0f} ms each; a new `bench=<n>` each "
        f"time): RSS {warm:.0f} MB after {PDF_WARM_UP} warm-up renders, {half:.0f} MB halfway, {end:.0f} MB "
        f"after the run: {(end - half) * 1024 / max(second_half, 1):.0f} KB per render over the second half. The "
        f"same number served from the store, as every anonymous visitor after the first gets it: "
        f"{stored_seconds * each:.1f} ms each. In production, `max_requests` with jitter (`gunicorn.conf.py`) "
        "replaces a grown worker.",
    ]
    return write_section(f"bench.load {args.label}", "\n".join(lines))


def memory_report(args, urls, samples, totals):
    names = list(samples[0][1])
    lines = [
        f"## Memory of a worker over {args.memory_minutes:g} minutes ({args.label}, `python -m bench.load "
        "--memory-minutes`)",
        "",
        machine(args) + " Two servers of one sync worker each, at the same time, under the same mixed load (wrk, "
        f"{args.connections} connections each, taking turns over: {', '.join(f'`{path}`' for path in mixed_paths(urls))};"
        " `*` = computed, a new `bench=<n>` each time): one with the production recycling of `gunicorn.conf.py` "
        "(`max_requests` 1 000, jitter 100), one without (`--max-requests 0`). RSS of the worker, sampled every "
        "30 s. Requests served: " + ", ".join(f"{name} {total}" for name, total in totals.items()) + ".",
        "",
        "| minute | " + " | ".join(f"RSS {name}" for name in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for elapsed, rss in samples:
        lines.append(f"| {elapsed / 60:.1f} | " + " | ".join(f"{rss[name]:.0f} MB" for name in names) + " |")
    return write_section(f"bench.load memory {args.label}", "\n".join(lines))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="database URL to use instead of ratsinfo_bench")
    parser.add_argument("--no-load", action="store_true", help="use the database as it is (no migrate, no demo)")
    parser.add_argument("--label", default="demo", help="names the results section (demo, 50 Bodies …)")
    parser.add_argument("--body", default="luckenwalde", help="slug of the Body of the seed paper")
    parser.add_argument("--paper", default="B-7311/2021", help="reference of the seed paper")
    parser.add_argument(
        "--generated",
        metavar="BODIESxPAPERS",
        help="add generated Bodies to the demo (e.g. 50x100000, the size of issue 17) and measure a paper of "
        "the first of them (zv-001)",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="NAME",
        help="leave out a page (start, papers, meeting, search, oparl, pdf) here and in the memory run, e.g. one "
        "that takes minutes at a size",
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per URL and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdf-requests", type=int, default=200)
    parser.add_argument(
        "--search-requests",
        type=int,
        default=300,
        help="search pages (and raw queries) per term: with 100 the ratio of the p95s moved from 1.8× to 2.1× between runs",
    )
    parser.add_argument(
        "--memory-minutes", type=float, default=0, help="run the mixed memory run for this long (0: not at all)"
    )
    parser.add_argument("--memory-only", action="store_true", help="only the memory run (with --memory-minutes)")
    args = parser.parse_args(argv)
    generated = None
    if args.generated:
        generated = tuple(int(part) for part in args.generated.lower().split("x"))
        if args.body == "luckenwalde":
            args.body, args.paper = "zv-001", ""
        if args.label == "demo":
            args.label = f"generated: {generated[0]} Bodies, {generated[1]} papers"
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs it (Debian package wrk).")

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": bench_database_url(args),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",  # required with DEBUG off (system check ratsinfo.E001, run by migrate)
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "ERROR",
        "MEDIA_ROOT": f"/tmp/ratsinfo-bench-media-{os.getpid()}",
    }
    environment["GUNICORN_LOG_LEVEL"] = "warning"
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "GUNICORN_ACCESS_LOG", "WEB_CONCURRENCY"):
        environment.pop(name, None)
    try:
        prepare(environment, load=not args.no_load, generated=generated)
        urls = find_targets(environment, args.body, args.paper)
        for name in args.skip:
            urls.pop(name, None)
        if not args.memory_only:
            # No recycling while pages are measured: a new worker starts with an empty local-memory cache
            # (production shares Redis); the memory run measures recycling.
            server = Server(environment, args.workers, recycle=False)
            try:
                targets = targets_with_validators(server, urls)
                before = server.rss_mb()
                rates, errors = measure_pages(server, targets, args)
                after = server.rss_mb()
                search = (
                    measure_search(server, environment["DATABASE_URL"], urls, args.body, args.search_requests)
                    if "search" in urls
                    else []
                )
            finally:
                server.stop()
            pdf = (
                measure_pdf_memory(environment, urls["pdf"], args.pdf_requests)
                if args.pdf_requests and "pdf" in urls
                else None
            )
            print(report(args, urls, targets, rates, errors, (before, after), pdf, search))
        if args.memory_minutes:
            samples, totals = measure_memory(environment, urls, args.memory_minutes, args.connections)
            print(memory_report(args, urls, samples, totals))
    finally:
        shutil.rmtree(environment["MEDIA_ROOT"], ignore_errors=True)


if __name__ == "__main__":
    main()
