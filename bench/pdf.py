"""PDF benchmark: the seed paper through the app against WeasyPrint alone, and a 50-paper bundle.

    python -m bench.pdf [--runs 7] [--bundle-runs 3] [--papers 50]

Works on a throw-away test database (SQLite in memory by default, PostgreSQL when
DATABASE_URL says so), loads the demo, and writes the medians to docs/performance.md
between its own markers, leaving the rest of that file alone.
"""

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ratsinfo.settings")

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from bench.report import write_section  # noqa: E402


def timed(runs, *functions):
    """Median, min and max of `runs` calls of each function, after one warm-up call each.

    The functions take turns, so a busy machine slows them alike and the ratio stays fair.
    """
    times = [[] for _ in functions]
    for function in functions:
        function()
    for _ in range(runs):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            function()
            times[index].append(time.perf_counter() - start)
    return [(statistics.median(spent), min(spent), max(spent)) for spent in times]


def bundle_meeting(demo, count):
    """A council meeting with `count` papers like the seed on its agenda."""
    from council.models import AgendaItem, Meeting, Organization
    from resolutions.models import Consultation, Paper

    seed = demo.seed_paper
    council = Organization.objects.get(body=demo.luckenwalde, short_name="STVV")
    meeting = Meeting.objects.create(
        organization=council,
        start=dt.datetime(2027, 3, 2, 18, tzinfo=dt.UTC),
        state=Meeting.State.INVITED,
        invitation_published_at=dt.datetime(2027, 2, 16, 9, tzinfo=dt.UTC),
        location=seed.consultations.get().meeting.location,
    )
    for number in range(1, count + 1):
        paper = Paper.objects.create(
            body=seed.body,
            paper_type=seed.paper_type,
            reference=f"B-{9000 + number}/2027",
            name=f"{seed.name} ({number})",
            date=dt.date(2027, 2, 1),
            under_direction_of=seed.under_direction_of,
            state=Paper.State.IN_CONSULTATION,
            resolution_text=seed.resolution_text,
            reasoning=seed.reasoning,
        )
        consultation = Consultation.objects.create(
            paper=paper, organization=council, position=1, role=Consultation.Role.DECISION, meeting=meeting
        )
        AgendaItem.objects.create(
            meeting=meeting, number=f"Ö {number}", order=number, name=paper.name, consultation=consultation
        )
    return meeting


def run(runs, bundle_runs, papers):
    from demo.load import load_demo
    from documents.pdf import DOCUMENTS_DIR, PDF_VARIANT, STYLESHEET, paper_html

    demo = load_demo()
    seed = demo.seed_paper
    client = Client()
    office = demo.luckenwalde.users.get(username="sitzungsdienst")

    def through_app():
        response = client.get(f"/dokumente/luckenwalde/vorlagen/{seed.pk}.pdf")
        assert response.status_code == 200

    final_html = paper_html(seed)

    def weasyprint_alone():
        fonts = FontConfiguration()
        stylesheet = weasyprint.CSS(filename=str(STYLESHEET), font_config=fonts)
        weasyprint.HTML(string=final_html, base_url=DOCUMENTS_DIR.as_uri() + "/").write_pdf(
            stylesheets=[stylesheet], font_config=fonts, pdf_variant=PDF_VARIANT
        )

    app, alone = timed(runs, through_app, weasyprint_alone)

    meeting = bundle_meeting(demo, papers)
    client.force_login(office)
    bundle_size = 0

    def bundle():
        nonlocal bundle_size
        response = client.get(f"/dokumente/luckenwalde/sitzungen/{meeting.pk}/sitzungsmappe.pdf")
        assert response.status_code == 200
        bundle_size = len(response.content)

    (bundle_time,) = timed(bundle_runs, bundle)
    return {"app": app, "alone": alone, "bundle": bundle_time, "bundle_size": bundle_size}


def report(results, runs, bundle_runs, papers):
    app, alone, bundle = results["app"], results["alone"], results["bundle"]
    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    lines = [
        "## PDF documents (`python -m bench.pdf`)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
        f"database {connection.vendor}, load average {os.getloadavg()[0]:.1f} at the end (the machine is shared). "
        "Median of several runs after one warm-up; the app and WeasyPrint alone take turns.",
        "",
        "| what | runs | median | min–max |",
        "|---|---|---|---|",
        f"| Beschlussvorlage B-7311/2021 through the app (URL, view, queries, template, WeasyPrint PDF/A-3a) "
        f"| {runs} | {ms(app[0])} | {ms(app[1])}–{ms(app[2])} |",
        f"| the same final HTML and stylesheet, WeasyPrint alone (`HTML(string=…).write_pdf(stylesheets=…, pdf_variant=…)`) "
        f"| {runs} | {ms(alone[0])} | {ms(alone[1])}–{ms(alone[2])} |",
        f"| Sitzungsmappe with {papers} papers like the seed (invitation + {papers} paper PDFs, merged with "
        f"bookmarks; {results['bundle_size'] // 1024} KB) | {bundle_runs} | {ms(bundle[0])} | "
        f"{ms(bundle[1])}–{ms(bundle[2])} |",
        "",
        f"Overhead of the app over WeasyPrint alone: **{app[0] / alone[0]:.2f}×** "
        f"({ms(app[0] - alone[0])} per paper: routing, visibility and print queries, template rendering, "
        f"the PDF/UA identification). The bundle costs {ms(bundle[0] / papers)} per paper "
        "(WeasyPrint per paper plus merging with pypdf); its query count does not grow with the agenda "
        "(asserted in tests/documents/test_meeting_pdfs.py).",
        "",
        "What made it this fast: the print stylesheet lays out with inline blocks, not flexbox (WeasyPrint's "
        "flex layout took about 40 % of a page's time), and a bundle parses the stylesheet and loads the "
        "fonts once for all its parts (about 30 % less per paper). Merging with pypdf costs about 15 ms "
        "per part. A bundle of a big meeting still takes seconds: when that matters, build it on a task "
        "queue after the invitation is published and serve the stored file.",
    ]
    return write_section("bench.pdf", "\n".join(lines))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle-runs", type=int, default=3)
    parser.add_argument("--papers", type=int, default=50)
    args = parser.parse_args(argv)

    setup_test_environment()
    settings.MEDIA_ROOT = Path("/tmp") / f"ratsinfo-bench-{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = run(args.runs, args.bundle_runs, args.papers)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    print(report(results, args.runs, args.bundle_runs, args.papers))


if __name__ == "__main__":
    main()
