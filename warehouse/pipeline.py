"""The load pipeline: discover → parse → stage → transform → audit → publish.

Nothing is half-written: all changes go into a copy of the warehouse that replaces the current one only
when everything succeeded. A file whose content was loaded before (same path, same hash) is skipped;
a changed file replaces exactly its own earlier rows; bad rows are kept in stg.rejected_row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from etl.parse import INCOMPLETE_STATUSES, FileReport, parse_file
from etl.records import Rejection
from etl.workbook import is_workbook
from warehouse import profiles, schema, store
from warehouse.paths import SAMPLE_DIR, SQL_DIR, display_path

STG_TABLES = (
    "project_self_eval",
    "dept_self_eval",
    "evaluation",
    "monitoring",
    "performance_target",
    "indicator",
    "exante_assessment",
)
SAMPLE_MANIFEST = SAMPLE_DIR / "SAMPLE.sha256"


@dataclass
class LoadReport:
    files: list[FileReport]
    published: bool
    updated_projects: int = 0  # project-years (department-years) whose values a file of this load replaced

    @property
    def exit_code(self) -> int:
        return 1 if any(f.status in INCOMPLETE_STATUSES for f in self.files) else 0


@cache
def sample_hashes() -> frozenset[str]:
    """Hashes of the bundled synthetic workbooks (written by `jixiao sample`)."""
    if not SAMPLE_MANIFEST.exists():
        return frozenset()
    return frozenset(
        line.split()[0] for line in SAMPLE_MANIFEST.read_text(encoding="utf-8").splitlines() if line
    )


def discover(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and is_workbook(p))
        elif path.is_file() and not path.name.startswith("~$"):
            found.append(path)
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _settle_regions(report: FileReport, fallback: str | None) -> None:
    """Every record's region as the warehouse's profile names it: what the file wrote, else the caller's
    hint, else the deployment's own region (本级区划) — and the report says which files took that default."""
    defaulted = 0
    for records in report.records.values():
        for record in records:
            if not (record.get("region") or fallback):
                defaulted += 1
                record["region_source"] = "本级区划"
            elif not record.get("region"):
                record["region_source"] = "指定区划"
            record["region"] = profiles.canonical_region(record.get("region") or fallback)
    if defaulted:
        report.add_message(f"文件未写明区划，按本级区划「{profiles.default_region()}」加载 {defaulted} 行")


def _polars_type(duck_type: str) -> pl.DataType:
    if duck_type.startswith("DECIMAL"):
        return pl.Decimal(38, 10)  # DuckDB rounds to the column's own scale on insert
    return {
        "VARCHAR": pl.String,
        "INTEGER": pl.Int64,
        "BIGINT": pl.Int64,
        "BOOLEAN": pl.Boolean,
        "VARCHAR[]": pl.List(pl.String),
    }[duck_type]


def _insert(con: duckdb.DuckDBPyConnection, table: str, records: list[dict]) -> None:
    if not records:
        return
    columns = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'stg' AND table_name = ? "
        "ORDER BY column_index",
        [table],
    ).fetchall()
    schema = {name: _polars_type(kind) for name, kind in columns}
    frame = pl.DataFrame([{c: r.get(c) for c in schema} for r in records], schema=schema, strict=False)
    con.register("incoming", frame.to_arrow())
    con.execute(f"INSERT INTO stg.{table} BY NAME SELECT * FROM incoming")
    con.unregister("incoming")


def _required_columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'stg' AND NOT is_nullable"
    ).fetchall()
    required: dict[str, set[str]] = {}
    for table, column in rows:
        required.setdefault(table, set()).add(column)
    return required


def _hold_back_incomplete(report: FileReport, required: dict[str, set[str]]) -> None:
    """A record missing a value its stage table cannot do without becomes a rejected row, never a failed load."""
    for table, records in report.records.items():
        kept = []
        for record in records:
            missing = sorted(c for c in required.get(table, ()) if record.get(c) is None)
            if missing:
                report.rejections.append(
                    Rejection(
                        record.get("source_sheet") or "",
                        record.get("source_row") or 0,
                        None,
                        missing[0],
                        f"缺少必填项：{'、'.join(missing)}",
                        {},
                    )
                )
            else:
                kept.append(record)
        report.records[table] = kept
    report.rows_loaded = sum(len(r) for r in report.records.values())
    report.rows_rejected = len(report.rejections)
    if report.rows_rejected and report.status == "已加载":
        report.status = "部分拒绝"


