"""Every header wording in the label zoo (tests/etl/label_zoo.csv) maps to its field, and every negative to
none. The zoo collects real wordings: the national and provincial forms of /reference/forms.md, system
exports (G-PMKPI, platformweb) and their variants; `source` says where each came from."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from etl.headers import classify_header, match_header, meaning_fields

ZOO = Path(__file__).with_name("label_zoo.csv")


def _zoo() -> list[dict]:
    with ZOO.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_zoo_is_large_and_has_negatives():
    rows = _zoo()
    positives = [r for r in rows if r["field"]]
    assert len(positives) >= 300
    assert len(rows) - len(positives) >= 100
    assert all(r["source"] for r in rows)


def test_every_zoo_field_is_a_field_the_headers_know():
    assert {r["field"] for r in _zoo() if r["field"]} <= set(meaning_fields())


@pytest.mark.parametrize("row", _zoo(), ids=lambda r: r["label"].replace("\n", "⏎"))
def test_zoo_label_maps_to_its_field(row):
    year = int(row["table_year"]) if row["table_year"] else None
    verdict = classify_header(row["label"], year)
    assert verdict.field == (row["field"] or None), (verdict.ambiguous, verdict.note)


def test_zoo_covers_every_field_more_than_once():
    counts = Counter(r["field"] for r in _zoo() if r["field"])
    assert min(counts.values()) >= 4


def test_ambiguous_label_is_reported_not_resolved():
    # "结论等级" says 结论 and 等级 equally: the column's values, not the order of rules, must settle it
    verdict = classify_header("结论等级")
    assert verdict.field is None
    assert verdict.ambiguous == ("conclusion", "grade")
    assert verdict.note == "表头含义不明：可能是 conclusion 或 grade"
    assert match_header("结论等级") is None


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("单位自评/得分", "self_score"),
        ("财政复核/得分", "finance_score"),
        ("部门评价/得分", "score"),
        ("财政复核/等级", "grade"),
        ("1-7月执行情况/执行数", "period_executed"),
        ("1-7月执行情况/执行率", "period_rate"),
        ("评价得分/决策", "score_decision"),
        ("预算执行情况/调整后预算数", "budget"),
        ("项目资金（万元）/全年执行数", "executed"),
        ("项目资金（万元）/执行率", "execution_rate"),
        ("部门预算执行情况（万元）/年初预算数", "budget_initial"),
    ],
)
def test_group_qualifies_a_generic_sub_label(label, field):
    assert classify_header(label).field == field


def test_three_level_header_reads_from_the_bottom():
    assert classify_header("项目资金情况/单位自评/得分").field == "self_score"
    assert classify_header("基本情况/项目名称").field == "project_name"


def test_label_of_another_year_is_left_unused_with_a_reason():
    verdict = classify_header("2021年实际执行数", year=2022)
    assert verdict.field is None and verdict.label_year == 2021
    assert verdict.note == "表头所写年度 2021 与表格年度 2022 不同，未加载"
    assert classify_header("2022年实际执行数", year=2022).field == "executed"
    assert classify_header("2024年全年预算数").label_year == 2024


def test_known_unused_label_carries_its_reason():
    verdict = classify_header("预算调整数（万元）")
    assert verdict.field is None
    assert verdict.unused_reason == "预算调整额，不是调整后预算数"
    assert verdict.unit == "万元"


def test_a_group_that_means_a_field_by_itself_does_not_requalify_its_sub_label():
    # a 填报单位 note row above the header must not turn 执行率 into a unit column
    assert classify_header("填报单位：沙湾市财政局/预算执行情况/执行率").field == "execution_rate"
