"""A read workbook made ready for the warehouse's stage tables, in the reading child: regions settled, rows
the tables cannot take held back as rejected rows, and the records turned into columns.

The reading children are as many as the cores and the process that asked for the files is one: what is done
per record here is not done in that one process, and columns of plain values (money as exact decimal text)
cross the pipe several times cheaper than a dict of Decimals per record. What the tables take comes as
plain data (StageRules) from the warehouse, so the ETL needs neither the database nor its configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal

from etl.parse import FileReport
from etl.records import Rejection

Columns = dict[str, list]  # column name → one value per row


@dataclass(frozen=True)
class StageRules:
    columns: dict[str, tuple[str, ...]]  # stage table → its columns (a record's other keys are not stored)
    capacity: dict[str, dict[str, tuple[int, int]]]  # stage table → DECIMAL column → (precision, scale)
    required: dict[str, frozenset[str]]  # stage table → NOT NULL columns
    regions: dict[str, str]  # a region as written → the name the warehouse keeps it under
    default_region: str  # 本级区划: the deployment's own region
    kept: frozenset[str] = frozenset()  # tables whose records also stay as dicts on the report


@dataclass
class StagedReport(FileReport):
    """A FileReport whose records are staged: `tables` holds them as columns per stage table (the 合计 rows
    under "subtotal"); `records` keeps only the tables the rules keep as dicts."""

    tables: dict[str, Columns] = field(default_factory=dict)


def stage(report: FileReport, rules: StageRules, region: str | None) -> StagedReport:
    """`report` staged under `rules`; `region` is the region the caller named for the file, if any."""
    settle_regions(report, rules, region)
    hold_back_unfit(report, rules.capacity)
    hold_back_incomplete(report, rules.required)
    tables = {
        t: _columns(r, rules.columns[t], rules.capacity.get(t, {})) for t, r in report.records.items() if r
    }
    if report.subtotals:
        tables["subtotal"] = _columns(
            report.subtotals, rules.columns["subtotal"], rules.capacity.get("subtotal", {})
        )
    staged = StagedReport(**{f.name: getattr(report, f.name) for f in fields(FileReport)}, tables=tables)
    staged.records = {t: r for t, r in report.records.items() if t in rules.kept}
    staged.subtotals = []
    return staged


def decimal_text(value: object) -> str | None:
    """Money as it crosses to the database: exact text, never an exponent (the database casts it to the
    column's own scale; a pickled Decimal costs several times its text, there and in the dataframe)."""
    if value is None:
        return None
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _columns(records: list[dict], columns: tuple[str, ...], decimals: dict) -> Columns:
    staged = {c: [r.get(c) for r in records] for c in columns}
    for column in decimals:
        staged[column] = [decimal_text(v) for v in staged[column]]
    return staged


def settle_regions(report: FileReport, rules: StageRules, fallback: str | None) -> None:
    """Every record's region as the warehouse names it: what the file wrote, else the caller's hint, else the
    deployment's own region (本级区划) — and the report says which files took that default."""
    defaulted = 0
    for records in report.records.values():
        for record in records:
            written = record.get("region")
            if not (written or fallback):
                defaulted += 1
                record["region_source"] = "本级区划"
            elif not written:
                record["region_source"] = "指定区划"
            named = written or fallback
            record["region"] = rules.regions.get(named, named) if named else rules.default_region
    if defaulted:
        report.add_message(f"文件未写明区划，按本级区划「{rules.default_region}」加载 {defaulted} 行")


def hold_back_unfit(report: FileReport, capacity: dict[str, dict[str, tuple[int, int]]]) -> None:
    """A value too large for its column becomes a rejected row — never an error that aborts the batch.
    (The ETL's own range checks catch real cases first; this is the guarantee behind them.)"""
    for table in report.records:
        limits = {c: Decimal(10) ** (p - sc) for c, (p, sc) in capacity.get(table, {}).items()}

        def too_large(record: dict, limits: dict = limits) -> tuple[str, str] | None:
            for column, limit in limits.items():
                if isinstance(v := record.get(column), Decimal) and (not v.is_finite() or abs(v) >= limit):
                    return column, f"数值超出数据仓库可存储的范围：{column} = {v}"
            return None

        _hold_back(report, table, too_large)


def hold_back_incomplete(report: FileReport, required: dict[str, frozenset[str]]) -> None:
    """A record missing a value its stage table cannot do without becomes a rejected row, never a failed load."""
    for table in report.records:
        needed = sorted(required.get(table, ()))

        def incomplete(record: dict, needed: list[str] = needed) -> tuple[str, str] | None:
            missing = [c for c in needed if record.get(c) is None]
            return (missing[0], f"缺少必填项：{'、'.join(missing)}") if missing else None

        _hold_back(report, table, incomplete)
    report.rows_loaded = sum(len(r) for r in report.records.values())
    report.rows_rejected = len(report.rejections)
    if report.rows_rejected and report.status == "已加载":
        report.status = "部分拒绝"


def _hold_back(report: FileReport, table: str, fault) -> None:
    """Keep the records of `table` that `fault` passes (None); each other one becomes a rejected row naming its
    sheet, row, the column `fault` names and its reason."""
    kept = []
    for record in report.records[table]:
        found = fault(record)
        if found is None:
            kept.append(record)
            continue
        column, reason = found
        report.rejections.append(
            Rejection(
                record.get("source_sheet") or "", record.get("source_row") or 0, None, column, reason, {}
            )
        )
    report.records[table] = kept
