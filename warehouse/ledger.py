"""The bureau's ledgers: the registry of audit findings by stable key and the 整改台账 — the one service that
writes them.

Both live in the state store (sql/state/002_ledger.sql), never in the rebuildable warehouse: a load cannot lose
them. Every write is one transaction that also appends to the audit trail, and every write is checked here
(rights, department scope, the status a step may start from) — pages and the loader only call these functions.

The warehouse sees a snapshot: the pipeline calls `prepare` before the rebuild (calendar and 整改台账 copied
into the new version, so rules such as 整改逾期 can join them) and `after_audit` after it (the registry learns
new keys and marks vanished ones 已消除, answers of returned notices become 已反馈, snapshots refreshed). `refresh` republishes the
warehouse with the current ledger without loading any file: `jixiao ledger refresh`, and the dashboard after
each change.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from etl.records import Rejection
from warehouse import audit, bulk, calendar, schema, state, store, trail
from warehouse.accounts import User

STATUSES = ("待下达", "已下达", "已反馈", "已销号")
ITEM_COLUMNS = (
    "item_key", "rule_code", "region", "fiscal_year", "stage", "department", "project_name", "message",
    "office", "status", "issued_at", "due_date", "issued_by", "measures", "result", "completed_on",
    "feedback_by", "feedback_at", "feedback_file", "review", "reviewed_by", "reviewed_at", "updated_at",
)  # fmt: skip
FINDING_COLUMNS = (
    "item_key", "rule_code", "region", "fiscal_year", "stage", "department", "project_name", "severity",
    "message", "source_file", "first_seen_at", "last_seen_at", "status", "cleared_at", "cleared_by_file",
)  # fmt: skip


class LedgerError(ValueError):
    """A ledger change that cannot be made; the message is for the user."""


@dataclass(frozen=True)
class Answer:
    """A department's answer to one item (from a returned notice or typed in the dashboard)."""

    item_key: str
    measures: str | None
    result: str | None
    completed_on: str | None
    department: str | None = None
    sheet: str = ""
    row: int = 0

    @property
    def where(self) -> str:
        return f"工作表「{self.sheet}」第 {self.row} 行：" if self.sheet else ""


# --- checks -------------------------------------------------------------------------------------------------


def _require(user: User | None, right: str, what: str) -> None:
    """None is local mode (the command line, a dashboard without accounts): full rights."""
    if user is not None and not user.can(right):
        raise LedgerError(f"{user.display_name}（{user.role}）无权{what}")


def _in_scope(user: User | None, department: str, what: str) -> None:
    if user is None or user.scope.all_rows:
        return
    if department not in user.scope.departments:
        raise LedgerError(f"{user.display_name} 只能{what}本部门（对口部门）的问题，“{department}”不在其中")


def _who(user: User | None) -> str:
    return user.username if user is not None else "本机"


def _item(con: sqlite3.Connection, key: str) -> sqlite3.Row:
    row = con.execute("SELECT * FROM ledger_item WHERE item_key = ?", (key,)).fetchone()
    if row is None:
        raise LedgerError(f"问题编号 {key} 不在整改台账中（尚未下达整改）")
    return row


DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _date(text: str | date | None, label: str) -> str | None:
    """A date as departments write it (2023-03-15, 2023/3/15, 2023年3月15日; an Excel date cell) → ISO."""
    if text is None or text == "":
        return None
    if isinstance(text, date):
        return text.isoformat()
    match = DATE_TEXT.match(str(text))
    try:
        if match is None:
            raise ValueError(text)
        return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError as exc:
        raise LedgerError(f"{label}“{text}”不是日期（应写作 2023-03-15 或 2023年3月15日）") from exc


# --- the bureau's actions -----------------------------------------------------------------------------------


