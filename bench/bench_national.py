"""National-scale simulation: the dashboard's page queries over ~2,800 counties (≈3 M projects, ≈30 M
indicators) on one machine, from DuckDB tables and from the Hive-partitioned Parquet that `jixiao export`
writes.

The county warehouse (the bundled sample unless --db is given) is replicated once per simulated county with
its own region name, so shapes and distributions are a real county's. Every query file in sql/queries/ runs
with the filters a page sends (one year; all regions, then one county), --runs times each; the script prints
p50 / p95 / max per query and the p95 over all of them, for both storages.

    .venv/bin/python bench/bench_national.py                      # 2,800 counties
    .venv/bin/python bench/bench_national.py --counties 20 --runs 2   # smoke run (CI)
    .venv/bin/python bench/bench_national.py --work DIR --reuse --queries overview_funnel,submission_ledger
"""

from __future__ import annotations

import argparse
import contextlib
import math
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warehouse import profiles, queries, scoped  # noqa: E402
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
    "uncovered_only": True,
    "work_year": 2022,
    "work_years": [2022],
    "previous_years": [2020],
    "statuses": [],
    "offices": [],
    "second_levels": [],
    "sectors": [],
}
# the cycle-wide queries (漏斗, problems, filters) take each stage's year of working year 2022
STAGE_PARAMS = {
    "exante": "exante_years",
    "target": "target_years",
    "monitoring": "monitoring_years",
    "self_eval": "self_years",
    "dept_self_eval": "dept_years",
    "evaluation": "eval_years",
}
BASELINE = "aae378a"  # the page queries before this work: every list fetched whole


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _replicate(con: duckdb.DuckDBPyConnection, view: str, copies: int) -> int:
    """mart.<view> of the attached county, once per row of `counties` with that county's region name (and
    the indicators `copies` times more, to reach the national count)."""
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
    con.execute(f"CREATE OR REPLACE TABLE mart.{view} AS {select}")
    return con.execute(f"SELECT count(*) FROM mart.{view}").fetchone()[0]


def _county_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        v
        for (v,) in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE database_name = 'county' AND schema_name = 'mart' "
            "AND NOT internal"
        ).fetchall()
    ]


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
    sizes = {view: _replicate(con, view, copies) for view in _county_views(con)}
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
                if folder.is_dir() and any(folder.rglob("*.parquet"))
                else f"read_parquet({_quoted(folder.with_suffix('.parquet'))})"
            )
        con.execute(f"CREATE VIEW {schema}.{table} AS SELECT * FROM {source}")
    for statement in scoped._macro_statements():
        # as in a scoped connection: a macro over a load's own bookkeeping (raw.*) is simply not there
        with contextlib.suppress(duckdb.CatalogException, duckdb.BinderException):
            con.execute(statement)
    return con


def refresh(county_db: Path, national: Path, parquet: Path) -> dict[str, int]:
    """Bring national files built by an older warehouse up to date: the county's current configuration,
    and the mart relations the county has and the national file lacks (e.g. tables added at publish time),
    replicated like the rest and exported to the Parquet folder."""
    con = duckdb.connect(str(national))
    con.execute(f"ATTACH {_quoted(county_db)} AS county (READ_ONLY)")
    for (table,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'county' AND schema_name = 'cfg'"
    ).fetchall():
        con.execute(f"CREATE OR REPLACE TABLE cfg.{table} AS SELECT * FROM county.cfg.{table}")
    present = {
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'mart'"
        ).fetchall()
    }
    added = {view: _replicate(con, view, 1) for view in _county_views(con) if view not in present}
    con.execute("DETACH county")
    con.close()
    if added:
        export_parquet(national, parquet, only=set(added))
    return added


