"""The rules that need the ledgers and the work calendar (报送逾期, 未报送, 连续两次监控审核不合格且未整改,
整改逾期, 部门评价覆盖不足, 重点评价不足), the calendar's 对口科室 and the 部门名录 that overrides who must submit."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest

from warehouse import ledger, schema
from warehouse.pipeline import load

REGION = "沙湾市"
A, B, C = "沙湾市教育局", "沙湾市水利局", "沙湾市卫生健康委员会"


class Tiny:
    """Stage rows written straight into a fresh warehouse, then the load's own ledger hooks and rebuild."""

    def __init__(self, tmp_path: Path) -> None:
        self.db = tmp_path / "w.duckdb"
        self.con = duckdb.connect(str(self.db))
        schema.migrate(self.con)
        self.row = 0
        self.loaded_at = datetime(2022, 1, 10, 9, 0)  # when the files below were loaded

    def saved(self, file: str, when: datetime) -> None:
        """The file's workbook says it was last saved at `when` (raw.load_log.saved_at)."""
        self.con.execute("UPDATE raw.load_log SET saved_at = ? WHERE source_file = ?", [when, file])

    def add(self, table: str, file: str = "list.xlsx", **values) -> None:
        self.row += 1
        row = {"source_file": file, "source_sheet": "Sheet1", "source_row": self.row, "fiscal_year": 2021,
               "region": REGION, **values}  # fmt: skip
        self.con.execute(
            f"INSERT INTO stg.{table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        self.con.execute(
            "INSERT OR IGNORE INTO raw.load_log (source_file, sha256, size_bytes, kind, rows_loaded, rows_rejected, "
            "status, message, is_sample, loaded_at) VALUES (?, 'x', 1, 'k', 1, 0, '已加载', NULL, false, ?)",
            [file, self.loaded_at],
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


def test_without_a_stated_date_the_workbook_saved_time_dates_a_submission_loaded_years_later(tiny):
    tiny.loaded_at = datetime(2026, 11, 30, 10, 0)  # 2021's workbooks loaded at onboarding, years later
    tiny.project(A, "校舍维修", file="a.xlsx")
    tiny.project(B, "河道治理", file="b.xlsx")
    tiny.project(C, "疾病防控", file="c.xls")  # an .xls states no saved time
    tiny.add("dept_self_eval", file="a-dept.xlsx", department=A, budget=100, executed=90)
    tiny.saved("a.xlsx", datetime(2022, 2, 10, 18, 30))  # 沙湾市: 单位自评 by 2-15, 部门整体自评 by 3-15
    tiny.saved("b.xlsx", datetime(2022, 2, 20, 9, 0))
    tiny.saved("a-dept.xlsx", datetime(2022, 3, 10, 9, 0))
    found = tiny.rebuild()
    rows = {
        (r[0], r[1]): r[2:]
        for r in tiny.con.execute(
            "SELECT department, stage, status, submitted_at, date_source, days_late FROM mart.submission"
        ).fetchall()
    }
    assert rows[(A, "单位自评")] == ("已报送", date(2022, 2, 10), "文件保存时间", 0)
    assert rows[(B, "单位自评")] == ("逾期报送", date(2022, 2, 20), "文件保存时间", 5)
    assert rows[(C, "单位自评")][0::2] == ("逾期报送", "加载时间")
    # judged as of the latest saved time (3-10), not today: 部门整体自评 is not yet due for B and C
    assert rows[(B, "部门整体自评")] == rows[(C, "部门整体自评")] == ("未报送", None, None, 0)
    assert codes(found, "S01") == [], "a finding of late submission needs the form's own 填报日期"


def test_a_stated_date_outranks_any_saved_time_and_an_implausible_saved_time_yields(tiny):
    tiny.loaded_at = datetime(2022, 6, 1, 9, 0)
    tiny.project(A, "校舍维修", file="a.xlsx", filled_on="2022-02-20")
    tiny.project(A, "操场改造", file="a2.xlsx")  # the same stage, in a file saved earlier, without a date
    tiny.project(B, "河道治理", file="b.xlsx")
    tiny.project(C, "疾病防控", file="c.xls")
    tiny.saved("a.xlsx", datetime(2022, 3, 1))
    tiny.saved("a2.xlsx", datetime(2022, 1, 20))
    tiny.saved("b.xlsx", datetime(2031, 1, 1))  # a wrong clock: the file was in hand when it was loaded
    tiny.saved("c.xls", datetime(1601, 1, 1, 8, 0))  # an unset FILETIME, as an .xls states it
    found = tiny.rebuild()
    rows = {
        r[0]: r[1:]
        for r in tiny.con.execute(
            "SELECT department, submitted_at, date_source, source_file FROM mart.submission"
        ).fetchall()
    }
    assert rows[A] == (date(2022, 2, 20), "填报日期", "a.xlsx")
    assert [f["department"] for f in codes(found, "S01")] == [A]
    assert rows[B] == (date(2022, 6, 1), "文件保存时间", "b.xlsx")
    assert rows[C] == (date(2022, 6, 1), "加载时间", "c.xls"), "a placeholder dates nothing"


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
