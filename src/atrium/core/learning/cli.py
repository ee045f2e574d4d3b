"""``atrium catalog ...``: the learning catalog from the command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

catalog_app = typer.Typer(help="The learning catalog: import tracks, modules and items.")
console = Console(stderr=True)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")
    import django

    django.setup()


@catalog_app.command("import")
def import_file(
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A .json or .csv file.")
    ],
    organization: Annotated[
        int | None, typer.Option(help="Import into this organization's private catalog.")
    ] = None,
) -> None:
    """Import a catalog file: validated first, then all of it in one transaction or nothing.

    Objects are matched on their slugs, so importing the same file again changes nothing.
    """
    _django()
    from atrium.core.learning.services.import_rows import InvalidCatalogFile
    from atrium.core.learning.services.importer import OUTCOMES, import_catalog
    from atrium.core.orgs.models import Organization

    if organization is not None and not Organization.objects.filter(pk=organization).exists():
        raise typer.BadParameter(f"no organization {organization}", param_hint="--organization")
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("importing", total=None)
        try:
            report = import_catalog(
                path=path,
                organization_id=organization,
                on_row=lambda done, total: bar.update(task, completed=done, total=total),
                on_committed=lambda: bar.update(task, description="sending change events"),
            )
        except InvalidCatalogFile as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from exc
    outcomes = (*OUTCOMES, "prerequisites changed")
    table = Table("", *outcomes)
    for kind, counts in report.counts.items():
        table.add_row(kind, *(str(counts[outcome]) for outcome in outcomes))
    console.print(table)
    console.print("[green]Imported.[/green]" if report.changed else "Nothing changed.")
