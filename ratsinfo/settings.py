"""Ratsinfo settings, read from the environment.

Development works with no environment at all (SQLite in the project folder, DEBUG on).
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; a missing secret
then stops the start instead of running with a known key.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

# Reverse proxies (addresses or networks, e.g. "10.0.0.5,192.168.10.0/24") whose
# X-Forwarded-For names the client; the login lock-out counts per client (accounts.lockout).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Public base URL, used where an absolute URL is needed outside a request (OParl ids,
# e-mails, feeds written by commands). Required, and https, without DEBUG (operations.checks).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# The licence of the OParl System object (each Body names its own in the admin); by
# default the Datenlizenz Deutschland – Namensnennung 2.0.
OPARL_LICENSE = env("OPARL_LICENSE", "https://www.govdata.de/dl-de/by-2-0")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "simple_history",
    "accounts",
    "council",
    "resolutions",
    "portal",
    "office",
    "meetings",
    "documents",
    "councillors",
    "oparl",
    "operations",
    "subscriptions",
    "audit",
    "demo",  # last: the demo builds on every other app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ratsinfo.middleware.SecurityHeadersMiddleware",
    # Before everything that reads cookies: a visitor without any gets a stored page or OParl
    # document from here (lib.early).
    "portal.caching.StoredPageMiddleware",
    "oparl.http.StoredDocumentMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ratsinfo.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ratsinfo.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ratsinfo.areas.areas",
            ],
            # {% url %} with its answers remembered (lib/url_tag.py), in every template.
            "builtins": ["lib.url_tag", "lib.time_tag"],
        },
    },
]
# Django's widget templates, with <input> and <select> built in Python (lib/form_renderer.py).
FORM_RENDERER = "lib.form_renderer.FormRenderer"

WSGI_APPLICATION = "ratsinfo.wsgi.application"


def database(url):
    config = dj_database_url.parse(url, conn_max_age=int(env("CONN_MAX_AGE", "0")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # The demo with a few users at once: readers never wait for a writer (WAL), a
        # transaction takes the write lock when it begins, not halfway (where SQLite could
        # only give up with "database is locked"), and waits up to 20 s for it.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # No parallel query for the app's connections: their cores serve concurrent requests,
        # and for the counts of a large Body's lists the planner chose a parallel hash join
        # that took twice as long as the serial merge join it passed over (docs/performance.md).
        workers = int(env("DATABASE_PARALLEL_WORKERS", "0"))
        # No JIT either: PostgreSQL compiles a query whose estimated cost passes `jit_above_cost`,
        # and it estimates the correlated subqueries of OParl's lists (`oparl.selectors`) high:
        # a page of 100 meetings ran in 5 ms after 60 ms of compiling (docs/performance.md).
        config.setdefault("OPTIONS", {})["options"] = f"-c max_parallel_workers_per_gather={workers} -c jit=off"
        # Prepared statements allowed (psycopg's default threshold): Django's cursors bind on the
        # client and never prepare; `lib.prepared`'s cursors (the search page) prepare at once.
        config["OPTIONS"]["prepare_threshold"] = 5
    return config


DATABASES = {"default": database(env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# One language: every request is in German without LocaleMiddleware, which would only add
# `Vary: Accept-Language`, making shared caches keep a copy of each public page per browser language.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: files go through a permission-checked view

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads: attachments above this size are refused with a form error.
MAX_UPLOAD_SIZE = int(env("MAX_UPLOAD_SIZE", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ratsinfo@localhost")

SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery (ratsinfo/celery.py): frozen PDF copies, e-mails and OParl imports run on workers,
# with Redis as broker. Without a broker every task runs inline where it is queued.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", env("REDIS_URL"))
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL) or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # only an import reports progress and a result
CELERY_RESULT_EXPIRES = 7 * 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # tasks take seconds; a busy worker should not hoard them
# Rendering PDFs grows a process (WeasyPrint): a worker process is replaced after this
# many tasks, or when a task leaves it above this much resident memory (KB).
CELERY_WORKER_MAX_TASKS_PER_CHILD = int(env("CELERY_WORKER_MAX_TASKS_PER_CHILD", "100"))
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(env("CELERY_WORKER_MAX_MEMORY_PER_CHILD", str(400 * 1024)))
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "councillors-paper-change-digests": {
        "task": "councillors.tasks.send_paper_change_digests",
        "schedule": 15 * 60,
    },
    "office-clear-staged-uploads": {
        "task": "office.tasks.clear_staged_uploads",
        "schedule": 60 * 60,
    },
    # Hourly, but each address gets at most one digest a day (subscriptions/digests.py).
    "subscriptions-digests": {
        "task": "subscriptions.tasks.send_subscription_digests",
        "schedule": 60 * 60,
    },
    "audit-purge": {
        "task": "audit.tasks.purge_old_records",
        "schedule": 24 * 60 * 60,
    },
    "documents-prune-bundles": {
        "task": "documents.tasks.prune_bundles",
        "schedule": 24 * 60 * 60,
    },
}

# Stored Sitzungsmappen (documents/bundles.py) of meetings past, or not downloaded, for this
# many days are deleted by the daily beat entry above (or `manage.py prune_bundles`).
BUNDLE_KEEP_DAYS = int(env("BUNDLE_KEEP_DAYS", "30"))

# The audit trail (app `audit`): who read which non-public paper, file or members' bundle.
# Rows older than this are deleted by the daily beat entry above (or `manage.py purge_audit`).
AUDIT_RETENTION_DAYS = int(env("AUDIT_RETENTION_DAYS", "365"))

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
