"""Settings for Uitkomst, read from the environment.

Every variable is documented in docs/configuration.md. Defaults give an embedded installation:
SQLite under ``var/``, no Redis, Dutch interface.
"""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/uitkomst
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("UITKOMST_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int | None) -> int | None:
    """An integer from the environment; unset or empty gives ``default``."""
    value = (os.environ.get(name) or "").strip()
    return int(value) if value else default


def _secret(name: str, filename: str) -> str:
    """A secret from the environment, or (embedded use) one generated once under var/.

    Secrets never live in the repository: a development installation creates its own file.
    """
    value = os.environ.get(name)
    if value:
        return value
    path = VAR_DIR / filename
    if path.exists():
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return path.read_text().strip()
    _var_dir()
    value = secrets.token_urlsafe(50)
    # Created 0600 in one step (O_EXCL): never readable by others, not even for a moment.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(value)
    return value


def _var_dir() -> None:
    """var/ holds the SQLite database and the generated keys: only its owner may enter it (0700)."""
    VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    if VAR_DIR.stat().st_mode & 0o077 and VAR_DIR.stat().st_uid == os.getuid():
        VAR_DIR.chmod(0o700)


DEBUG = env_bool("UITKOMST_DEBUG", False)
SECRET_KEY = _secret("UITKOMST_SECRET_KEY", "secret_key")
# Key for BSN encryption and pseudonymisation (HMAC); separate from SECRET_KEY so it can be rotated
# and kept in a vault on its own.
BSN_KEY = _secret("UITKOMST_BSN_KEY", "bsn_key")
ALLOWED_HOSTS = env_list("UITKOMST_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("UITKOMST_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "uitkomst.web.views.csrf_mislukt"  # in the layout, says what to do

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files (no CDN)
    "axes",
    "oauth2_provider",  # OAuth2 client credentials for integrations (accounts/oauth.py)
    "django_otp",  # two-factor login for staff roles (accounts/tweestaps.py)
    "django_otp.plugins.otp_totp",
    "uitkomst.accounts",
    "uitkomst.organisaties",
    "uitkomst.catalogus",
    "uitkomst.signalen",
    "uitkomst.contractering",
    "uitkomst.toegang",
    "uitkomst.contractvormen",
    "uitkomst.audit",
    "uitkomst.trajecten",
    "uitkomst.declaraties",
    "uitkomst.berichten",
    "uitkomst.uitkomsten",
    "uitkomst.subsidies",
    "uitkomst.voorzieningen",
    "uitkomst.sturing",
    "uitkomst.tariefontwerp",
    "uitkomst.simulatie",
    "uitkomst.demo",
    "uitkomst.api",
    "uitkomst.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "uitkomst.accounts.tweestaps.TweestapsMiddleware",  # the TOTP step for UITKOMST_OTP_ROLLEN
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "uitkomst.api.middleware.ApiVersionMiddleware",
    "uitkomst.api.parameters.OnbekendeParametersMiddleware",
    "uitkomst.web.middleware.NotAllowedMiddleware",
    "uitkomst.audit.middleware.AdminInzageMiddleware",  # audit rows for admin pages with client data
    "uitkomst.web.beveiliging.GeenCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lock-out answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "uitkomst.urls"
WSGI_APPLICATION = "uitkomst.wsgi.application"

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
                "uitkomst.web.menu.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'uitkomst.sqlite3'}"),
        conn_max_age=int(os.environ.get("UITKOMST_DB_CONN_MAX_AGE", "0")),
    )
}
if os.environ.get("UITKOMST_TEST_DB_NAME"):
    # Lets two test runs share one PostgreSQL server without dropping each other's test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["UITKOMST_TEST_DB_NAME"]}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    _var_dir()
    _sqlite = Path(DATABASES["default"]["NAME"])
    if _sqlite.exists() and _sqlite.stat().st_mode & 0o077 and _sqlite.stat().st_uid == os.getuid():
        _sqlite.chmod(0o600)  # the database holds (encrypted) BSNs and health data
    # Wait for a lock rather than fail at once when two writers meet (demo loader, dev server).
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.Gebruiker"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
AUTHENTICATION_BACKENDS = [
    "uitkomst.web.beveiliging.InlogpogingenBackend",  # django-axes: refuses a locked-out login first
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("UITKOMST_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve straight from the apps in development; no CDN, ever

# Security (docs/security.md). Production sets UITKOMST_HTTPS=true (behind a TLS proxy that sends
# X-Forwarded-Proto): secure cookies, HTTPS redirect and HSTS.
HTTPS = env_bool("UITKOMST_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("UITKOMST_SESSION_AGE", str(8 * 3600)))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("UITKOMST_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("UITKOMST_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("UITKOMST_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("UITKOMST_HSTS_PRELOAD", True)
    # The load balancer's health check may call plain HTTP on these paths.
    SECURE_REDIRECT_EXEMPT = env_list("UITKOMST_SSL_REDIRECT_EXEMPT")
# Content-Security-Policy (django-csp): only this site's own scripts, styles and images; no inline
# script or style attribute anywhere (templates use static files and classes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Login throttling (django-axes): after UITKOMST_LOGIN_MAX_POGINGEN failed logins for one user name
# that name is locked for UITKOMST_LOGIN_BLOKKADE_MINUTEN (the right password is refused too); a
# successful login resets the count. `uitkomst axes_reset_username NAME` lifts a lock-out early.
AXES_FAILURE_LIMIT = env_int("UITKOMST_LOGIN_MAX_POGINGEN", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("UITKOMST_LOGIN_BLOKKADE_MINUTEN", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that rotating User-Agents or cookies bypasses a lock-out keyed on them; ours is keyed on
# the user name alone (an IP lock-out would shut out a whole municipality behind one NAT address).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "uitkomst.web.beveiliging.geblokkeerd"
AXES_DISABLE_ACCESS_LOG = True  # successful logins: no extra table of IP addresses (data minimisation)
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("UITKOMST_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Session first: its challenge makes an anonymous call a 401 (api/authenticatie.py). HTTP Basic
    # only in development.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "uitkomst.api.authenticatie.SessieAuthenticatie",
        "uitkomst.api.authenticatie.TokenAuthenticatie",  # OAuth2 bearer tokens (client credentials)
    ]
    + (["rest_framework.authentication.BasicAuthentication"] if DEBUG else []),
    # Rate limits per OAuth2 client, per user, per IP address when anonymous (api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": ["uitkomst.api.throttling.ApiLimiet"],
    "DEFAULT_THROTTLE_RATES": {
        "client": os.environ.get("UITKOMST_API_LIMIET_CLIENT", "1200/min") or None,
        "gebruiker": os.environ.get("UITKOMST_API_LIMIET_GEBRUIKER", "600/min") or None,
        "anoniem": os.environ.get("UITKOMST_API_LIMIET_ANONIEM", "300/min") or None,
    },
    # Proxies in front of the application: the client's address for the anonymous limit is then taken
    # from X-Forwarded-For (DRF NUM_PROXIES); unset: the connection's address.
    "NUM_PROXIES": env_int("UITKOMST_API_PROXIES", None),
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["djangorestframework_camel_case.render.CamelCaseJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["djangorestframework_camel_case.parser.CamelCaseJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "uitkomst.api.pagination.Paginering",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "uitkomst.api.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Uitkomst API",
    "DESCRIPTION": (
        "API van Uitkomst voor resultaatgericht contracteren in het sociaal domein. "
        "Volgt de NL API Design Rules: meervoudige Nederlandse resources, camelCase JSON, "
        "fouten als application/problem+json en een API-Version-header."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,  # paths relative to the server URL /api/v1 (api/schema.py add_servers)
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "uitkomst.api.schema.add_api_version_header",
        "uitkomst.api.schema.normalise_integer_bounds",
        "uitkomst.api.schema.add_problem_responses",
        "uitkomst.api.schema.add_servers",
        "uitkomst.api.schema.lift_oneof_defaults",
    ],
    # Stable names for choice sets that share a field name across resources.
    "ENUM_NAME_OVERRIDES": {
        "WetEnum": "uitkomst.catalogus.models.Wet",
        "ContractvormWetEnum": "uitkomst.contractvormen.models.Wetgebied",
        "InkoopprocedureSoortEnum": "uitkomst.contractering.models.Procedure",
        "ContractvormProcedureEnum": "uitkomst.contractvormen.models.PROCEDURE_CHOICES",
        "TrajectStatusEnum": "uitkomst.trajecten.workflow.Status",
        "AanmeldingStatusEnum": "uitkomst.contractering.models.Aanmelding.Status",
        "RaamovereenkomstStatusEnum": "uitkomst.contractering.models.Raamovereenkomst.Status",
        "RedenBeeindigingEnum": "uitkomst.trajecten.codes.RedenBeeindiging",
        "RedenWeigeringEnum": "uitkomst.trajecten.codes.RedenWeigering",
        "BerichtStatusEnum": "uitkomst.berichten.models.Status",
    },
    "CONTACT": {
        "name": "Uitkomst",
        "email": "api@uitkomst.example",
        "url": "https://uitkomst.example/contact",
    },
    "LICENSE": {"name": "EUPL-1.2"},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The schema is generated, validated and linted in CI (make schema, make api-lint), not on a
    # production host: there its mock requests fail on the real ALLOWED_HOSTS (`check --deploy`).
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

API_VERSION = SPECTACULAR_SETTINGS["VERSION"]

# OAuth 2.0 client credentials for back-office integrations (accounts/oauth.py, docs/security.md):
# tokens expire, are stored as a checksum only, and carry the scopes of the client's role at most.
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("UITKOMST_OAUTH_TOKEN_SECONDEN", 3600),
    "SCOPES_BACKEND_CLASS": "uitkomst.accounts.oauth.RolScopes",
    "OAUTH2_VALIDATOR_CLASS": "uitkomst.accounts.oauth.Validator",
    # Only client credentials are used: every RFC 9700 (OAuth 2.0 Security BCP) recommendation on.
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,  # a token only in the Authorization header
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
# Two-factor login (TOTP, django-otp) for these role codes: after the password a six-digit code from
# an authenticator app; the first time, the user enrols (docs/configuration.md). Empty: off.
UITKOMST_OTP_ROLLEN = env_list("UITKOMST_OTP_ROLLEN", "beheerder,privacy-officer")
OTP_TOTP_ISSUER = os.environ.get("UITKOMST_OTP_UITGEVER", "Uitkomst")
# A shared cache (Redis URL) makes the API rate limits count across processes; unset: per process.
if os.environ.get("UITKOMST_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["UITKOMST_CACHE_URL"],
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("UITKOMST_LOG_LEVEL", "WARNING")},
    # the audit trail of personal-data reads (one JSON line per read, docs/security.md): always on
    "loggers": {"uitkomst.audit": {"level": os.environ.get("UITKOMST_AUDIT_LOG_LEVEL", "INFO")}},
}

# Domain settings
# Segment threshold for the "extra check" (IJsselland: segment C above EUR 25,000) is data of a
# purchasing model, not a setting: see catalogus.Kostensegment.
DEMO_PASSWORD = os.environ.get("UITKOMST_DEMO_PASSWORD")  # None: a random one per `make run`
# Days a provider has to accept a new assignment (acceptance obligation).
ACCEPTATIETERMIJN_DAGEN = env_int("UITKOMST_ACCEPTATIETERMIJN_DAGEN", 5)
# Follow-up window for outcome 3.2 in months; None: the half-year rule (docs/uitkomsten.md).
NAZORG_MAANDEN = env_int("UITKOMST_NAZORG_MAANDEN", None)
# Indicator cells with fewer trajectories are suppressed everywhere.
MIN_CELGROOTTE = env_int("UITKOMST_MIN_CELGROOTTE", 10)
# Months of recent inflow the budget forecast extrapolates.
BUDGET_TRENDMAANDEN = env_int("UITKOMST_BUDGET_TRENDMAANDEN", 6)
# Days after referral without a start that raise a long-wait signal.
WACHTTIJD_SIGNAAL_DAGEN = env_int("UITKOMST_WACHTTIJD_SIGNAAL_DAGEN", 42)
# Finance confirms on a page with the totals before approving or paying more than this amount (EUR)
# or more than this number of lines at once.
UITKOMST_BEVESTIGEN_BOVEN_BEDRAG = env_int("UITKOMST_BEVESTIGEN_BOVEN_BEDRAG", 25_000)
UITKOMST_BEVESTIGEN_BOVEN_REGELS = env_int("UITKOMST_BEVESTIGEN_BOVEN_REGELS", 50)
UITKOMST_DOCUMENT_TAAK_VANAF = env_int("UITKOMST_DOCUMENT_TAAK_VANAF", 512 * 1024)  # bytes; larger: read by a task
# Largest invoice file (CSV/XLSX) an upload accepts.
DECLARATIE_UPLOAD_MAX_BYTES = env_int("UITKOMST_DECLARATIE_UPLOAD_MAX_BYTES", 2 * 1024 * 1024)
# Largest total uncompressed size of an .xlsx upload's zip members (zip-bomb cap, checked before opening).
DECLARATIE_UPLOAD_MAX_UITGEPAKT = env_int("UITKOMST_DECLARATIE_UPLOAD_MAX_UITGEPAKT", 50 * 1024 * 1024)
# iJw/iWmo messages (docs/berichten.md): the folder with the publisher's 3.2 schemas (ijw/, iwmo/,
# ggk/). Unset: the shared folder next to the repository, when there is one (development and CI).
_ISTANDAARDEN = PROJECT_DIR.parent / "shared" / "istandaarden"
UITKOMST_ISTANDAARDEN_DIR = os.environ.get("UITKOMST_ISTANDAARDEN_DIR") or (
    str(_ISTANDAARDEN) if _ISTANDAARDEN.exists() else ""
)
# Folder mailbox for installations that exchange message files (in/, uit/, verwerkt/); empty: none.
UITKOMST_BERICHTEN_MAP = os.environ.get("UITKOMST_BERICHTEN_MAP", "")
# Task queue: a Redis URL runs reading, judging and answering on Celery workers; empty (the
# embedded default) runs the same tasks in-process, so `make run` needs nothing extra.
UITKOMST_BROKER_URL = os.environ.get("UITKOMST_BROKER_URL", "")
CELERY_BROKER_URL = UITKOMST_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = UITKOMST_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = not UITKOMST_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# Tariff design (issue 16): a profile x intensity cell with fewer trajectories in the reference year
# gets no proposed tariff (flagged instead); see docs/configuration.md.
TARIEFONTWERP_MIN_CEL = int(os.environ.get("UITKOMST_TARIEFONTWERP_MIN_CEL", "10"))
# Largest history file the tariff design imports (bytes and rows); larger files are refused.
TARIEFONTWERP_IMPORT_MAX_BYTES = int(os.environ.get("UITKOMST_TARIEFONTWERP_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
TARIEFONTWERP_IMPORT_MAX_REGELS = int(os.environ.get("UITKOMST_TARIEFONTWERP_IMPORT_MAX_REGELS", "500000"))
