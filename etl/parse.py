"""One workbook in, typed records out: recognise each sheet (a per-sheet form or a list), read its rows
into records for the stage tables, and keep every refused row with its reason.

This layer knows nothing of storage; warehouse.pipeline stages, transforms and publishes what it returns.
Regions are kept as the file writes them (or the caller's hint); the warehouse maps them to its profiles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from etl import config, guard, kinds
from etl.cells import normalise_name
from etl.forms import registry as forms
from etl.layout import find_table
from etl.records import Rejection, table_records
from etl.workbook import WorkbookError, read_workbook

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
    for record in records:
        record.update(fiscal_year=fiscal_year, region=table.region or region)
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
        region=region,
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
