"""Server cost of redrawing each dashboard page: wall time and CPU per render, and 总览 renders per core.

Runs the real app in-process with Streamlit's AppTest (no browser, no network): for every page, one warm-up
run, then --runs reruns that each change the filters (a different department each time, alternating with
all departments and a fund category), so most runs miss the query cache the way a user's filter change does.
CPU per render is the process's CPU time (every thread, DuckDB's included) spent in that rerun; 总览 renders
per second per core is 1 ÷ its mean CPU per render. Pages open on the working year in which the most stages
hold data, 项目详情 on a project of it (bench/full_view.py), so no page is timed drawing an empty state.

AppTest compiles the entrypoint and the page afresh on every run; the real server compiles each script once
(one ScriptCache per runtime). The bench shares one ScriptCache across runs, as the server does, and runs
in dashboard/ so the server's .streamlit/config.toml applies, so the figures are the server's, not the
harness's.

With --before REF (e.g. the baseline commit aae378a) the same measurement runs first against that commit,
checked out in a temporary `git worktree`, and the table shows before and after side by side.

    .venv/bin/python bench/bench_dashboard.py --db /tmp/dash/wh.duckdb [--runs 20] [--before aae378a]
    .venv/bin/python bench/bench_dashboard.py --db … --profile overview   # cProfile of the reruns
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from full_view import View, full_view

ROOT = Path(__file__).resolve().parent.parent

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
TARGET_P95_MS = 150
TARGET_RENDERS_PER_CORE = 10


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


def _share_script_cache() -> None:
    """One ScriptCache for every AppTest run, as the server keeps one per runtime."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared
    local_runner.ScriptCache = lambda: shared


class _ScriptProfiler:
    """cProfile of the script thread (AppTest runs the page in its own thread), only while enabled."""

    def __init__(self) -> None:
        import cProfile

        from streamlit.runtime.scriptrunner import script_runner

        self.stats = cProfile.Profile()
        self.active = False
        run_script = script_runner.ScriptRunner._run_script

        def profiled(runner, *args, **kwargs):
            if not self.active:
                return run_script(runner, *args, **kwargs)
            self.stats.enable()
            try:
                return run_script(runner, *args, **kwargs)
            finally:
                self.stats.disable()

        script_runner.ScriptRunner._run_script = profiled

    def enable(self) -> None:
        self.active = True

    def disable(self) -> None:
        self.active = False


def _profile_script_thread() -> _ScriptProfiler:
    return _ScriptProfiler()


class _QueryCounter:
    """How many statements the app sends to DuckDB (every named query passes warehouse.queries._run)."""

    def __init__(self) -> None:
        from warehouse import queries

        self.calls = 0
        run = queries._run

        def counted(*args, **kwargs):
            self.calls += 1
            return run(*args, **kwargs)

        queries._run = counted


