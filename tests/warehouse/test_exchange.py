"""Counties export their warehouse as partitioned Parquet; a prefecture loads the exports into one warehouse
with the same views and rules; the Parquet is readable as is by any engine that reads Hive partitions."""

from __future__ import annotations

import duckdb
import pytest
from support.xlsx_builder import self_eval_list

from warehouse import exchange
from warehouse.cli import main
from warehouse.pipeline import load


def _county(tmp_path, name, projects):
    src, db = tmp_path / name / "in", tmp_path / name / "jixiao.duckdb"
    rows = [
        [i, f"{name}水利局", p, "一般公共预算", b, b, b * 0.9, 0.9, 95, 92, None, None]
        for i, (p, b) in enumerate(projects, start=1)
    ]
    self_eval_list(src / "自评.xlsx", rows, title=f"{name}2021年度项目支出绩效自评结果汇总表")
    load([src], db, region=name)
    out = tmp_path / "exports" / name
    assert main(["export", "--parquet", str(out), "--db", str(db)]) == 0
    return out


def test_a_prefecture_warehouse_from_two_county_exports(tmp_path):
    first = _county(tmp_path, "甲县", [("河道治理", 50), ("灌区改造", 70)])
    second = _county(tmp_path, "乙县", [("河道治理", 30)])
    prefecture = tmp_path / "pref" / "jixiao.duckdb"
    assert main(["load", "--from-parquet", str(first), str(second), "--db", str(prefecture)]) == 0
    con = duckdb.connect(str(prefecture), read_only=True)
    rows = con.execute(
        "SELECT region, count(*), sum(budget) FROM mart.project_self_eval GROUP BY region ORDER BY region"
    ).fetchall()
    assert [(r, n, float(b)) for r, n, b in rows] == [("乙县", 1, 30.0), ("甲县", 2, 120.0)]
    files = {f for (f,) in con.execute("SELECT DISTINCT source_file FROM mart.project_self_eval").fetchall()}
    assert all(f.startswith(("甲县/", "乙县/")) for f in files)
    con.close()

    # loading the same exports again replaces their rows instead of doubling them
    assert main(["load", "--from-parquet", str(first), "--db", str(prefecture)]) == 0
    con = duckdb.connect(str(prefecture), read_only=True)
    assert con.execute("SELECT count(*) FROM mart.project_self_eval").fetchone() == (3,)
    con.close()


def test_the_export_is_read_directly_as_hive_partitioned_parquet(tmp_path):
    out = _county(tmp_path, "甲县", [("河道治理", 50), ("灌区改造", 70)])
    con = duckdb.connect()
    total = con.execute(
        "SELECT region, fiscal_year, sum(budget) FROM read_parquet(?, hive_partitioning = true) GROUP BY ALL",
        [str(out / "mart" / "project_self_eval" / "**" / "*.parquet")],
    ).fetchall()
    assert [(r, y, float(b)) for r, y, b in total] == [("甲县", 2021, 120.0)]


def test_an_export_needs_an_empty_folder_and_an_import_needs_an_export(tmp_path, capsys):
    out = _county(tmp_path, "甲县", [("河道治理", 50)])
    assert main(["export", "--parquet", str(out), "--db", str(tmp_path / "甲县" / "jixiao.duckdb")]) == 2
    assert "不是空的" in capsys.readouterr().err
    with pytest.raises(exchange.ExchangeError, match="不是绩效看板的 Parquet 导出"):
        exchange.load_exports([tmp_path], tmp_path / "x.duckdb")
