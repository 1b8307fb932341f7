"""Load benchmark: public pages under gunicorn, each against a bare Django view in the same run.

    python -m bench.load [--database URL] [--no-load] [--generated 50x100000] [--label demo]
                         [--duration 5] [--rounds 3]
                         [--connections 4] [--workers 2] [--pdf-requests 200]

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
- Memory: one gunicorn worker without recycling, resident memory (RSS) before and after
  a run of requests for the seed paper's PDF.

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
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg
import psycopg.sql

from bench.report import write_section

ROOT = Path(__file__).resolve().parent.parent
BARE = "/bench/bare/"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ratsinfo"


@dataclass
class Target:
    label: str
    path: str
    headers: dict


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
print(body.pk, paper.pk, meeting.pk)
"""
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    body_pk, paper_pk, meeting_pk = output.split()[-3:]
    slug = body_slug
    return {
        "bare": f"{BARE}",
        "paper": f"/{slug}/vorlagen/{paper_pk}/",
        "start": f"/{slug}/",
        "papers": f"/{slug}/vorlagen/",
        "meeting": f"/{slug}/sitzungen/{meeting_pk}/",
        "search": f"/{slug}/suche/?q=Zweckverband",
        "oparl": f"/oparl/v1/body/{body_pk}/paper",
        "pdf": f"/dokumente/{slug}/vorlagen/{paper_pk}.pdf",
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


def wrk(url, duration, connections, headers):
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True, timeout=duration + 60).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rate, int(errors.group(1)) if errors else 0


def targets_with_validators(server, urls):
    """The pages of the run, the two revalidations with the validators the pages sent."""
    targets = [Target("bare Django view (constant `HttpResponse`, all middleware)", urls["bare"], {})]
    labels = {
        "paper": "seed paper page",
        "start": "portal start page",
        "papers": "paper list",
        "meeting": "meeting page of the seed paper's decision",
        "search": "search „Zweckverband“",
        "oparl": "OParl paper list",
    }
    for key, label in labels.items():
        if key in urls:
            targets.append(Target(label, urls[key], {}))
    for key, label in (("paper", "304 revalidation of the seed paper page"), ("oparl", "304 of the OParl paper list")):
        status, headers, _body = get(server.base + urls[key])
        validators = {}
        if headers.get("ETag"):
            validators["If-None-Match"] = headers["ETag"]
        if headers.get("Last-Modified"):
            validators["If-Modified-Since"] = headers["Last-Modified"]
        again, _headers, _body = get(server.base + urls[key], validators) if validators else (status, None, None)
        if again != 304:
            print(f"{urls[key]}: no 304 for a revalidation (HTTP {again}); left out.", file=sys.stderr)
            continue
        targets.append(Target(label, urls[key], validators))
    for target in targets:
        status, _headers, _body = get(server.base + target.path, target.headers)
        if status not in (200, 304):
            sys.exit(f"{target.path}: HTTP {status}, expected 200 or 304.")
    return targets


def measure_pages(server, targets, args):
    rates = {target.label: [] for target in targets}
    errors = {target.label: 0 for target in targets}
    for round_number in range(1, args.rounds + 1):
        for target in targets:
            rate, failed = wrk(server.base + target.path, args.duration, args.connections, target.headers)
            rates[target.label].append(rate)
            errors[target.label] += failed
            print(f"round {round_number}: {target.label}: {rate:.0f}/s", file=sys.stderr)
    return rates, errors


def measure_pdf_memory(environment, url, requests):
    server = Server(environment, workers=1, recycle=False)
    try:
        for _ in range(5):
            get(server.base + url)
        before = server.rss_mb()
        started = time.perf_counter()
        for _ in range(requests):
            status, _headers, _body = get(server.base + url)
            if status != 200:
                sys.exit(f"{url}: HTTP {status}")
        spent = time.perf_counter() - started
        after = server.rss_mb()
    finally:
        server.stop()
    return before, after, spent


# --- report -----------------------------------------------------------------------------------


def report(args, urls, targets, rates, errors, memory, pdf):
    bare = rates[targets[0].label]
    lines = [
        f"## Load: public pages against a bare Django view ({args.label}, `python -m bench.load`)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores "
        f"(shared: load average {os.getloadavg()[0]:.1f} at the end), Python {platform.python_version()}, "
        f"PostgreSQL on the same machine. gunicorn with {args.workers} sync workers (`gunicorn.conf.py`), "
        "`DEBUG=0`, `CONN_MAX_AGE=600`, local-memory cache; wrk with "
        f"{args.connections} connections, {args.duration} s per URL, {args.rounds} rounds taking turns over all URLs. "
        "Ratio: a page's requests/s over the bare view's in the same round, median over the rounds.",
        "",
        "| page | URL | requests/s (median) | ratio to the bare view |",
        "|---|---|---|---|",
    ]
    for target in targets:
        ratios = [rate / base for rate, base in zip(rates[target.label], bare, strict=True)]
        note = f" ({errors[target.label]} answers not 2xx/3xx)" if errors[target.label] else ""
        path = target.path + (" + validators" if target.headers else "")
        lines.append(
            f"| {target.label}{note} | `{path}` | {statistics.median(rates[target.label]):.0f} "
            f"| {statistics.median(ratios) * 100:.1f} % |"
        )
    before, after = memory
    pdf_before, pdf_after, pdf_seconds = pdf
    lines += [
        "",
        f"Memory of the {args.workers} workers (RSS, together): {before:.0f} MB before the page runs, "
        f"{after:.0f} MB after.",
        "",
        f"The seed paper's PDF (`{urls['pdf']}`, rendered by the app): one worker without recycling, "
        f"{args.pdf_requests} requests one after the other ({pdf_seconds / args.pdf_requests * 1000:.0f} ms each): "
        f"RSS {pdf_before:.0f} MB after 5 warm-up requests, {pdf_after:.0f} MB after the run, "
        f"{(pdf_after - pdf_before) * 1024 / args.pdf_requests:.0f} KB per request. In production, "
        "`max_requests` with jitter (`gunicorn.conf.py`) replaces a grown worker.",
    ]
    return write_section(f"bench.load {args.label}", "\n".join(lines))


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
        help="leave out a page (start, papers, meeting, search, oparl), e.g. one that takes minutes at a size",
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per URL and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdf-requests", type=int, default=200)
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
        server = Server(environment, args.workers)
        try:
            targets = targets_with_validators(server, urls)
            before = server.rss_mb()
            rates, errors = measure_pages(server, targets, args)
            after = server.rss_mb()
        finally:
            server.stop()
        pdf = measure_pdf_memory(environment, urls["pdf"], args.pdf_requests)
    finally:
        shutil.rmtree(environment["MEDIA_ROOT"], ignore_errors=True)
    print(report(args, urls, targets, rates, errors, (before, after), pdf))


if __name__ == "__main__":
    main()
