"""Loads publish a new warehouse file atomically; readers of the old one are never disturbed."""

from __future__ import annotations

import duckdb
from support.xlsx_builder import self_eval_list

from warehouse import store
from warehouse.pipeline import load


def _project(name, budget):
    return [1, "沙湾市水利局", name, "一般公共预算", budget, budget, budget, 1, 99, 96, None, None]


def test_a_reader_keeps_its_version_while_a_load_publishes_the_next(tmp_path):
    src = tmp_path / "in"
    self_eval_list(src / "a.xlsx", [_project("河道治理", 50)])
    db = tmp_path / "wh.duckdb"
    load([src], db)
    first = db.resolve()
    reader = duckdb.connect(str(first), read_only=True)

    self_eval_list(src / "b.xlsx", [_project("灌区改造", 70)])
    load([src], db)
    second = db.resolve()

    assert second != first
    assert reader.execute("SELECT count(*) FROM mart.project_self_eval").fetchone() == (1,)
    fresh = duckdb.connect(str(second), read_only=True)
    assert fresh.execute("SELECT count(*) FROM mart.project_self_eval").fetchone() == (2,)
    assert store.version_id(db).startswith(second.name)
    reader.close()
    fresh.close()


def test_old_versions_are_pruned(tmp_path):
    src = tmp_path / "in"
    db = tmp_path / "wh.duckdb"
    for i in range(store.KEEP_VERSIONS + 2):
        self_eval_list(src / f"f{i}.xlsx", [_project(f"项目{i}", 10 + i)])
        load([src], db)
    assert len(list(store.versions_dir(db).glob("*.duckdb"))) == store.KEEP_VERSIONS
    assert db.resolve().exists()


def test_a_plain_database_file_at_the_path_is_kept_not_overwritten(tmp_path):
    db = tmp_path / "wh.duckdb"
    duckdb.connect(str(db)).close()
    src = tmp_path / "in"
    self_eval_list(src / "a.xlsx", [_project("河道治理", 50)])
    load([src], db)
    assert db.is_symlink()
    assert (store.versions_dir(db) / "wh-original.duckdb").exists()
