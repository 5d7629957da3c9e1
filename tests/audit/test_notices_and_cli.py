"""The 退回整改通知 workbook (one sheet per department, each problem with its source cells) and
`jixiao audit` (a table for people, CSV for scripts)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from dashboard import notices
from warehouse import cli

SCOPE = {"years": [2021], "regions": [], "departments": [], "funds": [], "rules": [], "severities": [],
         "stages": [], "keyword": ""}  # fmt: skip


def two_departments(wh):
    wh.self_eval(executed=0, execution_rate_stated=0)  # D10
    wh.self_eval(project_code="B", project_name='=HYPERLINK("http://x")', finance_score=75, grade_stated="优")
    wh.dept_self_eval(department="沙湾市水利局", budget=100, executed=150, execution_rate_stated=1.5)  # D01


def test_the_notice_has_one_sheet_per_department_with_its_problems_and_source_cells(wh):
    two_departments(wh)
    wh.rebuild()
    problems = wh.frame("problem_list", **SCOPE)
    book = openpyxl.load_workbook(io.BytesIO(notices.build_notice(problems, [("年度", "2021")])))
    assert book.sheetnames == ["沙湾市教育局", "沙湾市水利局", "说明"]
    for department in ("沙湾市教育局", "沙湾市水利局"):
        sheet = book[department]
        assert department in sheet["A1"].value and "退回整改通知" in sheet["A1"].value
        header = [c.value for c in sheet[4]]
        assert header[:3] == ["序号", "问题编号", "严重程度"]
        assert header[-6:] == ["来源文件", "工作表", "行号", "整改措施", "整改结果", "完成日期"]
        body = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=5)]
        body = [r for r in body if isinstance(r["序号"], int)]  # the signature line below is not a problem
        mine = [p for p in problems.to_dicts() if p["department"] == department]
        assert len(body) == len(mine)
        assert {(r["问题说明"], r["来源文件"], r["工作表"], r["行号"]) for r in body} == {
            (p["message"], p["source_file"], p["source_sheet"], p["source_row"]) for p in mine
        }
    water = [r for r in book["沙湾市水利局"].iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert water[0][2] == "高" and water[0][3] == "部门整体自评"


def test_the_notice_never_writes_formulas(wh):
    two_departments(wh)
    wh.rebuild()
    problems = wh.frame("problem_list", **SCOPE)
    book = openpyxl.load_workbook(io.BytesIO(notices.build_notice(problems, [])))
    cells = [c for row in book["沙湾市教育局"].iter_rows() for c in row if isinstance(c.value, str)]
    injected = [c for c in cells if c.value.startswith("=HYPERLINK")]
    assert injected and all(c.data_type == "s" for c in injected)


def test_sheet_names_are_valid_and_unique():
    long = "沙湾市某某某某某某某某某某某某某某某某某某某某某某某某某某某局"
    names = notices.sheet_names([long, long + "二", "a/b:c", "说明"])
    assert all(len(n) <= 31 for n in names)
    assert len(set(names)) == 4
    assert names[2] == "abc" and names[3] != "说明"


@pytest.fixture
def audited_db(tmp_path, wh):
    two_departments(wh)
    wh.rebuild()
    wh.con.execute("CHECKPOINT")
    path = tmp_path / "wh.duckdb"
    wh.con.close()
    return path


def test_cli_audit_prints_a_table(audited_db, capsys):
    assert cli.main(["audit", "--db", str(audited_db)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["规则", "严重程度", "环节"]
    assert any(line.startswith("D01") and "沙湾市水利局" in line and "第5行" in line for line in lines)
    assert "合计：3 个问题，涉及 2 个主管部门" in out


def test_cli_audit_prints_csv_and_filters_by_year(audited_db, capsys):
    assert cli.main(["audit", "--db", str(audited_db), "--format", "csv", "--year", "2021"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["rule_code"] for r in rows} == {"D01", "D05", "D10"}
    assert all(r["source_file"] and r["source_sheet"] and r["source_row"] for r in rows)
    assert cli.main(["audit", "--db", str(audited_db), "--format", "csv", "--year", "2020"]) == 0
    assert capsys.readouterr().out.strip().count("\n") == 0  # header only


def test_cli_audit_without_a_warehouse_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["audit", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "数据仓库不存在" in capsys.readouterr().err
