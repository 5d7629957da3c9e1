"""The audit runs on every load: real-shaped workbooks go through the loader and their mistakes are found at
the Excel row to correct; the bundled sample's anomalies (the seed's own) are flagged."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest
from support.xlsx_builder import self_eval_list

from samplegen import monitoring_form, self_eval_form, target_form
from warehouse.pipeline import load

STAGE_TABLES = {
    "project_self_eval": "'项目自评'",
    "dept_self_eval": "'部门整体自评'",
    "evaluation": "level",
    "monitoring": "'绩效监控'",
}


def problems(db, code=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT rule_code, stage, source_file, source_sheet, source_row, message FROM mart.problem "
            "WHERE $code IS NULL OR rule_code = $code ORDER BY ALL",
            {"code": code},
        ).fetchall()
    finally:
        con.close()


def test_a_list_row_executed_over_budget_is_flagged_at_its_excel_row(tmp_path):
    row = [2, "沙湾市水利局", "河道治理", "一般公共预算", 100, 100, 130, 1.3, 95, 92, "优", None]
    ok = [1, "沙湾市水利局", "灌区改造", "一般公共预算", 80, 80, 80, 1, 99, 96, "优", None]
    path = self_eval_list(tmp_path / "in" / "2021" / "水利.xlsx", [ok, row])
    db = tmp_path / "wh.duckdb"
    assert load([path], db).exit_code == 0
    found = problems(db)
    assert [(c, s, r) for c, s, _f, _sh, r, _m in found] == [("D01", "项目自评", 7)]
    assert found[0][2].endswith("水利.xlsx") and found[0][3] == "Sheet1"
    assert found[0][5] == "全年执行数 130 万元超过全年预算数 100 万元（执行率 130%）"


def test_well_filled_forms_of_every_stage_and_layout_raise_nothing(tmp_path):
    folder = tmp_path / "in"
    for layout in self_eval_form.LAYOUTS:
        self_eval_form.write_self_eval_forms(
            folder / "2021" / f"自评_{layout}.xlsx",
            self_eval_form.example_projects(4, seed=11),
            layout=layout,
        )
    targets = target_form.example_projects(4)
    for layout in target_form.LAYOUTS:
        target_form.write_target_forms(folder / "2022" / f"目标_{layout}.xlsx", targets, layout=layout)
    for layout in monitoring_form.LAYOUTS:
        monitoring_form.write_monitoring_forms(
            folder / "2022" / f"监控_{layout}.xlsx",
            monitoring_form.example_monitoring(targets, 5),
            month=5,
            layout=layout,
        )
    db = tmp_path / "wh.duckdb"
    report = load([folder], db)
    assert report.exit_code == 0, [r.reason for f in report.files for r in f.rejections]
    assert problems(db) == []


def test_form_mistakes_are_found_on_the_form(tmp_path):
    project = self_eval_form.example_projects(1, seed=5)[0]
    project["self_score"] = Decimal("50")  # 总分 typed wrong
    first = next(i for i in project["indicators"] if i.get("target"))
    first["level3"] = "指标1："  # the template's stub left in place, with a value
    path = self_eval_form.write_self_eval_forms(tmp_path / "in" / "2021" / "自评.xlsx", [project])
    db = tmp_path / "wh.duckdb"
    load([path], db)
    found = problems(db)
    codes = {c for c, *_ in found}
    assert {"D04", "T02"} <= codes
    assert all(sheet.startswith("1-") for _c, _s, _f, sheet, _r, _m in found)
    (d04,) = [f for f in found if f[0] == "D04"]
    assert d04[5].startswith("自评总分 50 ≠ 执行率得分")


# --- the bundled sample ---------------------------------------------------------------------------------


def test_every_executed_over_budget_row_of_the_sample_is_flagged(sample_con):
    for table, stage in STAGE_TABLES.items():
        over = sample_con.execute(
            f"SELECT {stage}, source_file, source_sheet, source_row FROM stg.{table} "
            "WHERE executed > budget AND budget > 0 ORDER BY ALL"
        ).fetchall()
        flagged = sample_con.execute(
            f"SELECT stage, source_file, source_sheet, source_row FROM mart.problem WHERE rule_code = 'D01' "
            f"AND (stage, source_file, source_sheet, source_row) IN "
            f"(SELECT ({stage}, source_file, source_sheet, source_row) FROM stg.{table}) ORDER BY ALL"
        ).fetchall()
        assert flagged == over, table


def test_the_2021_departments_executing_more_than_their_budget_are_flagged(sample_con):
    """Seed D21-3: 部门整体 2021 executed 289479.9 against a budget of 186622.81 万元."""
    (rows, budget, executed) = sample_con.execute(
        "SELECT count(*), sum(budget), sum(executed) FROM mart.dept_self_eval WHERE fiscal_year = 2021"
    ).fetchall()[0]
    if not rows:
        pytest.skip("示例数据尚无 2021 年部门整体自评")
    assert executed > budget
    over = sample_con.execute(
        "SELECT department FROM mart.dept_self_eval WHERE fiscal_year = 2021 AND executed > budget ORDER BY 1"
    ).fetchall()
    flagged = sample_con.execute(
        "SELECT DISTINCT department FROM mart.problem WHERE fiscal_year = 2021 AND rule_code = 'D01' "
        "AND stage = '部门整体自评' ORDER BY 1"
    ).fetchall()
    assert over and flagged == over


def test_zero_execution_behind_the_low_2021_scores_is_flagged(sample_con):
    zero = sample_con.execute(
        "SELECT source_row FROM mart.project_self_eval WHERE fiscal_year = 2021 AND assessed AND executed = 0 "
        "AND budget > 0 ORDER BY 1"
    ).fetchall()
    flagged = sample_con.execute(
        "SELECT source_row FROM mart.problem WHERE fiscal_year = 2021 AND rule_code = 'D10' AND stage = '项目自评' "
        "ORDER BY 1"
    ).fetchall()
    assert zero and set(zero) <= set(flagged)
