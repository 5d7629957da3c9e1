"""Schema migrations (sql/schema, applied once each, in order) and the rebuild of core and mart
(sql/transform, sql/mart, re-run after every load so they always match the SQL in the repository)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl import config
from warehouse import audit
from warehouse.paths import SQL_DIR


def _scripts(folder: str) -> list[Path]:
    return sorted((SQL_DIR / folder).glob("*.sql"))


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE SCHEMA IF NOT EXISTS meta;"
        "CREATE TABLE IF NOT EXISTS meta.migration (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP DEFAULT now())"
    )
    applied = {name for (name,) in con.execute("SELECT name FROM meta.migration").fetchall()}
    for script in _scripts("schema"):
        if script.name not in applied:
            con.execute(script.read_text(encoding="utf-8"))
            con.execute("INSERT INTO meta.migration (name) VALUES (?)", [script.name])


def refresh_config(con: duckdb.DuckDBPyConnection) -> None:
    """Copy the region profiles from etl/config into cfg.* so SQL can use them."""
    con.execute("DELETE FROM cfg.grade_band")
    con.executemany("INSERT INTO cfg.grade_band VALUES (?, ?, ?)", config.grade_band_rows())
    con.execute("DELETE FROM cfg.region_profile")
    con.executemany("INSERT INTO cfg.region_profile VALUES (?, ?)", config.region_aliases())
    con.execute("DELETE FROM cfg.profile")
    con.executemany("INSERT INTO cfg.profile VALUES (?, ?, ?)", config.profile_rules())
    con.execute("DELETE FROM cfg.fund_group")
    con.executemany("INSERT INTO cfg.fund_group VALUES (?, ?, ?, ?)", config.report_group_rows())


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    refresh_config(con)
    for script in [*_scripts("transform"), *_scripts("mart")]:
        con.execute(script.read_text(encoding="utf-8"))
    audit.run(con)
