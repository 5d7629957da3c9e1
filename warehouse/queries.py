"""Named queries: every dashboard and report query is a file in sql/queries/, run with bound parameters."""

from __future__ import annotations

from functools import cache

import duckdb
import polars as pl

from warehouse.paths import SQL_DIR


@cache
def sql_text(name: str) -> str:
    return (SQL_DIR / "queries" / f"{name}.sql").read_text(encoding="utf-8")


def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pl.DataFrame:
    """Run sql/queries/<name>.sql on its own cursor (safe from several threads) and return polars."""
    cursor = con.cursor()
    try:
        return cursor.sql(sql_text(name), params=params or None).pl()
    finally:
        cursor.close()
