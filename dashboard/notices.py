"""「退回整改通知」: one workbook, one sheet per department, listing that department's problems with the file,
sheet and row each came from, so the department can find and correct every cell.

Each problem carries its stable 问题编号 and empty 整改措施 / 整改结果 / 完成日期 columns: the department fills
them in and sends the workbook back; the loader recognises it (kind returned_notice) and records the answers
as 已反馈 in the 整改台账.

Cells are written as plain strings or numbers, never formulas (a message starting with = stays text)."""

from __future__ import annotations

import io
import re
from datetime import datetime

import polars as pl
import xlsxwriter

from dashboard.tables import Column, display_frame

NOTICE_COLUMNS = [
    Column("seq", "序号", "int"),
    Column("item_key", "问题编号"),
    Column("severity", "严重程度"),
    Column("stage", "环节"),
    Column("fiscal_year", "年度", "int"),
    Column("project_name", "项目名称"),
    Column("rule_title", "问题类型"),
    Column("message", "问题说明"),
    Column("source_file", "来源文件"),
    Column("source_sheet", "工作表"),
    Column("source_row", "行号", "int"),
    Column("measures", "整改措施"),
    Column("rectify_result", "整改结果"),
    Column("completed_on", "完成日期"),
]
KEY_COLUMNS = ["rule_code", "fiscal_year", "region", "stage", "department", "project_name"]
WIDTHS = {"序号": 6, "严重程度": 8, "环节": 12, "年度": 7, "项目名称": 30, "问题类型": 20, "问题说明": 60,
          "来源文件": 40, "工作表": 18, "行号": 7, "问题编号": 20, "整改措施": 40, "整改结果": 40,
          "完成日期": 12}  # fmt: skip
SEVERITY_ORDER = {"高": 0, "中": 1, "低": 2}
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")
_SHEET_MAX = 31


def sheet_names(departments: list[str]) -> list[str]:
    """Excel sheet names for departments: forbidden characters dropped, at most 31 characters, unique."""
    names: list[str] = []
    for department in departments:
        base = _SHEET_BAD.sub("", department).strip() or "部门"
        name = base[:_SHEET_MAX]
        n = 2
        while name in names or name == "说明":
            suffix = f"({n})"
            name = base[: _SHEET_MAX - len(suffix)] + suffix
            n += 1
        names.append(name)
    return names


def _ordered(problems: pl.DataFrame) -> pl.DataFrame:
    return problems.with_columns(
        pl.col("severity").replace_strict(SEVERITY_ORDER, default=9).alias("_rank")
    ).sort(["_rank", "stage", "project_name", "source_file", "source_sheet", "source_row"], nulls_last=True)


def with_keys(problems: pl.DataFrame, keys: pl.DataFrame | None) -> pl.DataFrame:
    """Each problem's 问题编号 from ``keys`` (rows of sql/queries/ledger_item_keys.sql), and the empty answer
    columns the department fills in."""
    blank = [pl.lit(None, dtype=pl.String).alias(c) for c in ("measures", "rectify_result", "completed_on")]
    if keys is None or keys.is_empty() or problems.is_empty():
        return problems.with_columns(pl.lit(None, dtype=pl.String).alias("item_key"), *blank)
    project = pl.col("project_name").fill_null("")
    joined = problems.with_columns(project.alias("_project")).join(
        keys.select(*KEY_COLUMNS, "item_key").with_columns(project.alias("_project")).drop("project_name"),
        on=[*KEY_COLUMNS[:-1], "_project"],
        how="left",
    )
    return joined.drop("_project").with_columns(*blank)


def build_notice(
    problems: pl.DataFrame,
    about: list[tuple[str, str]],
    *,
    issuer: str = "财政局",
    keys: pl.DataFrame | None = None,
) -> bytes:
    """The notice workbook for every department in ``problems`` (rows of sql/queries/problem_list.sql), each
    problem with its 问题编号 when ``keys`` are given."""
    problems = with_keys(problems, keys)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    font = {"font_name": "宋体", "font_size": 10}
    fmt = {
        "title": book.add_format({"font_name": "宋体", "font_size": 16, "bold": True, "align": "center"}),
        "lead": book.add_format({**font, "text_wrap": True, "valign": "top"}),
        "head": book.add_format(
            {**font, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"}
        ),
        "cell": book.add_format({**font, "border": 1, "text_wrap": True, "valign": "top"}),
        "high": book.add_format(
            {**font, "border": 1, "bold": True, "font_color": "#C62828", "valign": "top"}
        ),
    }
    departments = sorted(problems["department"].unique().to_list()) if problems.height else []
    for department, name in zip(departments, sheet_names(departments), strict=True):
        rows = _ordered(problems.filter(pl.col("department") == department))
        rows = rows.with_columns(pl.int_range(1, rows.height + 1).alias("seq"))
        shown = display_frame(rows, NOTICE_COLUMNS)
        sheet = book.add_worksheet(name)
        last = shown.width - 1
        year = rows["fiscal_year"].max()
        title = f"关于{department}{year}年度预算绩效材料问题的退回整改通知"
        sheet.merge_range(0, 0, 0, last, title, fmt["title"])
        sheet.set_row(0, 28)
        high = rows.filter(pl.col("severity") == "高").height
        lead = (
            f"{department}：经审核，你单位报送的{year}年度预算绩效材料存在以下 {rows.height} 个问题"
            f"（其中严重程度为“高”的 {high} 个），每个问题均注明来源文件、工作表和行号。"
            "请逐项核实更正后重新报送；确属无误的，请书面说明理由。"
            "请在每个问题的“整改措施”“整改结果”“完成日期”栏填写整改情况，保留问题编号，将本表报回。"
        )
        sheet.merge_range(1, 0, 1, last, lead, fmt["lead"])
        sheet.set_row(1, 45)
        for c, label in enumerate(shown.columns):
            sheet.write_string(3, c, label, fmt["head"])
            sheet.set_column(c, c, WIDTHS.get(label, 14))
        for r, record in enumerate(shown.iter_rows(), start=4):
            for c, value in enumerate(record):
                style = fmt["high"] if shown.columns[c] == "严重程度" and value == "高" else fmt["cell"]
                if value is None:
                    sheet.write_blank(r, c, None, style)
                elif isinstance(value, int) and not isinstance(value, bool):
                    sheet.write_number(r, c, value, style)
                else:
                    sheet.write_string(r, c, str(value), style)
        footer = 4 + rows.height + 1
        # 「制表」 starts the line so the loader reads it as the footer when the notice comes back
        sheet.write_string(footer, 0, f"制表：{issuer}    {datetime.now():%Y年%m月%d日}", fmt["lead"])
        sheet.freeze_panes(4, 0)
        sheet.autofilter(3, 0, 3 + max(rows.height, 1), last)
        sheet.set_landscape()
        sheet.repeat_rows(3)
        sheet.fit_to_pages(1, 0)
    info = book.add_worksheet("说明")
    lines = [
        *about,
        ("部门数", str(len(departments))),
        ("问题数", str(problems.height)),
        ("生成时间", datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
    ]
    for r, (key, value) in enumerate(lines):
        info.write_string(r, 0, key, fmt["head"])
        info.write_string(r, 1, value)
    info.set_column(0, 0, 14)
    info.set_column(1, 1, 80)
    book.close()
    return buffer.getvalue()
