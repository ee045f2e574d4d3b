"""Reading a catalog file (JSON or CSV) into validated rows, one row per item.

JSON nests ``{"tracks": [{..., "modules": [{..., "items": [...]}]}]}``. CSV has one line
per item with its track and module repeated (columns: ``CSV_COLUMNS``; ``tags`` and
``prerequisites`` are separated by ``;``). Every problem names its row (the item's
position in the file, from 1) and its field; nothing is written while any remains.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from atrium.core.learning.content import Lab, Quiz
from atrium.core.learning.models import ItemKind, Publication
from atrium.core.learning.schemas import SLUG
from atrium.core.learning.services.graph import cycle_through
from atrium.core.learning.services.media import MAX_MEDIA_BYTES, MEDIA_TYPES

CSV_COLUMNS = (
    "track_slug",
    "track_title",
    "track_summary",
    "track_state",
    "module_slug",
    "module_title",
    "module_summary",
    "slug",
    "kind",
    "title",
    "summary",
    "body",
    "tags",
    "difficulty",
    "estimated_minutes",
    "prerequisites",
    "state",
    "quiz",
    "lab",
    "video",
)
CONTENT_COLUMNS = ("quiz", "lab", "video")


@dataclass(frozen=True)
class Problem:
    row: int
    field: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        return f"row {self.row}{where}, field {self.field!r}: {self.message}"


class InvalidCatalogFile(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"{len(problems)} problem(s) in the file; nothing was imported:\n{shown}{more}"
        )


def _split(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _json_cell(value: Any) -> Any:
    """A CSV cell holds the JSON a JSON file would nest."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not JSON: {exc.msg}") from exc
    return value


def _media_path(name: str, info: ValidationInfo, suffixes: tuple[str, ...]) -> Path:
    """``name``, relative to the catalog file's folder, as an existing file within it."""
    base: Path = (info.context or {})["base"]
    path = (base / name).resolve()
    if not path.is_relative_to(base.resolve()):
        raise ValueError("name a file in the catalog file's folder or below it")
    if path.suffix.lower() not in suffixes:
        raise ValueError(f"the file must end in {' or '.join(suffixes)}")
    if not path.is_file():
        raise ValueError(f"no file {name} next to the catalog file")
    if path.stat().st_size > MAX_MEDIA_BYTES:
        raise ValueError(f"the file is larger than {MAX_MEDIA_BYTES // 2**20} MiB")
    return path


class VideoFiles(BaseModel):
    """A video item's files, named relative to the catalog file, and its transcript."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    file: Path
    captions: Path | None = None
    transcript: str = Field("", max_length=100_000)

    @field_validator("file", mode="before")
    @classmethod
    def _video(cls, name: str, info: ValidationInfo) -> Path:
        return _media_path(name, info, tuple(s for s, t in MEDIA_TYPES.items() if "video" in t))

    @field_validator("captions", mode="before")
    @classmethod
    def _captions(cls, name: str | None, info: ValidationInfo) -> Path | None:
        return None if name is None else _media_path(name, info, (".vtt",))

    @model_validator(mode="after")
    def _accessible(self) -> VideoFiles:
        if self.captions is None and not self.transcript:
            raise ValueError("a video needs captions or a transcript")
        return self


class Row(BaseModel):
    """One item, with the track and module it belongs to."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    track_slug: str = Field(pattern=SLUG, max_length=80)
    track_title: str = Field(min_length=1, max_length=200)
    track_summary: str = ""
    track_state: Publication = Publication.PUBLISHED
    module_slug: str = Field(pattern=SLUG, max_length=80)
    module_title: str = Field(min_length=1, max_length=200)
    module_summary: str = ""
    slug: str = Field(pattern=SLUG, max_length=80)
    kind: ItemKind
    title: str = Field(min_length=1, max_length=200)
    summary: str = ""
    body: str = Field("", max_length=100_000)
    tags: list[str] = Field(default_factory=list, max_length=20)
    difficulty: int = Field(1, ge=1, le=5)
    estimated_minutes: int = Field(10, ge=0, le=10_000)
    prerequisites: list[str] = Field(default_factory=list, max_length=50)
    state: Publication = Publication.PUBLISHED
    quiz: Quiz | None = None
    lab: Lab | None = None
    video: VideoFiles | None = None

    _split_lists = field_validator("tags", "prerequisites", mode="before")(_split)
    _json_cells = field_validator(*CONTENT_COLUMNS, mode="before")(_json_cell)

    @model_validator(mode="after")
    def _content_of_its_kind(self) -> Row:
        for name in CONTENT_COLUMNS:
            if getattr(self, name) is not None and name != self.kind:
                raise ValueError(f"a {self.kind} item has no {name}")
        return self

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        cleaned = [tag.strip().lower() for tag in tags]
        if any(not tag or len(tag) > 40 for tag in cleaned):
            raise ValueError("each tag has 1 to 40 characters")
        return cleaned


