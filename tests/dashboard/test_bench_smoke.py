"""The dashboard benches run end to end at the smallest scale and print their target rows (not timed: CI
only checks they still work; the figures come from full runs on a quiet machine)."""

from __future__ import annotations

import socket
import subprocess
import sys

from warehouse.paths import CHECKOUT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=CHECKOUT, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_bench_dashboard_prints_cpu_per_render_and_renders_per_core(sample_db):
    out = _run(
        "bench/bench_dashboard.py", "--db", str(sample_db), "--runs", "1", "--pages", "overview,detail"
    )
    assert "总览" in out and "明细与导出" in out
    assert "| server redraw p95, every page (worst), after a filter change |" in out
    assert "| 总览 renders per second per core, same view again |" in out


def test_bench_sessions_prints_p95_per_session_count(sample_db):
    out = _run(
        "bench/bench_sessions.py",
        "--db",
        str(sample_db),
        "--processes",
        "1",
        "--sessions",
        "2",
        "--seconds",
        "1",
        "--base-port",
        str(_free_port()),
    )
    assert "| concurrent active sessions at p95 ≤ 2 s, 1 process(es)" in out
    row = next(line for line in out.splitlines() if line.startswith("after "))
    assert row.split()[1:3] == ["1", "2"]  # one process, two sessions
