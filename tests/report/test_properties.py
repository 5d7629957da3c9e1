"""Properties over the class of inputs: any grading rule and any pair of scores grade by the rule; any set of
monitoring checkpoints, loaded in any order, is reported once each in month order."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from county_staging import COUNTY, Staging
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warehouse import profiles, report

SCORES = st.none() | st.decimals(min_value=0, max_value=100, places=1)
RULES = st.sampled_from([("finance", "self"), ("finance", None), ("self", "finance"), ("self", None)])
BANDS = profiles.region_profile(COUNTY)["grade_bands"]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    stage = Staging(tmp_path_factory.mktemp("properties") / "w.duckdb")
    stage.rebuild()
    yield stage
    stage.con.close()


def expected_grade(rule: tuple[str, str | None], finance: Decimal | None, own: Decimal | None) -> str | None:
    by = {"finance": finance, "self": own}
    score, fallback = rule
    value = by[score] if by[score] is not None else (by[fallback] if fallback else None)
    if value is None:
        return None
    return max(((lower, grade) for grade, lower in BANDS.items() if value >= lower))[1]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rule=RULES, finance=SCORES, own=SCORES)
def test_every_grade_follows_the_profile_rule_and_bands(warehouse, rule, finance, own):
    con = warehouse.con
    con.execute("UPDATE cfg.grading SET score = ?, fallback = ? WHERE profile = 'national'", list(rule))
    (grade,) = con.execute(
        "SELECT core.grade_by_rule('national', ?::DECIMAL(9, 4), ?::DECIMAL(9, 4))", [finance, own]
    ).fetchall()[0]
    assert grade == expected_grade(rule, finance, own)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(months=st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True))
def test_each_checkpoint_loaded_is_reported_once_in_month_order(warehouse, months):
    con = warehouse.con
    con.execute("DELETE FROM stg.monitoring")
    for month in months:  # in the drawn order, not sorted
        warehouse.add(
            "monitoring",
            fiscal_year=2024,
            scope="部门整体",
            period_end_month=month,
            department="示例县教育局",
            budget=100,
            executed=month,
        )
    warehouse.rebuild()
    texts = [p.text for p in report.build(con, 2024, COUNTY).paragraphs]
    (paragraph,) = [t for t in texts if "年度部门整体绩效跟踪监控。" in t]
    reported = [int(m) for m in re.findall(r"截至 (\d+) 月底", paragraph)]
    assert reported == sorted(months)
    for month in months:  # each checkpoint with its own execution
        assert (
            f"截至 {month} 月底，1 个部门单位开展整体绩效监控，整体支出预算数 100 万元，执行资金数 {month} 万元"
            in paragraph
        )
