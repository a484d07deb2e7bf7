"""Settings for Uitkomst, read from the environment.

Every variable is documented in docs/configuration.md. Defaults give an embedded installation:
SQLite under ``var/``, no Redis, Dutch interface.
"""

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


def _secret(name: str, filename: str) -> str:
    """A secret from the environment, or (embedded use) one generated once under var/.

    Secrets never live in the repository: a development installation creates its own file.
    """
    value = os.environ.get(name)
    if value:
        return value
    path = VAR_DIR / filename
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    path.write_text(value)
    path.chmod(0o600)
    return value


DEBUG = env_bool("UITKOMST_DEBUG", False)
SECRET_KEY = _secret("UITKOMST_SECRET_KEY", "secret_key")
# Key for BSN encryption and pseudonymisation (HMAC); separate from SECRET_KEY so it can be rotated
# and kept in a vault on its own.
BSN_KEY = _secret("UITKOMST_BSN_KEY", "bsn_key")
ALLOWED_HOSTS = env_list("UITKOMST_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("UITKOMST_CSRF_TRUSTED_ORIGINS")

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
    "uitkomst.accounts",
    "uitkomst.organisaties",
    "uitkomst.catalogus",
    "uitkomst.contractering",
    "uitkomst.toegang",
    "uitkomst.contractvormen",
    "uitkomst.audit",
    "uitkomst.trajecten",
    "uitkomst.declaraties",
    "uitkomst.uitkomsten",
    "uitkomst.sturing",
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
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "uitkomst.api.middleware.ApiVersionMiddleware",
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
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Wait for a lock rather than fail at once when two writers meet (demo loader, dev server).
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.Gebruiker"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

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

# Security: secure cookies whenever served over HTTPS (UITKOMST_HTTPS=true behind a TLS proxy).
HTTPS = env_bool("UITKOMST_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("UITKOMST_SESSION_AGE", str(8 * 3600)))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("UITKOMST_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
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
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "uitkomst.api.schema.add_api_version_header",
        "uitkomst.api.schema.normalise_integer_bounds",
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
    },
    "CONTACT": {"name": "Uitkomst"},
    "LICENSE": {"name": "EUPL-1.2"},
}

API_VERSION = SPECTACULAR_SETTINGS["VERSION"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("UITKOMST_LOG_LEVEL", "WARNING")},
}

# Domain settings
# Segment threshold for the "extra check" (IJsselland: segment C above EUR 25,000) is data of a
# purchasing model, not a setting: see catalogus.Kostensegment.
DEMO_PASSWORD = os.environ.get("UITKOMST_DEMO_PASSWORD")  # None: a random one per `make run`
