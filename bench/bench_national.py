"""National-scale simulation: the dashboard's page queries over ~2,800 counties (≈3 M projects, ≈30 M
indicators) on one machine, from DuckDB tables and from the Hive-partitioned Parquet that `jixiao export`
writes.

The county warehouse (the bundled sample unless --db is given) is replicated once per simulated county with
its own region name, so shapes and distributions are a real county's. Every query file in sql/queries/ runs
with the filters a page sends (one year; all regions, then one county), --runs times each; the script prints
p50 / p95 / max per query and the p95 over all of them, for both storages.

    .venv/bin/python bench/bench_national.py                      # 2,800 counties
    .venv/bin/python bench/bench_national.py --counties 20 --runs 2   # smoke run (CI)
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warehouse import queries, scoped  # noqa: E402
from warehouse.paths import SQL_DIR, default_db  # noqa: E402

TARGET_INDICATORS = 30_000_000
PAGE_PARAMS = {
    "years": [2021],
    "trend_years": [2020, 2021, 2022],
    "year": 2021,
    "departments": [],
    "funds": [],
    "search": "",
    "keyword": "",
    "rules": [],
    "severities": [],
    "stages": [],
    "threshold": 0.6,
    "required": 0.2,
    "min_share": 0.2,
    "cut_below": 80,
    "cut_rate": 0.1,
    "max_points": 4000,
    "window_years": 5,
    "barred_grades": ["优", "良", "中"],
    "failing_likelihoods": ["完全不可能"],
    "min_progress_ratio": 0.5,
    "rejected_keywords": ["不支持", "不予支持"],
    "view": "project_self_eval",
    "project": "",
}


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def build(county_db: Path, out: Path, counties: int) -> dict[str, int]:
    """A national warehouse file whose mart relations are tables of `counties` copies of the county."""
    con = duckdb.connect(str(out))
    con.execute(f"ATTACH {_quoted(county_db)} AS county (READ_ONLY)")
    for schema in ("mart", "cfg", "core", "app"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    indicators = con.execute("SELECT count(*) FROM county.mart.indicator").fetchone()[0]
    copies = max(1, round(TARGET_INDICATORS / max(indicators * counties, 1))) if counties >= 2800 else 1
    con.execute(
        f"CREATE TABLE counties AS SELECT c, '模拟县' || lpad(c::VARCHAR, 4, '0') AS region FROM range({counties}) t(c)"
    )
    views = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE database_name = 'county' AND schema_name = 'mart' AND NOT internal"
    ).fetchall()
    sizes = {}
    for (view,) in views:
        columns = {
            c
            for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'county' AND schema_name = 'mart' "
                "AND table_name = ?",
                [view],
            ).fetchall()
        }
        repeat = f", range({copies}) r(k)" if view == "indicator" else ""
        if "region" in columns:
            select = f"SELECT v.* REPLACE (n.region AS region) FROM county.mart.{view} v, counties n{repeat}"
        else:
            select = f"SELECT * FROM county.mart.{view}"
        con.execute(f"CREATE TABLE mart.{view} AS {select}")
        sizes[view] = con.execute(f"SELECT count(*) FROM mart.{view}").fetchone()[0]
    for (table,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'county' AND schema_name = 'cfg'"
    ).fetchall():
        con.execute(f"CREATE TABLE cfg.{table} AS SELECT * FROM county.cfg.{table}")
    con.execute("CREATE TABLE core.dim_year AS SELECT * FROM county.core.dim_year")
    con.execute(
        "CREATE TABLE core.dim_region AS SELECT c + 1 AS region_id, region, 'national' AS profile FROM counties"
    )
    con.execute("DETACH county")
    con.close()
    return sizes


def open_with_macros(database: Path, parquet: Path | None) -> duckdb.DuckDBPyConnection:
    """A connection where mart.* are the national tables (or views over the Parquet export) and the
    dashboard's macros exist, as the dashboard's own connection has them."""
    con = duckdb.connect()
    con.execute(f"ATTACH {_quoted(database)} AS nat (READ_ONLY)")
    for schema in ("mart", "cfg", "core", "app"):
        con.execute(f"CREATE SCHEMA {schema}")
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = 'nat' "
        "AND schema_name IN ('mart', 'cfg', 'core')"
    ).fetchall()
    for schema, table in tables:
        source = f"nat.{schema}.{table}"
        if schema == "mart" and parquet is not None:
            folder = parquet / table
            source = (
                f"read_parquet({_quoted(folder / '**' / '*.parquet')}, hive_partitioning = true)"
                if folder.is_dir()
                else f"read_parquet({_quoted(folder.with_suffix('.parquet'))})"
            )
        con.execute(f"CREATE VIEW {schema}.{table} AS SELECT * FROM {source}")
    for statement in scoped._macro_statements():
        con.execute(statement)
    return con


def refresh_config(county_db: Path, national: Path) -> None:
    """The county's current configuration tables, for national files built by an older warehouse."""
    con = duckdb.connect(str(national))
    con.execute(f"ATTACH {_quoted(county_db)} AS county (READ_ONLY)")
    for (table,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'county' AND schema_name = 'cfg'"
    ).fetchall():
        con.execute(f"CREATE OR REPLACE TABLE cfg.{table} AS SELECT * FROM county.cfg.{table}")
    con.close()


