"""A new release's SQL or configuration reaches an existing warehouse with the next load, even when no
workbook changed; an unchanged release publishes nothing."""

from __future__ import annotations

import shutil

import duckdb
from support.xlsx_builder import self_eval_list

from warehouse import paths, schema
from warehouse.pipeline import load


def _project(name, budget):
    return [1, "沙湾市水利局", name, "一般公共预算", budget, budget, budget, 1, 99, 96, None, None]


def test_changed_views_are_rebuilt_without_a_changed_workbook(tmp_path, monkeypatch):
    src, db = tmp_path / "in", tmp_path / "wh.duckdb"
    self_eval_list(src / "a.xlsx", [_project("河道治理", 50)])
    load([src], db)
    assert not load([src], db).published  # same files, same release: nothing to publish

    sql = tmp_path / "sql"
    shutil.copytree(paths.SQL_DIR, sql)
    view = sql / "mart" / "010_project_self_eval.sql"
    view.write_text(
        view.read_text(encoding="utf-8") + "\nCOMMENT ON VIEW mart.project_self_eval IS '新版本的说明';\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(schema, "SQL_DIR", sql)
    assert load([src], db).published
    con = duckdb.connect(str(db), read_only=True)
    comment = con.execute(
        "SELECT comment FROM duckdb_views() WHERE view_name = 'project_self_eval'"
    ).fetchone()
    assert comment == ("新版本的说明",)
