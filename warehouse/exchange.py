"""Past one machine: the warehouse as Hive-partitioned Parquet that DuckDB, Spark or Trino read as is, and
a prefecture or province warehouse built from its counties' exports.

An export holds two trees: `mart/<view>/region=…/fiscal_year=…/*.parquet` for engines and analysts, and
`stg/<table>/…` (the staged records with their lineage) from which `load_exports` rebuilds a warehouse of
many counties with the same transforms, rules and views as a county's own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import duckdb

from warehouse import schema, state, store

FORMAT = "jixiao-parquet/1"
# staged tables a warehouse is rebuilt from (raw.load_log travels too, so lineage and sample flags survive)
STAGED = (
    ("stg", "project_self_eval"),
    ("stg", "dept_self_eval"),
    ("stg", "evaluation"),
    ("stg", "monitoring"),
    ("stg", "performance_target"),
    ("stg", "indicator"),
    ("stg", "exante_assessment"),
    ("stg", "rejected_row"),
    ("raw", "load_log"),
)


class ExchangeError(RuntimeError):
    """An export cannot be written or read; the message is for the user."""


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _columns(con: duckdb.DuckDBPyConnection, schema_name: str, name: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? ORDER BY column_index",
        [schema_name, name],
    ).fetchall()
    return [c for (c,) in rows]


def _copy(con: duckdb.DuckDBPyConnection, relation: str, columns: list[str], target: Path) -> None:
    """One relation to Parquet: partitioned by region and year where it has both, else one file."""
    if {"region", "fiscal_year"} <= set(columns):
        target.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY (SELECT * FROM {relation}) TO {_quoted(target)} "
            "(FORMAT parquet, PARTITION_BY (region, fiscal_year), OVERWRITE_OR_IGNORE)"
        )
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY (SELECT * FROM {relation}) TO {_quoted(target.with_suffix('.parquet'))} (FORMAT parquet)"
        )


def export(db: Path, out: Path) -> dict:
    """Write the current warehouse version to `out`; return the manifest (row counts per relation)."""
    current = store.current_version(db)
    if current is None:
        raise ExchangeError(f"数据仓库不存在：{db}")
    if out.exists() and any(out.iterdir()):
        raise ExchangeError(f"导出目录 {out} 不是空的：请指定新的目录，避免新旧文件混在一起")
    con = duckdb.connect(str(current), read_only=True)
    counts: dict[str, int] = {}
    try:
        views = con.execute(
            "SELECT view_name FROM duckdb_views() WHERE schema_name = 'mart' AND NOT internal ORDER BY 1"
        ).fetchall()
        for (view,) in views:
            _copy(con, f"mart.{view}", _columns(con, "mart", view), out / "mart" / view)
            counts[f"mart.{view}"] = con.execute(f"SELECT count(*) FROM mart.{view}").fetchone()[0]
        for schema_name, table in STAGED:
            _copy(con, f"{schema_name}.{table}", _columns(con, schema_name, table), out / "stg" / table)
            counts[f"{schema_name}.{table}"] = con.execute(
                f"SELECT count(*) FROM {schema_name}.{table}"
            ).fetchone()[0]
    finally:
        con.close()
    manifest = {
        "format": FORMAT,
        "exported_at": state.now(),
        "warehouse_version": current.name,
        "rows": counts,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _manifest(folder: Path) -> dict:
    path = folder / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ExchangeError(f"{folder} 不是绩效看板的 Parquet 导出（manifest.json 无法读取：{exc}）") from exc
    if manifest.get("format") != FORMAT:
        raise ExchangeError(f"{folder} 的导出格式“{manifest.get('format')}”无法识别")
    return manifest


def _source(folder: Path, table: str) -> str | None:
    """A read_parquet over one staged table of an export, or None when the table was empty (no files)."""
    partitioned = folder / "stg" / table
    if partitioned.is_dir():
        if not any(partitioned.rglob("*.parquet")):
            return None
        return f"read_parquet({_quoted(partitioned / '**' / '*.parquet')}, hive_partitioning = true, union_by_name = true)"
    single = partitioned.with_suffix(".parquet")
    return f"read_parquet({_quoted(single)})" if single.is_file() else None


def load_exports(folders: Iterable[Path], db: Path) -> dict[str, int]:
    """Stage every export's records into `db` (each export's rows replace that export's earlier ones; its
    files are named `<export>/<file>` so two counties' data/raw/… never collide), then rebuild and publish."""
    folders = list(folders)
    for folder in folders:
        _manifest(folder)
    loaded: dict[str, int] = {}
    with store.writer_lock(db):
        version = store.new_version(db)
        try:
            con = duckdb.connect(str(version))
            schema.migrate(con)
            con.execute("BEGIN TRANSACTION")
            for folder in folders:
                prefix = folder.name + "/"
                for schema_name, table in STAGED:
                    con.execute(
                        f"DELETE FROM {schema_name}.{table} WHERE starts_with(source_file, ?)", [prefix]
                    )
                    source = _source(folder, table)
                    if source is None:
                        continue
                    exported = {c for (c, *_) in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
                    # columns this warehouse has and the export carries (an older export may lack newer ones)
                    columns = [
                        c for c in _columns(con, schema_name, table) if c in exported and c != "source_file"
                    ]
                    added = con.execute(
                        f"INSERT INTO {schema_name}.{table} BY NAME "
                        f"SELECT ? || source_file AS source_file, {', '.join(columns)} FROM {source}",
                        [prefix],
                    ).fetchone()[0]
                    loaded[f"{folder.name}:{table}"] = added
            schema.rebuild(con)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
        except duckdb.Error as exc:
            store.discard(version)
            raise ExchangeError(f"导入 Parquet 失败，数据仓库未改变：{exc}") from exc
        except BaseException:
            store.discard(version)
            raise
        store.publish(db, version)
    return loaded