def issue(
    db: Path,
    user: User | None,
    keys: Iterable[str],
    *,
    due_date: date | str | None = None,
    offices: dict[str, str] | None = None,
    today: date | None = None,
) -> int:
    """下达整改: each key (a finding of the registry, 在册) becomes 已下达 with 下达日期 today and 整改期限 the given
    date or today + the region's rectify_days. Items already issued are refused, naming them."""
    _require(user, "ledger_manage", "下达整改")
    today = today or date.today()
    due = _date(due_date, "整改期限")
    if due is not None and due < today.isoformat():
        raise LedgerError(f"整改期限 {due} 早于下达日期 {today.isoformat()}")
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise LedgerError("没有选择要下达整改的问题")
    with state.transaction(db) as con:
        for key in keys:
            finding = con.execute("SELECT * FROM ledger_finding WHERE item_key = ?", (key,)).fetchone()
            if finding is None:
                raise LedgerError(f"问题编号 {key} 不在问题登记中（请先加载数据或刷新台账）")
            if finding["status"] != "在册":
                raise LedgerError(f"问题 {key} 已消除（{finding['cleared_by_file'] or '—'}），不必下达整改")
            existing = con.execute("SELECT status FROM ledger_item WHERE item_key = ?", (key,)).fetchone()
            if existing is not None and existing["status"] != "待下达":
                raise LedgerError(f"问题 {key} 已{existing['status'].removeprefix('已')}，不能重复下达")
            item_due = due or calendar.default_due(finding["region"], today).isoformat()
            values = {
                "item_key": key,
                "rule_code": finding["rule_code"],
                "region": finding["region"],
                "fiscal_year": finding["fiscal_year"],
                "stage": finding["stage"],
                "department": finding["department"],
                "project_name": finding["project_name"],
                "message": finding["message"],
                "office": (offices or {}).get(key),
                "status": "已下达",
                "issued_at": today.isoformat(),
                "due_date": item_due,
                "issued_by": _who(user),
                "updated_at": state.now(),
            }
            con.execute(
                f"INSERT OR REPLACE INTO ledger_item ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                tuple(values.values()),
            )
        trail.record_in(con, _who(user), "下达整改", {"items": keys, "due_date": due})
    return len(keys)


def _record_answer(con: sqlite3.Connection, user: User | None, answer: Answer, file: str | None) -> None:
    if not any((answer.measures, answer.result, answer.completed_on)):
        raise LedgerError(f"{answer.where}问题 {answer.item_key}：整改措施、整改结果、完成日期都为空")
    row = con.execute("SELECT * FROM ledger_item WHERE item_key = ?", (answer.item_key,)).fetchone()
    if row is None:
        finding = con.execute(
            "SELECT * FROM ledger_finding WHERE item_key = ?", (answer.item_key,)
        ).fetchone()
        if finding is None:
            raise LedgerError(f"{answer.where}问题编号 {answer.item_key} 不在问题登记中")
        # answered from a notice before the bureau marked it issued: the notice was the issue
        con.execute(
            "INSERT INTO ledger_item (item_key, rule_code, region, fiscal_year, stage, department, project_name,"
            " message, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '已下达', ?)",
            (
                finding["item_key"], finding["rule_code"], finding["region"], finding["fiscal_year"],
                finding["stage"], finding["department"], finding["project_name"], finding["message"], state.now(),
            ),
        )  # fmt: skip
        row = _item(con, answer.item_key)
    if answer.department and answer.department != row["department"]:
        raise LedgerError(
            f"{answer.where}问题 {answer.item_key} 属于“{row['department']}”，不是“{answer.department}”"
        )
    _in_scope(user, row["department"], "反馈")
    if row["status"] == "已销号":
        raise LedgerError(f"{answer.where}问题 {answer.item_key} 已销号，不再接收反馈")
    con.execute(
        "UPDATE ledger_item SET status = '已反馈', measures = ?, result = ?, completed_on = ?, feedback_by = ?,"
        " feedback_at = ?, feedback_file = ?, updated_at = ? WHERE item_key = ?",
        (
            answer.measures,
            answer.result,
            _date(answer.completed_on, f"{answer.where}完成日期"),
            _who(user) if file is None else (answer.department or row["department"]),
            state.now(),
            file,
            state.now(),
            answer.item_key,
        ),
    )


def answer(db: Path, user: User | None, item: Answer) -> None:
    """A department's 整改反馈 typed in the dashboard: the item becomes 已反馈."""
    if user is not None and not (user.can("ledger_answer") or user.can("ledger_manage")):
        raise LedgerError(f"{user.display_name}（{user.role}）无权填写整改反馈")
    with state.transaction(db) as con:
        _record_answer(con, user, item, None)
        trail.record_in(con, _who(user), "整改反馈", {"item": item.item_key})