def export_parquet(database: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(database), read_only=True)
    for (view,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'mart'"
    ).fetchall():
        columns = {
            c
            for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'mart' AND table_name = ?",
                [view],
            ).fetchall()
        }
        if {"region", "fiscal_year"} <= columns:
            con.execute(
                f"COPY mart.{view} TO {_quoted(out / view)} (FORMAT parquet, PARTITION_BY (fiscal_year))"
            )
        else:
            con.execute(f"COPY mart.{view} TO {_quoted(out / (view + '.parquet'))} (FORMAT parquet)")
    con.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def run_queries(con: duckdb.DuckDBPyConnection, runs: int, region: str | None) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    for path in sorted((SQL_DIR / "queries").glob("*.sql")):
        name = path.stem
        used = set(re.findall(r"\$([a-z_]+)", queries.sql_text(name)))
        params = {k: PAGE_PARAMS[k] for k in used if k in PAGE_PARAMS}
        if "regions" in used:
            params["regions"] = [region] if region else []
        if used - params.keys():
            continue
        for _ in range(runs):
            start = time.perf_counter()
            try:
                queries.run(con, name, **params)
            except duckdb.Error as exc:  # a query the national copy cannot answer (e.g. the load log)
                print(f"  {name}: 跳过（{type(exc).__name__}）", file=sys.stderr)
                break
            timings.setdefault(name, []).append((time.perf_counter() - start) * 1000)
    return timings


def report(title: str, timings: dict[str, list[float]]) -> None:
    print(f"\n{title}")
    print(f"{'query':32} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    every = []
    for name, values in sorted(timings.items(), key=lambda kv: -percentile(kv[1], 0.95)):
        every += values
        print(
            f"{name:32} {statistics.median(values):9.0f} {percentile(values, 0.95):9.0f} {max(values):9.0f}"
        )
    print(
        f"{'ALL QUERIES':32} {statistics.median(every):9.0f} {percentile(every, 0.95):9.0f} {max(every):9.0f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=default_db(), help="the county warehouse to replicate")
    parser.add_argument("--counties", type=int, default=2800)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="keep the national files here (default: a temp folder)")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the national files in --work (refresh cfg only)"
    )
    args = parser.parse_args()
    county = args.db.resolve()
    work = args.work or Path(tempfile.mkdtemp(prefix="jixiao-national-"))
    work.mkdir(parents=True, exist_ok=True)
    national = work / "national.duckdb"
    parquet = work / "parquet"
    if args.reuse and national.exists() and parquet.exists():
        refresh_config(county, national)
    else:
        national.unlink(missing_ok=True)
        start = time.perf_counter()
        sizes = build(county, national, args.counties)
        print(
            f"built {national} in {time.perf_counter() - start:.1f} s, {national.stat().st_size / 2**30:.2f} GiB"
        )
        for view, rows in sorted(sizes.items()):
            print(f"  mart.{view}: {rows:,} rows")
        shutil.rmtree(parquet, ignore_errors=True)
        start = time.perf_counter()
        export_parquet(national, parquet)
        size = sum(p.stat().st_size for p in parquet.rglob("*.parquet"))
        print(f"exported Parquet in {time.perf_counter() - start:.1f} s, {size / 2**30:.2f} GiB")
    one = "模拟县0001"
    for storage, folder in (("DuckDB tables", None), ("Parquet (Hive-partitioned)", parquet)):
        con = open_with_macros(national, folder)
        report(f"{storage} — all {args.counties:,} counties, one year", run_queries(con, args.runs, None))
        report(f"{storage} — one county of {args.counties:,}", run_queries(con, args.runs, one))
        con.close()
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
