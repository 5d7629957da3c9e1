"""The ledgers are the bureau's own state: loads never lose them, and a corrected file clears its finding
(已消除, with the file) instead of deleting it."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest

from warehouse import ledger
from warehouse.paths import SAMPLE_DIR
from warehouse.pipeline import load

DEPT_LIST = SAMPLE_DIR / "2021" / "2021年度部门整体支出绩效自评结果汇总表.xlsx"
DEPARTMENT = "沙湾市农业农村局"


def _rectification(db: Path) -> dict[str, dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rel = con.sql("SELECT * FROM mart.rectification")
        return {
            row[rel.columns.index("item_key")]: dict(zip(rel.columns, row, strict=True))
            for row in rel.fetchall()
        }
    finally:
        con.close()


def _correct_executed(path: Path, department: str) -> None:
    """Write the department's 全年执行数 as 80% of its budget (what a department sends after 整改)."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[3]]
    budget_col, executed_col, rate_col = (header.index(h) + 1 for h in ("全年预算数", "全年执行数", "执行率"))
    for row in range(4, sheet.max_row + 1):
        if sheet.cell(row, 2).value == department:
            budget = Decimal(str(sheet.cell(row, budget_col).value))
            sheet.cell(row, executed_col).value = float(budget * Decimal("0.8"))
            sheet.cell(row, rate_col).value = 0.8
    book.save(path)


@pytest.fixture
def folder(tmp_path) -> Path:
    incoming = tmp_path / "in"
    incoming.mkdir()
    shutil.copy(DEPT_LIST, incoming / DEPT_LIST.name)
    return incoming


def test_ledger_survives_reloads_and_a_corrected_file_clears_its_finding(tmp_path, folder):
    db = tmp_path / "w.duckdb"
    first = load([folder], db)
    assert first.exit_code == 0
    items = _rectification(db)
    over_budget = [k for k, r in items.items() if r["rule_code"] == "D01" and r["department"] == DEPARTMENT]
    assert len(over_budget) == 1, "执行数超过预算数 of 沙湾市农业农村局 is found once, under one key"
    key = over_budget[0]
    other = next(k for k, r in items.items() if r["rule_code"] == "D01" and k != key)
    assert items[key]["status"] == "待下达"

    ledger.issue(db, None, [key, other], today=date(2022, 4, 1), due_date="2099-05-01")
    ledger.answer(db, None, ledger.Answer(other, "已更正执行数", "已重新报送", "2022-04-20"))
    assert ledger.review(db, None, other, "核实无误", accept=True) == "已销号"
    ledger.refresh(db)
    before = _rectification(db)
    assert before[key]["status"] == "已下达" and before[key]["due_date"] == date(2099, 5, 1)
    assert before[other]["status"] == "已销号" and before[other]["review"] == "核实无误"

    # reload 1: the same file again — nothing changes, the ledger is intact
    assert load([folder], db).published is False
    assert _rectification(db) == before

    # reload 2: the department's corrected file — the finding is cleared, not deleted; the ledger is intact
    _correct_executed(folder / DEPT_LIST.name, DEPARTMENT)
    assert load([folder], db).published is True
    after = _rectification(db)
    assert after[key]["finding_status"] == "已消除"
    assert after[key]["cleared_by_file"].endswith(DEPT_LIST.name)
    assert after[key]["status"] == "已下达" and after[key]["issued_at"] == date(2022, 4, 1)
    assert after[other]["status"] == "已销号" and after[other]["measures"] == "已更正执行数"
    registry = {f["item_key"]: f for f in ledger.findings(db)}
    assert registry[key]["status"] == "已消除" and registry[other]["status"] == "在册"
    assert {k for k, r in after.items() if r["finding_status"] == "在册"} <= {
        f["item_key"] for f in registry.values() if f["status"] == "在册"
    }


def test_a_finding_that_comes_back_keeps_its_key_and_is_open_again(tmp_path, folder):
    db = tmp_path / "w.duckdb"
    load([folder], db)
    keys = {f["item_key"] for f in ledger.findings(db)}
    original = (folder / DEPT_LIST.name).read_bytes()
    _correct_executed(folder / DEPT_LIST.name, DEPARTMENT)
    load([folder], db)
    cleared = {f["item_key"] for f in ledger.findings(db) if f["status"] == "已消除"}
    assert cleared
    (folder / DEPT_LIST.name).write_bytes(original)
    load([folder], db)
    registry = {f["item_key"]: f["status"] for f in ledger.findings(db)}
    assert keys <= set(registry)
    assert all(registry[k] == "在册" for k in cleared)
    # the correction itself broke the list's 合计 (D12): that finding is gone again with the original file
    assert all(registry[k] == "已消除" for k in set(registry) - keys)


def test_ledger_steps_are_checked(tmp_path, folder):
    db = tmp_path / "w.duckdb"
    load([folder], db)
    key = next(f["item_key"] for f in ledger.findings(db))
    with pytest.raises(ledger.LedgerError, match="不在整改台账"):
        ledger.review(db, None, key, "同意", accept=True)
    with pytest.raises(ledger.LedgerError, match="不在问题登记"):
        ledger.issue(db, None, ["X99-2021-00000000"])
    with pytest.raises(ledger.LedgerError, match="早于下达日期"):
        ledger.issue(db, None, [key], today=date(2022, 4, 1), due_date="2022-03-01")
    ledger.issue(db, None, [key], today=date(2022, 4, 1))
    assert ledger.items(db)[0]["due_date"] == "2022-05-01", "default 整改期限: 30 days (沙湾市 calendar)"
    with pytest.raises(ledger.LedgerError, match="不能重复下达"):
        ledger.issue(db, None, [key])
    with pytest.raises(ledger.LedgerError, match="只有“已反馈”"):
        ledger.review(db, None, key, "同意", accept=True)
    with pytest.raises(ledger.LedgerError, match="都为空"):
        ledger.answer(db, None, ledger.Answer(key, None, "", None))


def test_rights_and_department_scope_are_checked_and_every_change_is_in_the_trail(tmp_path, folder):
    from warehouse import accounts, trail

    db = tmp_path / "w.duckdb"
    load([folder], db)
    registry = {f["department"]: f["item_key"] for f in ledger.findings(db) if f["rule_code"] == "D01"}
    own, other = registry[DEPARTMENT], next(k for d, k in registry.items() if d != DEPARTMENT)
    department = accounts.add(db, "nongye", "a-long-password", "部门", departments=[DEPARTMENT])
    office = accounts.add(db, "keshi", "a-long-password", "业务科室", departments=[DEPARTMENT])
    centre = accounts.add(db, "zhongxin", "a-long-password", "绩效中心")
    with pytest.raises(ledger.LedgerError, match="无权下达整改"):
        ledger.issue(db, department, [own])
    ledger.issue(db, centre, [own, other], today=date(2022, 4, 1))
    with pytest.raises(ledger.LedgerError, match="只能反馈本部门"):
        ledger.answer(db, department, ledger.Answer(other, "已更正", None, None))
    ledger.answer(db, department, ledger.Answer(own, "已更正", "已重新报送", "2022年4月20日"))
    with pytest.raises(ledger.LedgerError, match="无权销号"):
        ledger.review(db, office, own, "同意", accept=True)
    assert ledger.review(db, office, own, "执行数仍与决算不符", accept=False) == "已下达"
    actions = [(e["username"], e["action"]) for e in trail.entries(db) if e["action"] != "问题登记"]
    assert ("zhongxin", "下达整改") in actions and ("nongye", "整改反馈") in actions
    assert ("keshi", "退回重新整改") in actions
