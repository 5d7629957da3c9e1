"""Server time to redraw each dashboard page after a filter change, and the process's peak memory.

Runs the real app in-process with Streamlit's AppTest (no browser, no network): for every page, one warm-up
run, then --runs reruns that each change the filters (a different department each time, alternating with
all departments and a fund category), so most runs miss the query cache the way a user's filter change does.

    .venv/bin/python bench/bench_dashboard.py --db /tmp/dash/wh.duckdb [--year 2021] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {
    "overview": "总览",
    "execution": "预算执行",
    "scores": "评分与等级",
    "targets": "绩效目标与指标",
    "evaluations": "评价结果",
    "detail": "明细与导出",
    "project": "项目详情",
    "data_admin": "数据管理",
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def departments(db: Path, year: int) -> list[str]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.sql(
            "SELECT department FROM mart.project_self_eval WHERE fiscal_year = ? GROUP BY 1 ORDER BY count(*) DESC",
            params=[year],
        ).fetchall()
    finally:
        con.close()
    return [d for (d,) in rows]


def bench_page(page: str, year: int, runs: int, depts: list[str]) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.query_params["year"] = str(year)
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    timings = []
    for i in range(runs):
        if i % 2:
            at.sidebar.multiselect(key="dept").set_value([])
            at.sidebar.multiselect(key="fund").set_value(["一般公共预算"] if i % 4 == 1 else [])
        else:
            at.sidebar.multiselect(key="dept").set_value([depts[(i // 2) % len(depts)]])
        start = time.perf_counter()
        at.run()
        timings.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="看板各页面在筛选变化后的服务端重绘时间")
    parser.add_argument("--db", required=True, help="数据仓库文件（例如 /tmp/dash/wh.duckdb）")
    parser.add_argument("--year", type=int, default=None, help="年度，默认取项目自评最多的年度")
    parser.add_argument("--runs", type=int, default=20, help="每个页面的重绘次数")
    parser.add_argument("--pages", default=",".join(PAGES), help="逗号分隔的页面文件名")
    args = parser.parse_args(argv)

    db = Path(args.db).resolve()
    os.environ["JIXIAO_DB"] = str(db)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        year = (
            args.year
            or con.sql(
                "SELECT fiscal_year FROM mart.project_self_eval GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            ).fetchall()[0][0]
        )
        projects = con.sql("SELECT count(*) FROM mart.project_self_eval WHERE fiscal_year = ?", params=[year])
        projects = projects.fetchall()[0][0]
    finally:
        con.close()
    depts = departments(db, year)
    print(
        f"warehouse: {db}  year: {year}  projects: {projects:,}  departments: {len(depts)}  runs/page: {args.runs}"
    )
    print(f"{'page':<12} {'title':<16} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for page in args.pages.split(","):
        timings = bench_page(page, year, args.runs, depts)
        ms = [t * 1000 for t in timings]
        title = PAGES[page] + " " * (16 - 2 * len(PAGES[page]))  # CJK glyphs are two columns wide
        print(
            f"{page:<12} {title} {statistics.median(ms):>8.0f} {percentile(ms, 0.95):>8.0f} {max(ms):>8.0f}"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
