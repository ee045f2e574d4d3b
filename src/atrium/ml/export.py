"""ONNX export of the completion model and the ONNX Runtime scorer that serves it.

The feature schema's hash and names travel inside the artifact's metadata, so a loaded
model says which rows it takes.
"""

from __future__ import annotations

import io
import json
import warnings

import numpy as np
import onnx
import onnxruntime
import torch

from atrium.ml.features import FEATURE_SCHEMA, FeatureSchema
from atrium.ml.model import CompletionModel

OPSET = 17
INPUT, OUTPUT = "features", "probability"


def export_onnx(module: CompletionModel, schema: FeatureSchema = FEATURE_SCHEMA) -> bytes:
    sample = torch.zeros(1, len(schema.names), dtype=torch.float32)
    buffer = io.BytesIO()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on the (fixed) feature width
        torch.onnx.export(
            module.eval(),
            (sample,),
            buffer,  # type: ignore[arg-type]  # a file object is accepted too
            input_names=[INPUT],
            output_names=[OUTPUT],
            dynamic_axes={INPUT: {0: "batch"}, OUTPUT: {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )
    model = onnx.load_from_string(buffer.getvalue())
    onnx.helper.set_model_props(
        model,
        {"feature_schema_hash": schema.hash(), "feature_names": json.dumps(list(schema.names))},
    )
    return model.SerializeToString()


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
