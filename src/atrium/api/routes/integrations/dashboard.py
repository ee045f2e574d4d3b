"""``/dashboard``: several modules at once, each with its data or its own error."""

from __future__ import annotations

from typing import Annotated, get_args

from fastapi import APIRouter, Query

from atrium.api.deps import HubDep
from atrium.config import get_settings
from atrium.integrations.dashboard import Dashboard, Module, build_dashboard

router = APIRouter(tags=["integrations"])


@router.get("/dashboard")
async def dashboard(
    hub: HubDep, modules: Annotated[list[Module] | None, Query()] = None
) -> Dashboard:
    """Fans out concurrently; never slower than the per-module deadline, never a 5xx."""
    chosen = list(dict.fromkeys(modules or get_args(Module)))
    return await build_dashboard(hub, chosen, get_settings().integrations_dashboard_deadline_s)
