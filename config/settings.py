"""Pożytek settings: one module, everything read from the environment.

Environment variables (see README "Configuration"):
DJANGO_DEBUG, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, EMAIL_URL,
DEFAULT_FROM_EMAIL, POZYTEK_SINGLE_TENANT, POZYTEK_TASKS_BACKEND, POZYTEK_SECURE,
DJANGO_CSRF_TRUSTED_ORIGINS, POZYTEK_MEDIA_ROOT, POZYTEK_PRIVATE_ROOT, POZYTEK_STATIC_ROOT,
POZYTEK_MAX_ATTACHMENT_MB, REDIS_URL, POZYTEK_TRUSTED_PROXY_COUNT, POZYTEK_LOG_FORMAT, POZYTEK_ACCESS_LOG,
DJANGO_LOG_LEVEL, POZYTEK_READY_MAX_TASK_AGE_S, DATABASE_REPLICA_URL (a read replica of DATABASE_URL for the
heavy public pages and exports, pozytek/core/db_router.py; docs/scaling.md).
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("POZYTEK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-for-make-run"  # noqa: S105 -- DEBUG only
# Without DEBUG and without a key, SECRET_KEY stays empty: commands that never sign anything
# (`makemigrations --check`, `compile_catalogues`) run in a bare environment, while anything that
# reads the key fails loudly, and so does the web application at start-up (config/wsgi.py).

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # trigram lookups; harmless on SQLite
    "rules",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Our apps come before allauth so that our templates override its layouts.
    "pozytek.core",
    "pozytek.legal",
    "pozytek.tenants",
    "pozytek.accounts",
    "pozytek.organisations",
    "pozytek.competitions",
    "pozytek.offers",
    "pozytek.evaluation",
    "pozytek.grants",
    "pozytek.agreements",
    "pozytek.reports",
    "pozytek.consultations",
    "pozytek.councils",
    "pozytek.programmes",
    "pozytek.smallgrants",
    "pozytek.initiatives",
    "pozytek.regranting",
    "pozytek.office",
    "pozytek.agenda",
    "pozytek.documents",
    "pozytek.notifications",
    "pozytek.ui",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    # First: every response (redirects and static files too) carries the request id and is logged.
    "pozytek.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "pozytek.tenants.middleware.TenantScopeMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pozytek.ui.context_processors.platform",
            ],
        },
    }
]

# --- Database: embedded SQLite under var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pozytek.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers are serialised by SQLite itself; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 5,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# A streaming replica of the primary (PostgreSQL hot standby), optional: with DATABASE_REPLICA_URL the router
# sends the reads of the public pages and exports it lists to "replica" for visitors who are not signed in;
# writes, signed-in people and everything else stay on "default". Without it the router does nothing.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
POZYTEK_READ_REPLICA = "replica" if "replica" in DATABASES else ""
DATABASE_ROUTERS = ["pozytek.core.db_router.ReadReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "tenants:platform-home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "pozytek.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Pożytek] "
# allauth's limiter, counted in the shared cache (CACHES below). Per account, strict: 5 failed attempts
# in 5 minutes ("key": the e-mail address for the password, the user for the two-step code: allauth counts
# wrong codes under "login_failed" too) lock that account's next attempt, the right one included, until
# the 5 minutes pass. Per address, generous: a whole office behind one address logs in at nine, fifty
# people and their typos, without locking each other out ("login" counts every login form sent).
ACCOUNT_RATE_LIMITS = {
    "login": "150/m/ip",
    "login_failed": "30/m/ip,5/300s/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/180s/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Pożytek"
# Accept the code of the previous or next 30-second step too (RFC 6238 allows one step of drift):
# with none, a code typed at the end of its step fails once it reaches the server.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
# Behind the reverse proxy every request comes from the proxy's address: with 1 (one proxy that appends
# the visitor's address to X-Forwarded-For) the per-address limits count visitors, not the proxy. Leave 0
# when gunicorn is reached directly (X-Forwarded-For could then be forged).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("POZYTEK_TRUSTED_PROXY_COUNT", "0"))

# --- Internationalisation: Polish first, then English and Ukrainian.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English")), ("uk", _("Ukrainian"))]
LOCALE_PATHS = [BASE_DIR / "pozytek" / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "pozytek_language"
LANGUAGE_COOKIE_SECURE = env_bool("POZYTEK_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("POZYTEK_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("POZYTEK_MEDIA_ROOT", VAR_DIR / "media"))
# Offer attachments and other files served only through permission-checked views: never under
# MEDIA_ROOT or STATIC_ROOT, so no web server location can expose them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("POZYTEK_PRIVATE_ROOT", VAR_DIR / "private"))
POZYTEK_MAX_ATTACHMENT_BYTES = int(float(os.environ.get("POZYTEK_MAX_ATTACHMENT_MB", "10")) * 1_048_576)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FORMS_URLFIELD_ASSUME_HTTPS = True  # transitional setting until Django 6 makes it the default
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
# The chair's proposals form has two fields per offer; large calls have hundreds of offers.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# Coat of arms / logo uploads: raster images only (SVG can carry script).
POZYTEK_MAX_LOGO_BYTES = 1_048_576

# --- E-mail: console in development, anything Django supports through EMAIL_URL.
EMAIL_URL = os.environ.get("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25")
vars().update(dj_email_url.parse(EMAIL_URL))
if EMAIL_URL.startswith("file://"):
    EMAIL_FILE_PATH = EMAIL_URL.removeprefix("file://") or str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Pożytek <noreply@pozytek.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work: the Django tasks API; the DB backend and `db_worker` in production.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "POZYTEK_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if DEBUG else "django_tasks_db.DatabaseBackend",
        )
    }
}

# --- Security
SECURE = env_bool("POZYTEK_SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("POZYTEK_SSL_REDIRECT", default=True)
# The process supervisor and the load balancer probe the app server itself over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, the row read by a query compiled once per process (pozytek/core/sessions.py).
SESSION_ENGINE = "pozytek.core.sessions"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "pozytek.ui.views.csrf_failure"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Cache: what allauth counts login and two-step failures in (and the used TOTP codes), so it must be
# one store for every gunicorn worker and app server: a per-process cache gives each worker its own
# counters, i.e. several times the allowed guesses. Redis when REDIS_URL is set, otherwise the
# database's table "pozytek_cache" (created by the migration core 0002, never by hand). Past MAX_ENTRIES
# live entries Django erases a third of them, whichever: far above what the limits keep (minutes each),
# so that flooding the table with new keys cannot wipe an account's failure count.
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "pozytek_cache",
    "OPTIONS": {"MAX_ENTRIES": 50_000},
}
CACHES = {"default": DATABASE_CACHE}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }

# --- Pożytek
# Slug of the only tenant of a single-municipality installation: "/" then goes straight to it.
POZYTEK_SINGLE_TENANT = os.environ.get("POZYTEK_SINGLE_TENANT", "")
# Absolute address of the platform, for links in e-mails sent by the background worker.
# Days before a report is due when its organisation is reminded (a platform setting, not law).
POZYTEK_REPORT_REMINDER_DAYS = int(os.environ.get("POZYTEK_REPORT_REMINDER_DAYS", "7"))
# Days before a council member's term ends when the body's secretariat is reminded (a platform setting).
POZYTEK_COUNCIL_TERM_REMINDER_DAYS = int(os.environ.get("POZYTEK_COUNCIL_TERM_REMINDER_DAYS", "30"))
POZYTEK_BASE_URL = os.environ.get("POZYTEK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
POZYTEK_PLATFORM_NAME = os.environ.get("POZYTEK_PLATFORM_NAME", "Pożytek")
POZYTEK_ACCESSIBILITY_CONTACT_EMAIL = os.environ.get(
    "POZYTEK_ACCESSIBILITY_CONTACT_EMAIL", "dostepnosc@pozytek.localhost"
)

# /readyz answers 503 when the oldest task waiting for the worker is older than this (the worker is down or
# behind: confirmations and e-mails are not going out).
POZYTEK_READY_MAX_TASK_AGE_S = int(os.environ.get("POZYTEK_READY_MAX_TASK_AGE_S", "600"))

# --- Logging: one line per record on standard error. JSON (for the log collector) unless DEBUG; every record
# says its request id, tenant and user id (pozytek/core/logs.py); "pozytek.access" logs one line per request.
LOG_FORMAT = os.environ.get("POZYTEK_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"POZYTEK_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "pozytek.core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "pozytek.core.logs.JsonFormatter"},
        "text": {"()": "pozytek.core.logs.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_context"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "pozytek.access": {"level": "INFO" if env_bool("POZYTEK_ACCESS_LOG", default=True) else "WARNING"},
    },
}
