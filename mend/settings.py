"""Mend's settings: one file, every value from the environment with a safe default.

Every variable is documented in docs/operators.md and listed in .env.example.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from lib.crisis_lines import COUNTRY_CODES
from lib.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
# A local .env (written by `make run` for development) fills in what the real
# environment does not set; the real environment always wins.
load_dotenv(env_str("MEND_ENV_FILE", str(BASE_DIR / ".env")), override=False)

DEBUG = env_bool("MEND_DEBUG", False)
SECRET_KEY = env_str("MEND_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError(
            "MEND_SECRET_KEY is not set. Set it in the environment (see docs/operators.md), "
            "or run `make run` for a development setup."
        )
    SECRET_KEY = "development-only-secret-key-not-for-production"  # noqa: S105 (DEBUG only)

# Keys for encrypting sensitive free text: "id:base64key" pairs, newest first.
# Kept apart from SECRET_KEY on purpose (SECURITY.md check 11).
MEND_ENCRYPTION_KEYS = env_str("MEND_ENCRYPTION_KEYS")

ALLOWED_HOSTS = env_list("MEND_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("MEND_CSRF_TRUSTED_ORIGINS")
# The public address, for links in mail. In development without MEND_SITE_URL, links in
# mail sent during a request follow the host and port actually served (`make run
# PORT=8101`), so they open; mail sent outside a request uses the default (lib/site.py).
SITE_URL_CONFIGURED = bool(env_str("MEND_SITE_URL"))
SITE_URL = env_str("MEND_SITE_URL") or "http://127.0.0.1:8000"
SITE_URL_FROM_REQUEST = DEBUG and not SITE_URL_CONFIGURED
SITE_ID = 1

INSTALLED_APPS = [
    "audit.apps.AuditedAdminConfig",  # Django's admin, writing the audit trail
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "ninja",
    "lib",
    "audit",  # before accounts: its receivers write the row before accounts mails a notice
    "accounts",
    "circles",
    "access_log",
    "appreciations",
    "measures",
    "notifications",
    "ledger",
    "checkins",
    "coach_web",
    "safety",
    "repair",
    "phrases",
    "reachout",
    "practices",
    "home",
    "workspace",
    "huey.contrib.djhuey",
    "mend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "mend.middleware.PrivacyHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before anything that touches the session or the database (SECURITY.md check 20).
    "mend.middleware.CrisisPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "mend.middleware.FetchMetadataOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "coach_web.middleware.CrisisScreenMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.UserSessionActivityMiddleware",  # allauth's, at most once a minute
    "axes.middleware.AxesMiddleware",
    "mend.middleware.RefusalMiddleware",
    "mend.middleware.InputLimitsMiddleware",  # its check runs last before the view, after CSRF
    "audit.middleware.AccountPagesInOneTransaction",
]

ROOT_URLCONF = "mend.urls"
WSGI_APPLICATION = "mend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mend.context_processors.site",
                "coach_web.context_processors.crisis",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'mend.sqlite3'}"),
        conn_max_age=env_int("MEND_DB_CONN_MAX_AGE", 0),
    )
}
# WAL lets readers work beside one writer; IMMEDIATE takes the write lock at
# BEGIN, so two writers queue up instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds allauth's rate-limit counters and the two-step codes already used, so
# every process must see the same one: Redis when there is one, else a table in the
# database (made by `migrate`). A per-process cache would let N processes allow N times
# each limit; start-up refuses one when MEND_PROCESSES (or gunicorn's worker count) > 1.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "mend_cache"}}
# How many processes serve Mend; gunicorn's WEB_CONCURRENCY (its default worker count)
# counts too, and gunicorn.conf.py passes on the worker count it really starts.
MEND_PROCESSES = max(env_int("MEND_PROCESSES", 1), env_int("WEB_CONCURRENCY", 1))

# --- accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes first, so a locked-out pair never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.ContextWordsValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "accounts.adapters.MendAccountAdapter"
# Mend's words on allauth's forms; sign-up asks the name people will see and carries the
# browser's time zone (accounts/forms.py).
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "add_email": "accounts.forms.AddEmailForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
    "confirm_login_code": "accounts.forms.ConfirmLoginCodeForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Mend: "
ACCOUNT_REAUTHENTICATION_TIMEOUT = 15 * 60
ACCOUNT_PREVENT_ENUMERATION = True
# The way in that a lockout leaves open: a one-time code mailed to the address (two-step
# login, when on, is still asked for after it).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# People who fear each other may share an address (a home, a shelter's Wi-Fi, a phone
# carrier's NAT), so no limit keyed on the address alone may sit where one person can
# reach it by trying: the lockout is per (email, address) in django-axes below, and the
# per-address limits here are ceilings against scripts, far above a household's use.
# Past them a correct password from that address waits, but the code by email still works.
MEND_LOGIN_IP_CEILING = env_int("MEND_LOGIN_IP_CEILING", 100)
ACCOUNT_RATE_LIMITS = {
    "login": f"{2 * MEND_LOGIN_IP_CEILING}/m/ip",
    "login_failed": f"{MEND_LOGIN_IP_CEILING}/15m/ip",
    "request_login_code": f"{MEND_LOGIN_IP_CEILING}/m/ip,3/m/key",
}

MFA_ADAPTER = "accounts.adapters.MendMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mend"
USERSESSIONS_ADAPTER = "accounts.adapters.MendUserSessionsAdapter"
USERSESSIONS_TRACK_ACTIVITY = True

# Lockout keyed on the (email, IP) pair with a finite cool-off, so nobody can lock
# a relative out of their account for good by typing wrong passwords at it.
AXES_FAILURE_LIMIT = env_int("MEND_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("MEND_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_SENSITIVE_PARAMETERS = ["password", "login", "email", "username"]
AXES_IPWARE_PROXY_COUNT = env_int("MEND_PROXY_COUNT", 0)

# --- sessions and cookies -----------------------------------------------------------
SESSION_COOKIE_AGE = 30 * 60  # idle timeout, renewed at most once a minute (accounts/middleware.py)
SESSION_SAVE_EVERY_REQUEST = False
MEND_SESSION_ABSOLUTE_SECONDS = env_int("MEND_SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# --- transport security ----------------------------------------------------------------
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("MEND_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("MEND_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("MEND_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds every subdomain of the registered domain to HTTPS for
        # months and is slow to undo, so it stays the operator's opt-in
        # (MEND_HSTS_PRELOAD); Django's reminder about it (W021) is not a defect.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if env_bool("MEND_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}

# --- email ----------------------------------------------------------------------
EMAIL_HOST = env_str("MEND_EMAIL_HOST")
DEFAULT_FROM_EMAIL = env_str("MEND_DEFAULT_FROM_EMAIL", "Mend <mend@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("MEND_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("MEND_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env_str("MEND_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("MEND_EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("MEND_EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = 15
else:
    # Development: every mail is written to var/mail/ and announced on the console.
    EMAIL_BACKEND = "lib.mail.FolderEmailBackend"
    EMAIL_FILE_PATH = env_str("MEND_MAIL_DIR", str(BASE_DIR / "var" / "mail"))

# --- languages and time ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One way of writing dates per language (mend/formats/<lang>/formats.py), and date
# inputs that always carry ISO values, which is all <input type="date"> accepts.
FORMAT_MODULE_PATH = ["mend.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- static files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Mend itself ----------------------------------------------------------------
# Where the quick-exit control sends people: an ordinary page on another site, so the
# address bar and the history say nothing of Mend (SECURITY.md check 22). An operator may
# choose another; "/n/" is a plain page on this server for installations that prefer it.
MEND_QUICK_EXIT_URL = env_str("MEND_QUICK_EXIT_URL", "https://www.google.com/")
MEND_INVITATION_DAYS = env_int("MEND_INVITATION_DAYS", 7)
MEND_ACCESS_TOKEN_DAYS = env_int("MEND_ACCESS_TOKEN_DAYS", 90)
# The country whose crisis lines a new account shows first; each member can change it.
MEND_DEFAULT_COUNTRY = env_str("MEND_DEFAULT_COUNTRY", "US").strip().upper()
if MEND_DEFAULT_COUNTRY not in COUNTRY_CODES:
    raise ImproperlyConfiguredEnv(
        f"MEND_DEFAULT_COUNTRY must be one of {', '.join(COUNTRY_CODES)}, not {MEND_DEFAULT_COUNTRY!r}"
    )
# The coach's learned layer (an offline sentence encoder and small classifiers). Off: rules only.
MEND_COACH_LEARNED = env_bool("MEND_COACH_LEARNED", True)
# An unanswered occurrence becomes "missed" this long after it was due.
MEND_LEDGER_GRACE_HOURS = env_int("MEND_LEDGER_GRACE_HOURS", 24)
MEND_LEDGER_REMINDER_MINUTES = env_int("MEND_LEDGER_REMINDER_MINUTES", 60)

# --- audit trail and retention (audit/) -----------------------------------------
# IP addresses and browser strings (where a person is logged in, lockout records) are
# removed after this many days; the audit trail's own rows after the second number.
MEND_IP_RETENTION_DAYS = env_int("MEND_IP_RETENTION_DAYS", 90)
MEND_AUDIT_RETENTION_DAYS = env_int("MEND_AUDIT_RETENTION_DAYS", 365)
if min(MEND_IP_RETENTION_DAYS, MEND_AUDIT_RETENTION_DAYS) < 1:
    raise ImproperlyConfiguredEnv("MEND_IP_RETENTION_DAYS and MEND_AUDIT_RETENTION_DAYS must be 1 or more")

# --- background jobs (huey) --------------------------------------------------------
# SQLite storage by default, so one family needs nothing else; Redis for a clinic.
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "mend", "url": REDIS_URL, "immediate": False}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "mend",
        "filename": env_str("MEND_HUEY_FILE", str(BASE_DIR / "var" / "huey.sqlite3")),
        "immediate": False,
    }
HUEY["consumer"] = {"workers": env_int("MEND_WORKERS", 1), "worker_type": "thread"}

# --- input limits (lib/limits.py) --------------------------------------------------
# A posted form or an API body; the largest real one (a plan's parts) is far smaller.
# The API answers a larger body with 413 (mend.middleware.InputLimitsMiddleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024

LOG_LEVEL = env_str("MEND_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Invitation tokens and allauth's keys travel in addresses: written as "[hidden]"
    # by the loggers that print paths, and by the console handler for any other.
    "filters": {"hide_secrets": {"()": "lib.log_filters.HideSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_secrets"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"filters": ["hide_secrets"]},
        # At WARNING, so the address of every successful request is not printed either.
        "django.server": {"level": "WARNING", "filters": ["hide_secrets"]},
        "axes": {"level": "WARNING"},
        # The huey worker says when it starts and stops; the periodic jobs, which
        # run every minute, only speak up when something fails. With a handler
        # here, run_huey keeps this setup instead of adding its own.
        "huey": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "huey.consumer": {"level": LOG_LEVEL},
        "huey.consumer.Scheduler": {"level": "WARNING"},
    },
}
