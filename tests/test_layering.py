"""The layering of docs/architecture.md, enforced: import-linter's contracts hold, they know
every app of the project, and the lifecycle table in the document is the one in the code."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

from resolutions.workflow import LIFECYCLE

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = {"accounts", "council", "resolutions", "lib"}


def _importlinter():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_project_app_is_placed_in_the_contracts():
    config = _importlinter()
    contracts = {contract["id"]: contract for contract in config["contracts"]}
    forbidden = contracts["domain-imports-no-surface"]
    project_apps = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()}
    surfaces = project_apps - DOMAIN
    assert set(forbidden["source_modules"]) == DOMAIN
    assert surfaces, "no surface app found"
    # A new surface app must be forbidden to the domain, and linted at all.
    assert surfaces - set(forbidden["forbidden_modules"]) == set()
    assert project_apps - set(config["root_packages"]) == set()
    assert contracts["domain-layers"]["layers"] == ["resolutions", "council", "accounts", "lib"]


def _documented_lifecycle():
    text = (ROOT / "docs" / "architecture.md").read_text()
    rows = {}
    for line in text.splitlines():
        match = re.match(r"\| (.+?) \| `(\w+)` \| (.+?) \| (\w+) \| (.+?) \| (.*?) ?\|$", line)
        if match:
            label, action, sources, target, who, when = match.groups()
            rows[action] = (label, tuple(sources.split(", ")), target, who, when.strip())
    return rows


def test_the_documented_lifecycle_is_the_code():
    in_code = {
        step.action: (step.label, tuple(step.sources), step.target, step.who_label, step.when_label)
        for step in LIFECYCLE.values()
    }
    assert _documented_lifecycle() == in_code
