"""Loading a batch: what lands in the warehouse, what is rejected and why, and what never happens
(half-written warehouses, duplicated rows, silently dropped rows)."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from support.xlsx_builder import self_eval_list, write_rows

from warehouse import store
from warehouse.pipeline import load


def rows_of(db: Path, sql: str, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def project(
    seq, dept, name, budget, executed, rate, self_score, finance, grade=None, remark=None, fund="一般公共预算"
):
    return [seq, dept, name, fund, budget, budget, executed, rate, self_score, finance, grade, remark]


@pytest.fixture
def batch(tmp_path) -> Path:
    folder = tmp_path / "in" / "2021"
    self_eval_list(
        folder / "教育.xlsx",
        [
            project(1, "219001-沙湾市教育局", "校舍维修改造", 100, 95.5, 0.955, 98, 95),
            project(
                2, "沙湾市教育局\u3000", "学生资助补助经费", "1,234.56", "1,000.00", "81.00%", "９８．５", 85
            ),
            project(
                3,
                "沙湾市教育局",
                "中央财政城乡义务教育补助经费",
                300,
                300,
                1,
                None,
                None,
                remark="中央转移支付73类资金，当年不做绩效自评",
            ),
        ],
    )
    return folder.parent


def test_rows_load_with_exact_amounts_and_normalised_names(batch, tmp_path):
    db = tmp_path / "wh.duckdb"
    report = load([batch], db)
    assert report.exit_code == 0
    got = rows_of(
        db,
        """SELECT department, project_name, budget, executed, execution_rate, self_score, assessed
                         FROM mart.project_self_eval ORDER BY source_row""",
    )
    assert got == [
        (
            "沙湾市教育局",
            "校舍维修改造",
            Decimal("100"),
            Decimal("95.5"),
            Decimal("0.955"),
            Decimal("98"),
            True,
        ),
        (
            "沙湾市教育局",
            "学生资助补助经费",
            Decimal("1234.56"),
            Decimal("1000"),
            Decimal("0.810005"),
            Decimal("98.5"),
            True,
        ),
        (
            "沙湾市教育局",
            "中央财政城乡义务教育补助经费",
            Decimal("300"),
            Decimal("300"),
            Decimal("1"),
            None,
            False,
        ),
    ]


def test_grade_follows_finance_score_with_the_regions_bands_unless_stated(batch, tmp_path):
    db = tmp_path / "wh.duckdb"
    load([batch], db)
    # 沙湾市 bands: 优 ≥90, 良 ≥80, 中 ≥70, 差 <70
    assert rows_of(
        db, "SELECT finance_score, grade FROM mart.project_self_eval WHERE assessed ORDER BY source_row"
    ) == [(Decimal("95"), "优"), (Decimal("85"), "良")]


def test_amounts_in_yuan_are_converted_to_wan(tmp_path):
    src = self_eval_list(
        tmp_path / "in" / "x.xlsx",
        [project(1, "沙湾市水利局", "河道治理", 1234567.89, 1000000, 0.81, 90, 90)],
        unit_note="单位：元",
    )
    db = tmp_path / "wh.duckdb"
    load([src], db)
    assert rows_of(db, "SELECT budget, executed FROM mart.project_self_eval") == [
        (Decimal("123.456789"), Decimal("100"))
    ]


def test_same_content_loaded_again_changes_nothing(batch, tmp_path):
    db = tmp_path / "wh.duckdb"
    load([batch], db)
    version = db.resolve()
    again = load([batch], db)
    assert again.published is False
    assert db.resolve() == version
    assert [f.status for f in again.files] == ["未变化"]
    assert rows_of(db, "SELECT count(*) FROM mart.project_self_eval") == [(3,)]


def test_same_workbook_saved_under_another_name_is_not_loaded_twice(batch, tmp_path):
    shutil.copy(batch / "2021" / "教育.xlsx", batch / "2021" / "教育（副本）.xlsx")
    db = tmp_path / "wh.duckdb"
    report = load([batch], db)
    assert sorted(f.status for f in report.files) == ["已加载", "重复内容"]
    assert rows_of(db, "SELECT count(*) FROM mart.project_self_eval") == [(3,)]


def test_a_changed_file_replaces_exactly_its_own_rows(batch, tmp_path):
    other = self_eval_list(
        batch / "2021" / "水利.xlsx", [project(1, "沙湾市水利局", "河道治理", 50, 50, 1, 99, 96)]
    )
    db = tmp_path / "wh.duckdb"
    load([batch], db)
    self_eval_list(
        batch / "2021" / "教育.xlsx", [project(1, "沙湾市教育局", "校舍维修改造", 120, 120, 1, 99, 97)]
    )
    report = load([batch], db)
    assert {f.path.rsplit("/", 1)[-1]: f.status for f in report.files} == {
        "教育.xlsx": "已加载",
        "水利.xlsx": "未变化",
    }
    assert rows_of(
        db, "SELECT department, project_name, budget FROM mart.project_self_eval ORDER BY department"
    ) == [
        ("沙湾市教育局", "校舍维修改造", Decimal("120")),
        ("沙湾市水利局", "河道治理", Decimal("50")),
    ]
    assert other.exists()


def test_bad_cells_are_rejected_with_file_sheet_row_column_and_the_rest_loads(batch, tmp_path):
    self_eval_list(
        batch / "2021" / "坏数.xlsx",
        [
            # the first row has no department above it to continue: rejected (a blank below a filled one is
            # the same group and is filled down, see test_list_layouts)
            project(1, None, "无部门项目", 10, 10, 1, 95, 95),
            project(2, "沙湾市民政局", "低保补助", "12,3a", 10, 1, 95, 95),
            project(3, "沙湾市民政局", "养老服务补贴", 80, 80, 1, 95, 95),
        ],
    )
    db = tmp_path / "wh.duckdb"
    report = load([batch], db)
    assert report.exit_code == 1
    rejected = rows_of(
        db,
        "SELECT source_sheet, source_row, source_column, reason, raw_values FROM mart.rejected_row ORDER BY source_row",
    )
    assert [(r[0], r[1], r[2]) for r in rejected] == [("Sheet1", 6, "B"), ("Sheet1", 7, "E")]
    assert "12,3a" in rejected[1][3]
    assert rejected[0][3] == "主管部门为空"
    assert json.loads(rejected[1][4])["年初预算数"] == "12,3a"  # the raw row is kept
    assert rows_of(db, "SELECT count(*) FROM mart.project_self_eval") == [(4,)]
    log = dict(rows_of(db, "SELECT file, status FROM mart.load_log"))
    assert log[next(k for k in log if k.endswith("坏数.xlsx"))] == "部分拒绝"


def test_corrupt_and_unknown_files_are_reported_and_do_not_stop_the_batch(batch, tmp_path):
    (batch / "2021" / "损坏.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    write_rows(batch / "2021" / "通讯录.xlsx", [["姓名", "电话", "邮箱"], ["张三", "123", "a@b"]])
    (batch / "2021" / "~$教育.xlsx").write_bytes(b"owner file")
    db = tmp_path / "wh.duckdb"
    report = load([batch], db)
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in report.files}
    assert set(by_name) == {"教育.xlsx", "损坏.xlsx", "通讯录.xlsx"}  # the Excel owner file is skipped
    assert by_name["损坏.xlsx"].status == "已拒绝" and "损坏" in by_name["损坏.xlsx"].message
    assert by_name["通讯录.xlsx"].status == "已拒绝" and "未识别的报表种类" in by_name["通讯录.xlsx"].message
    assert report.exit_code == 1
    assert rows_of(db, "SELECT count(*) FROM mart.project_self_eval") == [(3,)]


def test_a_failure_during_load_leaves_the_published_warehouse_untouched(batch, tmp_path, monkeypatch):
    db = tmp_path / "wh.duckdb"
    load([batch], db)
    before = db.resolve()
    self_eval_list(batch / "2021" / "水利.xlsx", [project(1, "沙湾市水利局", "河道治理", 50, 50, 1, 99, 96)])

    def explode(con):
        raise RuntimeError("disk full")

    monkeypatch.setattr("warehouse.schema.rebuild", explode)
    with pytest.raises(RuntimeError):
        load([batch], db)
    assert db.resolve() == before
    assert rows_of(db, "SELECT count(*) FROM mart.project_self_eval") == [(3,)]
    assert list(store.versions_dir(db).glob("*.duckdb")) == [before]


def test_header_need_not_start_on_row_one(tmp_path):
    src = self_eval_list(
        tmp_path / "x.xlsx",
        [project(1, "沙湾市审计局", "审计业务经费", 10, 9, 0.9, 95, 92)],
        blank_rows_above=3,
    )
    db = tmp_path / "wh.duckdb"
    load([src], db)
    assert rows_of(db, "SELECT project_name, source_row FROM mart.project_self_eval") == [("审计业务经费", 9)]
