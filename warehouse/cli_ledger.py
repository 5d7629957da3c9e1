"""`jixiao ledger …` and `jixiao bulletin`: the two ledgers and the 考核通报 from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from warehouse import ledger
from warehouse.paths import default_db


def cmd_ledger(args: argparse.Namespace) -> int:
    db = Path(args.db)
    try:
        if args.action == "refresh":
            if not ledger.refresh(db):
                print(f"数据仓库不存在：{db}（请先运行 jixiao load）", file=sys.stderr)
                return 2
            print("已按当前台账重新发布数据仓库（mart.rectification、mart.submission 与台账规则）")
        elif args.action == "issue":
            n = ledger.issue(db, None, args.keys, due_date=args.due)
            ledger.refresh(db)
            print(f"已下达整改 {n} 项")
        elif args.action == "close":
            for key in args.keys:
                ledger.review(db, None, key, args.review, accept=True)
            ledger.refresh(db)
            print(f"已销号 {len(args.keys)} 项")
        elif args.action == "list":
            rows = [r for r in ledger.items(db) if not args.status or r["status"] == args.status]
            for r in rows:
                print(
                    f"{r['item_key']}  {r['status']}  {r['department']}  {r['project_name'] or '（部门整体）'}"
                    f"  下达 {r['issued_at'] or '—'}  期限 {r['due_date'] or '—'}"
                )
            print(f"合计：{len(rows)} 项")
    except ledger.LedgerError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def cmd_bulletin(args: argparse.Namespace) -> int:
    from warehouse import bulletin, store

    db = Path(args.db)
    if store.current_version(db) is None:
        print(f"数据仓库不存在：{db}（请先运行 jixiao load）", file=sys.stderr)
        return 2
    ranked = bulletin.write(db, args.year, Path(args.out), region=args.region)
    print(f"已生成 {args.year} 年度部门绩效管理工作考核通报：{args.out}（{ranked} 个部门）")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ledger", help="工作推进台账与整改台账：刷新、下达、销号、列出")
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("refresh", help="按状态库中的台账重新发布数据仓库（不加载文件）")
    a.add_argument("--db", default=str(default_db()))
    a = actions.add_parser("issue", help="下达整改（问题编号见 mart.rectification 或退回整改通知）")
    a.add_argument("keys", nargs="+")
    a.add_argument("--due", help="整改期限 YYYY-MM-DD，默认下达日起按工作日历的天数")
    a.add_argument("--db", default=str(default_db()))
    a = actions.add_parser("close", help="审核通过并销号（须已反馈）")
    a.add_argument("keys", nargs="+")
    a.add_argument("--review", required=True, help="审核意见")
    a.add_argument("--db", default=str(default_db()))
    a = actions.add_parser("list", help="列出整改台账")
    a.add_argument("--status", choices=ledger.STATUSES)
    a.add_argument("--db", default=str(default_db()))
    p.set_defaults(func=cmd_ledger)

    p = sub.add_parser("bulletin", help="生成部门绩效管理工作考核通报（.docx，红榜/黑榜）")
    p.add_argument("--year", type=int, required=True, help="工作年度")
    p.add_argument("--region", help="区划（默认全部）")
    p.add_argument("--db", default=str(default_db()))
    p.add_argument("--out", required=True, help="输出文件 .docx")
    p.set_defaults(func=cmd_bulletin)
