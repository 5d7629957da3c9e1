"""Felt speed in Chromium: from a click on a page in the sidebar to the page settled, for every page.

"Settled" is what a user sees as done: the new page's title is up, its script run has finished (the app's
`data-test-script-state`: the title is drawn first and the rest streams in after it), Streamlit's running
indicator is gone, no element is stale (greyed out, `[data-stale="true"]`) and none is still a grey
placeholder (`stSkeleton`: the browser is still fetching and compiling that element's code, e.g. the 4.7 MB
chart library on the first chart). A click is timed by the page's own clock, from the click event to the
last time the page turned settled, so the driver's latency stays out.

The app is served as `jixiao serve` serves it (dashboard.server; its dashboard/.streamlit/config.toml
applies); Debian's Chromium is driven by Playwright. The first visitor's opening of 总览 after the server
starts is timed apart (打开看板). Every page is visited --rounds times in a cycle; the first visit of a page
runs its queries, later ones find them remembered (the same view shown again). The view is the working year
in which the most stages hold data, with 项目详情 on the project with the most stages (bench/full_view.py):
every page draws its content, none an empty state.

    .venv/bin/python bench/bench_browser.py --db /tmp/dash/wh.duckdb [--rounds 3] [--before aae378a]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from full_view import View, full_view  # noqa: E402
from support.streamlit_client import server_command, wait_until_serving  # noqa: E402

PAGES = {
    "overview": "总览",
    "execution": "预算执行",
    "scores": "评分与等级",
    "targets": "绩效目标与指标",
    "evaluations": "评价结果",
    "detail": "明细与导出",
    "project": "项目详情",
    "data": "数据管理",
}
TARGET_MS = 250
# opening the app (总览), the first visitor after the server started: not a click, not in the median
OPEN = "open"
CHROMIUM = os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]

_SETTLED_BODY = """
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  const app = document.querySelector('[data-testid="stApp"]');
  return !!h1 && h1.innerText.trim() === title
    && !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]');
