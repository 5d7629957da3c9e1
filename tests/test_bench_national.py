"""Smoke run of the national-scale bench (20 counties, not timed): it builds the national files from the
sample, runs every page query on both storages before and after, and prints the target row."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_national_bench_runs_every_page_query_and_prints_the_target_row(sample_db, tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "bench_national.py"),
            "--db",
            str(sample_db),
            "--counties",
            "20",
            "--runs",
            "2",
            "--work",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "跳过" not in done.stderr, done.stderr  # every page query runs on the national layout
    out = done.stdout
    assert "page queries at national scale" in out
    for storage in ("DuckDB tables", "Parquet (Hive-partitioned)"):
        for scope in ("all 20 counties", "one county of 20"):
            assert f"{storage} — {scope}" in out
    # the lists a page shows in part are measured as pages (first rows + count) after the change
    for name in ("detail_projects", "overview_projects", "results_budget_cut"):
        assert f"\n{name} " in out
