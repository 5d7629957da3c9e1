"""bench/bench_browser.py runs end to end at the smallest scale and prints its target row (not timed)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from warehouse.paths import CHECKOUT


def test_bench_browser_prints_click_to_settled_per_page(stage_db, chromium_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = subprocess.run(
        [
            sys.executable,
            "bench/bench_browser.py",
            "--db",
            str(stage_db),
            "--rounds",
            "1",
            "--pages",
            "overview,detail",
            "--port",
            str(port),
        ],
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "JIXIAO_CHROMIUM": chromium_path},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| felt click→settled median in Chromium, over pages |" in done.stdout
    assert "明细与导出" in done.stdout
    assert "打开看板" in done.stdout  # the first visitor after start-up, timed apart from the clicks
