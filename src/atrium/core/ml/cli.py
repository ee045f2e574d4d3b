"""``atrium ml ...``: simulate a cohort, train, promote, roll back, monitor."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

ml_app = typer.Typer(help="The ML pipeline: simulated cohorts, training, the model registry.")
console = Console(stderr=True)
Organization = Annotated[
    int | None, typer.Option(help="The organization's data or model; empty: every organization.")
]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")
    import django

    django.setup()


def _bar() -> Progress:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    return Progress(*columns, TimeElapsedColumn(), console=console)


def _refused(action: Callable[[], Any]) -> Any:
    """Run ``action``; a domain refusal is printed and exits 1 instead of a traceback."""
    from atrium.core.domain import DomainError

    try:
        return action()
    except DomainError as exc:
        console.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from exc


@ml_app.command()
def simulate(
    learners: Annotated[int, typer.Option(min=1, max=100_000)] = 200,
    days: Annotated[int, typer.Option(min=14, max=730)] = 90,
    items: Annotated[int, typer.Option(min=3, max=500)] = 24,
    seed: Annotated[int, typer.Option()] = 0,
    prefix: Annotated[str, typer.Option(help="Names its users, organizations, items.")] = "sim",
) -> None:
    """Write a simulated cohort's histories through the progress services (events fire)."""
    _django()
    from atrium.core.ml.services.cohort import write_cohort

    with _bar() as bar:
        task = bar.add_task("learners", total=learners)
        report = write_cohort(
            learners=learners,
            days=days,
            items=items,
            seed=seed,
            prefix=prefix,
            on_learner=lambda _: bar.advance(task),
        )
    console.print(
        f"[green]{report.written} of {report.learners} learners written "
        f"({report.activities} activities) in organizations {report.organizations}.[/green]"
    )


@ml_app.command()
def train(
    name: Annotated[str, typer.Argument()] = "completion",
    organization: Organization = None,
    seed: Annotated[int | None, typer.Option()] = None,
    epochs: Annotated[int | None, typer.Option(min=1, max=200)] = None,
    here: Annotated[bool, typer.Option(help="Train in this process, not on a worker.")] = False,
) -> None:
    """Train a candidate, on a worker (a job, followed here) or in this process."""
    _django()
    from atrium.core.ml.services import training

    rounds = training.DEFAULT_EPOCHS if epochs is None else epochs
    options: dict[str, Any] = {
        "name": name,
        "organization_id": organization,
        "seed": training.DEFAULT_SEED if seed is None else seed,
        "epochs": rounds,
    }
    _refused(lambda: training.check_name(name))
    with _bar() as bar:
        task = bar.add_task("epochs", total=rounds)
        if here:
            version = _refused(
                lambda: training.train_candidate(
                    **options, on_epoch=lambda done, total, _: bar.update(task, completed=done)
                )
            )
            result = {"version": version.version, "metrics": version.metrics}
        else:
            result = _follow(options, lambda done: bar.update(task, completed=done))
    console.print(f"[green]Candidate {name} v{result['version']}: {result['metrics']}[/green]")


def _follow(options: dict[str, Any], on_progress: Callable[[int], None]) -> dict[str, Any]:
    from atrium.core.jobs.schemas import JobState
    from atrium.core.jobs.services import describe_job, start_job
    from atrium.core.ml.services.training import dataset_for
    from atrium.core.ml.tasks import train as train_task

    _refused(lambda: dataset_for(options["organization_id"]))
    job = start_job(train_task, **options)
    console.print(f"job {job.id} (also at /api/v1/tasks/{job.id})")
    while True:
        state = describe_job(job)
        if state.progress is not None:
            on_progress(state.progress.done)
        if state.state == JobState.SUCCESS:
            return dict(state.result)
        if state.state in {JobState.FAILURE, JobState.REVOKED}:
            console.print(f"[red]Training failed: {state.error}[/red]")
            raise typer.Exit(1)
        time.sleep(0.5)


@ml_app.command()
def promote(name: str, version: int) -> None:
    """Promote a version through the gate (refused, with both numbers, if it is worse)."""
    _django()
    from atrium.core.ml.services import registry

    result = _refused(lambda: registry.promote(registry.find_version(name, version)))
    console.print(
        f"[green]{name} v{version} is in production (ROC AUC {result.candidate_auc:.4f}).[/green]"
    )


@ml_app.command()
def rollback(name: str = "completion", organization: Organization = None) -> None:
    """Archive production and restore the version it replaced."""
    _django()
    from atrium.core.ml.services import registry

    restored = _refused(lambda: registry.roll_back(name, organization))
    console.print(f"[green]{restored.label} is in production again.[/green]")


@ml_app.command()
def monitor() -> None:
    """Take today's monitoring snapshot of every production version now."""
    _django()
    from atrium.core.ml.services.monitoring import monitor_all

    for snapshot in monitor_all():
        drift = ", ".join(snapshot.drifted) or "none"
        console.print(
            f"{snapshot.model_version.label}: drift {drift}; ROC AUC {snapshot.roc_auc} "
            f"on {snapshot.outcomes_known} known outcomes; {snapshot.inputs} inputs"
        )
