"""One command backs up the warehouse with the state people wrote (accounts, trail), one restores both; a
damaged archive restores nothing."""

from __future__ import annotations

import tarfile

import duckdb
from support.xlsx_builder import self_eval_list

from warehouse import accounts, backup, trail
from warehouse.cli import main
from warehouse.pipeline import load

PASSWORD = "correct-horse-battery"


def _project(name, budget):
    return [1, "沙湾市水利局", name, "一般公共预算", budget, budget, budget, 1, 99, 96, None, None]


def _count(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM mart.project_self_eval").fetchone()[0]
    finally:
        con.close()


def test_backup_and_restore_round_trip(tmp_path):
    src, db = tmp_path / "in", tmp_path / "home" / "jixiao.duckdb"
    self_eval_list(src / "a.xlsx", [_project("河道治理", 50)])
    load([src], db)
    accounts.add(db, "zhang", PASSWORD, "绩效中心")
    archive = tmp_path / "b.tar.gz"
    assert main(["backup", "--out", str(archive), "--db", str(db)]) == 0

    # later: more data, another account — then the restore brings back exactly the backed-up state
    self_eval_list(src / "b.xlsx", [_project("灌区改造", 70)])
    load([src], db)
    accounts.add(db, "li", PASSWORD, "领导")
    assert _count(db) == 2

    assert main(["restore", str(archive), "--db", str(db)]) == 0
    assert _count(db) == 1
    assert [u["username"] for u in accounts.listing(db)] == ["zhang"]
    assert accounts.sign_in(db, "zhang", PASSWORD)[0].role == "绩效中心"
    assert any(e["action"] == "新增账号" for e in trail.entries(db))


def test_a_damaged_archive_restores_nothing(tmp_path, capsys):
    src, db = tmp_path / "in", tmp_path / "jixiao.duckdb"
    self_eval_list(src / "a.xlsx", [_project("河道治理", 50)])
    load([src], db)
    archive = tmp_path / "b.tar.gz"
    backup.backup(db, archive)
    # rewrite the archive with the warehouse member altered but the manifest kept
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == backup.WAREHOUSE_MEMBER:
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            member.size = len(data)
            target.addfile(member, __import__("io").BytesIO(data))
    before = db.resolve()
    assert main(["restore", str(damaged), "--db", str(db)]) == 1
    assert "校验和不符" in capsys.readouterr().err
    assert db.resolve() == before and _count(db) == 1
    assert main(["restore", str(tmp_path / "a.xlsx.nope"), "--db", str(db)]) == 1