"""
SETTLED = "(title) => {" + _SETTLED_BODY + "}"
# Timed by the page's own clock, so Playwright's click and polling latency (up to a few hundred ms, and
# uneven) stays out of the figure: the click event's time, and the last time the page turned settled
# (checked on every change of the document).
ARM = (
    """(title) => {
  const settled = () => {"""
    + _SETTLED_BODY
    + """};
  const felt = window.__felt = {click: null, settled: null, was: settled()};
  document.addEventListener('click', () => { felt.click = performance.now(); }, {capture: true, once: true});
  if (window.__feltObserver) window.__feltObserver.disconnect();
  window.__feltObserver = new MutationObserver(() => {
    const now = settled();
    if (now && !felt.was) felt.settled = performance.now();
    felt.was = now;
  });
  window.__feltObserver.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
}"""
)
FELT = "() => window.__felt.settled - window.__felt.click"
GRACE_MS = 300  # after settling, a page that turns busy again (a late rerun) is timed to its last settling


def _serve(app_root: Path, db: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        server_command(app_root, port),
        env={**os.environ, "JIXIAO_DB": str(db), "PYTHONPATH": str(app_root)},
        cwd=app_root / "dashboard",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _open_nav(page) -> None:
    """A long page list is folded behind a "view more" button."""
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count() and "less" not in more.inner_text().lower():
        more.click()
        page.wait_for_timeout(200)


def measure(
    app_root: Path, db: Path, port: int, rounds: int, pages: list[str], view: View
) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    server = _serve(app_root, db, port)
    timings: dict[str, list[float]] = {p: [] for p in [OPEN, *pages]}
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(url)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1500, "height": 1100}, locale="zh-CN")
            page = context.new_page()
            # the first visitor after the server started: the app opens on 总览
            start = time.perf_counter()
            page.goto(f"{url}/?{view.query()}")
            page.wait_for_function(SETTLED, arg=PAGES["overview"], timeout=120_000, polling="raf")
            timings[OPEN].append((time.perf_counter() - start) * 1000)
            if view.project and "project" in pages:
                # 项目详情 keeps the project last looked at: look at one, as a user arriving from a table would
                page.goto(f"{url}/project?{view.query(project=view.project)}")
                page.wait_for_function(SETTLED, arg=PAGES["project"], timeout=120_000, polling="raf")
            # The app opens on 总览: start the cycle with the next page, so every click changes the page.
            cycle = pages[1:] + pages[:1] if pages[0] == "overview" else pages
            for _ in range(rounds):
                for name in cycle:
                    _open_nav(page)
                    # The default page's link is the site root: find links by their title (after the icon).
                    link = page.locator('[data-testid="stSidebarNav"] a').filter(
                        has_text=re.compile(re.escape(PAGES[name]) + r"\s*$")
                    )
                    page.evaluate(ARM, PAGES[name])
                    link.click()
                    page.wait_for_function(SETTLED, arg=PAGES[name], timeout=120_000, polling="raf")
                    page.wait_for_timeout(GRACE_MS)
                    page.wait_for_function(SETTLED, arg=PAGES[name], timeout=120_000, polling="raf")
                    felt = page.evaluate(FELT)
                    if felt is None:
                        raise RuntimeError(f"{PAGES[name]}：未观察到点击或页面稳定的时刻")
                    timings[name].append(felt)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return timings


def _before(ref: str, args, pages: list[str], view: View) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="jixiao-before-") as tmp:
        tree = Path(tmp) / "before"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), ref], check=True
        )
        try:
            return measure(tree, args.db, args.port, args.rounds, pages, view)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def _cells(values: list[float] | None) -> list[str]:
    if not values:
        return ["—", "—"]
    return [f"{values[0]:.0f}", f"{statistics.median(values[1:]):.0f}" if len(values) > 1 else "—"]


def report(before: dict | None, after: dict, pages: list[str]) -> None:
    print(
        "点击侧栏页面 → 页面稳定（标题已换、脚本运行结束、运行指示消失、没有变灰或仍在加载的元素），按页面自己的时钟从点击事件计，毫秒；"
        "首次：第一次进入该页；之后：其余各次的中位数；"
        "打开看板：服务启动后第一位访问者打开总览（不是点击，不计入中位数）"
    )
    head = (["前 首次", "前 之后"] if before else []) + ["首次", "之后"]
    print(f"{'page':<12} {'title':<16} " + " ".join(f"{h:>8}" for h in head))
    for name in [OPEN, *pages]:
        label = "打开看板" if name == OPEN else PAGES[name]
        title = label + " " * max(0, 16 - 2 * len(label))
        cells = (_cells(before.get(name)) if before else []) + _cells(after.get(name))
        print(f"{name:<12} {title} " + " ".join(f"{c:>8}" for c in cells))

    def overall(result: dict | None) -> str:
        if not result:
            return "—"
        values = [v for name in pages for v in result[name]]
        per_page = [statistics.median(result[name]) for name in pages if result[name]]
        return f"{statistics.median(values):.0f} ms ({min(per_page):.0f}–{max(per_page):.0f} per page)"

    print()
    print("| what | before | after | target |")
    print("|---|---|---|---|")
    print(
        f"| felt click→settled median in Chromium, over pages | {overall(before)} | {overall(after)} | "
        f"≤ {TARGET_MS} ms |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chromium 中点击页面到页面稳定的时间")
    parser.add_argument("--db", required=True, help="数据仓库文件")
    parser.add_argument("--rounds", type=int, default=3, help="每个页面进入的次数")
    parser.add_argument("--pages", default=",".join(PAGES), help="逗号分隔的页面（网址路径）")
    parser.add_argument("--port", type=int, default=8671)
    parser.add_argument("--before", metavar="REF", help="同一次运行中先测这个提交（git worktree）")
    args = parser.parse_args(argv)
    args.db = Path(args.db).absolute()
    pages = args.pages.split(",")
    view = full_view(args.db)
    before = _before(args.before, args, pages, view) if args.before else None
    after = measure(ROOT, args.db, args.port, args.rounds, pages, view)
    print(
        f"warehouse: {args.db}  view: 工作年度 {view.work_year}（{view.stages} 个环节有数据），"
        f"项目详情 {view.project}  rounds: {args.rounds}" + (f"  before: {args.before}" if before else "")
    )
    report(before, after, pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
