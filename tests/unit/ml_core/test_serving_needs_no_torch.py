"""Core's web processes serve models with ONNX Runtime alone: PyTorch loads only to train."""

import subprocess
import sys

LOAD_CORE = """
import sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every router, the ML API included
import atrium.core.ml.admin, atrium.core.ml.tasks
print(sorted(m for m in ("torch", "onnx", "onnxruntime") if m in sys.modules))
"""


def test_core_loads_its_ml_api_without_pytorch() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_CORE], capture_output=True, text=True, check=True, timeout=120
    )
    assert loaded.stdout.split("\n")[-2] == "['onnxruntime']", loaded.stderr
