"""One grading rule per region profile (warehouse/config/regions.toml [profiles.*.grading]): the score that
grades and the one that stands in when it is missing, the same for every view and for the D05 check."""

from __future__ import annotations

import copy

import pytest

from warehouse import profiles

VIEWS = {
    "project_self_eval": "SELECT project_code, grade FROM mart.project_self_eval WHERE assessed",
    "dept_self_eval": "SELECT department, grade FROM mart.dept_self_eval",
    "evaluation": "SELECT project_code, grade FROM mart.evaluation",
}


def stage_scores(stage) -> None:
    """Rows whose own score and finance score fall in different national bands, one without a finance score."""
    for code, own, finance in (("A", 95, 85), ("B", 85, None)):
        stage.add(
            "project_self_eval",
            fiscal_year=2023,
            department="示例县教育局",
            project_code=code,
            project_name=f"项目{code}",
            assessed=True,
            budget=10,
            executed=10,
            self_score=own,
            finance_score=finance,
        )
        stage.add(
            "dept_self_eval",
            fiscal_year=2023,
            department=f"部门{code}",
            budget=10,
            executed=10,
            self_score=own,
            finance_score=finance,
        )
        stage.add(
            "evaluation",
            fiscal_year=2023,
            level="部门评价",
            department="示例县教育局",
            project_code=code,
            project_name=f"项目{code}",
            budget=10,
            executed=10,
            score=own,
            finance_score=finance,
        )


def grades(con) -> dict[str, list[tuple]]:
    return {view: sorted(con.sql(sql).fetchall()) for view, sql in VIEWS.items()}


def with_rule(monkeypatch, rule: dict) -> None:
    config = copy.deepcopy(profiles._regions())
    config["profiles"]["national"]["grading"] = rule
    monkeypatch.setattr(profiles, "_regions", lambda: config)


def test_the_finance_score_grades_and_the_own_score_stands_in(staging):
    stage_scores(staging)
    con = staging.rebuild()
    assert grades(con) == {
        "project_self_eval": [("A", "良"), ("B", "良")],
        "dept_self_eval": [("部门A", "良"), ("部门B", "良")],
        "evaluation": [("A", "良"), ("B", "良")],
    }


def test_a_profile_grading_by_the_own_score_changes_every_view(staging, monkeypatch):
    with_rule(monkeypatch, {"score": "self"})
    stage_scores(staging)
    staging.add(  # a stated grade that agrees with the finance score but not with the own score
        "dept_self_eval",
        fiscal_year=2023,
        department="部门C",
        budget=10,
        executed=10,
        self_score=95,
        finance_score=85,
        grade_stated="良",
    )
    con = staging.rebuild()
    assert grades(con) == {
        "project_self_eval": [("A", "优"), ("B", "良")],
        "dept_self_eval": [("部门A", "优"), ("部门B", "良"), ("部门C", "良")],
        "evaluation": [("A", "优"), ("B", "良")],
    }
    (message,) = con.sql("SELECT message FROM mart.problem WHERE rule_code = 'D05'").fetchall()[0]
    assert message == "填报等级“良”与自评得分 95 不符，按全国默认等级标准应为“优”"


def test_without_a_fallback_a_missing_score_leaves_the_grade_empty(staging, monkeypatch):
    with_rule(monkeypatch, {"score": "finance"})
    stage_scores(staging)
    con = staging.rebuild()
    assert grades(con) == {
        "project_self_eval": [("A", "良"), ("B", None)],
        "dept_self_eval": [("部门A", "良"), ("部门B", None)],
        "evaluation": [("A", "良"), ("B", None)],
    }


@pytest.mark.parametrize("rule", [{"score": "stated"}, {"score": "self", "fallback": "self"}, {}])
def test_a_rule_naming_no_known_score_is_refused(monkeypatch, rule):
    with_rule(monkeypatch, rule)
    with pytest.raises(ValueError, match=r"grading\]：score 须为 finance 或 self"):
        profiles.grading_rows()
