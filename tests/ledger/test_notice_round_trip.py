"""The 退回整改通知 goes out with each problem's 问题编号 and comes back filled in: the loader recognises the
returned notice as its own kind and records the answers as 已反馈; a bad answer is a rejected row."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
import openpyxl

from dashboard import notices
from warehouse import ledger, queries
from warehouse.paths import SAMPLE_DIR
from warehouse.pipeline import load

DEPT_LIST = SAMPLE_DIR / "2021" / "2021年度部门整体支出绩效自评结果汇总表.xlsx"
SCOPE = {"years": [], "regions": [], "departments": [], "funds": [], "rules": [], "severities": [],
         "stages": [], "keyword": ""}  # fmt: skip


def _notice(db: Path) -> bytes:
    con = duckdb.connect(str(db), read_only=True)
    try:
        problems = queries.run(con, "problem_list", **SCOPE)
        keys = queries.run(con, "ledger_item_keys", regions=[], departments=[])
    finally:
        con.close()
    return notices.build_notice(problems, [("年度", "2021")], keys=keys)


def _answer(book: openpyxl.Workbook, sheet_name: str, answers: dict[int, tuple]) -> list[str]:
    """Fill the answer columns of the given body rows (0 = first problem); returns the keys answered."""
    sheet = book[sheet_name]
    header = [c.value for c in sheet[4]]
    keys = []
    for index, values in answers.items():
        row = 5 + index
        for label, value in zip(("整改措施", "整改结果", "完成日期"), values, strict=True):
            sheet.cell(row, header.index(label) + 1).value = value
        keys.append(sheet.cell(row, header.index("问题编号") + 1).value)
    return keys


def test_a_returned_notice_records_its_answers_as_feedback(tmp_path):
    incoming = tmp_path / "in"
    incoming.mkdir()
    shutil.copy(DEPT_LIST, incoming)
    db = tmp_path / "w.duckdb"
    load([incoming], db)
    registry = {f["item_key"] for f in ledger.findings(db)}

    book = openpyxl.load_workbook(io.BytesIO(_notice(db)))
    departments = [n for n in book.sheetnames if n != "说明"]
    assert len(departments) >= 3
    header = [c.value for c in book[departments[0]][4]]
    assert header[:2] == ["序号", "问题编号"] and header[-3:] == ["整改措施", "整改结果", "完成日期"]
    listed = {
        r[1]
        for name in departments
        for r in book[name].iter_rows(min_row=5, values_only=True)
        if isinstance(r[0], int)
    }
    assert listed and listed <= registry, "every listed problem carries its registered key"

    answered = _answer(book, departments[0], {0: ("已核对执行数并更正", "已重新报送", "2022-04-20")})
    answered += _answer(book, departments[1], {0: ("补充说明", None, None)})
    book[departments[2]].cell(5, 2).value = "D01-2021-FFFFFFFF"  # a key the bureau never issued
    _answer(book, departments[2], {0: ("乱填", "乱填", "2022-04-20")})
    returned = incoming / "退回整改通知_反馈.xlsx"
    book.save(returned)

    report = load([incoming], db)
    notice_report = next(f for f in report.files if f.path.endswith(returned.name))
    assert notice_report.kind == "退回整改通知（部门反馈）"
    assert notice_report.status == "部分拒绝" and report.exit_code == 1
    assert len(notice_report.rejections) == 1
    assert "问题编号 D01-2021-FFFFFFFF 不在问题登记中" in notice_report.rejections[0].reason
    assert notice_report.rejections[0].sheet == departments[2] and notice_report.rejections[0].row == 5

    items = {i["item_key"]: i for i in ledger.items(db)}
    assert set(items) == set(answered)
    first = items[answered[0]]
    assert first["status"] == "已反馈" and first["measures"] == "已核对执行数并更正"
    assert first["completed_on"] == "2022-04-20" and first["feedback_file"].endswith(returned.name)
    con = duckdb.connect(str(db), read_only=True)
    try:
        shown = dict(
            con.execute("SELECT item_key, status FROM mart.rectification WHERE status = '已反馈'").fetchall()
        )
        rejected = con.execute(
            "SELECT count(*) FROM stg.rejected_row WHERE source_file LIKE '%反馈.xlsx'"
        ).fetchone()[0]
    finally:
        con.close()
    assert set(shown) == set(answered) and rejected == 1

    # the bureau closes one: 已销号, and loading the same notice again changes nothing
    ledger.review(db, None, answered[0], "整改到位", accept=True)
    assert load([incoming], db).published is False
    assert {i["item_key"]: i["status"] for i in ledger.items(db)}[answered[0]] == "已销号"
