"""Named queries: every dashboard and report query is a file in sql/queries/, run with bound parameters.

A query whose file carries a `-- list:` line is a list a page shows: its last clause is the page's ORDER BY,
so a page fetches the first rows in that order (`head`) and the number of rows (`count`) without sorting or
shipping a national table, while an export still runs the query whole (`run`). A list that also carries a
`-- one pass:` line derives its rows by aggregation: a page takes its first rows, count and sums from a single
run instead of aggregating twice (its ORDER BY must name output columns only)."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import duckdb
import polars as pl

from warehouse.paths import SQL_DIR

LIST_MARK = re.compile(r"^--\s*list:", re.MULTILINE)
ONE_PASS_MARK = re.compile(r"^--\s*one pass:", re.MULTILINE)


class Page(NamedTuple):
    """What a page shows of a list: its first rows, and over the whole list its number of rows, the sum of
    some columns and the number of distinct values of others (e.g. 涉及 N 个主管部门)."""

    rows: pl.DataFrame
    total: int
    sums: dict[str, object]
    distinct: dict[str, int]


@cache
def sql_text(name: str) -> str:
    return (SQL_DIR / "queries" / f"{name}.sql").read_text(encoding="utf-8")


def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pl.DataFrame:
    """Run sql/queries/<name>.sql on its own cursor (safe from several threads) and return polars."""
    return _run(con, sql_text(name), params)


def is_list(name: str) -> bool:
    return LIST_MARK.search(sql_text(name)) is not None


def head(con: duckdb.DuckDBPyConnection, name: str, limit: int, **params: object) -> pl.DataFrame:
    """The first `limit` rows of a list query in its own order (the same rows `run` returns first)."""
    _order_start(name)  # a list must end with its ORDER BY, else "first" means nothing
    return _run(con, f"{_query_body(name)}\nLIMIT {int(limit)}", params)


def count(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> int:
    """How many rows `run` returns, without sorting them (the final ORDER BY is dropped)."""
    return int(totals(con, name, (), **params)["rows"])


def totals(
    con: duckdb.DuckDBPyConnection,
    name: str,
    columns: tuple[str, ...],
    distinct: tuple[str, ...] = (),
    **params: object,
) -> dict[str, object]:
    """The number of rows `run` returns (`rows`), the sum of each of `columns` and the number of distinct
    (non-null) values of each of `distinct` (as `distinct:<column>`) over all of them, without sorting or
    fetching the rows."""
    unordered = _query_body(name)[: _order_start(name)]
    aggregates = "".join(f', sum("{c}") AS "{c}"' for c in columns)
    aggregates += "".join(f', count(DISTINCT "{c}") AS "distinct:{c}"' for c in distinct)
    return _run(con, f"SELECT count(*) AS rows{aggregates} FROM (\n{unordered}\n)", params).row(0, named=True)


def page(
    con: duckdb.DuckDBPyConnection,
    name: str,
    limit: int,
    sums: tuple[str, ...] = (),
    distinct: tuple[str, ...] = (),
    **params: object,
) -> Page:
    """What a page shows of a list: its first `limit` rows, the number of rows of the whole list, the sums
    of the `sums` columns and the distinct values of the `distinct` columns over it (counted apart only
    when the list is longer than the page)."""
    if ONE_PASS_MARK.search(sql_text(name)):
        return _page_in_one_pass(con, name, limit, sums, distinct, params)
    rows = head(con, name, limit, **params)
    if rows.height < limit:  # the whole list is on screen
        return Page(
            rows,
            rows.height,
            {c: rows[c].sum() if rows.height else None for c in sums},
            {c: rows[c].drop_nulls().n_unique() for c in distinct},
        )
    whole = totals(con, name, sums, distinct, **params)
    return Page(
        rows,
        int(whole["rows"]),
        {c: whole[c] for c in sums},
        {c: int(whole[f"distinct:{c}"]) for c in distinct},
    )


def _page_in_one_pass(
    con: duckdb.DuckDBPyConnection,
    name: str,
    limit: int,
    sums: tuple[str, ...],
    distinct: tuple[str, ...],
    params: dict,
) -> Page:
    """`page` from one run: the whole list's count, sums and distinct counts ride along as window columns
    over every row, then the list's own ORDER BY keeps the first `limit` rows (a top-N, not a sort of the
    whole list)."""
    body = _query_body(name)
    start = _order_start(name)
    windows = [
        ("__rows", "count(*)"),
        *((f"__sum_{i}", f'sum("{c}")') for i, c in enumerate(sums)),
        *((f"__distinct_{i}", f'count(DISTINCT "{c}")') for i, c in enumerate(distinct)),
    ]
    extra = "".join(f', {expression} OVER () AS "{alias}"' for alias, expression in windows)
    text = f"SELECT *{extra} FROM (\n{body[:start]}\n)\n{body[start:]}\nLIMIT {int(limit)}"
    rows = _run(con, text, params)
    first = rows.row(0, named=True) if rows.height else {}
    return Page(
        rows.drop([alias for alias, _ in windows]),
        int(first.get("__rows", 0)),
        {c: first.get(f"__sum_{i}") for i, c in enumerate(sums)},
        {c: int(first.get(f"__distinct_{i}", 0)) for i, c in enumerate(distinct)},
    )


def _run(con: duckdb.DuckDBPyConnection, text: str, params: dict) -> pl.DataFrame:
    cursor = con.cursor()
    try:
        return cursor.sql(text, params=params or None).pl()
    finally:
        cursor.close()


@cache
def _query_body(name: str) -> str:
    """A named query's statement, worked out once per process (blanking comments walks the text by character)."""
    return _body(sql_text(name))


def _body(text: str) -> str:
    """The statement without comments, trailing semicolon or blank tail."""
    return _code(text).rstrip().rstrip(";").rstrip()


def _code(text: str) -> str:
    """The text with `--` comments blanked (not inside quotes), so clause positions can be found."""
    out, quote, i = [], None, 0
    while i < len(text):
        ch = text[i]
        if quote:
            out.append(ch)
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif text.startswith("--", i):
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            out.append(" " * (end - i))
            i = end
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


@cache
def _order_start(name: str) -> int:
    return order_start(_query_body(name), name)


def order_start(body: str, name: str) -> int:
    """Where a statement's final top-level ORDER BY starts (outside brackets, quotes and comments)."""
    body = _code(body)
    depth, quote, last = 0, None, -1
    for i, ch in enumerate(body):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif (
            depth == 0
            and not (i and (body[i - 1].isalnum() or body[i - 1] == "_"))
            and re.match(r"ORDER\s+BY\b", body[i : i + 12], re.IGNORECASE)
        ):
            last = i
    tail = body[last:] if last >= 0 else ""
    if last < 0 or re.search(r"\b(LIMIT|OFFSET)\b", tail, re.IGNORECASE):
        raise ValueError(f"查询 {name} 不是以 ORDER BY 结尾的列表，无法只取前几行")
    return last
