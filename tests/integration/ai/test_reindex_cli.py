"""``atrium ai reindex`` as a user runs it: every stored item re-embedded, with a progress bar."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from atrium.ai.embeddings import content_hash, get_embedder
from atrium.ai.vectors import Scope, VectorItem, vector_store_for
from atrium.config import get_settings
from atrium.store.db import build_engine
from tests.support.processes import run_atrium

TITLES = ["Phishing basics", "Backups and restores", "Firewall rules"]


def test_reindex_re_embeds_every_item(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'ai.sqlite3'}"
    env = {
        "ATRIUM_ENV": "test",
        "ATRIUM_VAR_DIR": str(tmp_path),
        "AI_DATABASE_URL": url,
        "STORAGE_URL": get_settings().storage,
    }
    run_atrium("migrate", env=env)
    wrong = np.eye(384, dtype=np.float32)[:3]  # stored vectors that no longer fit their text

    async def store(items: list[VectorItem] | None = None) -> list:
        engine = build_engine(url)
        vectors = vector_store_for(engine)
        if items:
            await vectors.upsert(items)
        query = get_embedder().embed(["phishing"])[0]
        hits = await vectors.search(query, 3, Scope())
        await engine.dispose()
        return hits

    asyncio.run(
        store(
            [
                VectorItem(
                    item_id=str(i),
                    vector=wrong[i],
                    kind="lesson",
                    title=t,
                    text=t,
                    text_hash=content_hash(t),
                )
                for i, t in enumerate(TITLES)
            ]
        )
    )
    output = run_atrium("ai", "reindex", env=env)
    assert "Re-embedded 3 item(s)" in output
    hits = asyncio.run(store())
    assert hits[0].title == "Phishing basics"
    assert hits[0].score == pytest.approx(
        float(get_embedder().embed(["phishing"])[0] @ get_embedder().embed([TITLES[0]])[0]),
        abs=1e-3,
    )