def review(db: Path, user: User | None, key: str, opinion: str, *, accept: bool) -> str:
    """审核反馈: accepted → 已销号 (needs ledger_manage); not accepted → back to 已下达 with the opinion."""
    _require(user, "ledger_manage" if accept else "ledger_review", "销号" if accept else "审核整改反馈")
    if not opinion.strip():
        raise LedgerError("请填写审核意见")
    with state.transaction(db) as con:
        row = _item(con, key)
        _in_scope(user, row["department"], "审核")
        if row["status"] != "已反馈":
            raise LedgerError(f"问题 {key} 的状态是“{row['status']}”，只有“已反馈”的问题可以审核")
        status = "已销号" if accept else "已下达"
        con.execute(
            "UPDATE ledger_item SET status = ?, review = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ?"
            " WHERE item_key = ?",
            (status, opinion.strip(), _who(user), state.now(), state.now(), key),
        )
        trail.record_in(
            con, _who(user), "销号" if accept else "退回重新整改", {"item": key, "review": opinion}
        )
    return status


def record_notice_answers(db: Path, answers: list[Answer], file: str) -> list[tuple[Answer, str]]:
    """Answers read from a returned 退回整改通知, recorded as 已反馈 in one transaction; returns the refusals
    (each answer that could not be recorded, with the reason), so the load report can show them."""
    refused: list[tuple[Answer, str]] = []
    with state.transaction(db) as con:
        recorded = 0
        for item in answers:
            con.execute("SAVEPOINT answer")
            try:
                _record_answer(con, None, item, file)
                con.execute("RELEASE answer")
                recorded += 1
            except LedgerError as exc:
                con.execute("ROLLBACK TO answer")
                con.execute("RELEASE answer")
                refused.append((item, str(exc)))
        trail.record_in(
            con,
            None,
            "整改反馈（退回通知）",
            {"file": file, "recorded": recorded, "refused": [r for _, r in refused]},
        )
    return refused


# --- reading --------------------------------------------------------------------------------------------------


def items(db: Path) -> list[dict]:
    con = state.connect(db)
    try:
        return [dict(r) for r in con.execute("SELECT * FROM ledger_item ORDER BY item_key").fetchall()]
    finally:
        con.close()


def findings(db: Path) -> list[dict]:
    con = state.connect(db)
    try:
        return [dict(r) for r in con.execute("SELECT * FROM ledger_finding ORDER BY item_key").fetchall()]
    finally:
        con.close()


# --- the warehouse side: snapshot, registry, refresh --------------------------------------------------------


