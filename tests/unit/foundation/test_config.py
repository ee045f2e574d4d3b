from pathlib import Path

import pytest

from atrium.config import MissingSecretError, Settings


def make(tmp_path: Path, **env: str) -> Settings:
    return Settings(_env_file=None, atrium_var_dir=tmp_path, **env)  # type: ignore[call-arg]


def test_every_default_is_embedded_under_the_var_dir(tmp_path: Path) -> None:
    settings = make(tmp_path)
    assert settings.core_database_url == f"sqlite:///{tmp_path}/core.sqlite3"
    assert settings.ai_store_url == f"sqlite+aiosqlite:///{tmp_path}/ai.sqlite3"
    assert settings.broker_url == f"sqlite:///{tmp_path}/broker.sqlite3"
    assert settings.result_backend == f"db+sqlite:///{tmp_path}/results.sqlite3"
    assert settings.storage == f"file://{tmp_path}/storage"
    assert settings.redis_url is None


def test_urls_point_the_same_code_at_real_servers(tmp_path: Path) -> None:
    settings = make(
        tmp_path,
        database_url="postgresql://db/atrium",
        ai_database_url="postgresql+asyncpg://db/ai",
        celery_broker_url="amqp://mq//",
        redis_url="redis://cache:6379/0",
    )
    assert settings.core_database_url == "postgresql://db/atrium"
    assert settings.ai_store_url == "postgresql+asyncpg://db/ai"
    assert settings.broker_url == "amqp://mq//"


def test_dev_generates_a_secret_once_and_keeps_it(tmp_path: Path) -> None:
    first = make(tmp_path).secret
    assert len(first) > 40
    assert make(tmp_path).secret == first
    assert (tmp_path / "secrets.json").stat().st_mode & 0o077 == 0


def test_prod_refuses_to_start_without_its_secrets(tmp_path: Path) -> None:
    with pytest.raises(MissingSecretError, match="SECRET_KEY"):
        make(tmp_path, atrium_env="prod")
    assert not (tmp_path / "secrets.json").exists()


def test_prod_takes_secrets_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_KEY", "s" * 50)
    settings = Settings(_env_file=None, atrium_var_dir=tmp_path, atrium_env="prod")  # type: ignore[call-arg]
    assert settings.secret == "s" * 50
    assert settings.debug is False


def test_comma_separated_hosts_become_a_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", "atrium.example.com, .internal")
    settings = Settings(_env_file=None, atrium_var_dir=tmp_path)  # type: ignore[call-arg]
    assert settings.allowed_hosts == ["atrium.example.com", ".internal"]
