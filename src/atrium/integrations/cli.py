"""``atrium sync nasa --since DATE``: backfill NASA snapshots with a progress bar."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

sync_app = typer.Typer(help="Backfill snapshots of upstream data into the AI store.")
console = Console(stderr=True)


@sync_app.command()
def nasa(
    since: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="First day.")],
    until: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Last day (today).")
    ] = None,
) -> None:
    """Store APOD and NEO-feed snapshots for every day since DATE, within NASA's rate limit."""
    from atrium.integrations import sync
    from atrium.integrations.connectors.apod import FIRST_DAY

    first, last = since.date(), until.date() if until else sync.services.utc_today()
    if first < FIRST_DAY or first > last:
        raise typer.BadParameter(f"--since must be between {FIRST_DAY} and --until ({last})")
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("NASA", total=sync.steps(first, last))
        progress = sync.Progress(
            advance=lambda n, what: bar.update(task, advance=n, description=what),
            waiting=lambda s: bar.update(task, description=f"rate limit: waiting {s:.0f}s"),
        )
        days = asyncio.run(sync.backfill_nasa(first, last, progress))
    console.print(f"[green]Stored NASA snapshots for {days} days ({first} to {last}).[/green]")
