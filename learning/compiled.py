"""ORM queries compiled once per process and run with each request's values.

Building and compiling a queryset with correlated subqueries costs the web process more CPU than running it
(~1.4 ms for a student's visible documents, on every lesson, quiz and card request). Such a query is built once
with stand-in values (negative numbers, which no id is; dates no row has), compiled, and each run puts the real
values where the stand-ins stand, as bound parameters: the SQL stays the ORM's own, the rule is still written
once in the ORM, and nothing is formatted into the SQL.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import QuerySet

_BASE = -4_611_686_018_427_387_903


def stand_in(n: int = 0) -> int:
    """The n-th stand-in number (ids, counts): far below any value a row holds."""
    return _BASE + n


class CompiledQuery(NamedTuple):
    sql: str
    params: tuple

    def bind(self, values: dict) -> list:
        """The parameters, each stand-in replaced by its value (`values`: {stand-in as compiled: value})."""
        return [values.get(param, param) for param in self.params]


def compile_once(queryset: QuerySet, stand_ins) -> CompiledQuery:
    """The queryset's SQL and parameters; every stand-in must have become a parameter of its own."""
    sql, params = queryset.query.sql_with_params()
    missing = [s for s in stand_ins if s not in params]
    if missing:  # a stand-in folded into the SQL (or left out) would bind nothing: every user would get the same rows
        raise ValueError(f"stand-ins not parameters of the compiled query: {missing}")
    return CompiledQuery(sql, tuple(params))
