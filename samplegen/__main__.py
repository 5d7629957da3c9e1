"""`python -m samplegen` (or `./dev.sh sample`): write the bundled county sample (deterministic), or with
--regions N a synthetic set of N counties for the benchmarks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from samplegen import generate
from samplegen.regions import generate_regions

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "raw"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samplegen", description="重新生成示例工作簿（确定性）")
    parser.add_argument("--out", default=str(SAMPLE_DIR))
    parser.add_argument(
        "--regions", type=int, default=0, help="生成 N 个区划的合成数据集（用于性能测试，不提交）"
    )
    parser.add_argument("--seed", type=int, default=2022, help="区划名称的随机种子")
    args = parser.parse_args(argv)
    if args.regions:
        paths = generate_regions(Path(args.out), args.regions, seed=args.seed)
        print(f"已生成 {args.regions} 个区划、{len(paths)} 个工作簿：{args.out}")
        return 0
    for path in generate(Path(args.out)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