@dataclass(frozen=True)
class Located:
    number: int
    where: str
    data: dict[str, Any]


def _json_rows(text: str) -> list[Located]:
    document = json.loads(text)
    if not isinstance(document, dict) or not isinstance(document.get("tracks"), list):
        raise InvalidCatalogFile([Problem(0, "tracks", 'the file needs {"tracks": [...]}')])
    rows: list[Located] = []
    for t, track in enumerate(document["tracks"]):
        for m, module in enumerate(track.get("modules", [])):
            for i, item in enumerate(module.get("items", [])):
                data = {
                    **{f"track_{k}": track.get(k) for k in ("slug", "title", "summary", "state")},
                    **{f"module_{k}": module.get(k) for k in ("slug", "title", "summary")},
                    **item,
                }
                where = f"tracks[{t}].modules[{m}].items[{i}]"
                rows.append(
                    Located(len(rows) + 1, where, {k: v for k, v in data.items() if v is not None})
                )
    return rows


def _csv_rows(text: str) -> list[Located]:
    reader = csv.DictReader(io.StringIO(text))
    unknown = sorted(set(reader.fieldnames or ()) - set(CSV_COLUMNS))
    if unknown:
        raise InvalidCatalogFile([Problem(0, unknown[0], "unknown column")])
    return [
        Located(
            n, f"line {reader.line_num}", {k: v for k, v in line.items() if v not in ("", None)}
        )
        for n, line in enumerate(reader, start=1)
    ]


def read_rows(path: Path) -> list[Row]:
    """The file's rows, validated each on its own and together (slugs, prerequisites)."""
    text = path.read_text(encoding="utf-8")
    try:
        located = _csv_rows(text) if path.suffix.lower() == ".csv" else _json_rows(text)
    except json.JSONDecodeError as exc:
        raise InvalidCatalogFile([Problem(exc.lineno, "json", exc.msg, "line")]) from exc
    problems: list[Problem] = []
    rows: list[tuple[Located, Row]] = []
    for entry in located:
        try:
            rows.append((entry, Row.model_validate(entry.data, context={"base": path.parent})))
        except ValidationError as exc:
            slug = entry.data.get("slug")
            where = f"{entry.where}, slug {slug}" if isinstance(slug, str) else entry.where
            for error in exc.errors():
                field = ".".join(str(part) for part in error["loc"]) or "row"
                problems.append(Problem(entry.number, field, error["msg"], where))
    problems += _cross_check(rows)
    if problems:
        raise InvalidCatalogFile(sorted(problems, key=lambda p: p.row))
    return [row for _, row in rows]


def _cross_check(rows: list[tuple[Located, Row]]) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for entry, row in rows:
        if row.slug in first:
            message = f"the slug {row.slug!r} is already used by row {first[row.slug]}"
            problems.append(Problem(entry.number, "slug", message, entry.where))
        first.setdefault(row.slug, entry.number)
    graph = {row.slug: row.prerequisites for _, row in rows}
    for entry, row in rows:
        if row.slug in row.prerequisites:
            problems.append(Problem(entry.number, "prerequisites", "an item cannot need itself"))
        elif cycle := cycle_through(row.slug, row.prerequisites, graph):
            message = f"prerequisites form a cycle: {' -> '.join(cycle)}"
            problems.append(Problem(entry.number, "prerequisites", message, entry.where))
    return problems
