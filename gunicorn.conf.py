"""gunicorn settings of an app server (`gunicorn ratsinfo.wsgi`, which reads this file from the working folder).

Every value can be set from the environment. Workers are replaced after `max_requests`
requests, with jitter so they do not all restart at once: whatever a worker keeps growing
by (a PDF rendered in a request did, before each render gave its freed memory back,
docs/performance.md), a recycled worker gives back.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Heartbeat files in memory: a slow disk never makes the arbiter take a busy worker for a dead one.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's control socket is not used here, and two servers on one machine would share its path.
control_socket_disable = True
