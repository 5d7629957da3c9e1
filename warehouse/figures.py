"""The published figures of an annual summary, each computed from the warehouse through the named queries.

One registry maps a figure id of the 沙湾市 summary (tests/data/seed_figures.csv) to the query, the row and
the column that compute it (the seed-figure test reads figures by id); `rows` gives the annual report the
same queries' rows for any county and year, whatever its checkpoints and fund groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import duckdb

from warehouse import queries


@dataclass(frozen=True)
class Figure:
    query: str
    column: str
    row: dict = field(default_factory=dict)  # column → value selecting the row of the query's result
    percent: bool = False  # a fraction shown as a percentage


def _grades(query: str, prefix: str, start: int, row: dict | None = None, grades: str = "优良中差") -> dict:
    return {
        f"{prefix}-{start + i}": Figure(query, f"grade_count_{g}", row or {}) for i, g in enumerate(grades)
    }


DEPT_PROJECTS = {"scope": "项目", "fund_group": "部门预算项目"}

# Figures about fiscal year Y (the summary of work year Y+1 reports the evaluations of Y and the targets
# and monitoring of Y+1); the id's two digits name the fiscal year.
FIGURES: dict[str, Figure] = {
    "D21-1": Figure("summary_dept_self_eval", "department_count"),
    "D21-2": Figure("summary_dept_self_eval", "budget"),
    "D21-3": Figure("summary_dept_self_eval", "executed"),
    "D21-4": Figure("summary_dept_self_eval", "mean_self_score"),
    "D21-5": Figure("summary_dept_self_eval", "mean_finance_score"),
    **_grades("summary_dept_self_eval", "D21", 6),
    "P21-1": Figure("summary_project_self_eval", "project_count_reported", {"fund_group": "合计"}),
    "P21-2": Figure("summary_project_self_eval", "project_count_excluded", {"fund_group": "合计"}),
    "P21-3": Figure("summary_project_self_eval", "project_count", {"fund_group": "合计"}),
    "P21-4": Figure("summary_project_self_eval", "budget", {"fund_group": "合计"}),
    "P21-5": Figure("summary_project_self_eval", "executed", {"fund_group": "合计"}),
    "P21-6": Figure("summary_project_self_eval", "execution_rate", {"fund_group": "合计"}, percent=True),
    "P21-7": Figure(
        "summary_project_self_eval", "goal_completion_rate", {"fund_group": "合计"}, percent=True
    ),
    "P21-8": Figure("summary_project_self_eval", "mean_self_score", {"fund_group": "合计"}),
    "P21-9": Figure("summary_project_self_eval", "mean_finance_score", {"fund_group": "合计"}),
    **_grades("summary_project_self_eval", "P21", 10, {"fund_group": "合计"}),
    "E21-1": Figure("summary_evaluation", "project_count", {"level": "部门评价"}),
    "E21-2": Figure("summary_evaluation", "budget", {"level": "部门评价"}),
    "E21-3": Figure("summary_evaluation", "executed", {"level": "部门评价"}),
    "E21-4": Figure("summary_evaluation", "execution_rate", {"level": "部门评价"}, percent=True),
    "E21-5": Figure("summary_evaluation", "goal_completion_rate", {"level": "部门评价"}, percent=True),
    "E21-6": Figure("summary_evaluation", "mean_score", {"level": "部门评价"}),
    "E21-7": Figure("summary_evaluation", "mean_finance_score", {"level": "部门评价"}),
    **_grades("summary_evaluation", "E21", 8, {"level": "部门评价"}, grades="优良"),
    # the coverage rule the year's 部门评价 are checked against (None without 部门评价 data); the same row
    # says how many departments meet it
    "E21-10": Figure("summary_evaluation_coverage", "coverage_min", percent=True),
    "K21-1": Figure("summary_evaluation", "project_count", {"level": "财政评价"}),
    "K21-2": Figure("summary_evaluation", "mean_score", {"level": "财政评价"}),
    **_grades("summary_evaluation", "K21", 3, {"level": "财政评价"}, grades="优良"),
    "X22-1": Figure("summary_exante", "department_count"),
    "X22-2": Figure("summary_exante", "project_count"),
    "X22-3": Figure("summary_exante", "amount"),
    "T22-1": Figure("summary_targets", "department_count", {"scope": "部门整体"}),
    "T22-2": Figure("summary_targets", "budget", {"scope": "部门整体"}),
    "M22-1": Figure("summary_monitoring", "department_count", {"scope": "部门整体", "period_end_month": 6}),
    "M22-2": Figure("summary_monitoring", "budget", {"scope": "部门整体", "period_end_month": 6}),
    "M22-3": Figure("summary_monitoring", "executed", {"scope": "部门整体", "period_end_month": 6}),
    "M22-4": Figure(
        "summary_monitoring", "execution_rate", {"scope": "部门整体", "period_end_month": 6}, percent=True
    ),
    "T22-3": Figure("summary_targets", "department_count", DEPT_PROJECTS),
    "T22-4": Figure("summary_targets", "project_count", DEPT_PROJECTS),
    "T22-5": Figure("summary_targets", "budget", DEPT_PROJECTS),
    "T22-6": Figure("summary_targets", "indicator_count", DEPT_PROJECTS),
    "T22-7": Figure("summary_targets", "quantification_rate", DEPT_PROJECTS, percent=True),
    "T22-8": Figure("summary_targets", "project_count", {"scope": "项目", "fund_group": "直达资金"}),
    "T22-9": Figure("summary_targets", "budget", {"scope": "项目", "fund_group": "直达资金"}),
    "T22-10": Figure(
        "summary_targets", "review_pass_rate", {"scope": "项目", "fund_group": "直达资金"}, percent=True
    ),
    "T22-11": Figure("summary_targets", "budget", {"scope": "项目", "fund_group": "乡村振兴衔接资金"}),
    "T22-12": Figure("summary_targets", "project_count", {"scope": "项目", "fund_group": "乡村振兴衔接资金"}),
    "T22-13": Figure(
        "summary_targets", "indicator_count", {"scope": "项目", "fund_group": "乡村振兴衔接资金"}
    ),
    "T22-14": Figure(
        "summary_targets",
        "quantification_rate",
        {"scope": "项目", "fund_group": "乡村振兴衔接资金"},
        percent=True,
    ),
    "M22-5": Figure("summary_monitoring", "department_count", {**DEPT_PROJECTS, "period_end_month": 5}),
    "M22-6": Figure("summary_monitoring", "project_count", {**DEPT_PROJECTS, "period_end_month": 5}),
    "M22-7": Figure("summary_monitoring", "budget", {**DEPT_PROJECTS, "period_end_month": 5}),
    "M22-8": Figure("summary_monitoring", "funds_arrived", {**DEPT_PROJECTS, "period_end_month": 5}),
    "M22-9": Figure("summary_monitoring", "executed", {**DEPT_PROJECTS, "period_end_month": 5}),
    "S22-1": Figure("summary_targets", "department_count", {"scope": "项目", "fund_group": "社保基金"}),
    "S22-2": Figure("summary_targets", "project_count", {"scope": "项目", "fund_group": "社保基金"}),
    "S22-3": Figure("summary_targets", "budget", {"scope": "项目", "fund_group": "社保基金"}),
    "PPP22-1": Figure("summary_targets", "department_count", {"scope": "项目", "fund_group": "PPP"}),
    "PPP22-2": Figure("summary_targets", "project_count", {"scope": "项目", "fund_group": "PPP"}),
    "PPP22-3": Figure("summary_targets", "budget", {"scope": "项目", "fund_group": "PPP"}),
    "PPP22-4": Figure("summary_targets", "indicator_count", {"scope": "项目", "fund_group": "PPP"}),
    "PPP22-5": Figure(
        "summary_targets", "quantification_rate", {"scope": "项目", "fund_group": "PPP"}, percent=True
    ),
    "PPP22-6": Figure(
        "summary_monitoring", "budget", {"scope": "项目", "fund_group": "PPP", "latest_checkpoint": True}
    ),
    "B22-1": Figure("summary_targets", "department_count", {"scope": "项目", "fund_group": "政府专项债券"}),
    "B22-2": Figure("summary_targets", "project_count", {"scope": "项目", "fund_group": "政府专项债券"}),
    "B22-3": Figure("summary_targets", "budget", {"scope": "项目", "fund_group": "政府专项债券"}),
    "B22-4": Figure("summary_targets", "indicator_count", {"scope": "项目", "fund_group": "政府专项债券"}),
    "B22-5": Figure(
        "summary_targets",
        "quantification_rate",
        {"scope": "项目", "fund_group": "政府专项债券"},
        percent=True,
    ),
    "B22-6": Figure(
        "summary_monitoring",
        "department_count",
        {"scope": "项目", "fund_group": "政府专项债券", "period_end_month": 11},
    ),
    "B22-7": Figure("summary_project_self_eval", "project_count", {"fund_group": "政府专项债券"}),
    "B22-8": Figure("summary_project_self_eval", "budget", {"fund_group": "政府专项债券"}),
    "B22-9": Figure("summary_project_self_eval", "executed", {"fund_group": "政府专项债券"}),
    "B22-10": Figure(
        "summary_project_self_eval", "execution_rate", {"fund_group": "政府专项债券"}, percent=True
    ),
    "B22-11": Figure("summary_project_self_eval", "mean_self_score", {"fund_group": "政府专项债券"}),
}


def fiscal_year_of(figure_id: str) -> int:
    return 2000 + int(figure_id.split("-")[0][-2:])


def _decimal(value: object) -> object:
    """Numbers as exact decimals (DuckDB returns averages as doubles); other values as they are."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return Decimal(str(value))


def rows(
    con: duckdb.DuckDBPyConnection, query: str, *, year: int, regions: list[str] | None = None
) -> list[dict]:
    """Every row of a summary query for one fiscal year, numbers as Decimal."""
    frame = queries.run(con, query, year=year, regions=regions or [])
    return [{k: _decimal(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]


def compute(
    con: duckdb.DuckDBPyConnection,
    figure_id: str,
    *,
    year: int | None = None,
    regions: list[str] | None = None,
) -> Decimal | None:
    """The figure's value (a percentage for rates), or None when the warehouse has no such row."""
    figure = FIGURES[figure_id]
    for row in rows(con, figure.query, year=year or fiscal_year_of(figure_id), regions=regions):
        if all(row.get(column) == value for column, value in figure.row.items()):
            value = row.get(figure.column)
            if value is None:
                return None
            return value * 100 if figure.percent else value
    return None
