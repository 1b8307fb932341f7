import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.generate import generate


class Command(BaseCommand):
    help = (
        "Generates Bodies with ten years of finished council work next to the demo, for scale tests and "
        "benchmarks (deterministic by --seed; Bodies that exist are skipped, so a second run adds nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bodies", type=int, default=50)
        parser.add_argument("--papers", type=int, default=100_000, help="papers in all, shared evenly")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, bodies, papers, seed, **options):
        if bodies < 1 or papers < 0:
            raise CommandError("--bodies muss mindestens 1 sein, --papers darf nicht negativ sein.")
        if connection.vendor != "postgresql":
            # The records are written with PostgreSQL's COPY (demo/generate.py).
            raise CommandError("generate_data braucht PostgreSQL: DATABASE_URL=postgres://…")
        started = time.monotonic()
        show = sys.stderr.isatty() or options["verbosity"] > 1

        def progress(done, total, text):
            if options["verbosity"] == 0:
                return
            width = 30
            filled = width * done // total
            elapsed = time.monotonic() - started
            line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {text} ({elapsed:.0f} s)"
            sys.stderr.write(("\r" + line.ljust(80)) if show else line + "\n")
            sys.stderr.flush()

        added = generate(bodies, papers, seed, progress)
        if added:
            # Millions of rows arrived at once: without fresh statistics PostgreSQL plans for
            # the empty tables it last saw (the OParl paper list took 114 s instead of 0.4 s).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if options["verbosity"] and show:
            sys.stderr.write("\n")
        if added:
            self.stdout.write(f"{added} Körperschaften erzeugt in {time.monotonic() - started:.0f} s.")
        else:
            self.stdout.write("Nichts zu tun: alle Körperschaften sind schon erzeugt.")
