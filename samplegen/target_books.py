"""The 2022 per-project 绩效目标表 workbooks, one per department, in the national layout.

The fund groups the summary reports apart (衔接资金, PPP, 专项债券, 社保基金) are told by 资金性质, so
each form states it: the national form's 项目期 cell pair (row 4) carries 资金性质 instead, as many
county templates do.
"""

from __future__ import annotations

from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from samplegen import target_form

FUND_ROW = 3  # 0-based row of 项目属性 | … | 项目期 | … in the national layout
FUND_LABEL_COL = 4
FUND_VALUE_COL = 5


def _draw(sheet: Worksheet, fmt: dict, project: dict) -> None:
    target_form._draw_national(sheet, fmt, project)
    # the merged ranges stay; only the top-left values are written again
    sheet.write_string(FUND_ROW, FUND_LABEL_COL, "资金性质", fmt["label"])
    sheet.write_string(FUND_ROW, FUND_VALUE_COL, project["fund_type"], fmt["text"])


def write_department_targets(path: Path, projects: list[dict]) -> Path:
    return target_form.write_books(path, projects, _draw)
