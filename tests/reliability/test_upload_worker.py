"""Uploads load in a worker process: the page shows progress and the truth about the result, a worker that
dies is a failed load of its files, and the server process is never the one that reads a workbook."""

from __future__ import annotations

import json
import os
import signal
import time

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from support.xlsx_builder import self_eval_list

from reliability import hostile
from warehouse import ingest, paths
from warehouse.pipeline import load

DEPT = "沙湾市水利局"


def project(name, budget=100):
    return [1, DEPT, name, "一般公共预算", budget, budget, budget, 1, 95, 95, None, None]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))
    db = tmp_path / "home" / "wh.duckdb"
    monkeypatch.setenv("JIXIAO_DB", str(db))
    src = tmp_path / "seed"
    self_eval_list(src / "基础.xlsx", [project("河道治理")])
    load([src], db)
    return tmp_path


def wait(job_id: str, timeout: float = 120) -> ingest.Job:
    deadline = time.monotonic() + timeout
    while (job := ingest.job(job_id)).running and time.monotonic() < deadline:
        time.sleep(0.2)
    return job


def test_two_files_with_one_name_are_both_kept_and_keep_their_own_names(home):
    good = self_eval_list(home / "x" / "汇总表.xlsx", [project("灌区改造")]).read_bytes()
    other = self_eval_list(home / "y" / "汇总表.xlsx", [project("人饮工程")]).read_bytes()
    job = ingest.load_uploads([("汇总表.xlsx", good), ("..\\..\\汇总表.xlsx", other)], paths.default_db())
    assert job.state == "done"
    assert [(f["file"], f["status"]) for f in job.result["files"]] == [
        ("uploads/汇总表.xlsx", "已加载"),
        ("uploads/汇总表（2）.xlsx", "已加载"),
    ]
    con = duckdb.connect(str(paths.default_db()), read_only=True)
    try:
        sources = {
            f for (f,) in con.execute("SELECT DISTINCT source_file FROM mart.project_self_eval").fetchall()
        }
    finally:
        con.close()
    assert {"uploads/汇总表.xlsx", "uploads/汇总表（2）.xlsx"} <= sources
    assert not any(str(home) in s for s in sources if s.startswith("uploads"))


def test_a_worker_that_dies_is_a_failed_load_of_its_files_and_the_warehouse_is_kept(home):
    before = paths.default_db().resolve()
    big = hostile.long_list(home / "x" / "大清单.xlsx", 150_000).read_bytes()
    job_id = ingest.start_load([("大清单.xlsx", big), ("另一个.xlsx", big)], paths.default_db())
    pid = json.loads((ingest.jobs_dir() / job_id / "pid.json").read_text())["pid"]
    time.sleep(0.3)
    os.kill(pid, signal.SIGKILL)  # as the kernel's OOM killer would
    job = wait(job_id)
    assert job.state == "failed"
    assert "这些文件都未加载" in job.message and "已发布的数据未受影响" in job.message
    assert job.files == ["uploads/大清单.xlsx", "uploads/另一个.xlsx"]
    assert paths.default_db().resolve() == before


def test_each_way_a_worker_dies_is_named():
    assert "时间上限" in ingest._death(-signal.SIGALRM)
    assert "内存上限" in ingest._death(-signal.SIGABRT) and "内存上限" in ingest._death(-signal.SIGKILL)
    assert "退出码 3" in ingest._death(3)


def test_the_page_shows_progress_while_a_load_runs_and_the_truth_when_it_ends(home, monkeypatch):
    good = self_eval_list(home / "x" / "新项目.xlsx", [project("灌区改造")]).read_bytes()
    job_id = ingest.start_load(
        [("新项目.xlsx", good), ("坏文件.xlsx", b"PK\x03\x04junk")], paths.default_db()
    )
    at = AppTest.from_file(str(paths.APP), default_timeout=60)
    at.session_state["upload_job"] = job_id
    at.run()
    at.switch_page("app_pages/data_admin.py")
    at.session_state["upload_job"] = job_id
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if ingest.job(job_id).running:  # the worker has not finished yet: the page says what it is doing
        assert any(
            "正在" in (p.proto.text or "") or "等待" in (p.proto.text or "") for p in at.get("progress")
        )
    wait(job_id)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    warnings = [w.value for w in at.warning]
    assert any("已加载 1 个文件" in w and "1 个被拒绝" in w for w in warnings), warnings
    assert not at.success or all("已加载 2" not in s.value for s in at.success)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["已加载文件"] == "2 个" and metrics["被拒绝的文件"] == "1 个"
    reasons = " ".join(str(v) for df in at.dataframe for v in df.value.get("说明", []))
    assert "损坏" in reasons and "EOCD" not in reasons and "Traceback" not in reasons
