"""Columns of the ledger pages (工作推进台账, 整改台账, 部门考核): field, Chinese header, kind."""

from __future__ import annotations

import polars as pl

from dashboard.tables import Column

SUBMISSION = [
    Column("fiscal_year", "年度", "int"),
    Column("office", "对口科室"),
    Column("department", "主管部门"),
    Column("stage", "工作环节"),
    Column("due_date", "截止日期"),
    Column("submitted_at", "报送日期"),
    Column("status", "状态"),
    Column("days_late", "逾期天数", "int"),
    Column("date_source", "日期来源"),
    Column("source_file", "来源文件"),
]
COVERAGE_CHECKS = [
    Column("fiscal_year", "年度", "int"),
    Column("department", "主管部门"),
    Column("rule_title", "检查"),
    Column("message", "情况"),
]
RECTIFICATION = [
    Column("item_key", "问题编号"),
    Column("status", "状态"),
    Column("severity", "严重程度"),
    Column("office", "责任科室"),
    Column("department", "主管部门"),
    Column("fiscal_year", "年度", "int"),
    Column("stage", "环节"),
    Column("project_name", "项目名称"),
    Column("rule_title", "问题类型"),
    Column("message", "问题说明"),
    Column("issued_at", "下达日期"),
    Column("due_date", "整改期限"),
    Column("days_overdue", "逾期天数", "int"),
    Column("measures", "整改措施"),
    Column("result", "整改结果"),
    Column("completed_on", "完成日期"),
    Column("review", "审核意见"),
    Column("finding_status", "问题现状"),
    Column("cleared_by_file", "消除问题的文件"),
]
SCORECARD = [
    Column("rank", "名次", "int"),
    Column("department", "主管部门"),
    Column("office", "对口科室"),
    Column("score", "总分", "score"),
    Column("score_on_time", "按时报送", "score"),
    Column("score_coverage", "部门评价覆盖", "score"),
    Column("score_problems", "审核问题", "score"),
    Column("score_rectification", "整改销号", "score"),
    Column("score_quantification", "指标量化率", "score"),
    Column("score_results", "评价结果", "score"),
    Column("missing", "未报送环节", "int"),
    Column("late", "逾期环节", "int"),
    Column("high", "高问题", "int"),
    Column("overdue", "整改逾期", "int"),
]


def dates_as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Dates as 2022-02-15 (the tables show text; an empty date stays empty)."""
    return frame.with_columns(
        pl.col(c).dt.strftime("%Y-%m-%d") for c, t in frame.schema.items() if t == pl.Date
    )
