"""`make demo` runs on SQLite: the demo loads there, and its pages answer without an error.

The suite runs on PostgreSQL; this test alone builds the demo in a SQLite file in a
subprocess (as `make demo` does) and walks the links of the portal, the back office, the
council office and the councillors' area for one user of each kind, so a query that only
PostgreSQL understands cannot slip into a page the demo shows.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CRAWL = r"""
import json, os, re
from urllib.parse import urldefrag, urlsplit
from django.test import Client
from accounts.models import User

START = ["/", "/luckenwalde/", "/oparl/v1/", "/verwaltung/", "/sitzungsdienst/", "/mein/"]
SKIP = re.compile(r"^/(admin|abmelden|logout|konto)/|/abmelden/|\.(pdf|ics|atom)$|/kalender\.ics|/download/|/datei/")
LIMIT = int(os.environ["CRAWL_LIMIT"])
report = {}
for username in [None, "sachbearbeitung", "sitzungsdienst", "stadtverordnete"]:
    client = Client(raise_request_exception=False, HTTP_HOST="localhost")
    if username:
        client.force_login(User.objects.get(username=username))
    seen, queue, errors = set(), list(START), []
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
            continue
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for link in re.findall(r'href="([^"#]+)', response.content.decode()):
                link = urldefrag(link.replace("&amp;", "&"))[0]
                if link.startswith("/") and not link.startswith("//") and not SKIP.search(urlsplit(link).path):
                    queue.append(link)
    report[username or "anonymous"] = {"pages": len(seen), "errors": errors}
print("CRAWL" + json.dumps(report))
"""


def test_the_demo_loads_and_its_pages_answer_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "ratsinfo.settings",
    }
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)

    def manage(*args, timeout=600):
        run = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        return run.stdout

    manage("migrate", "--noinput")
    assert "B-7311/2021" in manage("load_demo")
    env["CRAWL_LIMIT"] = "80"
    output = manage("shell", "-c", CRAWL)
    report = json.loads(output.split("CRAWL", 1)[1])
    for user, result in report.items():
        assert result["pages"] >= 20, (user, result)
        assert result["errors"] == [], (user, result["errors"])
