"""The audit trail: who did what and when — sign-ins, loads, uploads, exports, ledger and account changes.
Append-only rows in the state file; the 操作日志 page and `jixiao trail` read them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from warehouse import state


def record_in(
    con: sqlite3.Connection, username: str | None, action: str, detail: dict, outcome: str = "成功"
) -> None:
    """Append inside the caller's transaction, so the entry commits with the change it describes."""
    con.execute(
        "INSERT INTO audit_log (at, username, action, detail, outcome) VALUES (?, ?, ?, ?, ?)",
        (state.now(), username, action, json.dumps(detail, ensure_ascii=False, default=str), outcome),
    )


def record(db: Path, username: str | None, action: str, detail: dict, outcome: str = "成功") -> None:
    with state.transaction(db) as con:
        record_in(con, username, action, detail, outcome)


def entries(db: Path, limit: int = 1000) -> list[dict]:
    con = state.connect(db)
    try:
        rows = con.execute(
            "SELECT id, at, username, action, detail, outcome FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
    finally:
        con.close()
    return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]
