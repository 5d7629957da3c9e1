"""Row scope enforced by the warehouse, not by pages: a user who may see only some departments (or fund
categories) gets a connection in which `mart.*` holds only those rows.

The connection is an in-memory database that attaches the published warehouse read-only and defines, under
the same names, `mart` views filtered to the user's departments and fund categories, the configuration
(`cfg`), the non-sensitive dimensions (years, regions) and the SQL macros that queries use. Nothing else of
the warehouse is reachable by an unqualified name, so a query that reads a table outside that list fails
instead of showing other departments' rows. The allowed values are stored in a table, never spliced into SQL.
"""

from __future__ import annotations

import contextlib

import duckdb

from warehouse.paths import SQL_DIR

# non-sensitive core tables the dashboard's filters read (the years and regions that exist)
SHARED_CORE = ("dim_year", "dim_region")
MACRO_SOURCES = ("transform/*.sql", "rules/_helpers.sql", "mart/9*.sql")


def _columns(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = 'wh' AND schema_name = ? AND table_name = ?",
        [schema, name],
    ).fetchall()
    return {c for (c,) in rows}


# catalogues every user may read whole: they hold no department's rows
REFERENCE_VIEWS = frozenset({"audit_rule", "problem_type"})


def _row_filter(name: str, columns: set[str]) -> str:
    """The predicate that keeps a row of a mart view: its department is allowed, or its fund category is."""
    allowed_department = "department IN (SELECT value FROM scope.allowed WHERE kind = 'department')"
    if name in REFERENCE_VIEWS:
        return "true"
    if "department" not in columns:
        return "false"  # e.g. the load log: not a department's row
    if {"fund_type", "fund_tags"} <= columns:
        return (
            f"({allowed_department} OR fund_type IN (SELECT value FROM scope.allowed WHERE kind = 'fund') "
            "OR list_has_any(coalesce(fund_tags, []), (SELECT list(value) FROM scope.allowed WHERE kind = 'fund')))"
        )
    return allowed_department


def _macro_statements() -> list[str]:
    statements = []
    for pattern in MACRO_SOURCES:
        for path in sorted(SQL_DIR.glob(pattern)):
            for statement in duckdb.extract_statements(path.read_text(encoding="utf-8")):
                code = "\n".join(
                    line for line in statement.query.splitlines() if not line.lstrip().startswith("--")
                )
                if code.strip().upper().startswith(("CREATE OR REPLACE MACRO", "CREATE MACRO")):
                    statements.append(statement.query)
    return statements


def connect(
    version_file: str, departments: tuple[str, ...], fund_types: tuple[str, ...]
) -> duckdb.DuckDBPyConnection:
    """A read-only view of the warehouse limited to these departments and fund categories."""
    con = duckdb.connect(":memory:")
    escaped = version_file.replace("'", "''")
    con.execute(f"ATTACH '{escaped}' AS wh (READ_ONLY)")
    con.execute("CREATE SCHEMA scope; CREATE TABLE scope.allowed (kind VARCHAR, value VARCHAR)")
    con.executemany(
        "INSERT INTO scope.allowed VALUES (?, ?)",
        [("department", d) for d in departments] + [("fund", f) for f in fund_types],
    )
    for schema in ("mart", "cfg", "core", "app"):
        con.execute(f"CREATE SCHEMA {schema}")
    views = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE database_name = 'wh' AND schema_name = 'mart'"
    ).fetchall()
    for (name,) in views:
        where = _row_filter(name, _columns(con, "mart", name))
        con.execute(f'CREATE VIEW mart."{name}" AS SELECT * FROM wh.mart."{name}" WHERE {where}')
    tables = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'wh' AND schema_name = 'cfg'"
    ).fetchall()
    for (name,) in tables:
        con.execute(f'CREATE VIEW cfg."{name}" AS SELECT * FROM wh.cfg."{name}"')
    for name in SHARED_CORE:
        con.execute(f'CREATE VIEW core."{name}" AS SELECT * FROM wh.core."{name}"')
    for statement in _macro_statements():
        # a macro over tables outside the scope (a load's own bookkeeping) is simply not there
        with contextlib.suppress(duckdb.CatalogException, duckdb.BinderException):
            con.execute(statement)
    return con