def _change_filters(at, i: int, depts: list[str]) -> None:
    if i % 2:
        at.sidebar.multiselect(key="dept").set_value([])
        at.sidebar.multiselect(key="fund").set_value(["一般公共预算"] if i % 4 == 1 else [])
    else:
        at.sidebar.multiselect(key="dept").set_value([depts[(i // 2) % len(depts)]])


def bench_page(
    app_root: Path, page: str, view: View, runs: int, depts: list[str], profiler=None, counter=None
) -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(app_root / "dashboard" / "app.py"), default_timeout=120)
    at.query_params["wy"] = str(view.work_year)
    if page == "project" and view.project:
        at.query_params["project"] = view.project
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    timings: dict[str, list[float]] = {
        "wall_ms": [],
        "cpu_ms": [],
        "warm_wall_ms": [],
        "warm_cpu_ms": [],
        "queries": [],
        "warm_queries": [],
    }
    for i in range(runs):
        _change_filters(at, i, depts)
        # A filter change (most queries miss), then the same view again (every query hits: another leader
        # on the same view, or a widget elsewhere on the page).
        for prefix in ("", "warm_"):
            if profiler:
                profiler.enable()
            calls = counter.calls if counter else 0
            start, start_cpu = time.perf_counter(), time.process_time()
            at.run()
            timings[prefix + "cpu_ms"].append((time.process_time() - start_cpu) * 1000)
            timings[prefix + "wall_ms"].append((time.perf_counter() - start) * 1000)
            if counter:
                timings[prefix + "queries"].append(counter.calls - calls)
            if profiler:
                profiler.disable()
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception[0].message}")
    return timings


def _projects(db: Path, year: int) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.sql("SELECT count(*) FROM mart.project_self_eval WHERE fiscal_year = ?", params=[year])
        return rows.fetchall()[0][0]
    finally:
        con.close()


def measure(app_root: Path, db: Path, view: View, runs: int, pages: list[str], profile: bool) -> dict:
    """Every page's timings, measured in this process against the app under app_root."""
    sys.path.insert(0, str(app_root))
    os.environ["JIXIAO_DB"] = str(db)
    os.chdir(app_root / "dashboard")  # its .streamlit/config.toml, as `jixiao serve` runs it
    _share_script_cache()
    depts = departments(db, view.self_eval_year)
    profiler = None
    if profile:
        profiler = _profile_script_thread()
    counter = _QueryCounter()
    results = {page: bench_page(app_root, page, view, runs, depts, profiler, counter) for page in pages}
    import dashboard

    if not Path(dashboard.__file__).resolve().is_relative_to(app_root.resolve()):
        raise RuntimeError(f"measured {dashboard.__file__}, not the app under {app_root}")
    if profiler:
        import pstats

        pstats.Stats(profiler.stats, stream=sys.stderr).sort_stats("cumulative").print_stats(60)
    results["_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def _measure_before(ref: str, args: argparse.Namespace, view: View) -> dict:
    """The same measurement against `ref`, in a temporary git worktree and a child process."""
    with tempfile.TemporaryDirectory(prefix="jixiao-before-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), ref], check=True
        )
        try:
            out = subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--db",
                    str(args.db),
                    "--view",
                    json.dumps(view),
                    "--runs",
                    str(args.runs),
                    "--pages",
                    args.pages,
                    "--app-root",
                    str(tree),
                    "--json",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    return json.loads(out.strip().splitlines()[-1])


def _cells(result: dict | None) -> list[str]:
    if result is None:
        return ["—"] * 6
    wall, cpu = result["wall_ms"], result["cpu_ms"]
    return [
        f"{statistics.median(wall):.0f}",
        f"{percentile(wall, 0.95):.0f}",
        f"{statistics.mean(cpu):.0f}",
        f"{statistics.mean(result['queries']):.1f}" if result.get("queries") else "—",
        f"{percentile(result['warm_wall_ms'], 0.95):.0f}",
        f"{statistics.mean(result['warm_cpu_ms']):.0f}",
    ]


def _renders_per_core(result: dict | None, prefix: str = "") -> str:
    if result is None:
        return "—"
    return f"{1000 / statistics.mean(result[prefix + 'cpu_ms']):.1f}"


def report(before: dict | None, after: dict, pages: list[str]) -> None:
    head = ["p50 ms", "p95 ms", "CPU ms", "查询数", "热 p95", "热 CPU"]
    columns = [f"前 {h}" for h in head] if before else []
    columns += [f"后 {h}" for h in head] if before else head
    print(
        "筛选变化后的重绘（查询未命中）：p50/p95 墙钟、平均 CPU、平均每次发给 DuckDB 的语句数；"
        "「热」：同一视图再绘一次（查询全部命中）"
    )
    print(f"{'page':<12} {'title':<16} " + " ".join(f"{c:>10}" for c in columns))
    for page in pages:
        title = PAGES.get(page, page)
        title += " " * max(0, 16 - 2 * len(title))  # CJK glyphs are two columns wide
        cells = (_cells(before.get(page)) if before else []) + _cells(after[page])
        print(f"{page:<12} {title} " + " ".join(f"{c:>10}" for c in cells))
    print()
    print("| what | before | after | target |")
    print("|---|---|---|---|")

    def worst_text(result: dict | None, prefix: str) -> str:
        if not result:
            return "—"
        value, page = max((percentile(result[p][prefix + "wall_ms"], 0.95), p) for p in pages)
        return f"{value:.0f} ms ({PAGES.get(page, page)})"

    for prefix, what in (("", "after a filter change"), ("warm_", "same view again")):
        print(
            f"| server redraw p95, every page (worst), {what} | {worst_text(before, prefix)} | "
            f"{worst_text(after, prefix)} | ≤ {TARGET_P95_MS} ms |"
        )
    if "overview" in pages:
        for prefix, what in (("", "after a filter change"), ("warm_", "same view again")):
            print(
                f"| 总览 renders per second per core, {what} | "
                f"{_renders_per_core(before and before.get('overview'), prefix)} | "
                f"{_renders_per_core(after['overview'], prefix)} | ≥ {TARGET_RENDERS_PER_CORE} |"
            )
    print(
        f"peak RSS: {after['_peak_rss_mb']:,.0f} MB"
        + (f" (before {before['_peak_rss_mb']:,.0f} MB)" if before else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="看板各页面在筛选变化后的服务端重绘时间与 CPU")
    parser.add_argument("--db", required=True, help="数据仓库文件（例如 /tmp/dash/wh.duckdb）")
    parser.add_argument("--runs", type=int, default=20, help="每个页面的重绘次数")
    parser.add_argument("--pages", default=",".join(PAGES), help="逗号分隔的页面文件名")
    parser.add_argument(
        "--before", metavar="REF", help="同一次运行中先测这个提交（git worktree），例如 aae378a"
    )
    parser.add_argument("--profile", action="store_true", help="把重绘的 cProfile 打印到 stderr")
    parser.add_argument("--app-root", default=str(ROOT), help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--view", help=argparse.SUPPRESS)  # the parent's view, for the child of --before
    args = parser.parse_args(argv)

    args.db = Path(args.db).absolute()
    pages = args.pages.split(",")
    # the child of --before takes its parent's view: working it out would import this checkout's warehouse
    view = View(*json.loads(args.view)) if args.view else full_view(args.db)
    if args.json:  # the child of --before: print the raw timings only
        result = measure(Path(args.app_root), args.db, view, args.runs, pages, args.profile)
        print(json.dumps(result))
        return 0
    before = _measure_before(args.before, args, view) if args.before else None
    after = measure(Path(args.app_root), args.db, view, args.runs, pages, args.profile)
    print(
        f"warehouse: {args.db}  view: 工作年度 {view.work_year}（{view.stages} 个环节有数据），"
        f"项目详情 {view.project}  projects: {_projects(args.db, view.self_eval_year):,}  "
        f"departments: {len(departments(args.db, view.self_eval_year))}  runs/page: {args.runs}"
        + (f"  before: {args.before}" if before else "")
    )
    report(before, after, pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
