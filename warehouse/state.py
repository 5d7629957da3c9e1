"""The bureau's own state — accounts, sessions, the audit trail (and the ledgers) — in one SQLite file beside
the warehouse.

The warehouse can be rebuilt from workbooks at any time; this file cannot, so it is never written by a load.
SQLite because several processes (the dashboard, the CLI, a second dashboard process) write it at once:
each write is a short transaction, WAL lets readers go on meanwhile. Migrations are sql/state/*.sql, applied
once each and checksummed like the warehouse's own.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from warehouse.paths import SQL_DIR

BUSY_TIMEOUT_MS = 10_000


class StateError(RuntimeError):
    """The state file cannot be opened or its migrations disagree with the code."""


def state_path(db: Path) -> Path:
    """The state file that belongs to the warehouse at `db` (same folder, so a backup takes both)."""
    return db.with_name(db.stem + ".state.sqlite3")


def now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _migrate(con: sqlite3.Connection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS state_migration (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT)"
    )
    applied = dict(con.execute("SELECT name, checksum FROM state_migration").fetchall())
    for script in sorted((SQL_DIR / "state").glob("*.sql")):
        text = script.read_text(encoding="utf-8")
        checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if script.name not in applied:
            with con:  # the script and its record commit together
                con.executescript("BEGIN;" + text + ";")
                con.execute("INSERT INTO state_migration VALUES (?, ?, ?)", (script.name, checksum, now()))
        elif applied[script.name] != checksum:
            raise StateError(f"状态库迁移脚本 sql/state/{script.name} 在应用后被修改（校验和不符）")


def connect(db: Path) -> sqlite3.Connection:
    """An open, migrated connection to the state file of warehouse `db` (created on first use)."""
    path = state_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _migrate(con)
    return con


@contextmanager
def transaction(db: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction: everything inside commits together or not at all."""
    con = connect(db)
    try:
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    finally:
        con.close()


def backup_to(db: Path, target: Path) -> None:
    """A consistent copy of the state file (SQLite's online backup: writers may go on meanwhile)."""
    source = connect(db)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
