"""An ordered, versioned list of feature names with their dtypes and meanings."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    dtype: str
    meaning: str


@dataclass(frozen=True)
class FeatureSchema:
    version: int
    features: tuple[Feature, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.features)

    def hash(self) -> str:
        """sha256 of the version, names and dtypes: what a model's input rows must match."""
        body = [self.version, [[f.name, f.dtype] for f in self.features]]
        return hashlib.sha256(json.dumps(body).encode()).hexdigest()

    def mismatch(self, names: list[str] | tuple[str, ...]) -> dict[str, list[str]]:
        """Which of ``names`` are unknown and which of the schema's are missing (empty if none)."""
        given, expected = set(names), set(self.names)
        problems = {
            "missing": [n for n in self.names if n not in given],
            "unexpected": [n for n in names if n not in expected],
        }
        return {k: v for k, v in problems.items() if v}
