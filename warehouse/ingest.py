"""Workbooks that arrive through the dashboard: kept under the data home by their own names, then loaded by
the same pipeline as the command line — in a separate worker process, so that no workbook can take the
dashboard server down.

The worker runs with a memory limit (address space, `resource.setrlimit`) and a time limit (SIGALRM);
both in etl/config/limits.toml. It reports progress and its result through files in its job folder
(`<home>/jobs/<id>/`); a worker that dies leaves no result, and its job reads as a failed load of the files
it held. Pages call this module; they never run a load themselves.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import traceback
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from etl import config
from warehouse import accounts, paths, trail

log = logging.getLogger("jixiao.ingest")
MB = 1024 * 1024
_WORKERS: dict[str, subprocess.Popen] = {}  # job id → worker, so finished workers are reaped


def uploads_dir() -> Path:
    return paths.home() / "uploads"


def jobs_dir() -> Path:
    return paths.home() / "jobs"


def keep_uploads(files: Iterable[tuple[str, bytes]]) -> list[Path]:
    """Write uploaded files under the data home by their own names and return their paths.

    Only the base name of a browser-supplied name is used, so it cannot choose the directory. Two files of
    one upload with the same name are both kept (the second as 名称（2）.xlsx); a later upload of the same name
    replaces the earlier file, and the load replaces exactly that file's rows."""
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    kept: list[Path] = []
    for name, content in files:
        base = Path(name.replace("\\", "/")).name.strip() or "未命名.xlsx"
        if base.startswith("."):
            base = "_" + base
        target = folder / base
        copy = 1
        while target in kept:
            copy += 1
            target = folder / f"{Path(base).stem}（{copy}）{Path(base).suffix}"
        tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
        tmp.write_bytes(content)
        os.replace(tmp, target)
        kept.append(target)
    return kept


# --- jobs ------------------------------------------------------------------------------------------------


@dataclass
class Job:
    """What a page shows of a load: its state, progress, and when finished, the result."""

    id: str
    state: str  # 'running', 'waiting' (for another load), 'done', 'failed'
    files: list[str]
    index: int = 0
    total: int = 0
    current: str = ""
    message: str = ""
    started: float = 0.0
    finished: float | None = None
    result: dict = field(default_factory=dict)

    @property
    def running(self) -> bool:
        return self.state in ("running", "waiting")


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


class UploadRefused(PermissionError):
    """The signed-in user may not load workbooks; the message is for the user."""


def start_load(
    files: Iterable[tuple[str, bytes]], db: Path, region: str | None = None, user: accounts.User | None = None
) -> str:
    """Keep the uploads and start a worker process that loads them into `db`; returns the job id.

    Only a user with the right to load may (None is local mode); the upload goes into the audit trail."""
    files = list(files)
    if user is not None and not user.can("load"):
        trail.record(
            db, user.username, "上传", {"文件": [name for name, _ in files]}, outcome="拒绝：无加载权限"
        )
        raise UploadRefused("只有绩效中心可以上传和加载工作簿")
    kept = keep_uploads(files)
    trail.record(
        db, user.username if user else None, "上传", {"文件": [p.name for p in kept], "区划": region or "—"}
    )
    _forget_old_jobs()
    job_id = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
    folder = jobs_dir() / job_id
    folder.mkdir(parents=True)
    names = [paths.display_path(p) for p in kept]
    _write_json(
        folder / "job.json",
        {
            "files": [str(p) for p in kept],
            "names": names,
            "db": str(db),
            "region": region,
            "started": time.time(),
        },
    )
    _write_json(folder / "status.json", {"state": "running", "index": 0, "total": len(kept), "current": ""})
    command = [sys.executable, "-m", "warehouse.ingest", str(folder)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(paths.PACKAGE.parent), os.environ.get("PYTHONPATH")])
        ),
    }
    with open(folder / "worker.log", "ab") as out:
        worker = subprocess.Popen(
            command, env=env, stdout=out, stderr=out, stdin=subprocess.DEVNULL, close_fds=True
        )
    _WORKERS[job_id] = worker
    _write_json(folder / "pid.json", {"pid": worker.pid})
    return job_id


def _forget_old_jobs(days: int = 7) -> None:
    """Job folders (status, result, the worker's own output) are kept a week for support, then removed."""
    if not jobs_dir().is_dir():
        return
    cutoff = time.time() - days * 86400
    for folder in jobs_dir().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff and (folder / "result.json").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _exit_status(job_id: str, folder: Path) -> int | None:
    """The worker's exit status when it has ended (negative: killed by that signal), else None."""
    worker = _WORKERS.get(job_id)
    if worker is not None:
        return worker.poll()
    try:  # started by another server process (or before a restart): look the pid up
        pid = json.loads((folder / "pid.json").read_text(encoding="utf-8"))["pid"]
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            alive = stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        return None if alive and folder.name.encode() in cmdline else -1
    except (OSError, ValueError, KeyError, IndexError):
        return -1