def _snapshot(con: duckdb.DuckDBPyConnection) -> bool:
    """Keep the mart's current values to compare after the load (sql/history)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE schema_name = 'mart' AND view_name = 'dept_self_eval'"
    ).fetchone()[0]
    if exists:
        con.execute((SQL_DIR / "history" / "010_snapshot.sql").read_text(encoding="utf-8"))
    return bool(exists)


def _record_history(con: duckdb.DuckDBPyConnection, reports: list[FileReport], now: datetime) -> int:
    """Values a file of this load replaced go to raw.value_history; each file's report says how many
    projects it updated. Returns the number of project-years updated."""
    con.execute((SQL_DIR / "history" / "020_record.sql").read_text(encoding="utf-8"), {"changed_at": now})
    counts = dict(
        con.execute(
            "SELECT new_file, count(DISTINCT (stage, fiscal_year, region, department, project_key)) "
            "FROM raw.value_history WHERE changed_at = ? GROUP BY new_file",
            [now],
        ).fetchall()
    )
    for report in reports:
        if n := counts.get(report.path):
            report.add_message(f"{n} 个项目的数值被新文件更新")
    return sum(counts.values())


def _write(con: duckdb.DuckDBPyConnection, reports: list[FileReport], now: datetime | None = None) -> None:
    """Replace the rows of these files: one delete and one insert per table for the whole batch."""
    paths = [r.path for r in reports]
    for table in (
        *(f"stg.{t}" for t in STG_TABLES),
        "stg.rejected_row",
        "stg.subtotal",
        "raw.load_column",
        "raw.load_log",
    ):
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, source_file)", [paths])
    for table in STG_TABLES:
        _insert(con, table, [rec for r in reports for rec in r.records.get(table, [])])
    rejected = [
        (r.path, r.kind, x.sheet, x.row, x.column, x.field, x.reason, json.dumps(x.raw, ensure_ascii=False))
        for r in reports
        for x in r.rejections
    ]
    if rejected:
        con.executemany("INSERT INTO stg.rejected_row VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rejected)
    columns = [
        (r.path, c.sheet, c.column, c.header, c.field, c.sample_value, c.note)
        for r in reports
        for c in r.columns
    ]
    if columns:
        con.executemany("INSERT INTO raw.load_column VALUES (?, ?, ?, ?, ?, ?, ?)", columns)
    _insert(con, "subtotal", [s for r in reports for s in r.subtotals])
    now = now or datetime.now()
    con.executemany(
        "INSERT INTO raw.load_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r.path,
                r.sha256,
                r.size_bytes,
                r.kind,
                r.rows_loaded,
                r.rows_rejected,
                r.status,
                r.message,
                r.sha256 in sample_hashes(),
                now,
            )
            for r in reports
        ],
    )


def load(
    paths: Iterable[Path],
    db: Path,
    *,
    region: str | None = None,
    region_of: Callable[[Path], str | None] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> LoadReport:
    """Load every workbook under `paths` into `db`. `region` names the region of forms that do not state
    it; `region_of(path)` does so per file (a province loading all its counties' folders at once)."""
    files = discover(paths)
    reports: list[FileReport] = []
    with store.writer_lock(db):
        version = store.new_version(db)
        try:
            con = duckdb.connect(str(version))
            schema.migrate(con)
            logged = con.execute("SELECT source_file, sha256, kind FROM raw.load_log").fetchall()
            known = {path: sha for path, sha, _ in logged}
            known_kind = {path: kind for path, _, kind in logged}
            loaded_hashes = {sha: path for path, sha in known.items()}
            changed: list[FileReport] = []
            updated = 0
            for index, path in enumerate(files, start=1):
                report = FileReport(path=display_path(path), size_bytes=path.stat().st_size)
                report.sha256 = _sha256(path)
                if progress:
                    progress(index, len(files), report.path)
                if known.get(report.path) == report.sha256:
                    report.status, report.message = "未变化", "内容未变化，未重新加载"
                    report.kind = known_kind[report.path]
                elif (other := loaded_hashes.get(report.sha256)) and other != report.path:
                    report.status, report.message = "重复内容", f"与已加载的 {other} 内容相同，未重复加载"
                    changed.append(report)
                else:
                    file_region = region_of(path) if region_of else region
                    parse_file(path, report, file_region)
                    _settle_regions(report, file_region)
                    loaded_hashes.setdefault(report.sha256, report.path)
                    changed.append(report)
                reports.append(report)
            if changed or not known:
                con.execute("BEGIN TRANSACTION")
                required = _required_columns(con)
                for report in changed:
                    _hold_back_incomplete(report, required)
                had_mart = _snapshot(con)
                now = datetime.now()
                _write(con, changed, now)
                schema.rebuild(con)
                updated = _record_history(con, changed, now) if had_mart else 0
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
            con.close()
        except BaseException:
            store.discard(version)
            raise
        if changed or not known:
            store.publish(db, version)
            return LoadReport(reports, published=True, updated_projects=updated)
        store.discard(version)
        return LoadReport(reports, published=False)
