"""The rules that need the ledgers and the work calendar (报送逾期, 未报送, 连续两次监控审核不合格且未整改,
整改逾期, 部门评价覆盖不足, 重点评价不足), the calendar's 对口科室 and the 部门名录 that overrides who must submit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest

from warehouse import ledger, schema
from warehouse.pipeline import load

REGION = "沙湾市"
A, B = "沙湾市教育局", "沙湾市水利局"


class Tiny:
    """Stage rows written straight into a fresh warehouse, then the load's own ledger hooks and rebuild."""

    def __init__(self, tmp_path: Path) -> None:
        self.db = tmp_path / "w.duckdb"
        self.con = duckdb.connect(str(self.db))
        schema.migrate(self.con)
        self.row = 0

    def add(self, table: str, file: str = "list.xlsx", **values) -> None:
        self.row += 1
        row = {"source_file": file, "source_sheet": "Sheet1", "source_row": self.row, "fiscal_year": 2021,
               "region": REGION, **values}  # fmt: skip
        self.con.execute(
            f"INSERT INTO stg.{table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        self.con.execute(
            "INSERT OR IGNORE INTO raw.load_log VALUES (?, 'x', 1, 'k', 1, 0, '已加载', NULL, false, "
            "TIMESTAMP '2022-01-10 09:00:00')",
            [file],
        )

    def project(self, department: str, name: str, **values) -> None:
        row = {
            "fund_type": "一般公共预算",
            "fund_tags": [],
            "assessed": True,
            "budget": 100,
            "executed": 90,
            **values,
        }
        self.add("project_self_eval", department=department, project_name=name, **row)

    def rebuild(self) -> list[dict]:
        ledger.prepare(self.con, self.db)
        schema.rebuild(self.con)
        ledger.after_audit(self.con, self.db, [])
        rel = self.con.sql("SELECT rule_code, department, stage, message FROM mart.problem ORDER BY ALL")
        return [dict(zip(rel.columns, r, strict=True)) for r in rel.fetchall()]


@pytest.fixture
def tiny(tmp_path) -> Tiny:
    return Tiny(tmp_path)


def codes(found: list[dict], code: str) -> list[dict]:
    return [f for f in found if f["rule_code"] == code]


def test_s01_a_stated_date_after_the_deadline_is_late(tiny):
    tiny.project(A, "校舍维修", filled_on="2022年2月20日")  # 沙湾市: 单位自评 by 2-15
    tiny.project(B, "河道治理", filled_on="2022-02-10")
    (late,) = codes(tiny.rebuild(), "S01")
    assert late["department"] == A and late["stage"] == "单位自评" and "逾期 5 天" in late["message"]
    rows = dict(tiny.con.execute("SELECT department, status FROM mart.submission").fetchall())
    assert rows == {A: "逾期报送", B: "已报送"}


def test_s02_a_department_of_the_working_year_that_did_not_submit(tiny):
    tiny.project(A, "校舍维修")
    tiny.project(B, "河道治理")
    tiny.add("dept_self_eval", department=A, budget=100, executed=90)
    found = codes(tiny.rebuild(), "S02")
    assert [(f["department"], f["stage"]) for f in found] == [(B, "部门整体自评")]


def test_c05_and_c06_coverage_checks_once_evaluations_are_loaded(tiny):
    tiny.project(A, "校舍维修")
    tiny.project(B, "河道治理")
    evaluated = {"fund_type": "一般公共预算", "fund_tags": [], "budget": 100, "score": 90}
    tiny.add("evaluation", department=B, project_name="河道治理", level="部门评价", **evaluated)
    tiny.add("evaluation", department=B, project_name="河道治理", level="财政评价", **evaluated)
    found = tiny.rebuild()
    assert [f["department"] for f in codes(found, "C05")] == [A]
    assert "少于 10 个" in codes(found, "C06")[0]["message"]


