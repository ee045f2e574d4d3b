"""Ninja auth classes: who is calling core.

* :class:`JWTAuth` takes ``Authorization: Bearer <access token>`` and verifies it with
  core's own public keys, exactly as any other service does with the JWKS.
* :class:`ApiKeyAuth` takes ``X-API-Key: atr_...``: an organization's key, acting in it
  with its scopes, or the service credential (no organization, ``service`` scope).

Both yield a :class:`Principal` in ``request.auth``. Routes use :data:`authenticated`
(either), :data:`user_only` (people only: profile, password, organizations list), or
:data:`authenticated` plus :func:`require_service` for what only api may ask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, Q
from django.http import HttpRequest
from joserfc.jwk import KeySet
from ninja.security import APIKeyHeader, HttpBearer

from atrium.common.tokens import Role, TokenError, verify_access_token
from atrium.config import get_settings
from atrium.core.accounts.keys import key_ring
from atrium.core.accounts.models import User
from atrium.core.domain import NotAuthenticated, PermissionDenied
from atrium.core.orgs.api_keys import SERVICE_SCOPE, key_for_secret
from atrium.core.orgs.models import ApiKey, Membership, Organization
from atrium.core.prepared import PreparedRows

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: a user with an access token, or an API key."""

    user: User | None
    org_id: int | None
    role: Role | None
    scopes: frozenset[str] = field(default_factory=frozenset)
    api_key: ApiKey | None = None
    # The user's membership of ``org_id``, read with the user: the request's tenancy check
    # then needs no query of its own (None: not a member, or not read).
    membership: Membership | None = None

    @property
    def is_service(self) -> bool:
        return self.api_key is not None and SERVICE_SCOPE in self.scopes


def principal_of(request: HttpRequest) -> Principal:
    principal = getattr(request, "auth", None)
    if not isinstance(principal, Principal):
        raise NotAuthenticated("Not authenticated")
    return principal


def user_of(request: HttpRequest) -> User:
    principal = principal_of(request)
    if principal.user is None:
        raise PermissionDenied("This needs a user's access token, not an API key")
    return principal.user


def require_service(request: HttpRequest) -> Principal:
    """For routes only other Atrium services call, with the service credential."""
    principal = principal_of(request)
    if not principal.is_service:
        raise PermissionDenied("This needs the service credential")
    return principal


def public_key_set() -> KeySet:
    settings = get_settings()
    return KeySet([key.key for key in key_ring(settings).published(settings.access_token_ttl_s)])


@dataclass(frozen=True)
class _Columns(Generic[M]):
    """A model's columns in a ``.values()`` row (named from ``prefix``), and their loading."""

    model: type[M]
    names: tuple[str, ...]  # attribute names, in the model's order
    selected: tuple[str, ...]  # the same, as the row names them

    @classmethod
    def of(cls, model: type[M], prefix: str = "") -> _Columns[M]:
        names = tuple(column.attname for column in model._meta.concrete_fields)
        return cls(model, names, tuple(prefix + name for name in names))

    def load(self, row: dict[str, Any]) -> M:
        values = [row[column] for column in self.selected]
        return self.model.from_db(DEFAULT_DB_ALIAS, list(self.names), values)


MEMBERSHIP = _Columns.of(Membership)
USER = _Columns.of(User, "user__")
ORGANIZATION = _Columns.of(Organization, "organization__")
# Every request with a token reads its caller: through one statement, compiled once.
CALLERS = PreparedRows(
    Membership.objects.values(*MEMBERSHIP.selected, *USER.selected, *ORGANIZATION.selected)
)


def active_membership(user_id: int, org_id: int) -> Membership | None:
    """The user's membership of the organization, with both loaded, if the user is active."""
    where = Q(user_id=user_id, organization_id=org_id, user__is_active=True)
    rows = CALLERS.fetch(where, order_by=(), limit=1)
    if not rows:
        return None
    membership = MEMBERSHIP.load(rows[0])
    membership.user = USER.load(rows[0])
    membership.organization = ORGANIZATION.load(rows[0])
    return membership


class JWTAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Principal:
        settings = get_settings()
        try:
            claims = verify_access_token(
                token, public_key_set(), issuer=settings.jwt_issuer, audience=settings.jwt_audience
            )
        except TokenError as exc:
            raise NotAuthenticated(str(exc)) from exc
        membership = None
        if claims.org_id is not None:
            membership = active_membership(claims.user_id, claims.org_id)
        if membership is not None:
            user: User | None = membership.user
        else:  # no organization in the token, or no longer a member of it
            user = User.objects.filter(pk=claims.user_id, is_active=True).first()
        if user is None:
            raise NotAuthenticated("The token's account no longer exists")
        return Principal(user=user, org_id=claims.org_id, role=claims.role, membership=membership)


class ApiKeyAuth(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:
        if not key:
            return None
        api_key = key_for_secret(key)
        if api_key is None:
            raise NotAuthenticated("Unknown or revoked API key")
        return Principal(
            user=None,
            org_id=api_key.organization_id,
            role=None,
            scopes=frozenset(api_key.scopes),
            api_key=api_key,
        )


jwt_auth = JWTAuth()
api_key_auth = ApiKeyAuth()
authenticated = [jwt_auth, api_key_auth]
user_only = [jwt_auth]
