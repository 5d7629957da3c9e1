"""Workbooks are read in a pool of child processes (etl/pool.py); what a load reports and stores must not
depend on it: the same reports in the same order, the same rows, and a child that dies costs only its file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from support.xlsx_builder import self_eval_list

from etl import pool
from warehouse.paths import SAMPLE_DIR
from warehouse.pipeline import STG_TABLES, load

DEPT = "沙湾市水利局"


def project(name, budget=100, executed=90, rate=0.9, score=90):
    return [1, DEPT, name, "一般公共预算", budget, budget, executed, rate, score, score, None, None]


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """Forms of every kind in the sample, lists, a refused file and a copy of a file of the same batch."""
    folder = tmp_path_factory.mktemp("batch")
    for sub in sorted(p for p in SAMPLE_DIR.rglob("*") if p.is_dir()):
        for path in sorted(sub.glob("*.xls*"))[:3]:
            target = folder / path.relative_to(SAMPLE_DIR)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    self_eval_list(folder / "清单" / "甲.xlsx", [project("河道治理"), project("灌区改造", 200, 150, 0.75)])
    self_eval_list(folder / "清单" / "乙.xlsx", [project("水库除险", 80, 80, 1, 95)])
    shutil.copy(folder / "清单" / "甲.xlsx", folder / "清单" / "甲（副本）.xlsx")
    (folder / "清单" / "坏.xlsx").write_bytes(b"PK\x03\x04junk")
    return folder


def _outcome(source: Path, db: Path, isolate: bool = False):
    report = load([source], db, isolate=isolate)
    files = [(f.path, f.status, f.kind, f.message, f.rows_loaded, f.rows_rejected) for f in report.files]
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = {
            table: sorted(
                map(repr, con.execute(f"SELECT * EXCLUDE (source_file) FROM stg.{table}").fetchall())
            )
            for table in (*STG_TABLES, "rejected_row", "subtotal")
        }
    finally:
        con.close()
    return files, rows


def test_reading_in_parallel_gives_the_reports_and_rows_of_reading_one_by_one(batch, tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "cores", lambda: 1)
    one_by_one = _outcome(batch, tmp_path / "one.duckdb")
    monkeypatch.setattr(pool, "cores", lambda: 3)
    forked = _outcome(batch, tmp_path / "forked.duckdb")
    isolated = _outcome(batch, tmp_path / "isolated.duckdb", isolate=True)
    assert forked == one_by_one
    assert isolated == one_by_one
    files = {path.rsplit("/", 1)[-1]: status for path, status, *_ in one_by_one[0]}
    assert files["甲（副本）.xlsx"] == "重复内容" and files["坏.xlsx"] == "已拒绝"
    assert sum(rows for *_, rows, _rejected in one_by_one[0]) > 0


def test_a_reading_child_that_dies_refuses_only_its_own_file(tmp_path, monkeypatch):
    from etl.forms import registry

    src = tmp_path / "in"
    self_eval_list(src / "好.xlsx", [project("河道治理")])
    self_eval_list(src / "崩溃.xlsx", [project("会让读取程序崩溃的项目")])
    self_eval_list(src / "也好.xlsx", [project("灌区改造")])
    real = registry.recognise

    def crash(sheet):
        if any("崩溃" in str(v) for row in sheet.rows for v in row):
            os._exit(70)  # as a reader that segfaults: no exception, no answer
        return real(sheet)

    monkeypatch.setattr(registry, "recognise", crash)  # the forked readers inherit the patch
    monkeypatch.setattr(pool, "cores", lambda: 2)
    report = load([src], tmp_path / "wh.duckdb")
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in report.files}
    assert [f.path.rsplit("/", 1)[-1] for f in report.files] == ["也好.xlsx", "好.xlsx", "崩溃.xlsx"]
    assert by_name["崩溃.xlsx"].status == "已拒绝" and "崩溃" in by_name["崩溃.xlsx"].message
    assert by_name["好.xlsx"].status == "已加载" and by_name["也好.xlsx"].status == "已加载"
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM stg.project_self_eval").fetchone()[0] == 2
    finally:
        con.close()
