"""Load workbooks into the warehouse: discover, parse, write a new warehouse version, publish.

Nothing is half-written: all changes go into a copy of the warehouse that replaces the current one only
when everything succeeded. A file whose content was loaded before (same path, same hash) is skipped;
a changed file replaces exactly its own earlier rows; bad rows are kept in stg.rejected_row.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from etl import config, guard, kinds
from etl.cells import normalise_name
from etl.forms import registry as forms
from etl.layout import find_table
from etl.records import Rejection, table_records
from etl.workbook import WorkbookError, is_workbook, read_workbook
from warehouse import schema, store
from warehouse.paths import RAW_DIR, ROOT

STG_TABLES = (
    "project_self_eval",
    "dept_self_eval",
    "evaluation",
    "monitoring",
    "performance_target",
    "indicator",
    "exante_assessment",
)
SAMPLE_MANIFEST = RAW_DIR / "SAMPLE.sha256"
YEAR_DIR_RE = re.compile(r"^(20\d{2})$")


@dataclass
class FileReport:
    path: str
    sha256: str = ""
    kind: str | None = None
    rows_loaded: int = 0
    rows_rejected: int = 0
    status: str = "已加载"
    message: str = ""
    rejections: list[Rejection] = field(default_factory=list)
    records: dict[str, list[dict]] = field(default_factory=dict)
    size_bytes: int = 0


@dataclass
class LoadReport:
    files: list[FileReport]
    published: bool

    @property
    def exit_code(self) -> int:
        return 1 if any(f.status in ("已拒绝", "部分拒绝") for f in self.files) else 0


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


def display_path(path: Path) -> str:
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(ROOT))
    except ValueError:
        return str(resolved)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_file(path: Path, report: FileReport, region: str | None = None) -> None:
    """Fill `report` with the records and rejections of one workbook."""
    if reason := guard.refusal(path):
        report.status, report.message = "已拒绝", reason
        return
    try:
        sheets = read_workbook(path)
    except WorkbookError as exc:
        report.status, report.message = "已拒绝", str(exc)
        return
    year_dir = next((int(m.group(1)) for p in path.parents if (m := YEAR_DIR_RE.match(p.name))), None)
    skipped: list[str] = []
    kinds_seen: list[str] = []
    for sheet in sheets:
        if form := forms.recognise(sheet):
            label, parsed = form.label, _form_records(sheet, form, year_dir, region)
        elif (table := find_table(sheet)) and (kind := kinds.detect(table)):
            label, parsed = kind["label"], _table_records(sheet, table, kind["name"], year_dir, region)
        else:
            if any(any(v is not None for v in row) for row in sheet.rows):
                skipped.append(sheet.name)
            continue
        if label not in kinds_seen:
            kinds_seen.append(label)
        records, rejections = parsed
        for target, rows in records.items():
            for row in rows:
                row.update(source_file=report.path, source_sheet=sheet.name)
            report.records.setdefault(target, []).extend(rows)
        report.rejections.extend(rejections)
    report.kind = "、".join(kinds_seen) or None
    report.rows_loaded = sum(len(r) for r in report.records.values())
    report.rows_rejected = len(report.rejections)
    if report.kind is None:
        report.status = "已拒绝"
        report.message = "未识别的报表种类：标题和表头不符合任何已知报表"
    elif report.rows_rejected:
        report.status = "部分拒绝"
    if skipped and report.kind is not None:
        report.message = "未识别的工作表已跳过：" + "、".join(skipped)


def _year_or_reject(year: int | None, sheet: str, rows: list[dict], rejections: list[Rejection]) -> bool:
    if year is not None:
        return True
    rejections += [
        Rejection(
            sheet, r.get("source_row") or 0, None, "fiscal_year", "无法确定年度：标题与表头均未写明", {}
        )
        for r in rows
    ]
    return False


def _table_records(sheet, table, kind: str, year_dir: int | None, region: str | None):
    target, records, rejections = table_records(kind, sheet, table)
    fiscal_year = table.fiscal_year or year_dir
    if not _year_or_reject(fiscal_year, sheet.name, records, rejections):
        return {}, rejections
    sheet_region = config.canonical_region(table.region or region)
    for record in records:
        record.update(fiscal_year=fiscal_year, region=sheet_region)
    return {target: records}, rejections


def _form_records(sheet, form, year_dir: int | None, region: str | None):
    """A form (one project or one department per sheet): its head row for the stage table, its indicators
    for stg.indicator."""
    result = form.parse(sheet)
    rejections = list(result.rejections)
    project = {**form.defaults, **result.project}
    project["department"] = normalise_name(project.get("department"))
    if not project.get("department") or (form.per_project and not project.get("project_name")):
        missing = "主管部门" if not project.get("department") else "项目名称"
        rejections.append(
            Rejection(
                sheet.name, project.get("source_row") or 1, None, None, f"表单缺少{missing}，整张表未加载", {}
            )
        )
        return {}, rejections
    fiscal_year = project.get("fiscal_year") or year_dir
    if not _year_or_reject(fiscal_year, sheet.name, [project], rejections):
        return {}, rejections
    fund = config.classify_fund(project.get("fund_type_text"))
    project.update(
        fiscal_year=fiscal_year,
        region=config.canonical_region(region),
        fund_type_raw=project.get("fund_type_text"),
        fund_type=fund.fund_type,
        fund_tags=list(fund.tags),
    )
    identity = {
        k: project.get(k) for k in ("fiscal_year", "region", "department", "project_code", "project_name")
    }
    indicators = [
        {**i, **identity, "stage": form.stage, "period_end_month": project.get("period_end_month")}
        for i in result.indicators
    ]
    return {form.table: [project], "indicator": indicators}, rejections


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


def _write(con: duckdb.DuckDBPyConnection, reports: list[FileReport]) -> None:
    """Replace the rows of these files: one delete and one insert per table for the whole batch."""
    paths = [r.path for r in reports]
    for table in (*(f"stg.{t}" for t in STG_TABLES), "stg.rejected_row", "raw.load_log"):
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
    now = datetime.now()
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
                    parse_file(path, report, region_of(path) if region_of else region)
                    loaded_hashes.setdefault(report.sha256, report.path)
                    changed.append(report)
                reports.append(report)
            if changed or not known:
                con.execute("BEGIN TRANSACTION")
                required = _required_columns(con)
                for report in changed:
                    _hold_back_incomplete(report, required)
                _write(con, changed)
                schema.rebuild(con)
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
            con.close()
        except BaseException:
            store.discard(version)
            raise
        if changed or not known:
            store.publish(db, version)
            return LoadReport(reports, published=True)
        store.discard(version)
        return LoadReport(reports, published=False)
