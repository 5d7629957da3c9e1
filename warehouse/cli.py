"""The `jixiao` command line: load, serve, demo, sample."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from warehouse.paths import APP, SAMPLE_DIR, default_db


def _progress(index: int, total: int, path: str) -> None:
    if not sys.stderr.isatty():
        return
    width = 30
    done = int(width * index / max(total, 1))
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {index}/{total} {path[-50:]:<50}")
    if index == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def print_report(report) -> None:
    rows = [("文件", "报表种类", "状态", "加载行", "拒绝行", "说明")]
    for f in report.files:
        rows.append((f.path, f.kind or "—", f.status, str(f.rows_loaded), str(f.rows_rejected), f.message))
    widths = [max(_width(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        cells = [row[i] + " " * (widths[i] - _width(row[i])) for i in range(5)]
        print("  ".join(cells + [row[5]]).rstrip())
    for f in report.files:
        for r in f.rejections:
            where = f"{f.path} · 工作表「{r.sheet}」· 第 {r.row} 行" + (
                f" · {r.column} 列" if r.column else ""
            )
            print(f"  拒绝：{where}：{r.reason}")
    loaded = sum(f.rows_loaded for f in report.files)
    rejected = sum(f.rows_rejected for f in report.files)
    print(
        f"合计：{len(report.files)} 个文件，加载 {loaded} 行，拒绝 {rejected} 行"
        + ("" if report.published else "（无变化）")
    )
    if getattr(report, "updated_projects", 0):
        print(f"{report.updated_projects} 个项目的数值被新文件更新（原值见 mart.value_history）")


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def cmd_load(args: argparse.Namespace) -> int:
    from warehouse.pipeline import load

    paths = [Path(p) for p in args.paths] or [SAMPLE_DIR]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"路径不存在：{', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    report = load(paths, Path(args.db), region=args.region, progress=_progress)
    print_report(report)
    return report.exit_code


def _serve(db: Path, port: int) -> int:
    env = {**os.environ, "JIXIAO_DB": str(db.resolve() if not db.is_symlink() else db.absolute())}
    print(f"绩效看板已启动：http://localhost:{port}", flush=True)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    # The dashboard folder carries .streamlit/config.toml (theme, toolbar), in a checkout and in the wheel.
    return subprocess.call(command, env=env, cwd=APP.parent)


def cmd_serve(args: argparse.Namespace) -> int:
    return _serve(Path(args.db), args.port)


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the bundled sample when the warehouse is missing or older than the sample, then serve."""
    from warehouse.pipeline import load

    db = Path(args.db)
    report = load([SAMPLE_DIR], db, progress=_progress)
    print_report(report)
    return _serve(db, args.port)


def cmd_sample(args: argparse.Namespace) -> int:
    """The bundled county sample (deterministic), or with --regions N a synthetic set of N counties."""
    try:
        from samplegen import generate
        from samplegen.regions import generate_regions
    except ImportError:
        print("示例数据生成器只在源码仓库的开发环境中提供（samplegen/）", file=sys.stderr)
        return 2

    if args.regions:
        paths = generate_regions(Path(args.out), args.regions, seed=args.seed)
        print(f"已生成 {args.regions} 个区划、{len(paths)} 个工作簿：{args.out}")
        return 0
    for path in generate(Path(args.out)):
        print(path)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from warehouse import report

    db = Path(args.db)
    if not db.exists():
        print(f"数据仓库不存在：{db}（先运行 jixiao load）", file=sys.stderr)
        return 2
    report.write(db, args.year, Path(args.out), region=args.region)
    print(f"已生成 {args.year} 年度工作总结：{args.out}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Print the findings of the audit rules stored with the last load (mart.problem)."""
    import duckdb

    from warehouse import audit, store

    current = store.current_version(Path(args.db))
    if current is None:
        print(f"数据仓库不存在：{args.db}（请先运行 jixiao load）", file=sys.stderr)
        return 2
    con = duckdb.connect(str(current), read_only=True)
    try:
        rows = audit.findings(con, args.year)
    finally:
        con.close()
    sys.stdout.write(audit.format_csv(rows) if args.format == "csv" else audit.format_table(rows) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jixiao", description="绩效看板：预算绩效数据加载与分析")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("load", help="加载工作簿到数据仓库")
    p.add_argument("paths", nargs="*", help="文件或文件夹（递归），默认 data/raw")
    p.add_argument("--db", default=str(default_db()), help=f"仓库文件，默认 {default_db()}")
    p.add_argument("--region", help="表内未写明区划时使用的区划")
    p.set_defaults(func=cmd_load)

    for name, func, text in (("serve", cmd_serve, "启动看板"), ("demo", cmd_demo, "加载示例数据并启动看板")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--db", default=str(default_db()))
        p.add_argument("--port", type=int, default=8501)
        p.set_defaults(func=func)

    p = sub.add_parser("sample", help="重新生成示例工作簿（确定性）")
    p.add_argument("--out", default=str(SAMPLE_DIR))
    p.add_argument("--regions", type=int, default=0, help="生成 N 个区划的合成数据集（用于性能测试，不提交）")
    p.add_argument("--seed", type=int, default=2022, help="区划名称的随机种子")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("report", help="由数据仓库生成年度预算绩效管理工作总结（.docx）")
    p.add_argument(
        "--year", type=int, required=True, help="工作年度（如 2022：报告 2021 年评价与 2022 年目标、监控）"
    )
    p.add_argument("--region", help="区划（默认全部）")
    p.add_argument("--db", default=str(default_db()))
    p.add_argument("--out", required=True, help="输出文件 .docx")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("audit", help="列出审核规则发现的问题")
    p.add_argument("--year", type=int, help="只列出该年度的问题")
    p.add_argument("--format", choices=("table", "csv"), default="table", help="输出格式，默认 table")
    p.add_argument("--db", default=str(default_db()))
    p.set_defaults(func=cmd_audit)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
