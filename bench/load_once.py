"""One `load` in a fresh process, for bench/bench_load.py: the warehouse package is imported from the
source tree given (this one, or a checkout of an earlier commit), so both are measured the same way.

    python bench/load_once.py --tree DIR --db FILE [--isolate] [--by-county] FOLDER...

Prints one JSON line: seconds in load(), workbooks, rows loaded and rejected, the tree imported.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--isolate", action="store_true", help="read in memory-capped children, as the CLI")
    parser.add_argument("--by-county", action="store_true", help="each first-level folder is a county")
    parser.add_argument("folders", nargs="+")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(args.tree).resolve()))
    import warehouse.pipeline as pipeline

    folders = [Path(f) for f in args.folders]

    def county(path: Path) -> str | None:
        for folder in folders:
            if path.is_relative_to(folder):
                return path.relative_to(folder).parts[0]
        return None

    start = time.perf_counter()
    report = pipeline.load(
        folders, Path(args.db), region_of=county if args.by_county else None, isolate=args.isolate
    )
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": seconds,
                "workbooks": len(report.files),
                "rows": sum(f.rows_loaded for f in report.files),
                "rejected": sum(f.rows_rejected for f in report.files),
                "tree": str(Path(pipeline.__file__).resolve().parent.parent),
            }
        )
    )


if __name__ == "__main__":
    main()
