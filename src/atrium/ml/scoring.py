"""Serving an exported model with ONNX Runtime alone.

Core's web processes score with this module only, so they need neither PyTorch nor the
exporter: numpy and onnxruntime are enough.
"""

from __future__ import annotations

import json

import numpy as np
import onnxruntime

INPUT, OUTPUT = "features", "probability"


class OnnxScorer:
    """One ONNX Runtime session, tuned for the small batches serving sends."""

    def __init__(self, model_bytes: bytes) -> None:
        options = onnxruntime.SessionOptions()
        # One thread: at a few rows, handing work to a pool costs more than the math.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = onnxruntime.InferenceSession(
            model_bytes, options, providers=["CPUExecutionProvider"]
        )
        meta = self.session.get_modelmeta().custom_metadata_map
        self.schema_hash: str = meta.get("feature_schema_hash", "")
        self.feature_names: tuple[str, ...] = tuple(json.loads(meta.get("feature_names", "[]")))

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        rows = np.ascontiguousarray(X, dtype=np.float32)
        if rows.ndim != 2 or rows.shape[1] != len(self.feature_names):
            raise ValueError(
                f"expected rows of {len(self.feature_names)} features, got shape {rows.shape}"
            )
        return self.session.run([OUTPUT], {INPUT: rows})[0]
