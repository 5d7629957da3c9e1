"""Benchmark `jixiao load` before and after: every load row of issue 17's target table in one run.

Each load runs in a fresh process (bench/load_once.py) on the same files, once with the loader of the
baseline commit (checked out into a temporary `git worktree`) and once with this tree; the bare fastexcel
read and the pandas + openpyxl loader are measured once on the same files, so the ratios of both loaders
come from one run. Peak memory is the largest resident size (PSS) of the loading process and all its
children, sampled every 50 ms.

    .venv/bin/python bench/bench_load.py [--regions 10] [--province 100] [--baseline aae378a] [--isolate]

--regions 0, --province 0 and --no-sample skip those sets; --baseline none measures this tree only. The machine may be
shared: repeat a run before trusting a small difference.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import fastexcel
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samplegen.regions import generate_regions  # noqa: E402
from warehouse.paths import SAMPLE_DIR  # noqa: E402
from warehouse.pipeline import discover  # noqa: E402

HEADER_WORDS = ("项目名称", "部门名称", "主管部门", "一级指标")
BASELINE = "aae378a"  # the loader before issue 17
PAGE = os.sysconf("SC_PAGE_SIZE")
# Reading a process's PSS walks its page tables (and holds its memory map lock meanwhile): every 50 ms over
# a 1 GB process tree it took seconds from the 2-core load it measures. Memory grows over seconds, not ms.
SAMPLE_S = 0.25


def bare_fastexcel(files: list[Path]) -> int:
    cells = 0
    for path in files:
        reader = fastexcel.read_excel(path)
        for index in range(len(reader.sheet_names)):
            table = reader.load_sheet(index, header_row=None, dtypes="string").to_arrow()
            cells += table.num_rows * table.num_columns
    return cells


def pandas_openpyxl_loader(files: list[Path], db: Path) -> int:
    """What a first script would do: pandas reads each sheet, the first row holding a known label is the
    header, every later row is inserted as text."""
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE rows (file VARCHAR, sheet VARCHAR, data VARCHAR[])")
    total = 0
    for path in files:
        for sheet, frame in pd.read_excel(
            path, sheet_name=None, header=None, engine="openpyxl", dtype=str
        ).items():
            header = next(
                (i for i, row in frame.iterrows() if any(str(v).strip() in HEADER_WORDS for v in row.values)),
                None,
            )
            if header is None:
                continue
            body = frame.iloc[header + 1 :].dropna(how="all")
            records = [
                (str(path), sheet, [None if pd.isna(v) else str(v) for v in row]) for row in body.values
            ]
            if records:
                con.executemany("INSERT INTO rows VALUES (?, ?, ?)", records)
            total += len(records)
    con.close()
    return total


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def _resident(pid: int) -> int:
    """Proportional resident bytes (PSS): pages a forked child shares with its parent count once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            return next(int(line.split()[1]) * 1024 for line in handle if line.startswith("Pss:"))
    except (OSError, StopIteration):
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (0 once it is gone)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += _resident(current)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_load(tree: Path, folders: list[Path], db: Path, by_county: bool, isolate: bool) -> dict:
    """load() of `tree` in a fresh process: its result, and the peak memory of its process tree."""
    command = [sys.executable, str(ROOT / "bench" / "load_once.py"), "--tree", str(tree), "--db", str(db)]
    command += ["--by-county"] * by_county + ["--isolate"] * isolate + [str(f) for f in folders]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=tree)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(SAMPLE_S):
            peak = max(peak, tree_rss(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = child.communicate()
    done.set()
    sampler.join()
    if child.returncode not in (0, None):
        raise SystemExit(f"{tree} 的加载进程退出码 {child.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    if Path(result["tree"]).resolve() != tree.resolve():
        raise SystemExit(f"加载进程读取了 {result['tree']} 而不是 {tree}")
    return {**result, "peak_bytes": peak}


@contextmanager
def baseline_tree(commit: str | None):
    """A checkout of `commit` in a temporary git worktree (None when not measured)."""
    if not commit:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="jixiao-baseline-"))
    target = folder / "tree"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(target), commit],
        check=True,
        capture_output=True,
    )
    try:
        yield target
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(target)], capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


def synthetic(out: Path, count: int) -> Path:
    folder = out / f"regions{count}"
    if not (folder.exists() and sum(1 for p in folder.iterdir() if p.is_dir()) == count):
        shutil.rmtree(folder, ignore_errors=True)
        t_gen, _ = timed(generate_regions, folder, count)
        print(f"生成 {count} 个县的合成数据：{t_gen:.1f} s", flush=True)
    return folder


def first_files(folder: Path, limit: int, work: Path) -> Path:
    """A copy of the first `limit` workbooks of a folder, its layout (county folders) kept: a smoke run."""
    target = work / f"first{limit}-{folder.name}"
    for path in discover([folder])[:limit]:
        copy = target / path.relative_to(folder)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, copy)
    return target


