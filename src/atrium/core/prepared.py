"""Hot ``.values()`` reads, compiled to SQL once per shape of their filter instead of once per
request.

Building and compiling the queryset of a 50-row page cost core's busiest lists more than the
database did. Their requests differ mostly in the values they filter by (a user, an
organization, a cursor's position), so :class:`PreparedRows`:

- takes the filter's plain values (``int``, ``str``, ``datetime``, and those of a list, as
  ``__in`` takes) out of the ``Q``; what is left (the lookups, their connectors and
  negations, ``None``, booleans and a list's length: all that shapes the SQL), with the
  ordering and the page size, is the statement's key;
- on the first request of a shape, compiles the query twice, once with its values and once
  with stand-ins for them, and keeps the statement only if both give the same SQL and its
  values bound in the stand-ins' places give exactly the parameters Django would send. A
  lookup that transforms its value (``icontains``), a backend that adapts a datetime to
  text, or a value Django answers without SQL, turns the shape down: it is then always read
  the ordinary way;
- on later requests of the shape, binds their values, runs the SQL through Django's cursor
  (its wrappers: query metrics, deadlines, error mapping) and converts the rows with the
  compiler's converters, as ``.values()`` does.

A filter holding anything else (a subquery, an expression, a model) is read the ordinary way.
A list bound later with a value twice asks ``IN`` for it twice, where Django would ask once:
the rows are the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeGuard

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.sql.compiler import SQLCompiler

Value = int | str | datetime
# The SQL's shape keeps these: they change what Django writes (IS NULL, a bare column).
KEPT = (bool, type(None))
MAX_STATEMENTS = 512
_UNSEEN = object()
# Stand-ins, each unlike anything else a query holds, and in range for an int4 column.
_FIRST_INT = 2_000_000_000
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _stand_in(value: Value, index: int) -> Value:
    if isinstance(value, int):
        return _FIRST_INT + index
    if isinstance(value, str):
        return f"\x1fatrium-value-{index}"
    return datetime(2000, 1, 1, microsecond=index, tzinfo=UTC)


def _is_value(value: object) -> TypeGuard[Value]:
    if isinstance(value, int) and not isinstance(value, bool):
        # Beyond 64 bits Django answers a lookup without SQL, and SQLite's driver refuses it.
        return _INT64_MIN <= value <= _INT64_MAX
    if isinstance(value, datetime):
        return value.tzinfo is not None  # Django would place a naive one in its time zone
    return isinstance(value, str)


class _Unpreparable(Exception):
    pass


def _shape(where: Q, values: list[Value]) -> Q:
    """``where`` with each plain value replaced by its stand-in (the values collected in order)."""
    shape = Q(_connector=where.connector, _negated=where.negated)
    for child in where.children:
        if isinstance(child, Q):
            shape.children.append(_shape(child, values))
            continue
        if not isinstance(child, tuple):
            raise _Unpreparable
        lookup, value = child
        if isinstance(value, list | tuple):
            value = tuple(_taken(each, values) for each in value)
        elif not isinstance(value, KEPT):
            value = _taken(value, values)
        shape.children.append((lookup, value))
    return shape


def _taken(value: object, values: list[Value]) -> Value:
    """The stand-in of a plain ``value``, which joins ``values``."""
    if not _is_value(value):
        raise _Unpreparable
    values.append(value)
    return _stand_in(value, len(values) - 1)


@dataclass(frozen=True)
class _Statement:
    sql: str
    template: list[Any]
    slots: tuple[tuple[int, int], ...]  # (position in the parameters, index of the value)
    compiler: SQLCompiler
    names: tuple[str, ...]
    using: str

    def parameters(self, values: list[Value]) -> list[Any]:
        bound = list(self.template)
        for position, index in self.slots:
            bound[position] = values[index]
        return bound


def _compiled(queryset: QuerySet[Any, Any]) -> tuple[SQLCompiler, str, list[Any]]:
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    return compiler, sql, list(params)


def _names(queryset: QuerySet[Any, Any]) -> tuple[str, ...]:
    """The keys of each row, as ``.values()`` names them."""
    query = queryset.query
    if query.selected:
        return tuple(query.selected)
    return (*query.extra_select, *query.values_select, *query.annotation_select)


def _same(bound: list[Any], expected: list[Any]) -> bool:
    return len(bound) == len(expected) and all(
        type(mine) is type(theirs) and mine == theirs
        for mine, theirs in zip(bound, expected, strict=True)
    )


class PreparedRows:
    """``rows`` (a ``.values()`` queryset) filtered, ordered and limited, read through a
    statement compiled once per shape of the filter."""

    def __init__(self, rows: QuerySet[Any, Any]) -> None:
        self.rows = rows
        self.model = rows.model
        self._statements: dict[object, _Statement | None] = {}

    def fetch(
        self, where: Q, *, order_by: tuple[str, ...], limit: int | None
    ) -> list[dict[str, Any]]:
        values: list[Value] = []
        try:
            shape = _shape(where, values)
        except _Unpreparable:
            return list(self._queryset(where, order_by, limit))
        key = (shape, order_by, limit)
        statement = self._statements.get(key, _UNSEEN)
        if statement is _UNSEEN:
            statement = self._prepare(where, shape, values, order_by, limit)
            if len(self._statements) >= MAX_STATEMENTS:
                self._statements.clear()
            self._statements[key] = statement
        if not isinstance(statement, _Statement):
            return list(self._queryset(where, order_by, limit))
        return list(self._run(statement, values))

    def _queryset(
        self, where: Q, order_by: tuple[str, ...], limit: int | None
    ) -> QuerySet[Any, dict[str, Any]]:
        return self.rows.filter(where).order_by(*order_by)[:limit]

    def _prepare(
        self,
        where: Q,
        shape: Q,
        values: list[Value],
        order_by: tuple[str, ...],
        limit: int | None,
    ) -> _Statement | None:
        queryset = self._queryset(shape, order_by, limit)
        try:
            _, sql, expected = _compiled(self._queryset(where, order_by, limit))
            compiler, shaped_sql, template = _compiled(queryset)
        except (EmptyResultSet, FullResultSet):  # Django answers these without SQL
            return None
        stand_ins = (_stand_in(value, index) for index, value in enumerate(values))
        index_of = {(type(stand_in), stand_in): index for index, stand_in in enumerate(stand_ins)}
        slots = tuple(
            (position, index_of[(type(param), param)])
            for position, param in enumerate(template)
            if _is_value(param) and (type(param), param) in index_of
        )
        statement = _Statement(shaped_sql, template, slots, compiler, _names(queryset), queryset.db)
        every_value_bound = {index for _, index in slots} == set(range(len(values)))
        if shaped_sql != sql or not every_value_bound:
            return None
        return statement if _same(statement.parameters(values), expected) else None

    def _run(self, statement: _Statement, values: list[Value]) -> Iterator[dict[str, Any]]:
        connection = connections[statement.using]
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, statement.parameters(values))
            rows = cursor.fetchall()
        names = statement.names
        for row in statement.compiler.results_iter(results=[rows]):
            yield dict(zip(names, row, strict=True))
