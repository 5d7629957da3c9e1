"""The `jixiao` command line — a thin shell over the warehouse services: load, serve, demo, report, audit,
doctor, and (warehouse.cli_admin) user, backup, restore, trail, export.

Every failure reaches the user as a Chinese sentence; the traceback goes to the log file under the data
home (logs/jixiao.log), never to the screen.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path

from warehouse import cli_admin, cli_ledger, paths, trail
from warehouse.paths import APP, SAMPLE_DIR, default_db

log = logging.getLogger("jixiao")


def log_file() -> Path:
    return paths.home() / "logs" / "jixiao.log"


def setup_logging() -> None:
    """Warnings and tracebacks go to the log file (rotated); the screen gets plain sentences."""
    root = logging.getLogger("jixiao")
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return
    try:
        log_file().parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file(), maxBytes=5 * 1024 * 1024, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return  # a read-only data home must not stop the command itself
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False


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
    if not report.files:
        for path, why in report.skipped:
            print(f"  已跳过：{path}：{why}")
        print(f"{report.message or '没有找到工作簿'}（支持 .xlsx、.xlsm、.xls、.xlsb、.ods）")
        return
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
    for path, why in report.skipped:
        print(f"  已跳过：{path}：{why}")
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


def _waiting(holder) -> None:
    who = f"：{holder.describe()}" if holder else ""
    print(f"数据仓库正被另一个加载使用{who}；等待其完成……（按 Ctrl+C 放弃）", file=sys.stderr, flush=True)


def run_load(paths_: list[Path], db: Path, *, region: str | None = None, wait: bool = True) -> int:
    """Load and print the report; a failed load prints why (exit 1) and leaves the warehouse as it was."""
    from warehouse import store
    from warehouse.pipeline import LoadError, load

    try:
        report = load(
            paths_, db, region=region, progress=_progress, wait=wait, on_wait=_waiting, isolate=True
        )
    except (LoadError, store.StoreError) as exc:
        if exc.__cause__ is not None:
            log.error("加载失败：%s", exc, exc_info=exc.__cause__)
        print(f"加载失败：{exc}", file=sys.stderr)
        trail.record(
            db,
            f"{store.os_user()}（命令行）",
            "加载",
            {"路径": [str(p) for p in paths_]},
            outcome=f"失败：{exc}",
        )
        return 1
    print_report(report)
    trail.record(
        db,
        f"{store.os_user()}（命令行）",
        "加载",
        {
            "文件": len(report.files),
            "加载行": sum(f.rows_loaded for f in report.files),
            "拒绝行": sum(f.rows_rejected for f in report.files),
            "发布新版本": report.published,
        },
        outcome="成功" if report.exit_code == 0 else "部分拒绝",
    )
    return report.exit_code


def cmd_load(args: argparse.Namespace) -> int:
    if args.from_parquet:
        return cli_admin.cmd_load_parquet(args)
    paths_ = [Path(p) for p in args.paths] or [SAMPLE_DIR]
    missing = [p for p in paths_ if not p.exists() and not p.is_symlink()]
    if missing:
        print(f"路径不存在：{', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    return run_load(paths_, Path(args.db), region=args.region, wait=not args.no_wait)


def cmd_doctor(args: argparse.Namespace) -> int:
    """Report the state of the version store and, unless --check, repair it."""
    from warehouse import doctor

    findings = doctor.examine(Path(args.db), repair=not args.check, wait=not args.no_wait)
    for line in findings.lines:
        print(line)
    return 0 if findings.healthy or (findings.repaired and not args.check) else 1


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def server_command(port: int, address: str = "127.0.0.1", app: Path = APP) -> list[str]:
    """The dashboard server's command line, as `jixiao serve` runs it (from the dashboard folder)."""
    from etl import config as etl_config

    return [
        sys.executable,
        "-m",
        "dashboard.server",  # Streamlit's command line, with the pages' libraries imported first
        "run",
        str(app),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.enableXsrfProtection",
        "true",
        # the browser may not send more than the loader would accept
        "--server.maxUploadSize",
        str(etl_config.load("limits")["max_file_mb"]),
        "--browser.gatherUsageStats",
        "false",
    ]


def _serve(db: Path, port: int, address: str = "127.0.0.1") -> int:
    """Run the dashboard. Without any account it serves this machine only (sign-in needs an account)."""
    from warehouse import accounts

    if address not in LOOPBACK and not accounts.any_account(db):
        print(
            f"拒绝在 {address} 上提供服务：还没有任何账号，任何能访问该地址的人都能看到全部数据。"
            "请先用 `jixiao user add 用户名 --role 绩效中心` 建立账号，或只在本机（127.0.0.1）使用。",
            file=sys.stderr,
        )
        return 2
    env = {**os.environ, "JIXIAO_DB": str(db.resolve() if not db.is_symlink() else db.absolute())}
    shown = "localhost" if address in LOOPBACK else address
    print(f"绩效看板已启动：http://{shown}:{port}", flush=True)
    command = server_command(port, address)
    # The dashboard folder carries .streamlit/config.toml (theme, toolbar), in a checkout and in the wheel.
    # `jixiao serve` becomes the server (exec, not a child): a stop signal from a service manager or a script
    # reaches Streamlit itself, and no orphaned server keeps the port after `jixiao` has gone.
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(APP.parent)
    os.execve(sys.executable, command, env)


def cmd_serve(args: argparse.Namespace) -> int:
    return _serve(Path(args.db), args.port, args.address)


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the bundled sample when the warehouse is missing or older than the sample, then serve."""
    db = Path(args.db)
    run_load([SAMPLE_DIR], db)
    return _serve(db, args.port, args.address)


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
    p.add_argument("--no-wait", action="store_true", help="另一个加载正在进行时立即退出，不排队等待")
    p.add_argument(
        "--from-parquet", nargs="+", metavar="DIR", help="改为导入各县 `jixiao export --parquet` 的导出目录"
    )
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("doctor", help="检查并修复数据仓库的版本文件（孤立文件、失效链接、磁盘空间）")
    p.add_argument("--db", default=str(default_db()))
    p.add_argument("--check", action="store_true", help="只检查，不修复")
    p.add_argument("--no-wait", action="store_true", help="另一个加载正在进行时立即退出")
    p.set_defaults(func=cmd_doctor)

    for name, func, text in (("serve", cmd_serve, "启动看板"), ("demo", cmd_demo, "加载示例数据并启动看板")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--db", default=str(default_db()))
        p.add_argument("--port", type=int, default=8501)
        p.add_argument("--address", default="127.0.0.1", help="监听地址，默认只在本机；其他地址须先建立账号")
        p.set_defaults(func=func)

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

    cli_admin.register(sub)
    cli_ledger.register(sub)

    args = parser.parse_args(argv)
    setup_logging()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line: a sentence on screen, the traceback in the log
        log.error("未预期的错误：%s", "".join(traceback.format_exception(exc)))
        print(
            f"出现未预期的错误（{type(exc).__name__}），操作未完成；已发布的数据未受影响。"
            f"详情已写入日志：{log_file()}",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
