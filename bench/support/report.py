"""BENCHMARKS.md: what each benchmark printed, under the machine and commit it ran on."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from typing import TextIO

from bench.support.machine import cpu_flags, describe

INTRODUCTION = """\
# Benchmarks

Written by `make bench` (`python -m bench`). Every figure is measured against a baseline
taken in the same run on the same machine, and the ratio is what counts: bare times move
with the machine and its load, ratios are what later runs compare against. Each section
is what the benchmark printed; its module docstring in `bench/` says what is measured.
"""


@dataclass(frozen=True)
class Section:
    name: str
    summary: str
    output: str
    seconds: float
    failed: bool = False


class _Tee(io.TextIOBase):
    """Writes to the terminal and keeps a copy (not a tty, so rich prints plain text)."""

    def __init__(self, terminal: TextIO) -> None:
        self.terminal = terminal
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.terminal.write(text)
        return self.copy.write(text)

    def flush(self) -> None:
        self.terminal.flush()


@contextmanager
def captured() -> Iterator[io.StringIO]:
    """Everything printed inside the block, still shown as it comes."""
    tee = _Tee(sys.stdout)
    with redirect_stdout(tee):
        yield tee.copy


def render(sections: list[Section], code: str) -> str:
    machine = describe(code)
    lines = [INTRODUCTION, "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in machine.items()]
    lines += [
        "",
        "<details><summary>every CPU flag</summary>",
        "",
        " ".join(cpu_flags()) or "(not readable here)",
        "",
        "</details>",
        "",
    ]
    for section in sections:
        state = "failed: see the output" if section.failed else f"{section.seconds:.0f} s"
        lines += [f"## {section.name}", "", f"{section.summary} ({state})", ""]
        lines += ["```text", section.output.rstrip() or "(nothing printed)", "```", ""]
    return "\n".join(lines)
