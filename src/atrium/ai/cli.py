"""``atrium ai ...``: maintenance of the AI store."""

from __future__ import annotations

import asyncio

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

app = typer.Typer(help="AI store maintenance: embeddings and vector indexes.")
console = Console(stderr=True)


@app.command()
def reindex() -> None:
    """Re-embed every stored catalog item and rebuild the vector indexes."""
    from atrium.ai.embeddings import get_embedder
    from atrium.ai.indexing import reindex_all
    from atrium.ai.vectors import vector_store_scope
    from atrium.common.deadlines import lift_statement_limit

    lift_statement_limit()  # REINDEX rebuilds the HNSW index over every vector

    async def run() -> int:
        async with vector_store_scope() as store:
            total = await store.count()
            with Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console,
            ) as progress:
                task = progress.add_task("re-embedding items", total=total)
                embedder = get_embedder()
                done = await reindex_all(store, embedder, lambda n: progress.advance(task, n))
            if store.engine.dialect.name == "postgresql":
                async with store.engine.begin() as connection:
                    from sqlalchemy import text

                    await connection.execute(
                        text("REINDEX INDEX ix_ai_item_vectors_embedding_hnsw")
                    )
            return done

    done = asyncio.run(run())
    console.print(f"[green]Re-embedded {done} item(s) with the {backend_name()} model.[/green]")


def backend_name() -> str:
    from atrium.ai.embeddings import get_embedder

    return get_embedder().name
