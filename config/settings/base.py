"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "acces",
    "manifeste",
    "commitments",
    "indicators",
    "publication",
    "cms",
    "ecosysteme",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "import_export",
    "simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "manifeste.request_limits.LimiteCorps",  # before anything reads the body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "manifeste.request_limits.ParametresPublics",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers go on while an import writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # A writer takes the lock when its transaction begins, so a second one waits for
            # it (up to `timeout` seconds, longer than a 100,000-row import's write) instead of
            # failing with « database is locked » when it upgrades from reading.
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_TIMEOUT", "60")),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; Redis when REDIS_URL is set, so several app servers share one cache.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # A release never reads what an older one cached (pickled figures change shape).
            "KEY_PREFIX": f"tnr:{os.environ.get('RELEASE', 'dev')}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Public media (image renditions only). Uploaded files (documents: evidence, attachments) go to
# the private default storage, outside every served folder, read through the documents' view.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Private files, never served as files: documents (evidence, attachments: read through the
# documents' view) and uploads kept between a dry run and its confirmation. With several app
# servers, PRIVATE_ROOT is a shared volume (or replace the backends by an object store's).
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "private"))
DOCUMENTS_ROOT = Path(os.environ.get("DOCUMENTS_ROOT", PRIVATE_ROOT / "documents"))
STORAGES = {
    "default": {"BACKEND": "manifeste.storage.StockagePrive"},
    "public": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "televersements": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": PRIVATE_ROOT / "televersements",
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "ne-pas-repondre@territoires-numeriques.fr"
)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Bodies other than uploaded files (forms, API batches: 5,000 values with 2,000-character
# comments stay below); a larger one is a 413 (manifeste.request_limits), never read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
# The largest file anyone uploads (an indicator import); multipart bodies are bounded by it.
FICHIER_TELEVERSE_MAX = 20 * 1024 * 1024

WAGTAIL_SITE_NAME = "Territoires numériques responsables"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "png", "jpg", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Every document through its view (permission hook), never a link to the storage.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_RENDITION_STORAGE = "public"

LOGIN_URL = "wagtailadmin_login"
# An account's address is given by an administrator or by the invitation it was created from;
# invitations trust it, so users may not change it themselves.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Open data: "ninja" serves the API docs' JS/CSS from static files (no CDN); "wagtail.api.v3"
# adds Settings › API tokens to the admin (personal tokens, hashed, revocable).
INSTALLED_APPS += ["ninja", "wagtail.api.v3"]
# --- Security hardening (issue 9): CSP, login throttling, upload limits ---
from datetime import timedelta  # noqa: E402

from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

INSTALLED_APPS += ["csp", "axes"]
# Axes last: it turns a locked-out login into its lockout response.
MIDDLEWARE += [
    "manifeste.security.ScopedCSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "publication.page_cache.PagesPubliques",  # innermost: caches what the view returns
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Public pages: no inline script or style, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin inlines scripts and styles and frames its own previews.
CSP_ADMIN_PATH_PREFIXES = ["/admin/", "/django-admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": CONTENT_SECURITY_POLICY["DIRECTIVES"]
    | {
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}

# The request header holding the client's address, set by the production proxy (e.g.
# HTTP_X_REAL_IP, or HTTP_X_FORWARDED_FOR whose last hop the proxy appends). Empty: REMOTE_ADDR,
# and any X-Forwarded-For the client sends is ignored. See manifeste.throttling.adresse_client.
ADRESSE_CLIENT_ENTETE = os.environ.get("ADRESSE_CLIENT_ENTETE", "")

# Login throttling, Wagtail's login form included: a user name is locked for 15 minutes after 5
# failures from any addresses, an address after 20 failures on any user names (an office behind
# one NAT shares it). Axes has one limit; manifeste.login gives each parameter its own.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_HANDLER = "manifeste.login.LimiteParParametre"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
LIMITES_CONNEXION = {"username": 5, "ip_address": 20}
AXES_FAILURE_LIMIT = LIMITES_CONNEXION["username"]
AXES_CLIENT_IP_CALLABLE = "manifeste.throttling.adresse_client"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "securite/verrouillage.html"

# Password reset e-mails, per hour: a mailbox cannot be flooded, nor the server used to spam.
REINITIALISATIONS_PAR_ADRESSE = 5
REINITIALISATIONS_PAR_COMPTE = 3

# Uploads: sizes bounded, types listed (no SVG, which can carry scripts).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# The admin calls no third party either (the CSP would block it): no Gravatar, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# A figure over several collectivities is public only when at least this many published it
# (below: « données insuffisantes (n = 2) »), see indicators.secret_statistique.
SEUIL_DIFFUSION = 5

# Background work (publications, downloads) goes through Django's tasks API on
# a table of the database: `manage.py db_worker` runs them, on any number of machines sharing it
# (docs/adr/publication-tasks.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
