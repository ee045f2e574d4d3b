"""Vector search on 100,000 stored 384-d vectors: HNSW against exact search, both backends.

For pgvector (a real PostgreSQL with pgvector from the pgserver wheel) and for the
embedded store (SQLite, searched in-process with usearch HNSW), the same run measures
exact search as the baseline, then recall@10 and p50/p99 latency of the HNSW search at
several ``ef_search`` values. The vectors are clustered like real sentence embeddings.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import text

from atrium.ai.vectors import Scope, VectorItem, VectorStore
from atrium.ai.vectors.embedded import EmbeddedVectorStore
from atrium.ai.vectors.pgvector import PgVectorStore
from atrium.common.deadlines import lift_statement_limit
from atrium.store.db import build_engine
from atrium.store.migrate import upgrade

COUNT, QUERIES, K, BATCH = 100_000, 100, 10, 2_000
EF_VALUES = (40, 64, 128)
console = Console()


def dataset(seed: int = 11) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(5_000, 384))
    vectors = centers[rng.integers(0, len(centers), COUNT)] + rng.normal(size=(COUNT, 384))
    queries = centers[rng.integers(0, len(centers), QUERIES)] + rng.normal(size=(QUERIES, 384))
    normalize = lambda m: (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)  # noqa: E731
    return normalize(vectors), normalize(queries)


async def load(store: VectorStore, vectors: np.ndarray) -> None:
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"loading {store.backend}", total=len(vectors))
        for start in range(0, len(vectors), BATCH):
            await store.upsert(
                [
                    VectorItem(
                        item_id=f"{i:06}",
                        vector=vectors[i],
                        kind="lesson",
                        title=str(i),
                        text="",
                        text_hash="",
                    )
                    for i in range(start, min(start + BATCH, len(vectors)))
                ]
            )
            progress.advance(task, BATCH)


async def measure(store: VectorStore, queries: np.ndarray, exact: bool) -> tuple[list, list]:
    results, latencies = [], []
    for query in queries:
        start = time.perf_counter()
        hits = await store.search(query, K, Scope(), exact=exact)
        latencies.append((time.perf_counter() - start) * 1000)
        results.append({h.item_id for h in hits})
    return results, latencies


async def report(name: str, store: VectorStore, queries: np.ndarray, set_ef) -> None:
    truth, exact_ms = await measure(store, queries, exact=True)
    table = Table(title=f"{name}: top-{K} over {COUNT:,} vectors, {QUERIES} queries")
    for column in ("search", "recall@10", "p50 ms", "p99 ms", "p50 speed-up"):
        table.add_column(column, justify="right")
    base_p50 = np.percentile(exact_ms, 50)
    table.add_row(
        "exact (baseline)", "1.000", f"{base_p50:.2f}", f"{np.percentile(exact_ms, 99):.2f}", "1.0x"
    )
    for ef in EF_VALUES:
        await set_ef(ef)
        found, ms = await measure(store, queries, exact=False)
        recall = np.mean([len(f & t) / K for f, t in zip(found, truth, strict=True)])
        p50 = np.percentile(ms, 50)
        table.add_row(
            f"HNSW ef_search={ef}",
            f"{recall:.3f}",
            f"{p50:.2f}",
            f"{np.percentile(ms, 99):.2f}",
            f"{base_p50 / p50:.1f}x",
        )
    console.print(table)


async def bench_pgvector(vectors: np.ndarray, queries: np.ndarray, workdir: Path) -> None:
    runtime = workdir / "runtime"
    runtime.mkdir(mode=0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    import pgserver

    server = pgserver.get_server(workdir / "pgdata", cleanup_mode="stop")
    try:
        socket_dir = server.get_uri().split("host=")[1]
        url = f"postgresql+asyncpg://postgres@/postgres?host={socket_dir}"
        lift_statement_limit()  # building the HNSW index over 100,000 vectors takes minutes
        await asyncio.to_thread(upgrade, url)
        engine = build_engine(url)
        store = PgVectorStore(engine)
        async with engine.begin() as connection:  # bulk load first, then build the index once
            await connection.execute(text("DROP INDEX ix_ai_item_vectors_embedding_hnsw"))
        await load(store, vectors)
        with console.status("building the pgvector HNSW index"):
            async with engine.begin() as connection:
                await connection.execute(text("SET maintenance_work_mem = '1GB'"))
                await connection.execute(
                    text(
                        "CREATE INDEX ix_ai_item_vectors_embedding_hnsw ON ai_item_vectors USING"
                        " hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
                    )
                )

        async def set_ef(ef: int) -> None:
            store.ef_search = ef

        await report("pgvector", store, queries, set_ef)
        await engine.dispose()
    finally:
        server.cleanup()


async def bench_embedded(vectors: np.ndarray, queries: np.ndarray, workdir: Path) -> None:
    url = f"sqlite+aiosqlite:///{workdir / 'ai.sqlite3'}"
    await asyncio.to_thread(upgrade, url)
    engine = build_engine(url)
    store = EmbeddedVectorStore(engine, ann_threshold=1)
    await load(store, vectors)
    with console.status("loading the in-process index (usearch HNSW)"):
        index = await store.index()

    async def set_ef(ef: int) -> None:
        index.ann.expansion_search = ef

    await report("embedded (SQLite + in-process)", store, queries, set_ef)
    await engine.dispose()


async def run() -> None:
    vectors, queries = dataset()
    with tempfile.TemporaryDirectory(prefix="atrium-bench-vectors-") as tmp:
        await bench_embedded(vectors, queries, Path(tmp))
        await bench_pgvector(vectors, queries, Path(tmp))


def main() -> None:
    asyncio.run(run())
