"""Population stability index (PSI) of each feature against the training reference.

The reference keeps, per feature, the edges of up to ten quantile bins of the training
data and the share of training rows in each; PSI sums ``(q - p) * ln(q / p)`` over the
bins, with shares floored so an empty bin does not make it infinite. Features with few
distinct values (flags, difficulty) get one bin per value, as the quantiles collapse.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DRIFT_THRESHOLD = 0.2  # above: the feature has drifted
STABLE_THRESHOLD = 0.1  # below: the feature is stable; in between, worth watching
BINS = 10
FLOOR = 1e-4


@dataclass(frozen=True)
class FeatureReference:
    names: tuple[str, ...]
    edges: tuple[tuple[float, ...], ...]
    proportions: tuple[tuple[float, ...], ...]

    @classmethod
    def from_data(cls, X: np.ndarray, names: Sequence[str], bins: int = BINS) -> FeatureReference:
        if X.shape[1] != len(names):
            raise ValueError(f"{X.shape[1]} columns for {len(names)} feature names")
        quantiles = np.linspace(0, 1, bins + 1)[1:-1]
        edges = [tuple(np.unique(np.quantile(column, quantiles)).tolist()) for column in X.T]
        shares = [_shares(column, e) for column, e in zip(X.T, edges, strict=True)]
        return cls(tuple(names), tuple(edges), tuple(tuple(s.tolist()) for s in shares))

    def to_json(self) -> str:
        return json.dumps(
            {"names": self.names, "edges": self.edges, "proportions": self.proportions}
        )

    @classmethod
    def from_json(cls, text: str) -> FeatureReference:
        data = json.loads(text)
        return cls(
            tuple(data["names"]),
            tuple(tuple(e) for e in data["edges"]),
            tuple(tuple(p) for p in data["proportions"]),
        )


def _shares(column: np.ndarray, edges: Sequence[float]) -> np.ndarray:
    """Share of values per bin: below the first edge, between edges, at or above the last."""
    which = np.searchsorted(np.asarray(edges, dtype=np.float64), column, side="right")
    return np.bincount(which, minlength=len(edges) + 1) / max(len(column), 1)


def psi(reference: FeatureReference, X: np.ndarray) -> dict[str, float]:
    """PSI of each feature of ``X`` (rows in the reference's column order)."""
    if X.shape[1] != len(reference.names):
        raise ValueError(f"{X.shape[1]} columns for {len(reference.names)} reference features")
    result = {}
    for name, column, edges, expected in zip(
        reference.names, X.T, reference.edges, reference.proportions, strict=True
    ):
        p = np.maximum(np.asarray(expected), FLOOR)
        q = np.maximum(_shares(column, edges), FLOOR)
        result[name] = float(np.sum((q - p) * np.log(q / p)))
    return result
