"""The load pipeline: discover → parse → stage → transform → audit → publish.

Nothing is half-written: all changes go into a copy of the warehouse that replaces the current one only
when everything succeeded. A file whose content was loaded before (same path, same hash) is skipped;
a changed file replaces exactly its own earlier rows; bad rows are kept in stg.rejected_row.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cache
from pathlib import Path

import duckdb

from etl import config, pool, properties, sandbox
from etl.parse import INCOMPLETE_STATUSES, FileReport, parse_file
from etl.staging import StagedReport, StageRules, stage
from etl.workbook import EXCEL_SUFFIXES, is_workbook
from warehouse import bulk, ledger, profiles, schema, store
from warehouse.paths import SAMPLE_DIR, SQL_DIR, display_path

STG_TABLES = (
    "project_self_eval",
    "dept_self_eval",
    "evaluation",
    "monitoring",
    "performance_target",
    "indicator",
    "exante_assessment",
    "department_roster",
    "notice_answer",
)
SAMPLE_MANIFEST = SAMPLE_DIR / "SAMPLE.sha256"
MB = 1024 * 1024
log = logging.getLogger("jixiao.load")


NO_WORKBOOKS = "没有找到工作簿"


class LoadError(RuntimeError):
    """The load as a whole could not finish (disk full, database error); nothing was published.
    The message is plain Chinese for users; the cause stays attached for the log."""


@dataclass
class LoadReport:
    files: list[FileReport]
    published: bool
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why it was not read)
    message: str = ""
    updated_projects: int = 0  # project-years (department-years) whose values a file of this load replaced

    @property
    def exit_code(self) -> int:
        if not self.files:
            return 1
        return 1 if any(f.status in INCOMPLETE_STATUSES for f in self.files) else 0


@cache
def sample_hashes() -> frozenset[str]:
    """Hashes of the bundled synthetic workbooks (written by `python -m samplegen`)."""
    if not SAMPLE_MANIFEST.exists():
        return frozenset()
    return frozenset(
        line.split()[0] for line in SAMPLE_MANIFEST.read_text(encoding="utf-8").splitlines() if line
    )


def discover(paths: Iterable[Path]) -> list[Path]:
    return discover_all(paths)[0]


def discover_all(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every workbook under `paths` (folders recursively, following links to folders once), and what was
    passed over with the reason: broken or looping links, a folder reached twice, Excel's lock files."""
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen_dirs: set[str] = set()
    for path in paths:
        if path.is_symlink() and not path.exists():
            skipped.append((path, _broken_link(path)))
        elif path.is_dir():
            _walk(path, found, skipped, seen_dirs)
        elif path.is_file() and not path.name.startswith("~$"):
            found.append(path)
        elif path.name.startswith("~$"):
            skipped.append((path, "Excel 打开文件时生成的临时锁文件，已跳过"))
    return found, skipped


def _walk(root: Path, found: list[Path], skipped: list[tuple[Path, str]], seen_dirs: set[str]) -> None:
    for folder, dirs, files in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen_dirs:
            skipped.append((Path(folder), "与已读取的文件夹是同一个（经由链接到达），未重复读取"))
            dirs[:] = []
            continue
        seen_dirs.add(real)
        for name in sorted(dirs):
            sub = Path(folder) / name
            if sub.is_symlink() and not sub.exists():
                skipped.append((sub, _broken_link(sub)))
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() and not path.exists():
                skipped.append((path, _broken_link(path)))
            elif is_workbook(path):
                found.append(path)
            elif name.startswith(("~$", ".~")) and Path(name).suffix.lower() in EXCEL_SUFFIXES:
                skipped.append((path, "Excel 打开文件时生成的临时锁文件，已跳过"))


def _broken_link(path: Path) -> str:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return "循环链接（链接指向自身），已跳过"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "循环链接（链接指向自身），已跳过"
    return "链接指向的文件不存在，已跳过"


