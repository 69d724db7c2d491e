"""Django settings for Sijill.

Every setting a site administrator may change is read from the environment (README, "Settings").
Nothing secret lives in the repository: the secret key and the audit signing key are generated
into ``var/`` on first run when they are not given.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SIJILL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_from_file(path: Path) -> str:
    """Read a generated secret, creating it (mode 0600) on first use."""
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SIJILL_SECRET_KEY") or _secret_from_file(VAR_DIR / "secret_key")
DEBUG = _env_bool("SIJILL_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("SIJILL_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("SIJILL_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

# The code of this installation's site (e.g. TRP, BEN). Every record created here carries it as
# its origin_site, and only this site may change such a record.
SIJILL_SITE = os.environ.get("SIJILL_SITE", "TRP").strip().upper()
# Demo mode lets the demo accounts skip two-factor authentication. Never set on a real site.
SIJILL_DEMO = _env_bool("SIJILL_DEMO", False)
SIJILL_AUDIT_KEY_FILE = Path(os.environ.get("SIJILL_AUDIT_KEY_FILE", VAR_DIR / "audit_signing_key.pem"))
# The audit keys this site trusts (its own and its peers'), pinned outside the database.
SIJILL_AUDIT_TRUSTED_KEYS = Path(os.environ.get("SIJILL_AUDIT_TRUSTED_KEYS", VAR_DIR / "audit" / "trusted_keys.txt"))
# Every signed head of this site's log is appended here: keep it off the database's disk.
SIJILL_AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("SIJILL_AUDIT_CHECKPOINT_FILE", VAR_DIR / "audit" / "checkpoints.jsonl")
)
# The sequencer looks for new entries this often (seconds); verify flags entries waiting longer
# than the bound (the worker is down or behind).
SIJILL_AUDIT_SEQUENCE_INTERVAL = float(os.environ.get("SIJILL_AUDIT_SEQUENCE_INTERVAL", "0.2"))
SIJILL_AUDIT_SEQUENCE_BOUND_SECONDS = float(os.environ.get("SIJILL_AUDIT_SEQUENCE_BOUND_SECONDS", "60"))
# Uploaded import files (personal data) are deleted this many days after upload, whatever their state.
SIJILL_UPLOAD_RETENTION_DAYS = float(os.environ.get("SIJILL_UPLOAD_RETENTION_DAYS", "7"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "sijill.core",
    "sijill.organisation",
    "sijill.accounts",
    "sijill.audit",
    "sijill.persons",
    "sijill.records",
    "sijill.warrants",
    "sijill.custody",
    "sijill.vehicles",
    "sijill.officers",
    "sijill.evidence",
    "sijill.imports",
    "sijill.federation",
    "sijill.jobs",
    "sijill.linkage",
    "sijill.web",
    "sijill.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sijill.core.middleware.ArabicFirstLocaleMiddleware",
    "sijill.core.middleware.RejectNullCharactersMiddleware",  # and bodies over the limits, in the caller's language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sijill.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "sijill.web.middleware.SijillErrorMiddleware",
]

ROOT_URLCONF = "sijill.urls"
WSGI_APPLICATION = "sijill.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sijill.web.context.navigation",
            ],
        },
    },
]

# PostgreSQL with two roles: the application connects as SIJILL_DATABASE_URL's role, which owns no
# table; `sijill migrate` connects as SIJILL_DATABASE_OWNER_URL's role, which owns them and grants
# the application only what it needs (sijill.core.dbroles). Without an owner URL, one role does both.
_APP_DATABASE_URL = os.environ.get("SIJILL_DATABASE_URL", f"sqlite:///{VAR_DIR / 'sijill.sqlite3'}")
_OWNER_DATABASE_URL = os.environ.get("SIJILL_DATABASE_OWNER_URL", "")
# Set by `sijill migrate` for its own process only (sijill.cli), never by a deployment.
_AS_OWNER = os.environ.get("SIJILL_DB_AS_OWNER") == "1" and bool(_OWNER_DATABASE_URL)
DATABASES = {
    "default": dj_database_url.parse(
        _OWNER_DATABASE_URL if _AS_OWNER else _APP_DATABASE_URL,
        conn_max_age=int(os.environ.get("SIJILL_DB_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
# The role the application connects as: migrate grants it its privileges.
SIJILL_DATABASE_APP_ROLE = (
    str(dj_database_url.parse(_APP_DATABASE_URL).get("USER") or "") if _OWNER_DATABASE_URL else ""
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers up front, so the audit chain never forks and a
    # writer waits instead of failing half way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SIJILL_TEST_DATABASE_NAME") or None}
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "sijill.accounts.lockout.LockoutBackend",  # django-axes: refuses locked-out usernames and addresses
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: a working session ends after 30 idle minutes and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SIJILL_SESSION_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("SIJILL_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind HTTPS (README, "Deploying behind HTTPS"): redirect plain HTTP, and tell browsers to use
# HTTPS only (HSTS) for SIJILL_HSTS_SECONDS. `sijill check --deploy` is clean with these set.
SECURE_SSL_REDIRECT = _env_bool("SIJILL_HTTPS_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SIJILL_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SIJILL_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("SIJILL_HSTS_PRELOAD", True)
# A site whose reverse proxies (SIJILL_PROXY_COUNT) terminate TLS learns the scheme from them.
if int(os.environ.get("SIJILL_PROXY_COUNT", "0")):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# django-axes: lock a username after repeated failed sign-ins (whatever the address, so that a
# guessing attack from many machines is stopped too), and a client address after more of them
# (whatever the usernames, so that rotating usernames is stopped too). See accounts/lockout.py.
AXES_FAILURE_LIMIT = int(os.environ.get("SIJILL_LOGIN_FAILURE_LIMIT", "5"))
SIJILL_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIJILL_LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = float(os.environ.get("SIJILL_LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # this order: accounts.lockout.LockoutHandler
AXES_HANDLER = "sijill.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "sijill.core.ratelimit.client_ip"  # behind SIJILL_PROXY_COUNT proxies too
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a refused attempt is no new failure
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Sijill"

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "sijill" / "locale"]
LANGUAGE_COOKIE_NAME = "sijill_language"
TIME_ZONE = "Africa/Tripoli"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not _env_bool("SIJILL_TESTING")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = _env_bool("SIJILL_TESTING")

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SIJILL_LOG_LEVEL", "WARNING")},
}

# auth.E003/W004: usernames are unique per site (origin_site, username); the user manager resolves a
# name to this site's account first (accounts.models.SijillUserManager.get_by_natural_key).
SILENCED_SYSTEM_CHECKS = ["auth.E003", "auth.W004"]

# A cache shared by every worker process of a site: the rate limits of the public checks count
# across workers. Files under var/ keep the trial setup free of extra services.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / ("cache-test" if os.environ.get("SIJILL_TESTING") else "cache")),
    }
}

# Public checks (custody, badge): requests allowed per client address, and how to find it.
RATELIMIT_IP_META_KEY = "sijill.core.ratelimit.client_ip"
SIJILL_PROXY_COUNT = int(os.environ.get("SIJILL_PROXY_COUNT", "0"))
SIJILL_PUBLIC_CHECK_RATE = os.environ.get("SIJILL_PUBLIC_CHECK_RATE", "10/h")
SIJILL_BADGE_CHECK_RATE = os.environ.get("SIJILL_BADGE_CHECK_RATE", "20/m")
# Ceilings of all addresses together (an attacker with many addresses); past one, the checks are
# refused until the period ends and one audit alert is recorded.
SIJILL_PUBLIC_CHECK_CEILING = os.environ.get("SIJILL_PUBLIC_CHECK_CEILING", "300/h")
SIJILL_BADGE_CHECK_CEILING = os.environ.get("SIJILL_BADGE_CHECK_CEILING", "1000/h")

# Uploads: the largest file imported (the page refuses larger bodies at once, the API with its JSON
# error). Form and JSON bodies are held to Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
SIJILL_IMPORT_MAX_BYTES = int(os.environ.get("SIJILL_UPLOAD_MAX_MB", "20")) * 2**20

# Imports: what an XLSX file may hold once opened (a small .xlsx can expand a thousand times).
SIJILL_IMPORT_XLSX_MAX_MB = int(os.environ.get("SIJILL_IMPORT_XLSX_MAX_MB", "512"))
SIJILL_IMPORT_MAX_ROWS = int(os.environ.get("SIJILL_IMPORT_MAX_ROWS", "1048576"))
SIJILL_IMPORT_MAX_COLUMNS = int(os.environ.get("SIJILL_IMPORT_MAX_COLUMNS", "1024"))

# Custody deadlines: per-rule overrides of the Code of Criminal Procedure defaults, as JSON, e.g.
# {"ccp_26_referral": {"hours": 24}} (see sijill/custody/deadlines.py; unknown rules are refused).
SIJILL_CUSTODY_RULES = json.loads(os.environ.get("SIJILL_CUSTODY_RULES") or "null")
# Minutes a link to a peer site may be down before the federation page raises an alert.
SIJILL_FEDERATION_ALERT_MINUTES = float(os.environ.get("SIJILL_FEDERATION_ALERT_MINUTES", "30"))

# Background work (sijill.jobs): django-tasks with its database backend, run by `sijill worker`.
# The tests run tasks at once, in the process that enqueues them.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if _env_bool("SIJILL_TESTING")
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    },
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# How long finished jobs are kept before the worker prunes them (days).
SIJILL_JOB_RETENTION_DAYS = float(os.environ.get("SIJILL_JOB_RETENTION_DAYS", "14"))
from sijill.linkage import model as linkage_model  # noqa: E402 (pure module: the thresholds' defaults)

# The statewide register (sijill/linkage): Splink's backend (duckdb on one machine, spark), DuckDB's
# memory limit and threads, and the match probabilities that link automatically / send to review.
SIJILL_LINKAGE_BACKEND = os.environ.get("SIJILL_LINKAGE_BACKEND", "duckdb").strip().lower()
SIJILL_LINKAGE_MEMORY = os.environ.get("SIJILL_LINKAGE_MEMORY", "4GB")
SIJILL_LINKAGE_THREADS = int(os.environ.get("SIJILL_LINKAGE_THREADS", "2"))
SIJILL_LINKAGE_UPPER = float(os.environ.get("SIJILL_LINKAGE_UPPER") or linkage_model.UPPER)
SIJILL_LINKAGE_LOWER = float(os.environ.get("SIJILL_LINKAGE_LOWER") or linkage_model.LOWER)
SIJILL_VAR_DIR = VAR_DIR
