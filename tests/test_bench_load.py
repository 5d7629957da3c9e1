"""The load benchmark runs end to end at tiny scale and prints its table (CI smoke run; nothing is timed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_load_bench_prints_every_load_row_of_the_target_table(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_load.py"), "--regions", "0", "--limit", "12"]
        + ["--baseline", "none", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "| 样例（1 个县），前 12 个工作簿 | 12 |" in out
    for row in ("load ÷ fastexcel 裸读", "pandas+openpyxl ÷ load", "用时与峰值内存，100 个县"):
        line = next(line for line in out.splitlines() if line.startswith(f"| {row}"))
        assert line.count("|") == 5, line  # what, before, after, target
