"""Memory of PDF rendering: how much a process grows per render of the seed paper.

    python -m bench.pdf_memory [--renders 150]

Renders the seed paper's final HTML again and again in this process and reads its
resident memory (RSS) in between: once through `documents.pdf.render_pdf` (the app's
renderer, which keeps one font configuration and stylesheet per thread), once with a new
WeasyPrint `FontConfiguration` and stylesheet per render (what the app did before).
The demo is loaded into a throw-away test database (as in bench.pdf) only to make the
HTML. Writes its section of docs/performance.md.
"""

import argparse
import datetime as dt
import gc
import os
import shutil
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ratsinfo.settings")

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from bench.report import write_section  # noqa: E402

WARM_UP = 10


def rss_kb():
    """Resident memory of this process in KB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def seed_html():
    from demo.load import load_demo
    from documents.pdf import paper_html

    setup_test_environment()
    settings.MEDIA_ROOT = Path("/tmp") / f"ratsinfo-bench-{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return paper_html(load_demo().seed_paper)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def growth(render, renders):
    """RSS after a warm-up, halfway and at the end; KB per render over the second half."""
    for _ in range(WARM_UP):
        render()
    gc.collect()
    points = [rss_kb()]
    for _half in range(2):
        for _ in range(renders // 2):
            render()
        gc.collect()
        points.append(rss_kb())
    per_render = (points[2] - points[1]) / (renders // 2)
    return points, per_render


def measure(renders):
    from documents.pdf import DOCUMENTS_DIR, PDF_VARIANT, STYLESHEET, render_pdf

    html = seed_html()

    def app_renderer():
        render_pdf(html)

    def new_font_configuration_each_time():
        fonts = FontConfiguration()
        stylesheet = weasyprint.CSS(filename=str(STYLESHEET), font_config=fonts)
        weasyprint.HTML(string=html, base_url=DOCUMENTS_DIR.as_uri() + "/").write_pdf(
            stylesheets=[stylesheet], font_config=fonts, pdf_variant=PDF_VARIANT
        )

    # The app's renderer first: the other one's growth would otherwise sit under its numbers.
    return {
        "app": growth(app_renderer, renders),
        "fresh": growth(new_font_configuration_each_time, renders),
    }


def report(results, renders):
    def row(label, key):
        (start, middle, end), per_render = results[key]
        return (
            f"| {label} | {start / 1024:.0f} MB | {middle / 1024:.0f} MB | {end / 1024:.0f} MB | {per_render:.0f} KB |"
        )

    half = renders // 2
    lines = [
        "## Memory of PDF rendering (`python -m bench.pdf_memory`)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, WeasyPrint {weasyprint.__version__}: the seed paper's "
        f"final HTML rendered {renders} times in one process after {WARM_UP} warm-up renders, resident memory (RSS) "
        f"read after the warm-up, after {half} and after {renders} renders; growth per render over the last {half}.",
        "",
        "| renderer | after warm-up | after half | at the end | growth per render |",
        "|---|---|---|---|---|",
        row("`documents.pdf.render_pdf` (one font configuration and stylesheet per thread)", "app"),
        row("WeasyPrint with a new `FontConfiguration` and stylesheet per render", "fresh"),
        "",
        "Each new `FontConfiguration` leaves memory behind for good (a known upstream behaviour, see "
        "WeasyPrint's memory issues); one per thread stops that growth. For whatever else grows, the processes that render "
        "are replaced in time: Celery workers after `CELERY_WORKER_MAX_TASKS_PER_CHILD` tasks or above "
        "`CELERY_WORKER_MAX_MEMORY_PER_CHILD` KB, gunicorn workers after `max_requests` (with jitter, "
        "`gunicorn.conf.py`).",
    ]
    return write_section("bench.pdf_memory", "\n".join(lines))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=150)
    args = parser.parse_args(argv)
    print(report(measure(args.renders), args.renders))


if __name__ == "__main__":
    main()
