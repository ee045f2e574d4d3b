"""What a benchmark ran on: CPU model and flags, cores, memory, load, commit and date.

Ratios from two machines are comparable only when the report says which machines they were
(an ONNX speed-up may hinge on AVX-512 VNNI, a server's on the number of cores).
"""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")
MEMINFO = Path("/proc/meminfo")
# The instruction sets a numeric speed-up (ONNX Runtime, numpy, PyTorch) can hinge on.
SIMD_FLAGS = (
    "sse4_2",
    "avx",
    "avx2",
    "fma",
    "f16c",
    "avx512f",
    "avx512bw",
    "avx512vl",
    "avx512_vnni",
    "avx_vnni",
    "avx512_bf16",
    "amx_bf16",
    "amx_int8",
)


def _cpuinfo_field(name: str) -> str:
    if not CPUINFO.exists():
        return ""
    for line in CPUINFO.read_text().splitlines():
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return ""


def cpu_model() -> str:
    return _cpuinfo_field("model name") or platform.processor() or platform.machine()


def cpu_flags() -> list[str]:
    return sorted(_cpuinfo_field("flags").split())


def memory_gib() -> float | None:
    if not MEMINFO.exists():
        return None
    for line in MEMINFO.read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024**2
    return None


def commit(root: Path) -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short=12", "HEAD") or "unknown"
    return f"{head} (with uncommitted changes)" if git("status", "--porcelain") else head


def describe(code: str) -> dict[str, str]:
    """The machine and the code (``code``: :func:`commit`), as the lines of the report's
    first table."""
    flags = set(cpu_flags())
    memory = memory_gib()
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    return {
        "date (UTC)": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "commit": code,
        "CPU": cpu_model(),
        "SIMD flags": " ".join(flag for flag in SIMD_FLAGS if flag in flags) or "none found",
        "cores (logical)": str(os.cpu_count()),
        "memory": f"{memory:.1f} GiB" if memory is not None else "unknown",
        "load average when written (1, 5, 15 min)": load,
        "Python": platform.python_version(),
        "OS": platform.platform(),
    }
