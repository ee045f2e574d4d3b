"""ONNX scorers, loaded once per version per process, and the version that serves a scope.

The cache is keyed by (version id, sha256): the registry's record of the bytes, so a
version is never served from bytes other than the ones it registered. When production's
artifact is refused (missing or damaged), the versions it replaced are tried in turn:
the last good model keeps serving, and the refusal is logged and counted, then remembered
for :data:`RETRY_REFUSED_AFTER_S` so requests meanwhile do not read storage again.
"""

from __future__ import annotations

import threading
import time

import structlog
from django.db.models import F, Q

from atrium.core.domain import NotFound
from atrium.core.ml import metrics
from atrium.core.ml.errors import ArtifactRejected
from atrium.core.ml.models import ModelVersion, Stage
from atrium.core.ml.services import artifacts
from atrium.ml.scoring import OnnxScorer

log = structlog.get_logger(__name__)
FALLBACK_DEPTH = 3  # how many replaced versions are tried behind a refused production

RETRY_REFUSED_AFTER_S = 60.0  # a refused artifact is read again after this, not per request

_scorers: dict[tuple[int, str], OnnxScorer] = {}
_refused: dict[tuple[int, str], tuple[float, str]] = {}
_lock = threading.Lock()


def scorer_for(version: ModelVersion) -> OnnxScorer:
    """The version's scorer; its artifact is read and checked on first use only."""
    key = (version.pk, version.artifact_sha256)
    scorer = _scorers.get(key)
    if scorer is None:
        with _lock:
            scorer = _scorers.get(key) or _load(version, key)
    return scorer


def _load(version: ModelVersion, key: tuple[int, str]) -> OnnxScorer:
    refused_at, detail = _refused.get(key, (-RETRY_REFUSED_AFTER_S, ""))
    if time.monotonic() - refused_at < RETRY_REFUSED_AFTER_S:
        raise ArtifactRejected(detail)
    try:
        data = artifacts.fetch(version.artifact_uri, version.artifact_sha256)
    except ArtifactRejected as exc:
        _refused[key] = (time.monotonic(), exc.detail)
        metrics.ARTIFACTS_REFUSED.labels(model=version.name, version=str(version.version)).inc()
        log.error("model artifact refused", model=version.label, detail=exc.detail)
        raise
    _refused.pop(key, None)
    scorer = _scorers[key] = OnnxScorer(data)
    return scorer


def forget_scorers() -> None:
    _scorers.clear()
    _refused.clear()


def production(name: str, organization_id: int | None) -> ModelVersion:
    """The scope's production version: the organization's own, else the global one."""
    scope = Q(organization__isnull=True)
    if organization_id is not None:
        scope |= Q(organization_id=organization_id)
    found = (
        ModelVersion.objects.filter(scope, name=name, stage=Stage.PRODUCTION)
        .select_related("previous")
        .order_by(F("organization_id").desc(nulls_last=True))
        .first()
    )
    if found is None:
        raise NotFound(f"Model {name!r} has no production version yet: train and promote one")
    return found


def serving(name: str, organization_id: int | None) -> tuple[ModelVersion, OnnxScorer]:
    """Production and its scorer, or the newest replaced version whose artifact loads."""
    version: ModelVersion | None = production(name, organization_id)
    refused: list[str] = []
    for _ in range(FALLBACK_DEPTH + 1):
        if version is None:
            break
        try:
            return version, scorer_for(version)
        except ArtifactRejected as exc:
            refused.append(exc.detail)
            version = version.previous
    raise ArtifactRejected("No version of the model can be loaded: " + "; ".join(refused))
