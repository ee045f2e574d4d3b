"""Django settings, derived from :mod:`atrium.config` (the only place the environment is read)."""

from __future__ import annotations

from typing import Any

import dj_database_url

from atrium.common.deadlines import DatabaseDeadlines, redis_timeouts
from atrium.common.logging import configure_logging
from atrium.common.security_headers import REFERRER_POLICY
from atrium.config import get_settings
from atrium.core.accounts.email_config import email_config
from atrium.core.media import media_storage

env = get_settings()

SECRET_KEY = env.secret
DEBUG = bool(env.debug)
ALLOWED_HOSTS = [*env.allowed_hosts, "testserver"] if not env.is_prod else env.allowed_hosts
CSRF_TRUSTED_ORIGINS = env.csrf_trusted_origins

INSTALLED_APPS = [
    "atrium.core.accounts.apps.AtriumAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Celery beat's schedule, kept in the database and editable in the admin
    "django_celery_beat",
    # Ninja's Swagger UI from its own static files rather than a CDN
    "ninja",
    "atrium.core.accounts",
    "atrium.core.jobs",
    "atrium.core.orgs",
    "atrium.core.learning",
    "atrium.core.ml",
    "atrium.core.outbox",
]

MIDDLEWARE = [
    "atrium.core.middleware.RequestIdMiddleware",
    "atrium.core.middleware.ServiceHeaderMiddleware",
    "atrium.core.health.probes.ProbeMiddleware",
    "atrium.core.unavailable.DatabaseUnavailableMiddleware",
    "atrium.core.request_metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "atrium.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "atrium.core.urls"
WSGI_APPLICATION = "atrium.core.wsgi.application"
ASGI_APPLICATION = "atrium.core.asgi.application"

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
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_health_checks=True))
    engine = config["ENGINE"]
    if engine.endswith("sqlite3"):
        # WAL lets the web processes read while the worker writes; IMMEDIATE
        # transactions take the write lock up front instead of failing mid-way.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        config["CONN_MAX_AGE"] = 60
    deadlines = DatabaseDeadlines.of(env)
    if engine.endswith("postgresql"):
        config["ENGINE"] = "atrium.core.postgresql"
        config["OPTIONS"] = {**deadlines.libpq(), **config.get("OPTIONS", {})}
        if env.database_prepared_statements:
            config["OPTIONS"] |= {"server_side_binding": True, "prepare_threshold": 2}
        config["ANSWER_DEADLINE_S"] = deadlines.answer_s
    if engine.endswith("mysql"):
        _use_pymysql_when_mysqlclient_is_absent()
        config["OPTIONS"] = {"charset": "utf8mb4", **deadlines.mysql()}
    return config


def _use_pymysql_when_mysqlclient_is_absent() -> None:
    try:
        import MySQLdb  # noqa: F401
    except ImportError:
        import pymysql

        pymysql.install_as_MySQLdb()


DATABASES = {"default": _database(env.core_database_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.redis_url,
            "OPTIONS": redis_timeouts(env),
        }
        if env.redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.var_dir / "static"
MEDIA_URL = "/media/"
STORAGES = {
    "default": media_storage(env),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.is_prod
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# In dev, static files are served straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = not env.is_prod
if not env.is_prod:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # collectstatic fills it in production
WHITENOISE_AUTOREFRESH = DEBUG

_email_url = env.email_url.get_secret_value() if env.email_url else None
_email = email_config(_email_url, prod=env.is_prod)
EMAIL_BACKEND = _email.backend
EMAIL_HOST, EMAIL_PORT = _email.host, _email.port
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email.user, _email.password
EMAIL_USE_TLS, EMAIL_USE_SSL = _email.use_tls, _email.use_ssl
EMAIL_TIMEOUT = 10
if _email.file_path:
    EMAIL_FILE_PATH = _email.file_path
DEFAULT_FROM_EMAIL = env.email_from

# The same values api sends (atrium.common.security_headers); the CSP has its middleware.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = REFERRER_POLICY
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if env.is_prod:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

ADMIN_URL = env.admin_url

LOGGING_CONFIG = None
configure_logging(env)
