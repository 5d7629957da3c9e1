"""One workbook in, typed records out: recognise each sheet (a per-sheet form or a list), read its rows
into records for the stage tables, and keep every refused row with its reason.

This layer knows nothing of storage; warehouse.pipeline stages, transforms and publishes what it returns.
Regions are kept as the file writes them (or the caller's hint); the warehouse maps them to its profiles.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from etl import bounds, config, context, guard, kinds, properties, totals
from etl.cells import normalise_name
from etl.forms import registry as forms
from etl.layout import Table, find_table
from etl.records import Rejection, table_records
from etl.workbook import Sheet, WorkbookError, read_workbook

CELL_REF_RE = re.compile(r"([A-Z]{1,3})(\d+)")
log = logging.getLogger("jixiao.etl")
# statuses that make `jixiao load` exit 1: something in the file did not arrive
INCOMPLETE_STATUSES = ("已拒绝", "部分拒绝", "部分识别", "未识别")
MIN_DATA_ROWS = 2


@dataclass
class LoadedColumn:
    """A non-empty column of a recognised table: mapped to `field`, or unused (field None) with a note."""

    sheet: str
    column: str
    header: str | None
    field: str | None
    sample_value: str | None
    note: str | None


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
    columns: list[LoadedColumn] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was inferred or guessed, for the load report
    lost: list[str] = field(default_factory=list)  # what could not be read: unmapped numeric columns, sheets
    subtotals: list[dict] = field(default_factory=list)  # 合计/小计 rows beside the sums they cover
    saved_at: datetime | None = None  # when the workbook says it was last saved (etl/properties.py)

    def add_message(self, text: str) -> None:
        self.message = f"{self.message}；{text}" if self.message else text


def _has_data(sheet: Sheet) -> bool:
    """Rows with numbers in them: a table, not an instructions sheet."""
    rows = 0
    for row in sheet.rows:
        if any(isinstance(v, int | float) and not isinstance(v, bool) for v in row):
            rows += 1
            if rows >= MIN_DATA_ROWS:
                return True
    return False


def parse_file(path: Path, report: FileReport, region: str | None = None) -> None:
    """Fill `report` with the records and rejections of one workbook.

    Never raises: whatever goes wrong inside one file makes that file 「已拒绝」 with the error's class and
    message (the traceback goes to the log), and the caller's batch goes on."""
    try:
        _parse_file(path, report, region)
    except Exception as exc:
        log.exception("解析 %s 时出错", path)
        for partial in (report.records, report.rejections, report.columns, report.subtotals, report.lost):
            partial.clear()
        report.kind, report.rows_loaded, report.rows_rejected = None, 0, 0
        report.status = "已拒绝"
        report.message = (
            f"解析时出错，整个文件未加载（{type(exc).__name__}：{_short(exc, path)}）；详情见日志"
        )


def _short(exc: Exception, path: Path) -> str:
    """An exception's message without server paths, at most one line of 160 characters."""
    text = str(exc).replace(str(path.resolve()), path.name).replace(str(path), path.name)
    text = re.sub(r"(/[^\s/:'\"]+)+/", "", text)
    first = text.strip().splitlines()[0] if text.strip() else "无说明"
    return first[:160]


def _parse_file(path: Path, report: FileReport, region: str | None) -> None:
    reason, archive = guard.inspect(path)
    if reason:
        report.status, report.message = "已拒绝", reason
        return
    try:
        report.saved_at = (
            properties.saved_at(archive) if archive is not None else properties.saved_at_of(path)
        )
        sheets = read_workbook(path, archive)
    except WorkbookError as exc:
        if exc.__cause__ is not None:
            log.warning("无法读取 %s：%r", path, exc.__cause__)
        report.status, report.message = "已拒绝", str(exc)
        return
    finally:
        if archive is not None:
            archive.close()
    skipped: list[str] = []
    unrecognised: list[str] = []
    kinds_seen: list[str] = []
    for sheet in sheets:
        letters: dict[str, str] = {}
        if form := forms.recognise(sheet):
            label, parsed = form.label, _form_records(sheet, form, path, region)
        elif (table := find_table(sheet, path)) and (kind := kinds.detect(table)):
            label, parsed = kind["label"], _table_records(sheet, table, kind["name"], path, region)
            letters = {field: col.letter for field, col in table.columns.items()}
            _account(report, sheet, table)
            for total in totals.subtotals(sheet, table, label, next(iter(parsed[0].values()), [])):
                report.subtotals.append({**total, "source_file": report.path})
        else:
            if _has_data(sheet):
                unrecognised.append(sheet.name)
            elif any(any(v is not None for v in row) for row in sheet.rows):
                skipped.append(sheet.name)
            continue
        if label not in kinds_seen:
            kinds_seen.append(label)
        records, rejections = parsed
        _hold_back_uncached_formulas(sheet, records, rejections, whole_sheet=form is not None)
        bounds.hold_back_out_of_range(sheet.name, records, rejections, _stated_letters(letters))
        for target, rows in records.items():
            for row in rows:
                row.update(source_file=report.path, source_sheet=sheet.name)
                if row.get("year_source") in context.WARN_SOURCES:
                    # a year read from the file name is a guess: the report says so
                    report.notes.append(f"工作表「{sheet.name}」年度 {row['fiscal_year']} 取自文件名，请核实")
            report.records.setdefault(target, []).extend(rows)
        report.rejections.extend(rejections)
    report.kind = "、".join(kinds_seen) or None
    report.rows_loaded = sum(len(r) for r in report.records.values())
    report.rows_rejected = len(report.rejections)
    if report.kind is None and unrecognised:
        report.status = "未识别"
        report.message = (
            f"工作表「{'、'.join(unrecognised)}」有数据，但找不到可识别的表头（标题和表头不符合任何已知报表）"
        )
        return
    if report.kind is None:
        report.status = "已拒绝"
        report.message = "未识别的报表种类：标题和表头不符合任何已知报表"
        return
    if unrecognised:
        report.lost.append(f"工作表「{'、'.join(unrecognised)}」有数据但未识别，未加载")
    if report.lost:
        report.status = "部分识别"
        report.add_message("部分识别：" + "；".join(report.lost))
    elif report.rows_rejected:
        report.status = "部分拒绝"
    if skipped:
        report.add_message("未识别的工作表已跳过：" + "、".join(skipped))
    if report.notes:
        report.add_message("；".join(dict.fromkeys(report.notes)))


