"""SoleFlip settings: one env-driven module (django-environ). `.env` is read when present;
`.env.example` lists every variable. Without DATABASE_URL an embedded PostgreSQL under
`.data/pg` is used; without CELERY_BROKER_URL the embedded Redis socket the dev launcher
starts under `.data/redis` (both need the `embedded` extra; production sets the URLs)."""

import warnings
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Fernet keys for encrypted fields, newest first: values are written with the first key
# and read with any of them, so a key can be rotated by prepending a new one.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "django_bootstrap5",
    "template_partials",
    "csp",
    "soleflip.core",
    "catalog",
    "suppliers",
    "inventory",
    "sales",
    "pricing",
    "soleflip.analytics",
    "soleflip.stockx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "soleflip.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "soleflip.urls"
WSGI_APPLICATION = "soleflip.wsgi.application"

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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
            ],
        },
    }
]


def _database_url() -> str:
    url = env("DATABASE_URL", default="")
    if url:
        return url
    from soleflip.lib.embedded import postgres_url

    warnings.filterwarnings("ignore", module="platformdirs")
    return postgres_url(DATA_DIR / "pg")


DATABASES = {"default": env.db_url_config(_database_url())}
# Our backend knows that tables live in per-domain schemas (see soleflip/db).
DATABASES["default"]["ENGINE"] = "soleflip.db"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German first; English per user (profile menu, kept in the session and on the user).
# The browser's Accept-Language is not consulted: the business works in German.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["soleflip.formats"]
# Not True: ids, quantities and years in attributes and URLs would get a separator
# (qty_2.296). Counts a person reads are grouped explicitly (|intcomma, format_number).
USE_THOUSAND_SEPARATOR = False
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=DATA_DIR / "media")
MEDIA_URL = "media/"

# Uploads: imports refuse files over this size with one clear message.
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=128 * 1024 * 1024)
# Seconds without progress after which a running import (file / StockX sync) whose worker
# holds no lock on it is shown as failed ("the worker stopped") and can be run again.
IMPORT_STALE_AFTER = env.int("IMPORT_STALE_AFTER", default=10 * 60)
SYNC_STALE_AFTER = env.int("SYNC_STALE_AFTER", default=60 * 60)
# The accountant export's workbooks (built by a task into MEDIA_ROOT/exports/): hours a
# finished one can be downloaded before it is deleted, and seconds without progress after
# which a waiting or running one counts as failed (its worker is gone).
EXPORT_KEEP_HOURS = env.int("EXPORT_KEEP_HOURS", default=24)
EXPORT_STALE_AFTER = env.int("EXPORT_STALE_AFTER", default=10 * 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Market data older than this many days is shown as stale by the price recommendations.
PRICING_MARKET_STALE_DAYS = env.int("PRICING_MARKET_STALE_DAYS", default=7)
# The repricing page lists an ask whose price has not changed for this many days.
PRICING_REPRICE_UNCHANGED_DAYS = env.int("PRICING_REPRICE_UNCHANGED_DAYS", default=14)

# Celery: embedded Redis on a unix socket unless a broker is configured.
REDIS_SOCKET = DATA_DIR / "redis" / "redis.socket"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=f"redis+socket://{REDIS_SOCKET}")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
# A broker that is down is reported within seconds, not after a minute of retries: work
# sent from a page fails at once with a message (see soleflip/core/imports.enqueue).
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Sending a task: one reconnect attempt, quickly (the worker keeps its own, patient,
# reconnect settings).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE

# StockX API (issue 7): credentials live encrypted in core.system_config (Settings -> StockX
# or `manage.py stockx_connect`); these only tune where and how fast we talk to StockX.
STOCKX_API_BASE_URL = env("STOCKX_API_BASE_URL", default="https://api.stockx.com/v2")
STOCKX_AUTH_BASE_URL = env("STOCKX_AUTH_BASE_URL", default="https://accounts.stockx.com")
STOCKX_DAILY_REQUEST_BUDGET = env.int("STOCKX_DAILY_REQUEST_BUDGET", default=20000)
# Seconds between two requests across all processes (StockX allows 1 per second).
STOCKX_MIN_INTERVAL = env.float("STOCKX_MIN_INTERVAL", default=1.0)
# Back-off for 429/5xx/timeouts on GETs: base * 2**n seconds plus jitter, at most
# STOCKX_MAX_RETRY_WAIT seconds of waiting per request.
STOCKX_RETRY_BASE_DELAY = env.float("STOCKX_RETRY_BASE_DELAY", default=1.0)
STOCKX_MAX_RETRY_WAIT = env.float("STOCKX_MAX_RETRY_WAIT", default=60.0)
STOCKX_TIMEOUT = env.float("STOCKX_TIMEOUT", default=30.0)
# Listing from the app polls StockX's operation this many times, this many seconds apart.
STOCKX_ASK_POLLS = env.int("STOCKX_ASK_POLLS", default=10)
STOCKX_ASK_POLL_INTERVAL = env.float("STOCKX_ASK_POLL_INTERVAL", default=1.0)
# Batch price updates (soleflip/stockx/batches.py): at most STOCKX_BATCH_SIZE items per
# batch (StockX allows 100); a batch's status is polled STOCKX_BATCH_POLLS times, this many
# seconds apart, before its unfinished items are reported as not known yet.
STOCKX_BATCH_SIZE = env.int("STOCKX_BATCH_SIZE", default=100)
STOCKX_BATCH_POLLS = env.int("STOCKX_BATCH_POLLS", default=30)
STOCKX_BATCH_POLL_INTERVAL = env.float("STOCKX_BATCH_POLL_INTERVAL", default=2.0)
# StockX's item throttle for batches, kept across all processes: this many items per
# window of this many seconds, and per UTC day. A full window is waited out for at most
# STOCKX_BATCH_MAX_WAIT seconds per batch; beyond that the rest is not sent.
STOCKX_BATCH_ITEMS_PER_WINDOW = env.int("STOCKX_BATCH_ITEMS_PER_WINDOW", default=500)
STOCKX_BATCH_WINDOW_SECONDS = env.float("STOCKX_BATCH_WINDOW_SECONDS", default=300.0)
STOCKX_BATCH_ITEMS_PER_DAY = env.int("STOCKX_BATCH_ITEMS_PER_DAY", default=50000)
STOCKX_BATCH_MAX_WAIT = env.float("STOCKX_BATCH_MAX_WAIT", default=300.0)

# Backups (README "Backups and disaster recovery"): `manage.py backup` and the nightly
# Celery run write dumps and manifests to BACKUP_DIR; the nightly run keeps the newest
# backup of each of the last BACKUP_KEEP_DAILY days and BACKUP_KEEP_MONTHLY months.
# PG_BIN_DIR: where pg_dump/pg_restore live (unset: the embedded extra's PostgreSQL 16
# tools, else those on PATH); they must be of the server's major version or newer.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(DATA_DIR / "backups")))
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=7)
BACKUP_KEEP_MONTHLY = env.int("BACKUP_KEEP_MONTHLY", default=12)
PG_BIN_DIR = env("PG_BIN_DIR", default="")

# Sessions and cookies.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content security policy: no inline scripts, no CDNs; everything is vendored under static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

BOOTSTRAP5 = {
    "css_url": {"url": "/static/vendor/bootstrap/bootstrap.min.css"},
    "javascript_url": {"url": "/static/vendor/bootstrap/bootstrap.bundle.min.js"},
}
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
    },
}
