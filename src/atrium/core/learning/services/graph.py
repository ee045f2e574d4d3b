"""Prerequisites form a directed graph that must stay acyclic."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

N = TypeVar("N", bound=Hashable)


def cycle_through(node: N, prerequisites: Iterable[N], graph: Mapping[N, Iterable[N]]) -> list[N]:
    """The cycle that giving ``node`` these ``prerequisites`` would close, or [].

    ``graph`` maps each node to its current prerequisites (``node``'s own are ignored).
    The answer starts and ends at ``node``: ``[a, b, c, a]`` reads "a needs b needs c
    needs a".
    """
    stack: list[tuple[N, list[N]]] = [(p, [node, p]) for p in prerequisites]
    seen: set[N] = set()
    while stack:
        current, path = stack.pop()
        if current == node:
            return path
        if current in seen:
            continue
        seen.add(current)
        stack.extend((nxt, [*path, nxt]) for nxt in graph.get(current, ()) if current != node)
    return []