def export_parquet(database: Path, out: Path, only: set[str] | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(database), read_only=True)
    for (view,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'mart'"
    ).fetchall():
        if only is not None and view not in only:
            continue
        columns = {
            c
            for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'mart' AND table_name = ?",
                [view],
            ).fetchall()
        }
        empty = con.execute(f"SELECT count(*) = 0 FROM mart.{view}").fetchone()[0]
        if {"region", "fiscal_year"} <= columns and not empty:  # an empty table has no partition to write
            con.execute(
                f"COPY mart.{view} TO {_quoted(out / view)} (FORMAT parquet, PARTITION_BY (fiscal_year))"
            )
        else:
            con.execute(f"COPY mart.{view} TO {_quoted(out / (view + '.parquet'))} (FORMAT parquet)")
    con.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def page_params() -> dict[str, object]:
    params = dict(PAGE_PARAMS)
    offsets = profiles.cycle_offsets()
    for stage, name in STAGE_PARAMS.items():
        params[name] = [PAGE_PARAMS["work_year"] + offsets[stage]]
    params["cycle"] = [
        f"{label}:{PAGE_PARAMS['work_year'] + offsets[stage]}"
        for stage, (_, labels) in profiles.CYCLE_STAGES.items()
        for label in labels
    ]
    params["order"] = profiles.fund_categories()
    return params


def baseline_texts(commit: str) -> dict[str, str] | None:
    """The named queries as they were at `commit` (read from git, not checked out); None when this checkout
    does not hold that commit (e.g. a shallow clone)."""
    try:
        return _git_texts(commit)
    except (OSError, subprocess.CalledProcessError):
        print(f"基线提交 {commit} 不在此检出中：只测当前的查询", file=sys.stderr)
        return None


def _git_texts(commit: str) -> dict[str, str]:
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-tree", "--name-only", f"{commit}:sql/queries"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return {
        Path(f).stem: subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{commit}:sql/queries/{f}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for f in listed
        if f.endswith(".sql")
    }


def _bound(text: str, region: str | None) -> dict[str, object] | None:
    """The parameters a page sends this query, or None when the bench cannot play that page."""
    used = set(re.findall(r"\$([a-z_]+)", text))
    every = page_params()
    params = {k: every[k] for k in used if k in every}
    if "regions" in used:
        params["regions"] = [region] if region else []
    return None if used - params.keys() else params


def run_queries(
    con: duckdb.DuckDBPyConnection,
    runs: int,
    region: str | None,
    before: dict[str, str] | None,
    rows: int,
    only: set[str] | None = None,
) -> dict[str, list[float]]:
    """Each query as a page ran it: before, every query whole; after, a list's first `rows` rows and its
    count (warehouse.queries.page, what dashboard.data.listing runs), every other query whole. `only`
    restricts the run to those query names."""
    texts = (
        before
        if before is not None
        else {p.stem: queries.sql_text(p.stem) for p in (SQL_DIR / "queries").glob("*.sql")}
    )
    if only is not None:
        texts = {name: text for name, text in texts.items() if name in only}
    timings: dict[str, list[float]] = {}
    for name in sorted(texts):
        params = _bound(texts[name], region)
        if params is None:
            continue
        for _ in range(runs):
            start = time.perf_counter()
            try:
                if before is not None:
                    cursor = con.cursor()
                    cursor.sql(texts[name], params=params or None).pl()
                    cursor.close()
                elif queries.is_list(name):
                    queries.page(con, name, rows, **params)
                else:
                    queries.run(con, name, **params)
            except duckdb.Error as exc:  # a query the national copy cannot answer (e.g. the load log)
                print(
                    f"  {name}: 跳过（{type(exc).__name__}：{str(exc).splitlines()[0][:80]}）",
                    file=sys.stderr,
                )
                break
            timings.setdefault(name, []).append((time.perf_counter() - start) * 1000)
    return timings


def _all(timings: dict[str, list[float]]) -> list[float]:
    return [v for values in timings.values() for v in values]