def _account(report: FileReport, sheet: Sheet, table: Table) -> None:
    """Every column of the table into the report; unmapped numeric columns are losses."""
    report.columns.extend(
        LoadedColumn(sheet.name, c.letter, c.header, c.field, c.sample, c.note) for c in table.column_reports
    )
    report.lost.extend(f"工作表「{sheet.name}」{text}" for text in table.unmapped)
    report.notes.extend(f"工作表「{sheet.name}」{note}" for note in table.notes)


def _stated_letters(letters: dict[str, str]) -> dict[str, str]:
    """Column letters by record field: a stated rate column feeds the record's execution_rate_stated."""
    stated = {"execution_rate_stated": letters.get("execution_rate") or letters.get("period_rate")}
    return {**letters, **{k: v for k, v in stated.items() if v}}


def _hold_back_uncached_formulas(
    sheet, records: dict[str, list[dict]], rejections: list[Rejection], whole_sheet: bool
) -> None:
    """A formula the file stores without its result reads as an empty cell: never load it as empty.

    Each such cell is a rejection naming it; the records read from its row are held back (from a form,
    whose one record draws on many rows, the whole sheet is)."""
    if not sheet.uncached_formulas:
        return
    rows: set[int] = set()
    for ref in sheet.uncached_formulas:
        match = CELL_REF_RE.fullmatch(ref)
        if not match:
            continue
        row = int(match.group(2))
        rows.add(row)
        rejections.append(
            Rejection(
                sheet.name,
                row,
                match.group(1),
                None,
                f"单元格 {ref} 是公式，但文件中没有保存计算结果（文件未经 Excel 计算保存）："
                "请在 Excel 中打开、保存后重新提交",
                {},
            )
        )
    for target, kept in records.items():
        records[target] = [] if whole_sheet else [r for r in kept if r.get("source_row") not in rows]


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


def _table_records(sheet, table: Table, kind: str, path: Path, region: str | None):
    target, records, rejections = table_records(kind, sheet, table)
    kept = []
    for record in records:
        # a year in the title or subtitle governs the sheet; otherwise a 年度 column speaks for its row
        if table.year_source in ("标题", "副标题") or record.get("row_year") is None:
            year, source = table.fiscal_year, table.year_source
        else:
            year, source = record["row_year"], "年度栏"
        if year is None:
            _year_or_reject(None, sheet.name, [record], rejections)
            continue
        if table.region:
            row_region, region_source = table.region, table.region_source
        elif record.get("row_region"):
            row_region, region_source = record["row_region"], "区划栏"
        else:
            row_region, region_source = region, ("指定区划" if region else None)
        record.update(fiscal_year=year, year_source=source, region=row_region, region_source=region_source)
        kept.append(record)
    return {target: kept}, rejections


def _form_records(sheet, form, path: Path, region: str | None):
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
    fiscal_year, year_source = project.get("fiscal_year"), project.get("year_source") or "表头"
    if fiscal_year is None and (found := context.find_year(None, (), None, sheet.name, path)):
        fiscal_year, year_source = int(found.value), found.source
    if not _year_or_reject(fiscal_year, sheet.name, [project], rejections):
        return {}, rejections
    fund = config.classify_fund(project.get("fund_type_text"))
    project.update(
        fiscal_year=fiscal_year,
        year_source=year_source,
        region=region,
        region_source="指定区划" if region else None,
        fund_type_raw=project.get("fund_type_text"),
        fund_type=fund.fund_type,
        fund_tags=list(fund.tags),
        # the form's own 填报日期 (the ledgers judge submission dates by it), as the lists write it: text
        filled_on=project.get("filled_on")
        or (project["fill_date"].isoformat() if project.get("fill_date") else None),
    )
    identity = {
        k: project.get(k)
        for k in ("fiscal_year", "year_source", "region", "department", "project_code", "project_name")
    }
    indicators = [
        {**i, **identity, "stage": form.stage, "period_end_month": project.get("period_end_month")}
        for i in result.indicators
    ]
    return {form.table: [project], "indicator": indicators}, rejections
