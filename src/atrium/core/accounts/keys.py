"""Core's signing keys: the newest signs, every key still covering live tokens is published.

The key ring is a JSON document ``{"keys": [{"jwk": {...private JWK...}, "created_at": t,
"retired_at": t | null}]}``. In dev it lives in ``ATRIUM_VAR_DIR/keys/signing.json``,
generated on first use and re-read when another process (``atrium keys rotate``)
rewrites it; in production it comes from ``JWT_PRIVATE_KEYS``. Rotation adds a key and
retires the previous ones: a retired key no longer signs but stays published until every
token it signed has expired.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core import checks
from joserfc.jwk import KeySet, RSAKey

from atrium.common.tokens import ALGORITHM
from atrium.config import MissingSecretError, Settings, get_settings, write_private_file

KEY_BITS = 2048
MISSING_KEYS = (
    "JWT_PRIVATE_KEYS must be set when ATRIUM_ENV=prod; signing keys are generated only "
    "in dev (`atrium keys rotate` prints a new key set)."
)


@dataclass(frozen=True)
class SigningKey:
    key: RSAKey
    created_at: int
    retired_at: int | None = None

    @property
    def kid(self) -> str:
        return str(self.key.kid)

    def as_dict(self) -> dict[str, Any]:
        return {
            "jwk": self.key.as_dict(private=True),
            "created_at": self.created_at,
            "retired_at": self.retired_at,
        }


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[SigningKey, ...]

    @classmethod
    def from_json(cls, text: str) -> KeyRing:
        data = json.loads(text)
        return cls(
            tuple(
                SigningKey(
                    RSAKey.import_key(item["jwk"]), int(item["created_at"]), item.get("retired_at")
                )
                for item in data["keys"]
            )
        )

    def to_json(self) -> str:
        return json.dumps({"keys": [key.as_dict() for key in self.keys]}, indent=2)

    @property
    def signing_key(self) -> SigningKey:
        active = [key for key in self.keys if key.retired_at is None]
        if not active:
            raise RuntimeError("The key ring has no active signing key")
        return max(active, key=lambda key: key.created_at)

    def published(self, token_ttl_s: int, now: float | None = None) -> list[SigningKey]:
        now = time.time() if now is None else now
        return [
            key for key in self.keys if key.retired_at is None or key.retired_at + token_ttl_s > now
        ]

    def public_jwks(self, token_ttl_s: int) -> dict[str, Any]:
        return dict(KeySet([key.key for key in self.published(token_ttl_s)]).as_dict(private=False))

    def rotated(self, token_ttl_s: int, now: int | None = None) -> KeyRing:
        """A ring with a new signing key; older keys retire, and long-expired ones go."""
        now = int(time.time()) if now is None else now
        kept = tuple(
            key if key.retired_at is not None else SigningKey(key.key, key.created_at, now)
            for key in self.published(token_ttl_s, now)
        )
        return KeyRing((*kept, new_signing_key(now)))


def new_signing_key(now: int | None = None) -> SigningKey:
    kid = uuid.uuid4().hex
    key = RSAKey.generate_key(
        KEY_BITS, parameters={"kid": kid, "use": "sig", "alg": ALGORITHM}, private=True
    )
    return SigningKey(key, int(time.time()) if now is None else now)


def key_file(settings: Settings) -> Path:
    return settings.var_dir / "keys" / "signing.json"


def write_key_file(path: Path, ring: KeyRing, *, replace: bool = True) -> None:
    """Write atomically; with ``replace=False`` the first of racing writers wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    write_private_file(path, ring.to_json(), replace=replace)


class _Cache:
    ring: KeyRing | None = None
    source: tuple[str, int, int] | None = None


def key_ring(settings: Settings | None = None) -> KeyRing:
    """The current ring: from the setting in production, else from the dev key file."""
    settings = settings or get_settings()
    if settings.jwt_private_keys is not None:
        value = settings.jwt_private_keys.get_secret_value()
        source = (hashlib.sha256(value.encode()).hexdigest(), 0, 0)
        if _Cache.source != source:
            _Cache.ring = KeyRing.from_json(value)
            _Cache.source = source
    elif settings.is_prod:
        raise MissingSecretError(MISSING_KEYS)
    else:
        path = key_file(settings)
        if not path.exists():
            write_key_file(path, KeyRing((new_signing_key(),)), replace=False)
        stat = path.stat()
        source = (str(path), stat.st_mtime_ns, stat.st_ino)
        if _Cache.source != source:
            _Cache.ring = KeyRing.from_json(path.read_text())
            _Cache.source = source
    assert _Cache.ring is not None
    return _Cache.ring


def rotate_keys(settings: Settings | None = None) -> KeyRing:
    """Rotate; in dev the key file is rewritten, in production the caller stores the result
    (the first production key set comes from rotating an empty ring)."""
    settings = settings or get_settings()
    if settings.is_prod and settings.jwt_private_keys is None:
        return KeyRing((new_signing_key(),))
    ring = key_ring(settings).rotated(settings.access_token_ttl_s)
    if settings.jwt_private_keys is None:
        write_key_file(key_file(settings), ring)
    return ring


def check_signing_keys(**_: Any) -> list[checks.CheckMessage]:
    """A system check (run by ``migrate`` and ``check``): production has its keys."""
    try:
        key_ring()
    except (MissingSecretError, ValueError, KeyError) as exc:
        return [checks.Error(str(exc), id="accounts.E001")]
    return []
