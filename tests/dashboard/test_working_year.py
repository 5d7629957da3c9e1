"""The working year: each stage's fiscal year comes from the region's cycle, every section says which, and
an analyst's pinned fiscal year overrides the cycle for every stage."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.filters import Filters
from warehouse import profiles

NATIONAL = profiles.cycle_offsets(None)


def scope(work_year=2022, pinned=None, offsets=NATIONAL) -> Filters:
    return Filters(work_year, pinned, [], [], [], offsets)


def test_targets_and_monitoring_are_of_the_working_year_assessments_of_the_year_before():
    s = scope(2022)
    assert [s.fiscal_year(k) for k in ("exante", "target", "monitoring")] == [2022, 2022, 2022]
    assert [s.fiscal_year(k) for k in ("self_eval", "dept_self_eval", "evaluation")] == [2021, 2021, 2021]


def test_a_section_names_its_fiscal_year_and_when_it_was_done():
    s = scope(2022)
    assert s.label("self_eval") == "2021 年度项目自评（2022 年开展）"
    assert s.label("target") == "2022 年度绩效目标（2022 年开展）"


def test_a_pinned_fiscal_year_holds_for_every_stage_and_says_when_each_was_done():
    s = scope(2023, pinned=2021)
    assert {s.fiscal_year(k) for k in profiles.CYCLE_STAGES} == {2021}
    assert s.label("self_eval") == "2021 年度项目自评（2022 年开展）"
    assert s.label("target") == "2021 年度绩效目标（2021 年开展）"


def test_problems_are_scoped_by_stage_and_its_own_year():
    keys = scope(2022).cycle_stages()
    assert "绩效目标:2022" in keys and "项目自评:2021" in keys and "财政评价:2021" in keys
    assert "项目自评:2022" not in keys


def test_a_region_overrides_only_the_stages_it_names(monkeypatch):
    config = {
        "profiles": {
            "national": {"cycle": dict(NATIONAL)},
            "甲县": {"aliases": ["甲"], "cycle": {"self_eval": 0}},
        }
    }
    monkeypatch.setattr(profiles, "_regions", lambda: config)
    offsets = profiles.cycle_offsets("甲")
    assert offsets["self_eval"] == 0 and offsets["evaluation"] == -1 and offsets["target"] == 0


def test_a_cycle_missing_a_stage_is_refused_in_chinese(monkeypatch):
    monkeypatch.setattr(profiles, "_regions", lambda: {"profiles": {"national": {"cycle": {"target": 0}}}})
    with pytest.raises(ValueError, match="缺少环节"):
        profiles.cycle_offsets(None)


@settings(max_examples=100, deadline=None)
@given(
    year=st.integers(min_value=2000, max_value=2100),
    offsets=st.fixed_dictionaries({k: st.integers(min_value=-2, max_value=1) for k in profiles.CYCLE_STAGES}),
)
def test_the_working_year_is_recovered_from_every_stage(year, offsets):
    s = scope(year, offsets=offsets)
    for stage in profiles.CYCLE_STAGES:
        assert s.conducted_in(stage) == year
        assert s.params(stage)["years"] == [year + offsets[stage]]
        assert s.label(stage).startswith(f"{year + offsets[stage]} 年度")
