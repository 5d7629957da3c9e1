"""Concurrent active sessions: render latency p95 for K sessions on 1 dashboard process and on N processes.

Starts real dashboard servers on the warehouse, as `jixiao serve` runs them (ports from --base-port), then K
simulated browser sessions (tests/support/streamlit_client.py: Streamlit's websocket protocol, no browser)
spread over the processes as the proxy's session affinity would. Each session opens 总览 on the working year in which the most stages hold data (bench/full_view.py) with its own department filter
(distinct views, so the first render of each misses the query cache), then asks for a rerun again and again
for --seconds (continuously active: --think 0), and the latency of every rerun is recorded: from the
request to the server's "script finished". Server CPU per render comes from /proc (every server process).

The client is one asyncio loop in this process; it shares the machine's cores with the servers, so the
figures are a floor on what the same machine serves to real browsers.

    .venv/bin/python bench/bench_sessions.py --db /tmp/dash/wh.duckdb [--processes 1,2] [--sessions 1,10,20,40]
        [--seconds 15] [--before aae378a]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from full_view import View, full_view  # noqa: E402
from support.streamlit_client import Session, server_command, wait_until_serving  # noqa: E402

TARGET_SESSIONS = 40
TARGET_P95_S = 2.0
TICKS = os.sysconf("SC_CLK_TCK")
GIVE_UP_S = 10.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def departments(db: Path, year: int) -> list[str]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.sql(
            "SELECT department FROM mart.project_self_eval WHERE fiscal_year = ? GROUP BY 1 "
            "ORDER BY count(*) DESC, 1",
            params=[year],
        ).fetchall()
    finally:
        con.close()
    return [d for (d,) in rows]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


class Servers:
    """N dashboard processes of the app under app_root, on consecutive ports, reading the same warehouse."""

    def __init__(self, app_root: Path, db: Path, count: int, base_port: int) -> None:
        self.urls = [f"http://127.0.0.1:{base_port + i}" for i in range(count)]
        env = {**os.environ, "JIXIAO_DB": str(db), "PYTHONPATH": str(app_root)}
        self.procs = [
            subprocess.Popen(
                server_command(app_root, base_port + i),
                env=env,
                cwd=app_root / "dashboard",  # its .streamlit/config.toml, as `jixiao serve` runs it
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for i in range(count)
        ]

    def __enter__(self) -> Servers:
        for url in self.urls:
            wait_until_serving(url)
        return self

    def __exit__(self, *exc) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.wait(timeout=30)

    def cpu(self) -> float:
        return sum(_cpu_seconds(p.pid) for p in self.procs)


async def _drive(
    servers: Servers, sessions: int, seconds: float, think: float, depts: list[str], view: View
) -> dict:
    queries = [view.query(dept=depts[i % len(depts)]) for i in range(sessions)]
    clients = [Session(servers.urls[i % len(servers.urls)], "", queries[i]) for i in range(sessions)]
    for client in clients:
        await client.__aenter__()
    latencies: list[float] = []
    openings: list[float] = []
    failures: list[str] = []
    try:
        # Every session's first render (its own view) is part of the load, like a meeting opening links.
        deadline = time.perf_counter() + seconds
        cpu_start = servers.cpu()

        async def loop(client: Session) -> None:
            first = True
            while time.perf_counter() < deadline:
                render = await client.render()
                (openings if first else latencies).append(render.seconds)
                first = False
                failures.extend(render.exceptions)
                if think:
                    await asyncio.sleep(think)

        started = time.perf_counter()
        await asyncio.gather(*(loop(c) for c in clients))
        elapsed = time.perf_counter() - started
        cpu = servers.cpu() - cpu_start
    finally:
        for client in clients:
            await client.__aexit__(None, None, None)
    steady = latencies or openings  # a step too short for a second render still reports its openings
    return {
        "renders": len(latencies) + len(openings),
        "open_p95": percentile(openings, 0.95),
        "p50": statistics.median(steady),
        "p95": percentile(steady, 0.95),
        "per_second": (len(latencies) + len(openings)) / elapsed,
        "cpu_per_render_ms": 1000 * cpu / max(1, len(latencies) + len(openings)),
        "failures": failures[:3],
    }


def measure(app_root: Path, db: Path, processes: list[int], sessions: list[int], args, view: View) -> dict:
    depts = departments(db, view.self_eval_year)
    results: dict = {}
    for count in processes:
        with Servers(app_root, db, count, args.base_port) as servers:
            asyncio.run(_drive(servers, count, 2, 0, depts, view))  # start-up: imports, first connection
            for k in sessions:
                if any(r["p95"] > GIVE_UP_S for (n, _), r in results.items() if n == count):
                    results[(count, k)] = None  # far past the target already: more sessions only wait longer
                    continue
                results[(count, k)] = asyncio.run(_drive(servers, k, args.seconds, args.think, depts, view))
                r = results[(count, k)]
                print(
                    f"  {app_root.name}: {count} 进程 × {k:>3} 会话：p95 {r['p95']:.2f} s，"
                    f"{r['per_second']:.1f} 次/秒",
                    file=sys.stderr,
                    flush=True,
                )
    return results


def _before_tree(ref: str, tmp: str) -> Path:
    tree = Path(tmp) / "before"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), ref], check=True
    )
    return tree


def _most_sessions(results: dict, count: int, sessions: list[int]) -> str:
    ok = [k for k in sessions if results[(count, k)] and results[(count, k)]["p95"] <= TARGET_P95_S]
    return str(max(ok)) if ok else "0"


def report(after: dict, before: dict | None, processes: list[int], sessions: list[int], think: float) -> None:
    print(
        f"每个会话反复重绘 总览（两次之间间隔 {think:g} 秒）：延迟从请求到服务端绘制完成；"
        "p50/p95 为打开之后的重绘，「打开 p95」为各会话同时打开各自视图的第一次绘制"
    )
    head = (
        f"{'版本':<6} {'进程':>4} {'会话':>5} {'次数':>6} {'次/秒':>7} {'p50 s':>7} {'p95 s':>7} "
        f"{'打开 p95':>9} {'CPU ms/次':>10}"
    )
    print(head)
    for name, results in (("before", before), ("after", after)):
        if not results:
            continue
        for count in processes:
            for k in sessions:
                r = results[(count, k)]
                if r is None:
                    print(f"{name:<6} {count:>4} {k:>5}  未测：更少的会话时 p95 已超过 {GIVE_UP_S:.0f} s")
                    continue
                print(
                    f"{name:<6} {count:>4} {k:>5} {r['renders']:>6} {r['per_second']:>7.1f} {r['p50']:>7.2f} "
                    f"{r['p95']:>7.2f} {r['open_p95']:>9.2f} {r['cpu_per_render_ms']:>10.0f}"
                    + (f"  错误：{r['failures']}" if r["failures"] else "")
                )
    print()
    print("| what | before | after | target |")
    print("|---|---|---|---|")
    for count in processes:
        b = _most_sessions(before, count, sessions) if before else "—"
        a = _most_sessions(after, count, sessions)
        print(
            f"| concurrent active sessions at p95 ≤ {TARGET_P95_S:.0f} s, {count} process(es) "
            f"(most of {sessions}) | {b} | {a} | ≥ {TARGET_SESSIONS} (with N processes) |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="多个看板进程下的并发会话延迟")
    parser.add_argument("--db", required=True, help="数据仓库文件")
    parser.add_argument("--processes", default="1,2", help="逗号分隔的进程数")
    parser.add_argument("--sessions", default="1,10,20,40", help="逗号分隔的并发会话数")
    parser.add_argument("--seconds", type=float, default=15, help="每档会话数持续的秒数")
    parser.add_argument("--think", type=float, default=0, help="两次重绘之间的间隔秒数（0 为连续）")
    parser.add_argument("--base-port", type=int, default=8641)
    parser.add_argument("--before", metavar="REF", help="同一次运行中先测这个提交（git worktree）")
    args = parser.parse_args(argv)
    db = Path(args.db).absolute()
    processes = [int(n) for n in args.processes.split(",")]
    sessions = [int(k) for k in args.sessions.split(",")]
    view = full_view(db)
    before = None
    if args.before:
        with tempfile.TemporaryDirectory(prefix="jixiao-before-") as tmp:
            tree = _before_tree(args.before, tmp)
            try:
                before = measure(tree, db, processes, sessions, args, view)
            finally:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False
                )
    after = measure(ROOT, db, processes, sessions, args, view)
    print(
        f"warehouse: {db}  view: 工作年度 {view.work_year}（{view.stages} 个环节有数据）  cores: {os.cpu_count()}  "
        f"seconds per step: {args.seconds}  think: {args.think}s"
    )
    report(after, before, processes, sessions, args.think)
    return 0


if __name__ == "__main__":
    sys.exit(main())
