"""Model artifacts in object storage: written once, checked on every read.

Keys are ``ml/<name>/<version>/<file>``, stored immutable: a version's bytes never change
after registration, so a sha256 mismatch can only mean damage, and is refused.
"""

from __future__ import annotations

import hashlib
import io

import numpy as np

from atrium.common.storage import ObjectMissing, get_object_store
from atrium.core.ml.errors import ArtifactRejected

MODEL_FILE = "model.onnx"
HOLDOUT_FILE = "holdout.npz"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(name: str, version: int, filename: str, data: bytes) -> tuple[str, str]:
    """Write one artifact; its URI and sha256."""
    key = f"ml/{name}/{version}/{filename}"
    content_type = "application/onnx" if filename.endswith(".onnx") else "application/x-npz"
    uri = get_object_store().put(key, data, content_type=content_type, immutable=True)
    return uri, sha256(data)


def fetch(uri: str, expected_sha256: str) -> bytes:
    """The artifact's bytes, if they are exactly the registered ones."""
    try:
        data = get_object_store().get(uri)
    except ObjectMissing as exc:
        raise ArtifactRejected(f"The artifact {uri} is missing from storage") from exc
    found = sha256(data)
    if found != expected_sha256:
        raise ArtifactRejected(
            f"The artifact {uri} has sha256 {found[:12]}…, the registry expects "
            f"{expected_sha256[:12]}…: it is not loaded"
        )
    return data


def holdout_bytes(X: np.ndarray, y: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, X=X, y=y)
    return buffer.getvalue()


def holdout_arrays(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    with np.load(io.BytesIO(data), allow_pickle=False) as loaded:
        return loaded["X"], loaded["y"]
