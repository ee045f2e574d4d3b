"""FastAPI dependencies for identity: who is calling, for which organization, in which role.

api holds no signing secret: it verifies core's access tokens against the public keys
core publishes at ``{CORE_URL}/.well-known/jwks.json`` (cached, refetched once when a
token names a key it has not seen). Routes stay short::

    @router.get("/things")
    async def things(principal: CurrentUser) -> ...: ...

    @router.post("/things")
    async def create(org: Annotated[OrgContext, Depends(require_role(Role.MEMBER))]): ...

    @router.get("/orgs/{org_id}/things")
    async def org_things(org: OrgInPath): ...   # the token's org must be org_id

Refusals: no or invalid token -> 401 with ``WWW-Authenticate: Bearer``; a token without
an active organization, for another organization, or with too low a role -> 403.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from atrium.common.tokens import (
    AccessClaims,
    KeySetUnavailableError,
    RemoteKeySet,
    Role,
    TokenError,
)
from atrium.config import get_settings

bearer_scheme = HTTPBearer(auto_error=False, description="An access token issued by core.")


@lru_cache
def get_key_set() -> RemoteKeySet:
    """Core's public keys as this process sees them (one cached copy per process)."""
    settings = get_settings()
    return RemoteKeySet(
        f"{settings.core_url.rstrip('/')}/.well-known/jwks.json", ttl_s=settings.jwks_cache_ttl_s
    )


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


async def get_principal(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> AccessClaims:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("Not authenticated")
    settings = get_settings()
    try:
        # Called, not injected: FastAPI would run a sync dependency on a worker thread.
        return await get_key_set().verify(
            credentials.credentials, issuer=settings.jwt_issuer, audience=settings.jwt_audience
        )
    except TokenError as exc:
        raise _unauthorized(str(exc)) from exc
    except KeySetUnavailableError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=str(exc)) from exc


CurrentPrincipal = Annotated[AccessClaims, Depends(get_principal)]
# api knows a user only through the token core issued: the verified claims are the user.
CurrentUser = CurrentPrincipal


@dataclass(frozen=True)
class OrgContext:
    """The organization a request acts for, and the caller's role in it."""

    id: int
    role: Role
    user_id: int


async def get_active_org(principal: CurrentPrincipal) -> OrgContext:
    if principal.org_id is None or principal.role is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail="No active organization: refresh the token with an organization_id",
        )
    return OrgContext(id=principal.org_id, role=principal.role, user_id=principal.user_id)


ActiveOrg = Annotated[OrgContext, Depends(get_active_org)]


async def get_org_in_path(org_id: int, org: ActiveOrg) -> OrgContext:
    """For routes under ``.../{org_id}/...``: the token must be for that organization."""
    if org.id != org_id:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail="The token is for another organization"
        )
    return org


OrgInPath = Annotated[OrgContext, Depends(get_org_in_path)]


def require_role(minimum: Role) -> Callable[[OrgContext], Awaitable[OrgContext]]:
    """A dependency admitting callers whose role in the active org is ``minimum`` or higher."""

    async def dependency(org: ActiveOrg) -> OrgContext:
        if not org.role.at_least(minimum):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, detail=f"This needs the {minimum.value} role or higher"
            )
        return org

    dependency.__name__ = f"require_{minimum.value}"
    return dependency
