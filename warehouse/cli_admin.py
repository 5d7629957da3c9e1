"""`jixiao user|backup|restore|trail|export`: accounts, backups, the audit trail and Parquet exchange."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from warehouse import accounts, backup, exchange, trail
from warehouse.paths import default_db


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再输入一次：") != first:
        raise accounts.AccountError("两次输入的密码不一致")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    db = Path(args.db)
    try:
        if args.action == "add":
            password = None if args.sso and not args.password_stdin else _password(args)
            user = accounts.add(
                db,
                args.username,
                password,
                args.role,
                departments=args.department,
                fund_types=args.fund_type,
                office=args.office,
                display_name=args.name,
                external_subject=args.sso,
            )
            print(f"已新增账号 {user.username}（{user.role}）")
        elif args.action == "passwd":
            accounts.set_password(db, args.username, _password(args))
            print(f"已修改 {args.username} 的密码，其已登录的会话全部失效")
        elif args.action in ("disable", "enable"):
            accounts.set_disabled(db, args.username, args.action == "disable")
            print(f"已{'停用' if args.action == 'disable' else '启用'}账号 {args.username}")
        else:
            for row in accounts.listing(db):
                state = "停用" if row["disabled"] else ("锁定" if row["locked_until"] else "正常")
                scope = row["departments"] if row["departments"] != "[]" else row["fund_types"]
                print(f"{row['username']}\t{row['role']}\t{state}\t{row['office'] or ''}\t{scope}")
    except accounts.AccountError as exc:
        print(f"未完成：{exc}", file=sys.stderr)
        return 2
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    db = Path(args.db)
    archive = Path(args.out) if args.out else backup.default_archive(db)
    manifest = backup.backup(db, archive)
    parts = "、".join(manifest["files"])
    print(f"已备份到 {archive}（{parts}；数据仓库版本 {manifest['warehouse_version'] or '无'}）")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    try:
        manifest = backup.restore(Path(args.db), Path(args.archive))
    except backup.BackupError as exc:
        print(f"未恢复：{exc}", file=sys.stderr)
        return 1
    print(f"已从 {args.archive} 恢复（备份时间 {manifest['created_at']}）")
    return 0


def cmd_trail(args: argparse.Namespace) -> int:
    for entry in reversed(trail.entries(Path(args.db), args.limit)):
        print(
            f"{entry['at']}\t{entry['username'] or '—'}\t{entry['action']}\t{entry['outcome']}\t{entry['detail']}"
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    try:
        manifest = exchange.export(Path(args.db), Path(args.parquet))
    except exchange.ExchangeError as exc:
        print(f"未导出：{exc}", file=sys.stderr)
        return 2
    total = sum(n for name, n in manifest["rows"].items() if name.startswith("mart."))
    print(
        f"已导出到 {args.parquet}：{len(manifest['rows'])} 个表/视图，mart 共 {total:,} 行（按区划/年度分区）"
    )
    return 0


def cmd_load_parquet(args: argparse.Namespace) -> int:
    """`jixiao load --from-parquet DIR …`: a warehouse of many counties from their exports."""
    try:
        loaded = exchange.load_exports([Path(p) for p in args.from_parquet], Path(args.db))
    except exchange.ExchangeError as exc:
        print(f"未导入：{exc}", file=sys.stderr)
        return 1
    for folder in args.from_parquet:
        rows = sum(n for key, n in loaded.items() if key.startswith(Path(folder).name + ":"))
        print(f"{folder}：导入 {rows:,} 行")
    return 0


def register(sub) -> None:
    """Add the administration subcommands to the `jixiao` parser."""
    p = sub.add_parser("user", help="账号管理：add / passwd / disable / enable / list")
    p.add_argument("action", choices=("add", "passwd", "disable", "enable", "list"))
    p.add_argument("username", nargs="?")
    p.add_argument("--role", choices=accounts.ROLES, help="角色（add 时必填）")
    p.add_argument(
        "--department", action="append", default=[], help="本部门（部门）或对口部门（业务科室），可重复"
    )
    p.add_argument("--fund-type", action="append", default=[], help="业务科室对口的资金性质，可重复")
    p.add_argument("--office", help="业务科室名称")
    p.add_argument("--name", help="显示名称")
    p.add_argument("--sso", help="单点登录身份（邮箱），与 .streamlit/secrets.toml 的 [auth] 配合使用")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（脚本用）")
    p.add_argument("--db", default=str(default_db()))
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("backup", help="备份数据仓库与账号、台账、操作日志")
    p.add_argument("--out", help="备份文件 .tar.gz，默认数据目录下 backups/")
    p.add_argument("--db", default=str(default_db()))
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="从备份文件恢复数据仓库与账号、台账、操作日志")
    p.add_argument("archive")
    p.add_argument("--db", default=str(default_db()))
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "export", help="把数据仓库导出为按区划/年度分区的 Parquet（供 DuckDB、Spark、Trino 直接读取）"
    )
    p.add_argument("--parquet", required=True, metavar="DIR", help="导出目录（须为空）")
    p.add_argument("--db", default=str(default_db()))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("trail", help="查看操作日志")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--db", default=str(default_db()))
    p.set_defaults(func=cmd_trail)
