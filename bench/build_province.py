"""Build a province-scale warehouse for the dashboard benchmark: N synthetic counties (samplegen
--regions N) loaded in one batch, each county's forms tagged with its own region.

    .venv/bin/python bench/build_province.py --regions 100 --db bench/out/province.duckdb
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samplegen.regions import generate_regions  # noqa: E402
from warehouse.pipeline import load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regions", type=int, default=100)
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--db", default=str(ROOT / "bench" / "out" / "province.duckdb"))
    args = parser.parse_args()
    folder = Path(args.out) / f"regions{args.regions}"
    start = time.perf_counter()
    if not folder.exists():
        generate_regions(folder, args.regions)
    print(f"生成：{time.perf_counter() - start:.1f} s")

    def county(path: Path) -> str:
        return path.relative_to(folder).parts[0]

    start = time.perf_counter()
    report = load([folder], Path(args.db), region_of=county)
    rows = sum(f.rows_loaded for f in report.files)
    print(f"加载 {len(report.files)} 个工作簿、{rows:,} 行：{time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
