"""Catalog files for import tests, built in code so each test says what it changed."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from atrium.core.learning.services.import_rows import CSV_COLUMNS


def catalog_rows(count: int, *, tracks: int = 4, modules: int = 5) -> list[dict[str, Any]]:
    """``count`` valid rows; each item needs the one ``tracks`` before it."""
    rows = []
    for n in range(count):
        t, m = n % tracks, (n // tracks) % modules
        rows.append(
            {
                "track_slug": f"track-{t}",
                "track_title": f"Track {t}",
                "module_slug": f"module-{m}",
                "module_title": f"Module {m}",
                "slug": f"item-{n}",
                "kind": ("lesson", "lab", "quiz", "video", "reading")[n % 5],
                "title": f"Item {n}",
                "summary": f"What item {n} teaches.",
                "body": f"## Item {n}\n\nSome *Markdown*.",
                "tags": ["generated", f"tag-{n % 7}"],
                "difficulty": 1 + n % 5,
                "estimated_minutes": 5 + n % 30,
                "prerequisites": [f"item-{n - tracks}"] if n >= tracks else [],
            }
        )
    # Grouped as a JSON file nests them, so row numbers agree between JSON and CSV.
    return sorted(rows, key=lambda row: (row["track_slug"], row["module_slug"]))


def write_json(path: Path, rows: list[dict[str, Any]]) -> Path:
    tracks: dict[str, Any] = {}
    for row in rows:
        track = tracks.setdefault(
            row["track_slug"],
            {"slug": row["track_slug"], "title": row["track_title"], "modules": {}},
        )
        module = track["modules"].setdefault(
            row["module_slug"],
            {"slug": row["module_slug"], "title": row["module_title"], "items": []},
        )
        item = {k: v for k, v in row.items() if not k.startswith(("track_", "module_"))}
        module["items"].append(item)
    document = {
        "tracks": [
            {**track, "modules": list(track["modules"].values())} for track in tracks.values()
        ]
    }
    path.write_text(json.dumps(document))
    return path


def _cell(value: Any) -> Any:
    """Lists joined by ``;``, an item's quiz, lab or video as JSON."""
    if isinstance(value, list):
        return ";".join(value)
    return json.dumps(value) if isinstance(value, dict) else value


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in rows:
            flat = {k: _cell(v) for k, v in row.items()}
            writer.writerow(flat)
    return path
