"""``python -m bench [NAME ...]``: run every ``bench/bench_*.py`` (or the named ones).

Each benchmark module has a ``main()`` that measures a baseline and the subject in the
same run and prints their ratios. A run of every benchmark writes ``BENCHMARKS.md``
(what each printed, the machine, the commit and the date); ``--report`` names another
file, or asks for one when only some benchmarks run.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import time
import traceback
from pathlib import Path

import structlog
from rich.console import Console

from bench.support.machine import commit
from bench.support.report import Section, captured, render

ROOT = Path(__file__).resolve().parents[1]
console = Console()


def available() -> list[str]:
    return sorted(
        path.stem.removeprefix("bench_") for path in Path(__file__).parent.glob("bench_*.py")
    )


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(available()))
    parser.add_argument(
        "--report",
        type=Path,
        help="write the report here (default: BENCHMARKS.md when every benchmark runs)",
    )
    return parser.parse_args(argv)


def run(name: str) -> Section:
    module = importlib.import_module(f"bench.bench_{name}")
    summary = (module.__doc__ or name).strip().split("\n")[0]
    started = time.perf_counter()
    failed = False
    with captured() as output:
        try:
            module.main()
        except Exception:  # one broken benchmark must not lose the others' figures
            traceback.print_exc(file=sys.stdout)
            failed = True
    return Section(name, summary, output.getvalue(), time.perf_counter() - started, failed)


def main(argv: list[str]) -> int:
    args = _arguments(argv)
    chosen = args.names or available()
    unknown = sorted(set(chosen) - set(available()))
    if unknown:
        console.print(
            f"[red]unknown benchmark(s): {', '.join(unknown)}[/red]; "
            f"available: {', '.join(available())}"
        )
        return 2
    os.environ.setdefault("COLUMNS", "120")  # tables captured for the report stay unwrapped
    # Work done in process logs what it does (a model exported, with its path): the report
    # keeps what the benchmarks print, and only warnings beside it.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    report = args.report or (None if args.names else ROOT / "BENCHMARKS.md")
    code = commit(ROOT)  # before the report, itself in the tree, is written
    sections = []
    for name in chosen:
        console.rule(name)
        sections.append(run(name))
        if report is not None:  # after each one: a run cut short keeps what it measured
            report.write_text(render(sections, code))
    if report is not None:
        console.print(f"report written to {report}")
    return 1 if any(section.failed for section in sections) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
