"""``python -m bench [NAME ...]``: run every ``bench/bench_*.py`` (or the named ones).

Each benchmark module has a ``main()`` that measures a baseline and the subject in the
same run and prints their ratio.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from rich.console import Console

console = Console()


def available() -> list[str]:
    return sorted(
        path.stem.removeprefix("bench_") for path in Path(__file__).parent.glob("bench_*.py")
    )


def main(names: list[str]) -> int:
    chosen = names or available()
    unknown = sorted(set(chosen) - set(available()))
    if unknown:
        console.print(
            f"[red]unknown benchmark(s): {', '.join(unknown)}[/red]; "
            f"available: {', '.join(available())}"
        )
        return 2
    for name in chosen:
        console.rule(name)
        importlib.import_module(f"bench.bench_{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