def report(title: str, before: dict[str, list[float]], after: dict[str, list[float]]) -> tuple[float, float]:
    """Per query p50 / p95 before and after (slowest after first), then the p95 over every query."""
    print(f"\n{title}")
    print(f"{'query':32} {'before p50':>11} {'p95':>9} {'after p50':>10} {'p95':>9}   (ms)")

    def cells(values: list[float] | None) -> str:
        if not values:
            return f"{'—':>11} {'—':>9}"
        return f"{statistics.median(values):11.0f} {percentile(values, 0.95):9.0f}"

    names = sorted(before.keys() | after.keys(), key=lambda n: -percentile(before.get(n) or after[n], 0.95))
    for name in names:
        print(f"{name:32} {cells(before.get(name))} {cells(after.get(name))}")
    old, new = _all(before), _all(after)
    print(f"{'ALL QUERIES':32} {cells(old)} {cells(new)}")
    return (percentile(old, 0.95) if old else math.nan), percentile(new, 0.95)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=default_db(), help="the county warehouse to replicate")
    parser.add_argument("--counties", type=int, default=2800)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--rows", type=int, default=1000, help="rows a page shows of a list (JIXIAO_LIST_ROWS)"
    )
    parser.add_argument("--before", default=BASELINE, help="the commit whose sql/queries are the baseline")
    parser.add_argument("--work", type=Path, help="keep the national files here (default: a temp folder)")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the national files in --work (refresh cfg only)"
    )
    parser.add_argument(
        "--queries",
        help="only these queries (names of sql/queries files, comma-separated); default every one",
    )
    args = parser.parse_args()
    only = None
    if args.queries:
        only = {name.strip() for name in args.queries.split(",") if name.strip()}
        unknown = only - {p.stem for p in (SQL_DIR / "queries").glob("*.sql")}
        if unknown:
            parser.error(f"没有这些查询：{'、'.join(sorted(unknown))}")
    county = args.db.resolve()
    work = args.work or Path(tempfile.mkdtemp(prefix="jixiao-national-"))
    work.mkdir(parents=True, exist_ok=True)
    national = work / "national.duckdb"
    parquet = work / "parquet"
    if args.reuse and national.exists() and parquet.exists():
        for view, rows in sorted(refresh(county, national, parquet).items()):
            print(f"  added mart.{view}: {rows:,} rows")
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
    with duckdb.connect(str(national), read_only=True) as con:
        indicators = con.execute("SELECT count(*) FROM mart.indicator").fetchone()[0]
        projects = con.execute("SELECT count(*) FROM mart.project_self_eval").fetchone()[0]
    size = sum(p.stat().st_size for p in parquet.rglob("*.parquet"))
    print(
        f"national files: {national.stat().st_size / 2**30:.2f} GiB DuckDB, {size / 2**30:.2f} GiB Parquet; "
        f"{projects:,} project rows, {indicators:,} indicators"
    )
    one = "模拟县0001"
    baseline = baseline_texts(args.before)
    targets = []
    for storage, folder in (("DuckDB tables", None), ("Parquet (Hive-partitioned)", parquet)):
        con = open_with_macros(national, folder)
        for scope, region in (
            (f"all {args.counties:,} counties", None),
            (f"one county of {args.counties:,}", one),
        ):
            before = run_queries(con, args.runs, region, baseline, args.rows, only) if baseline else {}
            after = run_queries(con, args.runs, region, None, args.rows, only)
            p95 = report(
                f"{storage} — {scope}, one year (before = {args.before}, after = this tree)", before, after
            )
            targets.append((storage, scope, *p95))
        con.close()
    print(f"\npage queries at national scale ({indicators:,} indicators): p95 (target ≤ 1,000 ms)")
    print(f"{'storage':28} {'scope':24} {'before':>9} {'after':>9}")
    for storage, scope, old, new in targets:
        print(f"{storage:28} {scope:24} {old:9.0f} {new:9.0f}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
