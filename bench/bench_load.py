"""Benchmark `jixiao load`: workbooks/s and rows/s on the bundled sample and on an N-county synthetic set,
with two ratios measured in the same run on the same files:
  - against the bare read of every sheet with fastexcel (how close the loader is to the parsing limit);
  - against a straightforward pandas + openpyxl loader (read every sheet, find the header row, insert rows).

    .venv/bin/python bench/bench_load.py [--regions 10] [--out bench/out]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import fastexcel
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samplegen.regions import generate_regions  # noqa: E402
from warehouse.paths import SAMPLE_DIR  # noqa: E402
from warehouse.pipeline import discover, load  # noqa: E402

HEADER_WORDS = ("项目名称", "部门名称", "主管部门", "一级指标")


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


def measure(name: str, groups: list[tuple[str | None, Path]], workdir: Path) -> dict:
    files = [f for _, folder in groups for f in discover([folder])]
    db = workdir / f"{name}.duckdb"

    def run_load():
        rows = 0
        for region, folder in groups:
            report = load([folder], db, region=region)
            rows += sum(f.rows_loaded for f in report.files)
        return rows

    t_load, rows = timed(run_load)
    t_bare, _ = timed(bare_fastexcel, files)
    t_pandas, _ = timed(pandas_openpyxl_loader, files, workdir / f"{name}-pandas.duckdb")
    return {
        "set": name,
        "workbooks": len(files),
        "rows": rows,
        "load_s": t_load,
        "bare_s": t_bare,
        "pandas_s": t_pandas,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regions", type=int, default=10, help="counties in the synthetic set (0 to skip)")
    parser.add_argument(
        "--out", default=str(ROOT / "bench" / "out"), help="where the synthetic set is written"
    )
    args = parser.parse_args()

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results.append(measure("样例（1 个县）", [(None, SAMPLE_DIR)], work))
        if args.regions:
            out = Path(args.out) / f"regions{args.regions}"
            if out.exists():
                shutil.rmtree(out)
            t_gen, _ = timed(generate_regions, out, args.regions)
            print(f"生成 {args.regions} 个县的合成数据：{t_gen:.1f} s")
            counties = sorted(p for p in out.iterdir() if p.is_dir())
            results.append(measure(f"合成（{args.regions} 个县）", [(c.name, c) for c in counties], work))

    print()
    print(
        "| 数据集 | 工作簿 | 行 | jixiao load (s) | 工作簿/s | 行/s | fastexcel 裸读 (s) | load ÷ 裸读 | pandas+openpyxl (s) | pandas ÷ load |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['set']} | {r['workbooks']} | {r['rows']:,} | {r['load_s']:.2f} | {r['workbooks'] / r['load_s']:.1f} "
            f"| {r['rows'] / r['load_s']:,.0f} | {r['bare_s']:.2f} | {r['load_s'] / r['bare_s']:.2f}× "
            f"| {r['pandas_s']:.2f} | {r['pandas_s'] / r['load_s']:.1f}× |"
        )


if __name__ == "__main__":
    main()