def _copy(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    bulk.replace_rows(con, f"ledger.{table}", columns, [tuple(r[c] for c in columns) for r in rows])


def prepare(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    """Before a rebuild: copy the calendar, the rules kept out of the 整改台账 and the 整改台账 itself into the
    new warehouse version (rules such as 整改逾期 join it)."""
    calendar.fill(con)
    con.execute("DELETE FROM cfg.ledger_rule_excluded")
    excluded = audit.settings().get("ledger", {}).get("not_for_rectification", [])
    if excluded:
        con.executemany("INSERT INTO cfg.ledger_rule_excluded VALUES (?)", [(c,) for c in excluded])
    results = audit.results_settings()
    con.execute("DELETE FROM cfg.monitoring_review")
    con.execute(
        "INSERT INTO cfg.monitoring_review VALUES (?, ?)",
        [results["monitoring_min_progress_ratio"], results["monitoring_failing_likelihoods"]],
    )
    _copy(con, "item", ITEM_COLUMNS, items(db))


def after_audit(con: duckdb.DuckDBPyConnection, db: Path, reports: list) -> None:
    """After the audit of a load: the registry learns this load's findings, the answers of returned notices
    among the loaded files are recorded, and both ledgers are copied into the new warehouse version."""
    register_findings(con, db, [r.path for r in reports])
    _record_returned_notices(con, db, reports)
    _copy(con, "item", ITEM_COLUMNS, items(db))
    _copy(con, "finding", FINDING_COLUMNS, findings(db))


def _record_returned_notices(con: duckdb.DuckDBPyConnection, db: Path, reports: list) -> None:
    """Each answered row of a returned 退回整改通知 becomes 已反馈; rows left blank are counted in the file's
    message; an answer that cannot be recorded becomes a rejected row of its file (sheet, row, reason)."""
    for report in reports:
        rows = report.records.get("notice_answer") or []
        answers = [
            Answer(
                r["item_key"], r.get("measures"), r.get("result"), r.get("completed_on"), r.get("department"),
                r.get("source_sheet") or "", r.get("source_row") or 0,
            )
            for r in rows
            if any(r.get(f) for f in ("measures", "result", "completed_on"))
        ]  # fmt: skip
        if not rows:
            continue
        refused = record_notice_answers(db, answers, report.path) if answers else []
        note = f"整改反馈：记录 {len(answers) - len(refused)} 项，未填写 {len(rows) - len(answers)} 项"
        report.message = "；".join(m for m in (report.message, note) if m)
        rejected = [
            Rejection(a.sheet, a.row, None, "item_key", reason.removeprefix(a.where), {})
            for a, reason in refused
        ]
        report.rejections.extend(rejected)
        if rejected:
            report.rows_rejected = len(report.rejections)
            report.status = "部分拒绝" if len(rejected) < len(answers) else "已拒绝"
            con.executemany(
                "INSERT INTO stg.rejected_row VALUES (?, ?, ?, ?, NULL, 'item_key', ?, '{}')",
                [(report.path, report.kind, r.sheet, r.row, r.reason) for r in rejected],
            )
        con.execute(
            "UPDATE raw.load_log SET rows_rejected = ?, status = ?, message = ? WHERE source_file = ?",
            [report.rows_rejected, report.status, report.message, report.path],
        )


def register_findings(con: duckdb.DuckDBPyConnection, db: Path, changed_files: list[str]) -> dict[str, int]:
    """Every current finding key is 在册 in the registry; a key that was 在册 and is no longer found is marked
    已消除 with the file that cleared it (its own source file when that was reloaded, else the files of this
    load)."""
    current = con.execute(
        "SELECT item_key, rule_code, region, fiscal_year, stage, department, project_name, severity, message,"
        " source_file FROM mart.finding"
    ).fetchall()
    now = state.now()
    counts = {"new": 0, "cleared": 0, "reopened": 0}
    with state.transaction(db) as s:
        known = {r["item_key"]: r["status"] for r in s.execute("SELECT item_key, status FROM ledger_finding")}
        seen = set()
        for key, rule, region, year, stage, department, project, severity, message, source in current:
            seen.add(key)
            if key not in known:
                counts["new"] += 1
                s.execute(
                    "INSERT INTO ledger_finding VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '在册', NULL, NULL)",
                    (
                        key,
                        rule,
                        region,
                        year,
                        stage,
                        department,
                        project,
                        severity,
                        message,
                        source,
                        now,
                        now,
                    ),
                )
                continue
            counts["reopened"] += known[key] == "已消除"
            s.execute(
                "UPDATE ledger_finding SET severity = ?, message = ?, source_file = ?, last_seen_at = ?,"
                " status = '在册', cleared_at = NULL, cleared_by_file = NULL WHERE item_key = ?",
                (severity, message, source, now, key),
            )
        for key in [k for k, status in known.items() if status == "在册" and k not in seen]:
            counts["cleared"] += 1
            source = s.execute(
                "SELECT source_file FROM ledger_finding WHERE item_key = ?", (key,)
            ).fetchone()[0]
            cleared_by = source if source in changed_files else ("、".join(changed_files[:3]) or "台账变更")
            s.execute(
                "UPDATE ledger_finding SET status = '已消除', cleared_at = ?, cleared_by_file = ? WHERE item_key = ?",
                (now, cleared_by, key),
            )
        if any(counts.values()):
            trail.record_in(s, None, "问题登记", {**counts, "files": changed_files[:20]})
    return counts


def refresh(db: Path) -> bool:
    """Publish a new warehouse version whose ledger snapshot, ledger rules and mart views match the state
    store now. False when there is no warehouse yet (the first load takes the ledger along)."""
    with store.writer_lock(db):
        if store.current_version(db) is None:
            return False
        version = store.new_version(db)
        try:
            con = duckdb.connect(str(version))
            schema.migrate(con)
            con.execute("BEGIN TRANSACTION")
            prepare(con, db)
            schema.rebuild(con)
            after_audit(con, db, [])
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
        except BaseException:
            store.discard(version)
            raise
        store.publish(db, version)
    return True