def _display_paths(files: list[Path]) -> list[str]:
    """display_path of every file, resolving each folder once: a file that is not itself a link resolves to its
    folder resolved, joined with its name (a province's load holds thousands of files in a few hundred folders,
    and resolving each path in full kept the readers waiting before their first file)."""
    folders: dict[Path, Path] = {}
    shown = []
    for path in files:
        if path.is_symlink():
            shown.append(display_path(path))
            continue
        if (folder := folders.get(path.parent)) is None:
            folder = folders[path.parent] = Path(display_path(path.parent))
        shown.append(str(folder / path.name))
    return shown


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _required_columns(con: duckdb.DuckDBPyConnection) -> dict[str, frozenset[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'stg' AND NOT is_nullable"
    ).fetchall()
    required: dict[str, set[str]] = {}
    for table, column in rows:
        required.setdefault(table, set()).add(column)
    return {table: frozenset(columns) for table, columns in required.items()}


def _region_names() -> dict[str, str]:
    """A region as written → the profile's name for it (profiles.canonical_region as a lookup table, which
    the reading children apply): the first profile naming it wins; a region only the national profile
    names, or none, stays as written."""
    names: dict[str, str] = {}
    for written, name in profiles.region_aliases():
        names.setdefault(written, name)
    return {written: name for written, name in names.items() if name != "national"}


def _snapshot(con: duckdb.DuckDBPyConnection) -> bool:
    """Keep the stage facts' current values (core.fact_value) to compare after the load (sql/history)."""
    # a warehouse built before core.fact_value existed has nothing to compare with: its first load starts history
    exists = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE schema_name = 'core' AND view_name = 'fact_value'"
    ).fetchone()[0]
    if exists:
        con.execute((SQL_DIR / "history" / "010_snapshot.sql").read_text(encoding="utf-8"))
    return bool(exists)


def _record_history(con: duckdb.DuckDBPyConnection, reports: list[FileReport], now: datetime) -> int:
    """Values a file of this load replaced go to raw.value_history; each file's report says how many
    projects (and departments) it updated. Returns the number of project-years and department-years updated."""
    con.execute(
        (SQL_DIR / "history" / "020_record.sql").read_text(encoding="utf-8"),
        {"changed_at": now, "files": [r.path for r in reports]},
    )
    # a project counts once however many stages, levels or checkpoints of it changed; '' keys a department
    counts = {
        path: (projects, departments)
        for path, projects, departments in con.execute(
            "SELECT new_file, "
            "count(DISTINCT (fiscal_year, region, department, project_key)) FILTER (WHERE project_key <> ''), "
            "count(DISTINCT (fiscal_year, region, department)) FILTER (WHERE project_key = '') "
            "FROM raw.value_history WHERE changed_at = ? GROUP BY new_file",
            [now],
        ).fetchall()
    }
    for report in reports:
        projects, departments = counts.get(report.path, (0, 0))
        if projects:
            report.add_message(f"{projects} 个项目的数值被新文件更新")
        if departments:
            report.add_message(f"{departments} 个部门的数值被新文件更新")
    return sum(p + d for p, d in counts.values())


