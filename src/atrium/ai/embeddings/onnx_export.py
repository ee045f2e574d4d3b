"""Export the sentence model to ONNX once.

The export traces the transformer with eager attention and leaves the graph as traced:
ONNX Runtime's own optimizations at session start (matmul, GELU and layer-norm fusions)
run it faster on CPU than the offline BERT optimizer's fused ``Attention`` and
``SkipLayerNormalization`` kernels (``python -m bench embeddings`` measures the result).
Pooling and normalization stay in numpy. The file is written beside its target and
renamed into place, so processes exporting at once never read a half-written model.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

OPSET = 17
REVISION = 2  # part of the artifact's name: a changed export never reuses an older file
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export_onnx(model_dir: Path, target: Path) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.stem}.{os.getpid()}.onnx")
    sample = torch.ones(2, 8, dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer notes on shapes fixed for BERT anyway
            torch.onnx.export(
                LastHiddenState(model),
                (sample, sample, torch.zeros_like(sample)),
                str(partial),
                input_names=list(INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes=axes,
                opset_version=OPSET,
                dynamo=False,
            )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target
