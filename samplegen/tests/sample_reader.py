"""Read the bundled sample back the way the ETL sees it: lists through etl.layout, forms through
etl.forms.target_form. Shared by the sample tests."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from etl.forms.target_form import parse_target_form
from etl.layout import Table, find_table
from etl.workbook import read_workbook
from warehouse.paths import SAMPLE_DIR

TARGET_FORM_DIR = SAMPLE_DIR / "2022" / "项目绩效目标"
TAGS = ("直达资金", "衔接资金", "PPP", "专项债券")


def list_table(relative: str) -> tuple[Table, list[dict]]:
    """The single list sheet of a workbook: its table and one {field: value} dict per data row."""
    (sheet,) = read_workbook(SAMPLE_DIR / relative)
    table = find_table(sheet)
    assert table is not None, relative
    rows = [
        {field: sheet.value(r, col.index) for field, col in table.columns.items()} for r in table.data_rows
    ]
    return table, rows


@cache
def list_rows(relative: str) -> list[dict]:
    return list_table(relative)[1]


def money(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def total(rows: list[dict], field: str) -> Decimal:
    return sum((money(r[field]) for r in rows), Decimal(0))


@cache
def target_forms() -> list[dict]:
    """Every project of the 2022 target-form workbooks, as parse_target_form reads it."""
    projects = []
    for path in sorted(TARGET_FORM_DIR.glob("*.xlsx")):
        for sheet in read_workbook(path):
            result = parse_target_form(sheet)
            assert not result.rejections, (path.name, sheet.name, result.rejections[:3])
            projects.append({**result.project, "file": path.name, "indicators": result.indicators})
    return projects


def fund_group(fund_text: str | None) -> str:
    """The summary's disjoint 2022 groups (domain.md §4): tagged ones, 社保基金, else 部门预算项目."""
    text = fund_text or ""
    for tag, group in (("直达资金", "direct"), ("衔接资金", "rural"), ("PPP", "ppp"), ("专项债券", "bond")):
        if tag in text:
            return group
    if "社会保险基金" in text:
        return "social"
    return "budget"


def in_group(group: str, fund_key: str = "fund_type") -> callable:
    return lambda row: fund_group(row.get(fund_key)) == group


def as_path(path: Path) -> str:
    return path.relative_to(SAMPLE_DIR).as_posix()
