"""Per-project forms go through the loader: the project joins its stage, every indicator is kept."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from samplegen.self_eval_form import example_projects, write_self_eval_forms
from warehouse.pipeline import load


def query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("layout", ["national", "national_variant", "sichuan"])
def test_self_assessment_forms_load_projects_and_all_their_indicators(tmp_path, layout):
    projects = example_projects(3, seed=7)
    write_self_eval_forms(tmp_path / "in" / "2021" / "自评表.xlsx", projects, layout=layout)
    db = tmp_path / "wh.duckdb"
    report = load([tmp_path / "in"], db)
    assert report.exit_code == 0, [r.reason for f in report.files for r in f.rejections]
    assert report.files[0].kind == "项目支出绩效自评表"
    rows = query(
        db,
        "SELECT project_name, budget, executed, assessed FROM mart.project_self_eval ORDER BY source_sheet",
    )
    expected = sorted((p["project_name"].split("-")[-1], p["budget"], p["executed"]) for p in projects)
    assert sorted((r[0], r[1], r[2]) for r in rows) == [(n, Decimal(b), Decimal(e)) for n, b, e in expected]
    assert all(r[3] for r in rows)
    real_indicators = sum(1 for p in projects for i in p["indicators"] if i.get("target") or i.get("actual"))
    assert query(db, "SELECT count(*) FROM mart.indicator WHERE stage = '自评'") == [(real_indicators,)]


def test_a_form_and_a_list_of_the_same_project_make_one_row(tmp_path):
    from support.xlsx_builder import self_eval_list

    project = example_projects(1, seed=3)[0]
    write_self_eval_forms(tmp_path / "in" / "2021" / "表单.xlsx", [project])
    self_eval_list(
        tmp_path / "in" / "2021" / "汇总.xlsx",
        [
            [
                1,
                project["department"],
                project["project_name"],
                "一般公共预算",
                project["budget_initial"],
                project["budget"],
                project["executed"],
                None,
                95,
                92,
                None,
                None,
            ]
        ],
    )
    db = tmp_path / "wh.duckdb"
    load([tmp_path / "in"], db)
    assert query(
        db, "SELECT count(*), max(source_count), max(finance_score) FROM mart.project_self_eval"
    ) == [(1, 2, Decimal("92"))]


def test_department_level_forms_and_scoring_sheets_load_into_their_stages(tmp_path):
    from samplegen.dept_self_eval_form import example_departments, write_dept_self_eval_forms
    from samplegen.dept_target_form import example_dept_targets, write_dept_target_forms
    from samplegen.evaluation_sheet import example_evaluations, write_evaluation_sheets

    departments = example_departments(2, seed=11)
    targets = example_dept_targets(2, seed=12)
    evaluations = example_evaluations(2, seed=13)
    write_dept_self_eval_forms(tmp_path / "in" / "2021" / "部门整体自评.xlsx", departments)
    write_dept_target_forms(tmp_path / "in" / "2022" / "部门整体目标.xlsx", targets)
    write_evaluation_sheets(tmp_path / "in" / "2021" / "评价评分表.xlsx", evaluations)
    db = tmp_path / "wh.duckdb"
    report = load([tmp_path / "in"], db)
    assert report.exit_code == 0, [r.reason for f in report.files for r in f.rejections]
    assert sorted(query(db, "SELECT department, budget, executed FROM mart.dept_self_eval")) == sorted(
        (d["department"], d["budget"], d["executed"]) for d in departments
    )
    assert sorted(
        query(db, "SELECT department, budget FROM mart.performance_target WHERE scope = '部门整体'")
    ) == sorted((t["department"], t["budget"]) for t in targets)
    rows = query(db, "SELECT project_name, level, grade FROM mart.evaluation ORDER BY project_name")
    assert rows == sorted((e["project_name"], e["level"], e["grade"]) for e in evaluations)
