"""The list round trip (tests/etl/test_list_round_trip.py) with many more generated workbooks than CI runs.

    .venv/bin/python bench/list_round_trip.py [--scale 20]

--scale multiplies both properties' example counts (CI: 200 parsed lists and 3 warehouse batches of 8–12).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    code = subprocess.call(
        [sys.executable, "-m", "pytest", "tests/etl/test_list_round_trip.py", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**os.environ, "JIXIAO_ROUND_TRIP_SCALE": str(args.scale)},
    )
    print(f"scale {args.scale}: {time.perf_counter() - started:.0f} s, exit {code}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