class Staging:
    """The records of a load's files, kept as compact frames as each file is read (bulk.Records), so that a
    province's load does not hold a dict per record until the write; _write inserts them table by table.

    The reading children stage each file under `rules` (etl/staging.py: regions settled, rows the stage
    tables cannot take held back as rejected rows, records as columns): this process only appends columns."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.tables = {t: bulk.records_for(con, f"stg.{t}") for t in (*STG_TABLES, "subtotal")}
        self.rules = StageRules(
            columns={t: tuple(records.schema) for t, records in self.tables.items()},
            capacity=_decimal_capacity(con),
            required=_required_columns(con),
            regions=_region_names(),
            default_region=profiles.default_region(),
            # the answers of returned 整改 notices are recorded in the ledger after the audit (ledger.after_audit)
            kept=frozenset({"notice_answer"}),
        )

    def add(self, report: StagedReport) -> None:
        for table, columns in report.tables.items():
            self.tables[table].extend_columns(columns, len(next(iter(columns.values()))))


def _write(
    con: duckdb.DuckDBPyConnection, reports: list[FileReport], staging: Staging, now: datetime | None = None
) -> None:
    """Replace the rows of these files: one delete and one insert per table for the whole batch."""
    paths = [r.path for r in reports]
    for table in (
        *(f"stg.{t}" for t in STG_TABLES),
        "stg.rejected_row",
        "stg.subtotal",
        "raw.load_column",
        "raw.load_log",
    ):
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, source_file)", [paths])
    for table, records in staging.tables.items():
        bulk.insert(con, f"stg.{table}", records)
    rejected = [
        (r.path, r.kind, x.sheet, x.row, x.column, x.field, x.reason, json.dumps(x.raw, ensure_ascii=False))
        for r in reports
        for x in r.rejections
    ]
    bulk.append(con, "stg.rejected_row", rejected)
    columns = [
        (r.path, c.sheet, c.column, c.header, c.field, c.sample_value, c.note)
        for r in reports
        for c in r.columns
    ]
    bulk.append(con, "raw.load_column", columns)
    now = now or datetime.now()
    bulk.append(
        con,
        "raw.load_log",
        [
            (
                r.path,
                r.sha256,
                r.size_bytes,
                r.kind,
                r.rows_loaded,
                r.rows_rejected,
                r.status,
                r.message,
                r.sha256 in sample_hashes(),
                now,
                r.saved_at,
            )
            for r in reports
        ],
    )


def _backfill_saved_times(con: duckdb.DuckDBPyConnection, saved: list[tuple[str, datetime]]) -> None:
    paths, times = zip(*saved, strict=True)
    con.execute(
        "UPDATE raw.load_log SET saved_at = s.saved_at "
        "FROM (SELECT unnest(?) AS source_file, unnest(?) AS saved_at) s "
        "WHERE raw.load_log.source_file = s.source_file",
        [list(paths), list(times)],
    )


class Parsers:
    """Reads the batch's workbooks in child processes, one per core (etl/pool.py), in file order.

    With isolate=True each child is a fresh interpreter whose memory is capped (parse_memory_mb in
    etl/config/limits.toml); otherwise children are forked from this process, uncapped. Either way a reader
    that runs out of memory or crashes ends its child, and only its file is refused; the batch, and the
    process running it, go on. A batch with a single file to read and no cap is read in this process."""

    def __init__(self, isolate: bool) -> None:
        self.isolate = isolate
        self.limit_mb = int(config.load("limits")["parse_memory_mb"])
        self.readers: list = []

    def parse_all(self, jobs: list[pool.Job], rules: StageRules):
        """A StagedReport per job, in order; None for a file whose reading child died."""
        workers = min(pool.cores(), len(jobs))
        if not self.isolate and workers <= 1:
            for path, display, region in jobs:
                report = FileReport(path=display)
                parse_file(path, report, region)
                yield stage(report, rules, region)
            return
        self.readers = [
            sandbox.Reader(self.limit_mb * MB, rules) if self.isolate else sandbox.ForkedReader(rules)
            for _ in range(max(workers, 1))
        ]
        yield from pool.parse_in_order(jobs, self.readers)

    def settle(self, report: FileReport, result: StagedReport | None) -> None:
        if result is None:
            report.status = "已拒绝"
            report.message = (
                f"读取该文件时超出内存上限（{self.limit_mb:,} MB）或读取程序崩溃，整个文件未加载；"
                "请检查文件是否含有大范围的空白格式或隐藏内容，另存为 .xlsx 后重新提交"
                if self.isolate
                else "读取该文件的程序崩溃，整个文件未加载；请另存为 .xlsx 后重新提交"
            )
            return
        # everything the reader found (its columns and subtotals too); the file's identity stays ours
        for item in fields(FileReport):
            if item.name not in ("path", "sha256", "size_bytes"):
                setattr(report, item.name, getattr(result, item.name))

    def close(self) -> None:
        sandbox.close_all(self.readers)


def _decimal_capacity(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, tuple[int, int]]]:
    """(precision, scale) of every DECIMAL column of the stage tables."""
    rows = con.execute(
        "SELECT table_name, column_name, numeric_precision, numeric_scale FROM duckdb_columns() "
        "WHERE schema_name = 'stg' AND data_type LIKE 'DECIMAL%'"
    ).fetchall()
    capacity: dict[str, dict[str, tuple[int, int]]] = {}
    for table, column, precision, scale in rows:
        capacity.setdefault(table, {})[column] = (precision, scale)
    return capacity


def plain_error(exc: BaseException) -> str:
    """A database or file-system failure in words for users (the traceback goes to the log)."""
    text = str(exc)
    if (
        isinstance(exc, OSError)
        and exc.errno == errno.ENOSPC
        or "No space left" in text
        or "disk is full" in text
    ):
        return "磁盘空间不足，加载未完成；已发布的数据未受影响。请清理磁盘后重试（可先运行 jixiao doctor）"
    if isinstance(exc, MemoryError) or "Out of Memory" in text:
        return "内存不足，加载未完成；已发布的数据未受影响。请减少一次加载的文件数量后重试"
    if isinstance(exc, PermissionError) or "Permission denied" in text:
        return "没有写入数据仓库目录的权限，加载未完成；已发布的数据未受影响"
    if isinstance(exc, schema.MigrationError):
        return str(exc)
    return f"写入数据仓库时出错（{type(exc).__name__}），加载未完成；已发布的数据未受影响。详情见日志"


def load(
    paths: Iterable[Path],
    db: Path,
    *,
    region: str | None = None,
    region_of: Callable[[Path], str | None] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    wait: bool = True,
    on_wait: Callable[[store.Holder | None], None] | None = None,
    isolate: bool = False,
    on_stage: Callable[[str], None] | None = None,
) -> LoadReport:
    """Load every workbook under `paths` into `db`. `region` names the region of forms that do not state
    it; `region_of(path)` does so per file (a province loading all its counties' folders at once).

    With isolate=True each workbook is read in a memory-capped child process (the command line and the
    upload worker do so), so no workbook can end the load. Raises LoadError (plain words) when the load as
    a whole fails, store.LockBusy when another load holds the warehouse and wait=False; the published
    warehouse is unchanged in both cases."""
    files, passed_over = discover_all(paths)
    # a looping link cannot be resolved: show where it sits, not where it points
    skipped = [(str(Path(display_path(p.parent)) / p.name), why) for p, why in passed_over]
    if not files:
        return LoadReport([], published=False, skipped=skipped, message=NO_WORKBOOKS)
    with store.writer_lock(db, wait=wait, on_wait=on_wait, command="load"):
        store.clean_orphans(db)
        parsers = Parsers(isolate)
        try:
            return _load_locked(files, db, skipped, region, region_of, progress, parsers, on_stage)
        except (duckdb.Error, OSError, MemoryError, schema.MigrationError) as exc:
            raise LoadError(plain_error(exc)) from exc
        finally:
            parsers.close()


def _load_locked(files, db, skipped, region, region_of, progress, parsers, on_stage) -> LoadReport:
    reports: list[FileReport] = []
    version = store.new_version(db)
    try:
        con = duckdb.connect(str(version))
        schema.migrate(con)
        logged = con.execute(
            "SELECT source_file, sha256, kind, status, saved_at FROM raw.load_log"
        ).fetchall()
        staging = Staging(con)
        # the readers are forked from this process: no open database while they start
        con.close()
        # a file refused before is read again (and refused again, with its reason): never "unchanged"
        known = {path: sha for path, sha, _, status, _ in logged if status != "已拒绝"}
        known_kind = {path: kind for path, _, kind, _, _ in logged}
        # files loaded before saved times were kept: read theirs now, without parsing the file again
        undated = {path for path, _, _, _, saved in logged if saved is None}
        backfill: list[tuple[str, datetime]] = []
        loaded_hashes = {sha: path for path, sha in known.items()}
        changed: list[FileReport] = []
        updated = 0
        # first every file's identity, so that the files to read can be read all at once
        reports = [FileReport(path=shown) for shown in _display_paths(files)]
        unreadable: set[int] = set()
        to_read: list[int] = []
        for index, (path, report) in enumerate(zip(files, reports, strict=True)):
            try:
                report.size_bytes = path.stat().st_size
                report.sha256 = _sha256(path)
            except OSError as exc:
                report.status, report.message = (
                    "已拒绝",
                    f"无法读取文件（{exc.strerror or type(exc).__name__}）",
                )
                unreadable.add(index)
                continue
            other = loaded_hashes.get(report.sha256)
            if known.get(report.path) != report.sha256 and not (other and other != report.path):
                # a copy of another file of this batch is read too: whether it is a duplicate depends on
                # whether that file is refused, known only below
                to_read.append(index)
        region_for = {i: region_of(files[i]) if region_of else region for i in to_read}
        results = parsers.parse_all(
            [(files[i], reports[i].path, region_for[i]) for i in to_read], staging.rules
        )
        for index, report in enumerate(reports):
            if index in unreadable:
                changed.append(report)
                continue
            result = next(results) if index in region_for else None
            if progress:
                progress(index + 1, len(files), report.path)
            if known.get(report.path) == report.sha256:
                report.status, report.message = "未变化", "内容未变化，未重新加载"
                report.kind = known_kind[report.path]
                if report.path in undated and (saved := properties.saved_at_of(files[index])):
                    backfill.append((report.path, saved))
            elif (other := loaded_hashes.get(report.sha256)) and other != report.path:
                report.status, report.message = "重复内容", f"与已加载的 {other} 内容相同，未重复加载"
                changed.append(report)
            else:
                parsers.settle(report, result)
                if result is not None:
                    staging.add(result)
                if report.status != "已拒绝":
                    loaded_hashes.setdefault(report.sha256, report.path)
                changed.append(report)
        con = duckdb.connect(str(version))
        # a new release's SQL or configuration rebuilds the warehouse even when no workbook changed
        outdated = schema.is_outdated(con)
        if changed or not known or outdated or backfill:
            if on_stage:
                on_stage("全部文件已读取，正在写入数据仓库并重新计算汇总与审核……")
            con.execute("BEGIN TRANSACTION")
            had_mart = _snapshot(con)
            now = datetime.now()
            if changed:
                _write(con, changed, staging, now)
            if backfill:
                _backfill_saved_times(con, backfill)
            ledger.prepare(con, db)
            schema.rebuild(con)
            ledger.after_audit(con, db, changed)
            updated = _record_history(con, changed, now) if had_mart and changed else 0
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        con.close()
    except BaseException:
        store.discard(version)
        raise
    if changed or not known or outdated or backfill:
        store.publish(db, version)
        return LoadReport(reports, published=True, skipped=skipped, updated_projects=updated)
    store.discard(version)
    return LoadReport(reports, published=False, skipped=skipped)
