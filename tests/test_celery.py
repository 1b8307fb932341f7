"""Celery (ratsinfo/celery.py): inline without a broker; through Redis, a real worker does the work."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection, transaction

from ratsinfo.celery import app
from resolutions.models import File, Paper
from resolutions.signals import paper_released
from tests import factories as f

ROOT = Path(__file__).resolve().parents[1]


def celery_settings(**env):
    """`eager broker` as the project's settings make them from this environment."""
    environment = {
        k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    script = "from ratsinfo.celery import app; print(app.conf.task_always_eager, app.conf.broker_url)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_without_a_broker_tasks_run_inline_and_with_redis_they_are_queued():
    assert celery_settings()[0] == "True"
    assert celery_settings(REDIS_URL="redis://cache.example.org:6379/0") == [
        "False",
        "redis://cache.example.org:6379/0",
    ]


def database_url():
    """The URL of this test's database, for a worker in another process."""
    config = connection.settings_dict
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    return f"postgres://{auth}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


@contextmanager
def queued_through(redis_url):
    """Tasks of this process go to Redis, on a queue of their own, instead of running inline."""
    queue = f"ratsinfo-test-{uuid.uuid4().hex}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=redis_url, task_always_eager=False, task_default_queue=queue)
    app.__dict__.pop("amqp", None)  # Celery keeps the routing it made from the configuration
    try:
        yield queue
    finally:
        app.close()
        app.conf.update(saved)
        app.__dict__.pop("amqp", None)


@contextmanager
def worker(redis_url, queue, media_root):
    """`celery -A ratsinfo worker` in its own process, on this test's database and queue."""
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "CELERY_BROKER_URL": redis_url,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(media_root),
    }
    command = [sys.executable, "-m", "celery", "-A", "ratsinfo", "worker", "--pool", "solo", "--queues", queue]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"]
    process = subprocess.Popen(command, cwd=ROOT, env=environment)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_makes_the_frozen_copy_of_a_released_paper_queued_through_redis(redis_url, settings):
    body = f.body()
    clerk = f.user(body)
    paper = f.paper(body, name="Neubau Feuerwache")
    with queued_through(redis_url) as queue, worker(redis_url, queue, settings.MEDIA_ROOT) as process:
        with transaction.atomic():
            paper_released.send(sender=Paper, paper=paper, by=clerk)
        assert not File.objects.filter(paper=paper).exists()  # not made here: queued
        deadline = time.monotonic() + 120
        while not File.objects.filter(paper=paper, kind=File.Kind.PAPER_PDF).exists():
            assert process.poll() is None, "the worker stopped"
            assert time.monotonic() < deadline, "no frozen copy after 120 s"
            time.sleep(0.5)
    record = File.objects.get(paper=paper, kind=File.Kind.PAPER_PDF)
    assert (record.frozen_state, record.paper_version, record.uploaded_by) == ("released", paper.version, clerk)
    assert record.file.read().startswith(b"%PDF-") and "Neubau Feuerwache" in record.text