def measure_set(name, folders, by_county, trees, work, isolate, ratios, limit=0) -> dict:
    if limit:
        folders = [first_files(folder, limit, work) for folder in folders]
        name = f"{name}，前 {limit} 个工作簿"
    files = [f for folder in folders for f in discover([folder])]
    row = {"set": name, "workbooks": len(files)}
    for label, tree in trees.items():
        if tree is None:
            continue
        print(f"{name}：{label} 加载……", flush=True)
        db = work / f"{name}-{label}.duckdb"
        row[label] = run_load(tree, folders, db, by_county, isolate)
    if ratios:
        print(f"{name}：fastexcel 裸读与 pandas+openpyxl……", flush=True)
        row["bare_s"], _ = timed(bare_fastexcel, files)
        row["pandas_s"], _ = timed(pandas_openpyxl_loader, files, work / f"{name}-pandas.duckdb")
    return row


def fmt(value, pattern: str) -> str:
    return "—" if value is None else pattern.format(value)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regions", type=int, default=10, help="counties of the ratio set (0 to skip)")
    parser.add_argument(
        "--province", type=int, default=0, help="counties of the capacity set (100 for the target row)"
    )
    parser.add_argument("--no-sample", action="store_true", help="skip the bundled sample (one county)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N workbooks of each set (smoke)")
    parser.add_argument("--baseline", default=BASELINE, help="commit of the 'before' loader, or none")
    parser.add_argument("--isolate", action="store_true", help="read in memory-capped children, as the CLI")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"), help="where synthetic sets are written")
    args = parser.parse_args()
    out = Path(args.out)
    commit = None if args.baseline.lower() == "none" else args.baseline

    rows = []
    with tempfile.TemporaryDirectory() as tmp, baseline_tree(commit) as before:
        work = Path(tmp)
        trees = {"before": before, "after": ROOT}
        if not args.no_sample:
            rows.append(
                measure_set(
                    "样例（1 个县）", [SAMPLE_DIR], False, trees, work, args.isolate, True, args.limit
                )
            )
        if args.regions:
            folder = synthetic(out, args.regions)
            name = f"合成（{args.regions} 个县）"
            rows.append(measure_set(name, [folder], True, trees, work, args.isolate, True, args.limit))
        if args.province:
            folder = synthetic(out, args.province)
            name = f"合成（{args.province} 个县）"
            rows.append(measure_set(name, [folder], True, trees, work, args.isolate, False, args.limit))

    print()
    print(f"基线 {commit or '未测'}；本树 {ROOT}；读取{'在限内存子进程中' if args.isolate else '不限内存'}")
    print()
    print(
        "| 数据集 | 工作簿 | 行 | 之前 load (s) | 之后 load (s) | 之后 工作簿/s | 之前 峰值内存 | 之后 峰值内存 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        b, a = r.get("before", {}), r["after"]
        print(
            f"| {r['set']} | {r['workbooks']:,} | {a['rows']:,} | {fmt(b.get('seconds'), '{:.2f}')} "
            f"| {a['seconds']:.2f} | {r['workbooks'] / a['seconds']:.1f} "
            f"| {fmt(b.get('peak_bytes') and b['peak_bytes'] / 2**20, '{:,.0f} MB')} "
            f"| {a['peak_bytes'] / 2**20:,.0f} MB |"
        )
        if b and (b["rows"], b["rejected"]) != (a["rows"], a["rejected"]):
            print(
                f"|  ⚠ 行数不同：之前 {b['rows']:,}/{b['rejected']:,}，之后 {a['rows']:,}/{a['rejected']:,} |"
            )

    # the ratios come from the N-county set, else the sample; a province-only run measures none
    ratio_set = next((r for r in reversed(rows) if "bare_s" in r), None)
    province = rows[-1] if args.province else None

    def ratio(r, label, fn):
        return fn(r[label]["seconds"]) if r.get(label) else None

    print()
    print("| 目标表的加载行 | 之前 | 之后 | 目标 |")
    print("|---|---:|---:|---:|")
    ratio_rows = ()
    if ratio_set is None:
        print("| load ÷ fastexcel 裸读、pandas+openpyxl ÷ load | 未测（--regions N） | 未测 | ≤ 3×，≥ 10× |")
    else:
        name = ratio_set["set"]
        ratio_rows = (
            (f"load ÷ fastexcel 裸读，{name}", lambda s: s / ratio_set["bare_s"], "{:.1f}×", "≤ 3×"),
            (f"pandas+openpyxl ÷ load，{name}", lambda s: ratio_set["pandas_s"] / s, "{:.1f}×", "≥ 10×"),
        )
    for label, fn, pattern, target in ratio_rows:
        print(
            f"| {label} | {fmt(ratio(ratio_set, 'before', fn), pattern)} | {fmt(ratio(ratio_set, 'after', fn), pattern)} | {target} |"
        )
    if province:
        b, a = province.get("before"), province["after"]
        name = f"{province['set']}，{province['workbooks']:,} 个工作簿，{pool_cores()} 核"
        print(f"| 用时，{name} | {fmt(b and b['seconds'], '{:.0f} s')} | {a['seconds']:.0f} s | ≤ 60 s |")
        print(
            f"| 峰值内存（进程树），{name} | {fmt(b and b['peak_bytes'] / 2**30, '{:.2f} GB')} "
            f"| {a['peak_bytes'] / 2**30:.2f} GB | ≤ 2 GB |"
        )
    else:
        print("| 用时与峰值内存，100 个县 | 未测（--province 100） | 未测 | ≤ 60 s，≤ 2 GB |")


def pool_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


if __name__ == "__main__":
    main()
