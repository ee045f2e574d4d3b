"""ONNX export of the completion model (PyTorch: only where training runs).

The feature schema's hash and names travel inside the artifact's metadata, so a loaded
model says which rows it takes (:class:`atrium.ml.scoring.OnnxScorer`).
"""

from __future__ import annotations

import io
import json
import warnings

import onnx
import torch

from atrium.ml.features import FEATURE_SCHEMA, FeatureSchema
from atrium.ml.model import CompletionModel
from atrium.ml.scoring import INPUT, OUTPUT

OPSET = 17


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