def job(job_id: str) -> Job:
    """The state of a job, read from its folder."""
    folder = jobs_dir() / job_id
    spec = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    status = json.loads((folder / "status.json").read_text(encoding="utf-8"))
    current = Job(
        id=job_id,
        state=status.get("state", "running"),
        files=spec["names"],
        index=status.get("index", 0),
        total=status.get("total", len(spec["names"])),
        current=status.get("current", ""),
        message=status.get("message", ""),
        started=spec.get("started", 0.0),
        finished=status.get("finished"),
    )
    if (folder / "result.json").exists():
        current.result = json.loads((folder / "result.json").read_text(encoding="utf-8"))
        current.state = "failed" if current.result.get("error") else "done"
        current.message = current.result.get("error", "")
        if (worker := _WORKERS.pop(job_id, None)) is not None:
            worker.poll()  # reaped now, or by subprocess on its next start
        return current
    code = _exit_status(job_id, folder)
    if code is None:
        return current
    _WORKERS.pop(job_id, None)
    current.state, current.finished = "failed", time.time()
    current.message = _death(code)
    return current


def _death(code: int) -> str:
    limits = config.load("limits")
    if code == -signal.SIGALRM:
        why = f"运行超过时间上限（{limits['worker_timeout_s']} 秒）"
    elif code in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS) or code == 134:
        why = f"读取时超出内存上限（{limits['worker_memory_mb']:,} MB）或读取程序崩溃"
    else:
        why = f"意外退出（退出码 {code}）"
    return f"加载进程{why}，这些文件都未加载；已发布的数据未受影响，看板继续使用原有数据"


# --- the worker ------------------------------------------------------------------------------------------


def _limit_resources() -> None:
    limits = config.load("limits")
    cap = int(limits["worker_memory_mb"]) * MB
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    signal.alarm(int(limits["worker_timeout_s"]))  # default action of SIGALRM: the process ends


def run_job(folder: Path) -> int:
    """The worker's whole life: load the job's files, write progress while going, then the result."""
    from warehouse import store
    from warehouse.pipeline import LoadError, load

    _limit_resources()
    spec = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    files = [Path(p) for p in spec["files"]]
    status = {"state": "running", "index": 0, "total": len(files), "current": ""}

    def progress(index: int, total: int, path: str) -> None:
        status.update(state="running", index=index, total=total, current=Path(path).name, message="")
        _write_json(folder / "status.json", status)

    def stage(text: str) -> None:
        status.update(state="running", index=len(files), total=len(files), current="", message=text)
        _write_json(folder / "status.json", status)

    def waiting(holder) -> None:
        who = f"：{holder.describe()}" if holder else ""
        status.update(state="waiting", message=f"数据仓库正被另一个加载使用{who}；排队等待中")
        _write_json(folder / "status.json", status)

    try:
        report = load(
            files,
            Path(spec["db"]),
            region=spec.get("region"),
            progress=progress,
            on_wait=waiting,
            isolate=True,
            on_stage=stage,
        )
    except (LoadError, store.StoreError) as exc:
        log.error("上传加载失败：%s", exc, exc_info=exc.__cause__ or exc)
        _write_json(folder / "result.json", {"error": str(exc)})
        return 1
    except Exception as exc:
        traceback.print_exc()
        _write_json(
            folder / "result.json",
            {
                "error": f"加载时出现未预期的错误（{type(exc).__name__}），这些文件都未加载；已发布的数据未受影响"
            },
        )
        return 1
    _write_json(folder / "result.json", report_dict(report))
    status.update(state="done", index=len(files), finished=time.time())
    _write_json(folder / "status.json", status)
    return report.exit_code


def report_dict(report) -> dict:
    return {
        "published": report.published,
        "exit_code": report.exit_code,
        "message": report.message,
        "skipped": report.skipped,
        "files": [
            {
                "file": f.path,
                "kind": f.kind,
                "status": f.status,
                "rows_loaded": f.rows_loaded,
                "rows_rejected": f.rows_rejected,
                "message": f.message,
                "rejections": [
                    {"sheet": r.sheet, "row": r.row, "column": r.column, "reason": r.reason}
                    for r in f.rejections
                ],
            }
            for f in report.files
        ],
    }


def load_uploads(
    files: Iterable[tuple[str, bytes]], db: Path, region: str | None = None, timeout: float = 600
) -> Job:
    """Start a load and wait for its end (for scripts and tests; the page polls instead)."""
    job_id = start_load(files, db, region)
    deadline = time.monotonic() + timeout
    while (current := job(job_id)).running and time.monotonic() < deadline:
        time.sleep(0.2)
    return current


if __name__ == "__main__":
    from warehouse.cli import setup_logging

    setup_logging()
    sys.exit(run_job(Path(sys.argv[1])))
