"""The one place Atrium reads its environment.

Every setting has an embedded default that needs no server: SQLite databases, an
in-process cache and a SQLite-backed Celery broker, all kept under ``ATRIUM_VAR_DIR``.
Pointing a setting at a URL (PostgreSQL, MariaDB, Redis, RabbitMQ) is all it takes to
run the same code on real servers.
"""

from __future__ import annotations

import json
import os
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Environment(StrEnum):
    DEV = "dev"
    TEST = "test"
    PROD = "prod"


class LogFormat(StrEnum):
    CONSOLE = "console"
    JSON = "json"
    GCP = "gcp"  # the JSON Cloud Logging parses: severity, trace correlation


class MissingSecretError(RuntimeError):
    """A secret that production refuses to generate is not set."""


GENERATED_SECRETS = ("secret_key",)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    atrium_env: Environment = Environment.DEV
    atrium_var_dir: Path = Path("var")
    debug: bool | None = None
    log_level: str = "INFO"
    log_json: bool | None = None
    # console | json | gcp; unset: gcp on Cloud Run (it sets K_SERVICE, or CLOUD_RUN_JOB in a
    # job), else json when LOG_JSON is on, else console.
    log_format: LogFormat | None = None
    k_service: str | None = None
    cloud_run_job: str | None = None
    # Names the project in Cloud Logging's trace field (projects/ID/traces/TRACE).
    google_cloud_project: str | None = None

    # Core (Django)
    secret_key: SecretStr | None = None
    database_url: str | None = None
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1", "localhost", "[::1]"]
    )
    csrf_trusted_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    admin_url: str = "admin/"
    web_concurrency: int = 2

    # Identity: core signs access tokens (RS256, `kid` in the header) and publishes the
    # public keys at /.well-known/jwks.json. In dev the keys are generated into
    # ATRIUM_VAR_DIR/keys/; production reads them from JWT_PRIVATE_KEYS (the JSON that
    # `atrium keys rotate` prints) and core refuses to sign without it. Only core needs it.
    jwt_private_keys: SecretStr | None = None
    jwt_issuer: str = "atrium-core"
    jwt_audience: str = "atrium"
    access_token_ttl_s: int = 900
    refresh_token_ttl_s: int = 14 * 24 * 3600
    jwks_cache_ttl_s: int = 300
    email_token_ttl_s: int = 3 * 24 * 3600
    invitation_ttl_s: int = 7 * 24 * 3600
    # Outgoing email: smtp://, smtp+tls://, smtps://, console://, file:///dir, locmem://
    email_url: SecretStr | None = None
    email_from: str = "Atrium <no-reply@localhost>"
    # How many proxies (nginx, an ingress) stand in front of core and append to
    # X-Forwarded-For; per-address throttling trusts only the entries they added.
    trusted_proxy_count: int = 0

    # api (FastAPI) and its AI store
    ai_database_url: str | None = None
    # The token of a libSQL/Turso database (libsql:// or an embedded replica's sync_url).
    ai_database_auth_token: SecretStr | None = None

    # AI: embeddings, vector search, LLM chat (see src/atrium/ai/)
    ai_embedding_backend: str = "onnx"  # or "sentence-transformers"
    ai_embed_max_texts: int = 64
    ai_embed_max_chars: int = 2000
    ai_vector_ef_search: int = 64  # pgvector hnsw.ef_search: recall against speed
    ai_vector_ann_threshold: int = 20_000  # the embedded store uses usearch above this many
    llm_providers: str = "gemini,openai,anthropic"  # the fallback order
    llm_timeout_s: float = 40.0
    llm_retries: int = 2
    llm_backoff_s: float = 0.5
    llm_deadline_s: float = 120.0
    llm_max_output_tokens: int = 6000
    llm_temperature: float = 0.7
    gemini_api_key: SecretStr | None = None
    gemini_base_url: str = "https://generativelanguage.googleapis.com"
    gemini_model: str = "gemini-2.5-flash"
    openai_api_key: SecretStr | None = None
    openai_base_url: str = "https://api.openai.com"
    openai_model: str = "gpt-4o-mini"
    anthropic_api_key: SecretStr | None = None
    anthropic_base_url: str = "https://api.anthropic.com"
    anthropic_model: str = "claude-sonnet-4-20250514"

    # Shared infrastructure
    redis_url: str | None = None
    celery_broker_url: str | None = None
    celery_result_backend: str | None = None
    # Object storage for model artifacts, backups and media: file:///dir (default: under
    # ATRIUM_VAR_DIR) or s3://bucket/prefix. An S3-compatible service other than AWS
    # (MinIO, GCS interoperability) is reached at STORAGE_ENDPOINT_URL; credentials come
    # from the standard AWS variables, files or an instance role.
    storage_url: str | None = None
    storage_endpoint_url: str | None = None

    # Where `atrium serve` listens (containers set ATRIUM_BIND_HOST=0.0.0.0)
    atrium_bind_host: str = "127.0.0.1"
    core_port: int = 8000
    api_port: int = 8001
    gateway_port: int = 8080

    # How the services find each other over HTTP
    core_url: str = "http://127.0.0.1:8000"
    api_url: str = "http://127.0.0.1:8001"
    web_url: str = "http://127.0.0.1:3000"

    health_timeout_s: float = 3.0
    # How long api (uvicorn) and the dashboard (next start) keep an idle connection open.
    # Longer than a gateway's upstream keepalive_timeout (60 s in deploy/nginx), so the
    # gateway closes first and never sends a request on a connection the server is closing
    # (nginx answers 502 for a POST lost that way: it does not resend a non-idempotent one).
    server_keepalive_s: int = 75
    # api's event loop. uvloop answers a trivial route faster, but once api is saturated it
    # starts newly read requests ahead of finishing those already running: for the same
    # throughput a cached read's p99 at 64 connections was 218 ms on uvloop, 30 ms on
    # asyncio's own loop (bench/bench_integrations_cache.py prints both).
    api_event_loop: Literal["asyncio", "uvloop"] = "asyncio"
    # Client deadlines, so a stopped or frozen server fails a request fast (503) instead of
    # holding it (docs/operations.md, "Faults survived"). A query may run for the statement
    # timeout (0: none, e.g. for a long migration) and the client gives up 2 s after it
    # (atrium.common.deadlines).
    database_connect_timeout_s: float = 3.0
    database_statement_timeout_s: float = 10.0
    # core's PostgreSQL statements are bound and prepared on the server from their second
    # run: parsing and planning a 50-row list cost PostgreSQL more than running it. A pooler
    # in transaction mode that cannot keep prepared statements (PgBouncer before 1.21, or
    # without max_prepared_statements) needs false.
    database_prepared_statements: bool = True
    redis_timeout_s: float = 2.0
    # How long the embedded broker and Redis wait before a dead worker's task goes to
    # another worker (a running task's lease is renewed, so it never limits a task's length).
    broker_visibility_timeout_s: float = 30.0
    # How often beat sends the change events a broker outage kept in the outbox.
    outbox_drain_interval_s: float = 30.0
    # core and the gateway wait up to this long for a worker and api before listening
    # (`atrium dev` sets 120, so health's first answer is a whole one; 0: don't wait).
    serve_after_neighbours_s: float = 0.0
    # A worker serves its Prometheus metrics (every pool child's, summed) on this port;
    # 0: not served (Kubernetes sets 9808).
    worker_metrics_port: int = 0
    # Beat serves its Prometheus metrics (what it published) on this port; 0: not served.
    beat_metrics_port: int = 0

    # Public APIs behind /api/v1/integrations/ (`atrium dev --offline` points them all
    # at the local fake upstream)
    nasa_api_key: SecretStr = SecretStr("DEMO_KEY")
    nasa_base_url: str = "https://api.nasa.gov"
    nasa_images_base_url: str = "https://images-api.nasa.gov"
    omdb_api_key: SecretStr | None = None
    omdb_base_url: str = "https://www.omdbapi.com"
    potter_base_url: str = "https://hp-api.onrender.com"
    dogs_base_url: str = "https://dog.ceo/api"
    official_jokes_base_url: str = "https://official-joke-api.appspot.com"
    jokeapi_base_url: str = "https://v2.jokeapi.dev"
    nominatim_base_url: str = "https://nominatim.openstreetmap.org"
    nominatim_user_agent: str = "Atrium/0.1 (integrations hub; contact via NOMINATIM_USER_AGENT)"
    integrations_deadline_s: float = 8.0
    integrations_dashboard_deadline_s: float = 2.5
    integrations_user_requests_per_minute: int = 120
    # Per-user limits on the costly routes (docs/security.md)
    ai_user_requests_per_minute: int = 20  # each of /embeddings, /personality/analyze, /chat
    ai_user_concurrency: int = 2  # answers a user may have in flight on each of them
    llm_monthly_tokens_per_org: int = 2_000_000  # 0: no quota
    jobs_max_running_per_user: int = 3

    @model_validator(mode="before")
    @classmethod
    def _split_lists(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("allowed_hosts", "csrf_trusted_origins"):
                for name in (key, key.upper()):
                    value = data.get(name)
                    if isinstance(value, str):
                        data[name] = [item.strip() for item in value.split(",") if item.strip()]
        return data

    @model_validator(mode="after")
    def _resolve(self) -> Settings:
        self.atrium_var_dir = self.atrium_var_dir.expanduser().resolve()
        if self.debug is None:
            self.debug = self.atrium_env == Environment.DEV
        if self.log_json is None:
            self.log_json = self.atrium_env == Environment.PROD
        if self.log_format is None:
            self.log_format = self._detected_log_format()
        if self.ai_database_url:
            check_libsql_url(self.ai_database_url)
        self._fill_secrets()
        return self

    def _detected_log_format(self) -> LogFormat:
        if self.k_service or self.cloud_run_job:
            return LogFormat.GCP
        return LogFormat.JSON if self.log_json else LogFormat.CONSOLE

    def _fill_secrets(self) -> None:
        missing = [name for name in GENERATED_SECRETS if getattr(self, name) is None]
        if not missing:
            return
        if self.is_prod:
            names = ", ".join(name.upper() for name in missing)
            raise MissingSecretError(
                f"{names} must be set when ATRIUM_ENV=prod; secrets are generated only in dev."
            )
        stored = load_or_create_dev_secrets(self.atrium_var_dir / "secrets.json", missing)
        for name in missing:
            setattr(self, name, SecretStr(stored[name]))

    @property
    def is_prod(self) -> bool:
        return self.atrium_env == Environment.PROD

    @property
    def var_dir(self) -> Path:
        return self.atrium_var_dir

    def _sqlite(self, name: str, scheme: str = "sqlite") -> str:
        return f"{scheme}:///{self.var_dir / name}"

    @property
    def core_database_url(self) -> str:
        return self.database_url or self._sqlite("core.sqlite3")

    @property
    def ai_store_url(self) -> str:
        return self.ai_database_url or self._sqlite("ai.sqlite3", "sqlite+aiosqlite")

    @property
    def broker_url(self) -> str:
        return self.celery_broker_url or self._sqlite("broker.sqlite3")

    @property
    def result_backend(self) -> str:
        return self.celery_result_backend or self._sqlite("results.sqlite3", "db+sqlite")

    @property
    def storage(self) -> str:
        return self.storage_url or f"file://{self.var_dir / 'storage'}"

    @property
    def secret(self) -> str:
        assert self.secret_key is not None  # filled by _fill_secrets
        return self.secret_key.get_secret_value()


def check_libsql_url(url: str) -> None:
    """Refuse a libSQL URL that would fail later or carry its token in plain text."""
    scheme, _, rest = url.partition("://")
    if scheme not in ("libsql", "sqlite+libsql"):
        return
    query = parse_qs(urlsplit(url).query)
    if {"authToken", "auth_token"} & query.keys():
        raise ValueError("AI_DATABASE_URL: put the libSQL token in AI_DATABASE_AUTH_TOKEN")
    if scheme == "libsql" and not urlsplit(url).hostname:
        raise ValueError("AI_DATABASE_URL: libsql:// needs a host, e.g. libsql://db-org.turso.io")
    if scheme == "sqlite+libsql" and not rest.startswith("/"):
        raise ValueError("AI_DATABASE_URL: sqlite+libsql:/// takes a file path, not a host")
    unknown = query.keys() - {"sync_url", "sync_interval"}
    if unknown:
        raise ValueError(f"AI_DATABASE_URL: unknown libSQL options {sorted(unknown)}")
    sync_url = query.get("sync_url", [""])[0]
    if sync_url and urlsplit(sync_url).scheme not in ("libsql", "https", "http"):
        raise ValueError("AI_DATABASE_URL: sync_url must be a libsql://, https:// or http:// URL")
    interval = query.get("sync_interval", ["1"])[0]
    if not interval.replace(".", "", 1).isdigit() or float(interval) <= 0:
        raise ValueError("AI_DATABASE_URL: sync_interval is a positive number of seconds")


def load_or_create_dev_secrets(path: Path, names: list[str]) -> dict[str, str]:
    """Read dev secrets from ``path``, generating any that are absent.

    Processes started together race to create the file: one wins, the others read it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    if all(name in stored for name in names):
        return stored
    for name in names:
        stored.setdefault(name, secrets.token_urlsafe(50))
    write_private_file(path, json.dumps(stored, indent=2), replace=path.exists())
    return dict(json.loads(path.read_text()))


def write_private_file(path: Path, text: str, *, replace: bool) -> None:
    """Write ``text`` readable by its owner only, atomically.

    With ``replace=False`` the file is only created: of processes racing to create it,
    ``os.link`` lets exactly one win, and the others keep what it wrote.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(text)
    tmp.chmod(0o600)
    try:
        if replace:
            tmp.replace(path)
        else:
            os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


@lru_cache
def get_settings() -> Settings:
    return Settings()
