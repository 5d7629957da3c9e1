"""Schema migrations (sql/schema, applied once each, in order) and the rebuild of core and mart
(sql/transform, sql/mart, re-run after every load so they always match the SQL in the repository)."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import duckdb

from warehouse import audit, profiles
from warehouse.paths import SQL_DIR


def _scripts(folder: str) -> list[Path]:
    return sorted((SQL_DIR / folder).glob("*.sql"))


class MigrationError(RuntimeError):
    """An applied migration was edited, or one the warehouse recorded is missing."""


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Apply each sql/schema script once, in order. An applied script is checksummed; editing it afterwards
    is an error (write a new migration instead), never a silent skip."""
    con.execute(
        "CREATE SCHEMA IF NOT EXISTS meta;"
        "CREATE TABLE IF NOT EXISTS meta.migration (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP DEFAULT now());"
        "ALTER TABLE meta.migration ADD COLUMN IF NOT EXISTS checksum VARCHAR"
    )
    applied = dict(con.execute("SELECT name, checksum FROM meta.migration").fetchall())
    scripts = {script.name: script.read_text(encoding="utf-8") for script in _scripts("schema")}
    if missing := sorted(applied.keys() - scripts.keys()):
        raise MigrationError(f"数据仓库记录的迁移脚本在 sql/schema 中不存在：{'、'.join(missing)}")
    for name, text in scripts.items():
        checksum = _checksum(text)
        if name not in applied:
            con.execute(text)
            con.execute("INSERT INTO meta.migration (name, checksum) VALUES (?, ?)", [name, checksum])
        elif applied[name] is None:  # recorded before checksums existed: adopt the current text
            con.execute("UPDATE meta.migration SET checksum = ? WHERE name = ?", [checksum, name])
        elif applied[name] != checksum:
            raise MigrationError(
                f"迁移脚本 sql/schema/{name} 在应用后被修改（校验和不符）；请新增一个迁移脚本，不要修改已应用的脚本"
            )


def refresh_config(con: duckdb.DuckDBPyConnection) -> None:
    """Copy the region profiles into cfg.* so SQL can use them."""
    con.execute("DELETE FROM cfg.grade_band")
    con.executemany("INSERT INTO cfg.grade_band VALUES (?, ?, ?)", profiles.grade_band_rows())
    con.execute("DELETE FROM cfg.region_profile")
    con.executemany("INSERT INTO cfg.region_profile VALUES (?, ?)", profiles.region_aliases())
    con.execute("DELETE FROM cfg.profile")
    con.executemany("INSERT INTO cfg.profile VALUES (?, ?, ?)", profiles.profile_rules())
    con.execute("DELETE FROM cfg.fund_group")
    con.executemany("INSERT INTO cfg.fund_group VALUES (?, ?, ?, ?)", profiles.report_group_rows())
    con.execute("DELETE FROM cfg.grading")
    con.executemany("INSERT INTO cfg.grading VALUES (?, ?, ?)", profiles.grading_rows())
    _refresh_review_config(con)


def _refresh_review_config(con: duckdb.DuckDBPyConnection) -> None:
    """The independent review's lights, thresholds, qualitative bands, score weights and sectors."""
    tables = {
        "review_light_band": profiles.review_light_band_rows(),
        "review_param": profiles.review_param_rows(),
        "review_qualitative_band": profiles.review_qualitative_band_rows(),
        "score_weight": profiles.score_weight_rows(),
        "review_sector": profiles.review_sector_rows(),
    }
    for table, rows in tables.items():
        con.execute(f"DELETE FROM cfg.{table}")
        if rows:
            marks = ", ".join("?" for _ in rows[0])
            con.executemany(f"INSERT INTO cfg.{table} VALUES ({marks})", rows)


def build_digest() -> str:
    """A fingerprint of everything a rebuild runs: the transform, mart and rule SQL and the configuration.
    A warehouse built under another fingerprint is rebuilt by the next load even when no workbook changed."""
    digest = hashlib.sha256()
    sources = [*_scripts("transform"), *_scripts("mart"), *sorted((SQL_DIR / "rules").glob("*"))]
    sources += sorted(profiles.CONFIG_DIR.glob("*.toml"))
    for path in sources:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def is_outdated(con: duckdb.DuckDBPyConnection) -> bool:
    con.execute("CREATE TABLE IF NOT EXISTS meta.build (digest VARCHAR, built_at TIMESTAMP)")
    row = con.execute("SELECT digest FROM meta.build").fetchone()
    return row is None or row[0] != build_digest()


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    refresh_config(con)
    for script in [*_scripts("transform"), *_scripts("mart")]:
        con.execute(script.read_text(encoding="utf-8"))
    store_views(con)
    audit.run(con)
    con.execute("CREATE TABLE IF NOT EXISTS meta.build (digest VARCHAR, built_at TIMESTAMP)")
    con.execute("DELETE FROM meta.build")
    con.execute("INSERT INTO meta.build VALUES (?, now())", [build_digest()])


def stored_views() -> list[str]:
    with open(profiles.CONFIG_DIR / "publish.toml", "rb") as handle:
        return list(tomllib.load(handle)["stored_views"])


def store_views(con: duckdb.DuckDBPyConnection) -> None:
    """Compute the heavy mart views once per publish (warehouse/config/publish.toml): each becomes a table
    in mart_store and mart.<view> a plain view over it, with the same columns and comments, so a page
    query reads stored rows instead of re-deriving grades, rates and joins on every rerun."""
    views = stored_views()
    con.execute("CREATE SCHEMA IF NOT EXISTS mart_store")
    # a view no longer stored (publish.toml changed) leaves no stale copy behind
    for (table,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'mart_store' AND NOT list_contains(?, table_name)",
        [views],
    ).fetchall():
        con.execute(f'DROP TABLE mart_store."{table}"')
    # every view's comments in two queries, and set again in one script: a statement each cost more than the copy
    comments = dict(
        con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'mart' AND list_contains(?, view_name)",
            [views],
        ).fetchall()
    )
    columns = con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() "
        "WHERE schema_name = 'mart' AND list_contains(?, table_name) AND comment IS NOT NULL "
        "ORDER BY table_name, column_index",
        [views],
    ).fetchall()
    if missing := [view for view in views if view not in comments]:
        raise duckdb.CatalogException(f"publish.toml 列出的视图 mart.{missing[0]} 不存在")
    for view in views:
        con.execute(f"CREATE OR REPLACE TABLE mart_store.{view} AS SELECT * FROM mart.{view}")
        con.execute(f"CREATE OR REPLACE VIEW mart.{view} AS SELECT * FROM mart_store.{view}")
    script = [
        f"COMMENT ON VIEW mart.{view} IS {_literal(comments[view])}" for view in views if comments[view]
    ]
    script += [
        f'COMMENT ON COLUMN mart.{view}."{column}" IS {_literal(text)}' for view, column, text in columns
    ]
    if script:
        con.execute(";\n".join(script))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
