"""Signing keys: generated in dev, required in production, rotated without downtime."""

from pathlib import Path

import jwt as pyjwt
import pytest
from django.test import Client

from atrium.config import MissingSecretError, Settings
from atrium.core.accounts.keys import KeyRing, key_ring, new_signing_key, rotate_keys
from tests.support.auth import bearer_for, make_user

pytestmark = pytest.mark.django_db


def _kid(header: dict[str, str]) -> str:
    return str(pyjwt.get_unverified_header(header["HTTP_AUTHORIZATION"].split()[1])["kid"])


def test_dev_keys_are_generated_once_into_the_var_dir(fresh_keys: Path) -> None:
    ring = key_ring()
    path = fresh_keys / "keys" / "signing.json"
    assert path.exists()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert key_ring().signing_key.kid == ring.signing_key.kid


def test_production_refuses_to_sign_without_keys(tmp_path: Path) -> None:
    prod = Settings(_env_file=None, atrium_env="prod", secret_key="s" * 50, atrium_var_dir=tmp_path)
    with pytest.raises(MissingSecretError, match="JWT_PRIVATE_KEYS"):
        key_ring(prod)
    first = rotate_keys(prod)  # how an operator makes the first production key set
    assert not (tmp_path / "keys").exists()
    settings = Settings(
        _env_file=None,
        atrium_env="prod",
        secret_key="s" * 50,
        atrium_var_dir=tmp_path,
        jwt_private_keys=first.to_json(),
    )
    assert key_ring(settings).signing_key.kid == first.signing_key.kid
    assert not (tmp_path / "keys").exists()


def test_the_system_check_reports_missing_production_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core import checks

    import atrium.core.accounts.keys as keys

    prod = Settings(_env_file=None, atrium_env="prod", secret_key="s" * 50, atrium_var_dir=tmp_path)
    assert checks.run_checks(tags=[checks.Tags.security]) == []
    monkeypatch.setattr(keys, "get_settings", lambda: prod)
    errors = checks.run_checks(tags=[checks.Tags.security])
    assert [e.id for e in errors] == ["accounts.E001"]


def test_rotation_keeps_old_tokens_valid_until_they_expire(
    client: Client, fresh_keys: Path
) -> None:
    user = make_user("ann@example.com")
    old = bearer_for(user)
    old_kid = key_ring().signing_key.kid
    rotate_keys()
    new = bearer_for(user)
    assert _kid(new) != old_kid == _kid(old)
    assert client.get("/api/v1/users/me", **old).status_code == 200
    assert client.get("/api/v1/users/me", **new).status_code == 200
    published = {k["kid"] for k in client.get("/.well-known/jwks.json").json()["keys"]}
    assert published == {old_kid, _kid(new)}


def test_retired_keys_leave_the_jwks_once_their_tokens_expired() -> None:
    ttl = 900
    first = KeyRing((new_signing_key(now=0),))
    second = first.rotated(ttl, now=1000)
    assert len(second.published(ttl, now=1000 + ttl - 1)) == 2
    assert [k.kid for k in second.published(ttl, now=1000 + ttl)] == [second.signing_key.kid]
    third = second.rotated(ttl, now=1000 + ttl + 5)
    assert first.signing_key.kid not in {k.kid for k in third.keys}
