"""Every list the generator writes is recognised by the ETL's content-based detection: the header is
found, the kind comes from the title and header fields, and every intended column maps to its field."""

from __future__ import annotations

import pytest

from etl.headers import match_header
from etl.kinds import detect
from samplegen import list_specs
from samplegen.tests.sample_reader import list_table

SPECS = {spec["path"]: spec for spec in list_specs()}
EXPECTED_FIELDS = {
    "2021/2021年度部门整体支出绩效自评结果汇总表.xlsx": {
        "seq", "department", "budget", "executed", "execution_rate", "self_score", "finance_score", "grade",
    },
    "2021/2021年度项目支出部门评价结果汇总表.xlsx": {
        "seq", "department", "project_code", "project_name", "fund_type", "budget", "executed",
        "execution_rate", "goal_completion_rate", "score", "finance_score", "score_decision",
        "score_process", "score_output", "score_effect", "grade",
    },
    "2021/2021年度财政重点绩效评价结果汇总表.xlsx": {
        "seq", "department", "project_code", "project_name", "fund_type", "budget", "executed", "score",
        "score_decision", "score_process", "score_output", "score_effect", "grade",
    },
    "2022/2022年度新增项目事前绩效评估结果汇总表.xlsx": {
        "seq", "department", "project_name", "amount", "score", "conclusion",
    },
    "2022/2022年度部门整体支出绩效目标汇总表.xlsx": {
        "seq", "department", "budget", "indicator_count", "quantified_count",
    },
    "2022/2022年1-6月部门整体绩效运行监控汇总表.xlsx": {
        "seq", "department", "budget", "period_executed", "execution_rate",
    },
    "2022/2022年度直达资金项目绩效目标汇总表.xlsx": {
        "seq", "department", "project_code", "project_name", "fund_type", "budget", "indicator_count",
        "quantified_count", "review_result",
    },
    "2022/2022年1-5月项目支出绩效运行监控汇总表.xlsx": {
        "seq", "department", "project_code", "project_name", "fund_type", "budget", "funds_arrived",
        "period_executed", "execution_rate", "completion_likelihood", "deviation_reason",
    },
    "2022/2022年1-11月政府专项债券项目绩效运行监控汇总表.xlsx": {
        "seq", "department", "project_code", "project_name", "fund_type", "budget", "funds_arrived",
        "period_executed", "execution_rate", "completion_likelihood", "deviation_reason",
    },
    "2022/2022年度政府专项债券项目支出绩效自评结果汇总表.xlsx": {
        "seq", "department", "unit", "project_code", "project_name", "fund_type", "budget_initial", "budget",
        "executed", "execution_rate", "goal_completion_rate", "self_score", "finance_score", "grade", "remark",
    },
}  # fmt: skip
PERIOD_MONTH = {
    "2022/2022年1-6月部门整体绩效运行监控汇总表.xlsx": 6,
    "2022/2022年1-5月项目支出绩效运行监控汇总表.xlsx": 5,
    "2022/2022年1-11月政府专项债券项目绩效运行监控汇总表.xlsx": 11,
}


def test_every_generated_list_has_expectations():
    assert set(SPECS) == set(EXPECTED_FIELDS)


@pytest.mark.parametrize("path", sorted(SPECS))
def test_list_is_detected_as_its_kind_with_its_fields(path):
    spec = SPECS[path]
    table, rows = list_table(path)
    kind = detect(table)
    assert kind is not None and kind["name"] == spec["kind"]
    assert EXPECTED_FIELDS[path] <= set(table.columns)
    assert table.title == spec["title"] and table.title.startswith("沙湾市")
    assert table.region == "沙湾市"
    assert table.fiscal_year == int(path[:4])
    assert table.sheet_unit == "万元"
    assert len(table.total_rows) == 1
    assert len(rows) == len(spec["rows"])
    if path in PERIOD_MONTH:
        assert table.columns["period_executed"].period_month == PERIOD_MONTH[path]


@pytest.mark.parametrize("path", sorted(SPECS))
def test_every_header_maps_to_the_field_the_generator_meant(path):
    for col in SPECS[path]["columns"]:
        label = f"{col.group}/{col.header}" if col.group else col.header
        match = match_header(label)
        if col.key in ("firm",):  # 评价机构 is informative only
            assert match is None
            continue
        expected = {
            "arrived": "funds_arrived",
            "likelihood": "completion_likelihood",
            "deviation": "deviation_reason",
        }
        field = expected.get(col.key, col.key)
        if col.header.startswith("1-"):
            field = "period_executed"
        assert match is not None and match.field == field, (col.header, match)
