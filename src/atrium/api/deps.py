"""api's dependencies, all in this module: who is calling, and what routes work with.

Routes take them as parameters (``Annotated`` aliases keep signatures short) and pass them
into the domain functions, which never reach for a global::

    @router.post("/things")
    async def create(body: Thing, org: ActiveOrg, engine: StoreEngine) -> ThingRead:
        return await things.create(engine, org.id, body)

Tests swap any of them with ``app.dependency_overrides[provider] = ...``.

Identity: api holds no signing secret: it verifies core's access tokens against the public
keys core publishes at ``{CORE_URL}/.well-known/jwks.json`` (cached, refetched once when a
token names a key it has not seen). No or invalid token -> 401 with ``WWW-Authenticate:
Bearer``; a token without an active organization, for another organization (``OrgInPath``
on routes under ``.../{org_id}/...``), or with too low a role (``require_role``) -> 403.

Resources: the AI store's engine, its vector store, the integrations hub, the LLM chain and
the embedder are made lazily, once per process, here and nowhere else (a Celery task opens
its own with ``atrium.ai.vectors.vector_store_scope``). Providers are ``async`` so FastAPI
calls them in the event loop instead of on a worker thread.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated

import httpx
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from starlette.concurrency import run_in_threadpool

from atrium.ai.chat import Grounding
from atrium.ai.embeddings import CachedEmbedder, get_embedder
from atrium.ai.llm import FallbackChain, configured_chain
from atrium.ai.recommender.core_client import CoreClient
from atrium.ai.retrieval import Retriever
from atrium.ai.usage import next_month_start, over_budget
from atrium.ai.vectors import VectorStore, vector_store_for
from atrium.common import slots
from atrium.common.revocation import changed_since
from atrium.common.tokens import (
    AccessClaims,
    KeySetUnavailableError,
    RemoteKeySet,
    Role,
    TokenError,
)
from atrium.config import get_settings
from atrium.integrations.base.ratelimit import Rate
from atrium.integrations.hub import Hub, get_hub
from atrium.store.db import build_engine

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


async def key_set() -> RemoteKeySet:
    return get_key_set()


async def get_principal(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    keys: Annotated[RemoteKeySet, Depends(key_set)],
) -> AccessClaims:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("Not authenticated")
    settings = get_settings()
    try:
        return await keys.verify(
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
    # core marks a membership that ended or changed role; the token's claim is then stale.
    if await changed_since(principal.user_id, principal.org_id, principal.issued_at):
        raise _unauthorized("Your membership of this organization changed: refresh the token")
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


# --- the AI store ---


@lru_cache
def get_engine() -> AsyncEngine:
    """The AI store's engine and connection pool (one per process; disposed at shutdown)."""
    return build_engine(get_settings().ai_store_url)


async def store_engine() -> AsyncEngine:
    return get_engine()


StoreEngine = Annotated[AsyncEngine, Depends(store_engine)]


async def store_session(engine: StoreEngine) -> AsyncIterator[AsyncSession]:
    async with AsyncSession(engine, expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(store_session)]


@lru_cache
def vector_store_of(engine: AsyncEngine) -> VectorStore:
    """One store per engine: the in-process one keeps its index in memory between calls."""
    return vector_store_for(engine)


async def vector_store(engine: StoreEngine) -> VectorStore:
    return vector_store_of(engine)


VectorStoreDep = Annotated[VectorStore, Depends(vector_store)]


# --- AI ---


async def embedder() -> CachedEmbedder:
    return await run_in_threadpool(get_embedder)  # the first call loads the model


EmbedderDep = Annotated[CachedEmbedder, Depends(embedder)]


async def retriever(store: VectorStoreDep, model: EmbedderDep) -> Retriever:
    return Retriever(store, model)


RetrieverDep = Annotated[Retriever, Depends(retriever)]


@lru_cache
def _configured_chain() -> FallbackChain:
    return configured_chain()


async def chain() -> FallbackChain:
    """The LLM providers configured by settings, in fallback order (none: retrieval only)."""
    return _configured_chain()


ChainDep = Annotated[FallbackChain, Depends(chain)]


async def grounding(llm: ChainDep, search: RetrieverDep, engine: StoreEngine) -> Grounding:
    return Grounding(llm, search, engine)


GroundingDep = Annotated[Grounding, Depends(grounding)]


async def core_transport() -> httpx.AsyncBaseTransport | None:
    """How api reaches core: the network by default (replaceable, e.g. in-process)."""
    return None


async def core_client(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    transport: Annotated[httpx.AsyncBaseTransport | None, Depends(core_transport)],
) -> CoreClient:
    """Core, asked with the caller's own token."""
    token = credentials.credentials if credentials else ""
    return CoreClient(get_settings().core_url, token, transport=transport)


CoreClientDep = Annotated[CoreClient, Depends(core_client)]


# --- integrations ---


async def hub() -> Hub:
    return get_hub()


HubDep = Annotated[Hub, Depends(hub)]


def _too_many(detail: str, retry_after_s: float) -> HTTPException:
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        detail=detail,
        headers={"Retry-After": str(max(1, math.ceil(retry_after_s)))},
    )


async def _within_rate(upstreams: Hub, key: str, per_minute: int) -> None:
    """A token bucket per ``key`` (shared by every process through Redis); 429 when empty."""
    rate = Rate(per_minute, 60, burst=per_minute)
    reservation = await upstreams.bucket.reserve(key, rate, max_wait_s=0)
    if not reservation.granted:
        raise _too_many(
            f"Rate limit of {per_minute} requests per minute reached", reservation.wait_s
        )


async def user_rate_limit(principal: CurrentUser, upstreams: HubDep) -> None:
    """Each user's share of the hub: a token bucket per user, refused with 429 + Retry-After."""
    per_minute = get_settings().integrations_user_requests_per_minute
    await _within_rate(upstreams, f"user:{principal.user_id}", per_minute)


# --- limits on the CPU- and money-costly AI routes ---

SLOT_RETRY_AFTER_S = 5.0


def costly_route(name: str) -> Callable[[AccessClaims, Hub], AsyncIterator[None]]:
    """Per user on route ``name``: ``AI_USER_REQUESTS_PER_MINUTE`` calls a minute and
    ``AI_USER_CONCURRENCY`` answers in flight (the slot is held until the answer, a
    streamed one included, has been sent)."""

    async def dependency(principal: CurrentUser, upstreams: HubDep) -> AsyncIterator[None]:
        settings = get_settings()
        subject = f"{name}:user:{principal.user_id}"
        await _within_rate(upstreams, subject, settings.ai_user_requests_per_minute)
        if not await slots.take(subject, settings.ai_user_concurrency):
            limit = settings.ai_user_concurrency
            raise _too_many(f"At most {limit} {name} requests at a time", SLOT_RETRY_AFTER_S)
        try:
            yield
        finally:
            await slots.release(subject)

    dependency.__name__ = f"limit_{name}"
    return dependency


embeddings_limits = costly_route("embeddings")
personality_limits = costly_route("personality")
chat_limits = costly_route("chat")


async def llm_quota(principal: CurrentUser, engine: StoreEngine) -> None:
    """The active organization's monthly LLM token budget, read from the usage ledger
    before a call: 429 until the next month once it is spent."""
    budget = get_settings().llm_monthly_tokens_per_org
    if await over_budget(engine, principal.org_id, budget):
        now = datetime.now(UTC)
        raise _too_many(
            f"Your organization has used its {budget:,} LLM tokens for this month",
            (next_month_start(now) - now).total_seconds(),
        )
