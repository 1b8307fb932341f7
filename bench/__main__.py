"""Run every benchmark: `python -m bench` (what `make bench` runs)."""

import subprocess
import sys

# Each in a process of its own: they set up Django differently (test database, gunicorn),
# and the memory benchmark must not inherit what the others grew.
BENCHMARKS = ["bench.pdf", "bench.pdf_memory", "bench.load"]

if __name__ == "__main__":
    for name in BENCHMARKS:
        print(f"== {name}", flush=True)
        options = sys.argv[1:] if name == "bench.load" else []  # e.g. --database URL --no-load --label …
        subprocess.run([sys.executable, "-m", name, *options], check=True)
