"""docs/performance.md, written by the benchmarks: each owns a section between its own markers."""

from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
HEADER = "# Performance\n\nMeasured by `make bench` (`python -m bench`).\n\n"


def write_section(name, body):
    """Replace the section `name` (or append it) and leave the rest of the file alone; returns the section."""
    start, end = f"<!-- {name}: start -->", f"<!-- {name}: end -->"
    section = f"{start}\n{body.rstrip()}\n{end}\n"
    text = REPORT.read_text() if REPORT.exists() else HEADER
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text)
    return section