def test_c03_two_failed_reviews_unless_the_first_was_rectified(tiny):
    monitored = {"scope": "项目", "department": A, "project_name": "校舍维修", "fund_type": "一般公共预算",
                 "fund_tags": [], "budget": 100, "fiscal_year": 2022}  # fmt: skip
    tiny.add("monitoring", period_end_month=5, executed=1, **monitored)
    tiny.add("monitoring", period_end_month=8, executed=2, **monitored)
    (twice,) = codes(tiny.rebuild(), "C03")
    assert "未下达整改" in twice["message"]
    first = tiny.con.execute(
        "SELECT item_key FROM mart.finding WHERE rule_code = 'E02' AND stage = '绩效监控（1-5月）'"
    ).fetchone()[0]
    ledger.issue(tiny.db, None, [first], today=date(2022, 6, 20))
    ledger.answer(tiny.db, None, ledger.Answer(first, "加快支付", "已支付 60%", "2022-07-30"))
    ledger.review(tiny.db, None, first, "整改到位", accept=True)
    assert codes(tiny.rebuild(), "C03") == []


def test_c04_an_issued_item_past_its_deadline(tiny):
    tiny.add("dept_self_eval", department=A, budget=100, executed=150)  # D01
    tiny.rebuild()
    (key,) = [f["item_key"] for f in ledger.findings(tiny.db) if f["rule_code"] == "D01"]
    ledger.issue(tiny.db, None, [key], today=date(2022, 4, 1))
    (overdue,) = codes(tiny.rebuild(), "C04")
    assert key in overdue["message"] and "2022-05-01" in overdue["message"]
    status = tiny.con.execute("SELECT status FROM mart.rectification WHERE item_key = ?", [key]).fetchone()[0]
    assert status == "逾期"


def test_offices_follow_the_calendar_fund_types_first(tiny):
    tiny.project(A, "校舍维修")
    tiny.project("沙湾市社会保险中心", "养老保险", fund_type="社会保险基金预算")
    tiny.project("沙湾市住房和城乡建设局", "PPP 污水处理", fund_tags=["PPP"])
    tiny.rebuild()
    office = dict(tiny.con.execute("SELECT department, office FROM core.department_office").fetchall())
    assert office[A] == "教科文科" and office["沙湾市社会保险中心"] == "社保科"
    by_fund = tiny.con.execute(
        "SELECT core.office_for(?, ?, '一般公共预算', ['PPP']), core.office_for(?, ?, '社会保险基金预算', [])",
        [REGION, A, REGION, A],
    ).fetchone()
    assert by_fund == ("经建科", "社保科")


def test_a_department_roster_workbook_decides_who_must_submit_and_their_office(tmp_path):
    folder = tmp_path / "in" / "2021"
    folder.mkdir(parents=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["沙湾市2022年部门名录"])
    sheet.append(["序号", "部门名称", "对口科室", "是否一级预算单位"])
    sheet.append([1, A, "行政政法科", "是"])
    sheet.append([2, "沙湾市新设局", "农业科", "是"])
    book.save(folder / "部门名录.xlsx")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["沙湾市2021年度部门整体支出绩效自评结果汇总表"])
    sheet.append(["序号", "部门名称", "全年预算数", "全年执行数", "执行率", "自评得分", "填报日期"])
    sheet.append([1, A, 100, 90, 0.9, 90, "2022-03-01"])
    sheet.append([2, B, 100, 90, 0.9, 90, "2022-03-20"])
    book.save(folder / "部门整体自评.xlsx")
    db = tmp_path / "w.duckdb"
    report = load([tmp_path / "in"], db)
    assert {f.kind for f in report.files} == {"部门名录", "部门整体支出绩效自评结果汇总表"}, report.files
    con = duckdb.connect(str(db), read_only=True)
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT department, office, status, submitted_at, date_source FROM mart.submission"
        ).fetchall()
    }
    assert rows[A] == ("行政政法科", "已报送", date(2022, 3, 1), "填报日期")
    assert rows["沙湾市新设局"][:2] == ("农业科", "未报送")
    assert rows[B][1] == "逾期报送", "not on the roster, but submitted: still shown"
