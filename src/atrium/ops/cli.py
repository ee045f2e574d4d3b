"""``atrium backup`` and ``atrium restore``: thin commands over :mod:`atrium.ops.backup`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table

from atrium.common.storage import StorageError, get_object_store
from atrium.config import get_settings
from atrium.ops.backup import (
    Backup,
    create_backup,
    installation_databases,
    list_backups,
    restore_backup,
)
from atrium.ops.dumps import BackupError

console = Console(stderr=True)


def backup(
    list_: Annotated[
        bool, typer.Option("--list", help="List the backups in storage instead.")
    ] = False,
) -> None:
    """Snapshot both databases (core's and the AI store) into object storage (STORAGE_URL)."""
    store = get_object_store()
    if list_:
        _print_backups(list_backups(store), store.uri("backups"))
        return
    databases = installation_databases(get_settings())
    with _failures(), _progress("backup") as on_step:
        taken = create_backup(store, databases, on_step=on_step)
    typer.echo(taken.id)  # stdout carries the id alone, for scripts
    console.print(
        f"[green]Backup {taken.id}[/green] ({taken.size:,} bytes) in {store.uri('backups')}"
    )


def restore(
    backup_id: Annotated[str, typer.Argument(help="An id from `atrium backup --list`.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace both databases' contents with a backup's. Stop core, api and workers first."""
    store = get_object_store()
    databases = installation_databases(get_settings())
    if not yes:
        names = ", ".join(f"{db.name} ({db.engine})" for db in databases)
        typer.confirm(f"Replace the contents of {names} with backup {backup_id}?", abort=True)
    with _failures(), _progress("restore") as on_step:
        restore_backup(store, backup_id, databases, on_step=on_step)
    console.print(f"[green]Restored backup {backup_id}[/green]")


@contextmanager
def _failures() -> Iterator[None]:
    try:
        yield
    except (BackupError, StorageError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None


@contextmanager
def _progress(title: str) -> Iterator[Callable[[int, int, str], None]]:
    columns = (
        TextColumn(f"{title}: {{task.description}}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("starting", total=None)

        def on_step(done: int, total: int, description: str) -> None:
            progress.update(task, completed=done, total=total, description=description)

        yield on_step


def _print_backups(backups: list[Backup], where: str) -> None:
    if not backups:
        console.print(f"No backups in {where}.")
        return
    table = Table("taken at (UTC)", "databases", "bytes", title=where)
    table.columns.insert(0, Column("id", no_wrap=True))
    for item in backups:
        engines = ", ".join(f"{d.name}: {d.engine}" for d in item.dumps)
        table.add_row(item.id, item.created_at[:19], engines, f"{item.size:,}")
    Console().print(table)
