"""The version store heals: killed loads, full disks and a second load at the same time never cost the
published warehouse, and whatever they leave behind is cleaned up by the next load or `jixiao doctor`."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from support.xlsx_builder import self_eval_list

from warehouse import cli, store
from warehouse.pipeline import load

DEPT = "沙湾市水利局"
ROOT = Path(__file__).resolve().parents[2]


def project(name, budget=100):
    return [1, DEPT, name, "一般公共预算", budget, budget, budget, 1, 95, 95, None, None]


def projects(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM mart.project_self_eval").fetchone()[0]
    finally:
        con.close()


def leftovers(db: Path) -> list[str]:
    """Files in the store that no published version owns."""
    return sorted(p.name for p in store.orphans(db))


def test_orphans_of_killed_loads_are_removed_and_pruning_keeps_the_newest_published(tmp_path):
    src, db = tmp_path / "in", tmp_path / "wh.duckdb"
    self_eval_list(src / "a.xlsx", [project("河道治理")])
    load([src], db)
    first = db.resolve()
    folder = store.versions_dir(db)
    # what three killed loads leave: a half-built temporary file with its WAL, and a renamed version whose
    # link swap never happened
    (folder / "wh-20990101-000000-000000001.duckdb.tmp").write_bytes(b"half")
    (folder / "wh-20990101-000000-000000001.duckdb.tmp.wal").write_bytes(b"wal")
    (folder / "wh-20990101-000000-000000002.duckdb").write_bytes(b"never published")
    assert len(leftovers(db)) == 3
    published = [first.name]
    for i in range(store.KEEP_VERSIONS + 1):
        self_eval_list(src / f"f{i}.xlsx", [project(f"项目{i}", 10 + i)])
        load([src], db)
        published.append(db.resolve().name)
    assert leftovers(db) == []
    kept = sorted(p.name for p in folder.glob("*.duckdb"))
    assert kept == sorted(published[-store.KEEP_VERSIONS :])
    assert projects(db) == store.KEEP_VERSIONS + 2


def test_a_second_load_says_who_holds_the_lock_and_since_when(tmp_path, capsys):
    src, db = tmp_path / "in", tmp_path / "wh.duckdb"
    self_eval_list(src / "a.xlsx", [project("河道治理")])
    held, release = threading.Event(), threading.Event()

    def hold():
        with store.writer_lock(db, command="load 测试"):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        code = cli.main(["load", str(src), "--db", str(db), "--no-wait"])
        output = capsys.readouterr()
        assert code == 1
        assert f"进程 {os.getpid()}" in output.err and "开始于" in output.err and "--no-wait" in output.err
        assert not db.exists()

        timer = threading.Timer(1.0, release.set)
        timer.start()
        code = cli.main(["load", str(src), "--db", str(db)])
        output = capsys.readouterr()
        assert code == 0
        assert "等待其完成" in output.err and "开始于" in output.err
    finally:
        release.set()
        holder.join()
    assert projects(db) == 1


def test_doctor_reports_and_repairs_a_link_to_a_lost_version(tmp_path, capsys):
    src, db = tmp_path / "in", tmp_path / "wh.duckdb"
    self_eval_list(src / "a.xlsx", [project("河道治理")])
    load([src], db)
    self_eval_list(src / "b.xlsx", [project("灌区改造")])
    load([src], db)
    db.resolve().unlink()  # someone deleted the current version by hand
    (store.versions_dir(db) / "wh-20990101-000000-000000003.duckdb.tmp").write_bytes(b"x")

    assert cli.main(["doctor", "--db", str(db), "--check"]) == 1
    report = capsys.readouterr().out
    assert "指向的版本文件不存在" in report and "1 个孤立文件" in report

    assert cli.main(["doctor", "--db", str(db)]) == 0
    report = capsys.readouterr().out
    assert "已修复" in report and "最近一个完好的已发布版本" in report
    assert projects(db) == 1 and leftovers(db) == []
    assert cli.main(["doctor", "--db", str(db), "--check"]) == 0


# --- kill -9 at random moments ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_load_killed_at_any_moment_leaves_the_old_warehouse_and_the_next_load_cleans_up(tmp_path, seed):
    src, db = tmp_path / "in", tmp_path / "wh.duckdb"
    self_eval_list(src / "基础.xlsx", [project("河道治理")])
    load([src], db)
    before, version = projects(db), db.resolve()
    for i in range(6):
        self_eval_list(src / f"新增{i}.xlsx", [project(f"新项目{i}-{j}", 10 + j) for j in range(40)])
    env = {**os.environ, "JIXIAO_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "warehouse.cli", "load", str(src), "--db", str(db)]
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.Random(seed).uniform(0.3, 3.5))
    child.send_signal(signal.SIGKILL)
    child.wait()
    # whatever moment it died in: the published warehouse opens with either the old or the new data, whole
    after = projects(db)
    assert after in (before, before + 240)
    assert db.resolve() == version or after == before + 240
    assert load([src], db).exit_code == 0
    assert projects(db) == before + 240
    assert leftovers(db) == []
    assert not list(tmp_path.glob(".wh.duckdb.*"))


# --- a full disk -----------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 96 MB tmpfs (root only): skipped with the reason where mounting is refused."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {result.stderr.strip() or result.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave_bytes: int) -> Path:
    """Fill the disk until only `leave_bytes` remain free."""
    import shutil

    filler = disk / "filler.bin"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as handle:
        handle.truncate(0)
        remaining = max(free - leave_bytes, 0)
        block = b"\0" * (1 << 20)
        while remaining > 0:
            handle.write(block[: min(len(block), remaining)])
            remaining -= min(len(block), remaining)
    return filler


def test_a_full_disk_is_refused_before_copying_with_a_clear_message(small_disk, tmp_path, capsys):
    src, db = tmp_path / "in", small_disk / "wh.duckdb"
    self_eval_list(src / "a.xlsx", [project("河道治理")])
    assert cli.main(["load", str(src), "--db", str(db)]) == 0
    version = db.resolve()
    filler = fill(small_disk, version.stat().st_size)  # room for one copy, not for copy × 2 + margin
    self_eval_list(src / "b.xlsx", [project("灌区改造")])
    capsys.readouterr()
    assert cli.main(["load", str(src), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "MB" in err and "Traceback" not in err
    assert db.resolve() == version and projects(db) == 1 and leftovers(db) == []
    filler.unlink()
    assert cli.main(["load", str(src), "--db", str(db)]) == 0
    assert projects(db) == 2 and leftovers(db) == []


@pytest.mark.parametrize("room", ["copy", "write"])
def test_a_disk_that_fills_during_the_load_leaves_no_partial_files(
    small_disk, tmp_path, capsys, monkeypatch, room
):
    src, db = tmp_path / "in", small_disk / "wh.duckdb"
    self_eval_list(src / "a.xlsx", [project("河道治理")])
    assert cli.main(["load", str(src), "--db", str(db)]) == 0
    version = db.resolve()
    size = version.stat().st_size
    # the space check passes (another process filled the disk after it): the copy, or DuckDB's writes, fail
    monkeypatch.setattr(store, "check_space", lambda folder, needed: None)
    filler = fill(small_disk, size // 2 if room == "copy" else size + 64 * 1024)
    self_eval_list(src / "b.xlsx", [project(f"灌区改造{j}") for j in range(80)])
    capsys.readouterr()
    assert cli.main(["load", str(src), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "Traceback" not in err and "FATAL" not in err
    assert db.resolve() == version and projects(db) == 1 and leftovers(db) == []
    filler.unlink()
    monkeypatch.undo()
    assert cli.main(["load", str(src), "--db", str(db)]) == 0
    assert projects(db) == 81 and leftovers(db) == []
