"""The dashboard's only door to the warehouse.

One read-only connection per warehouse version and row scope (a load publishes a new file; the next rerun
opens it), a cursor per query (DuckDB 2.x refuses concurrent use of one connection), and a bounded result
memory keyed by the version and the scope so new data shows up without a restart. Results are shared
between sessions as they are (no copy per hit: dashboard.memo), so pages treat them as read-only. A signed-in user whose role
sees only some departments gets a scoped connection (warehouse.scoped): the URL cannot widen it.
"""

from __future__ import annotations

import functools
import os
import re
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from dashboard import memo
from warehouse import accounts, queries, scoped, store, trail
from warehouse.paths import default_db


def db_path() -> Path:
    return default_db()


def version() -> str:
    return store.version_id(db_path())


def available() -> bool:
    return store.current_version(db_path()) is not None


def _current() -> tuple[Path, str] | None:
    """The current version file and its cache key, from one readlink and one stat: the stable path is a
    symlink to the version (warehouse.store), and resolving the whole path on every query cost as much as
    the query's cache hit."""
    db = db_path()
    try:
        target = db.parent / os.readlink(db)
    except OSError:  # a plain file (an analyst's copy) or nothing yet
        target = db
    try:
        stat = target.stat()
    except FileNotFoundError:
        return None
    return target, f"{target.name}:{stat.st_mtime_ns}"


Scope = tuple[tuple[str, ...], tuple[str, ...]] | None  # (departments, fund types); None = every row


def user() -> accounts.User | None:
    """The signed-in user (set by the entrypoint); None in local mode."""
    return st.session_state.get("_user")


def can(right: str) -> bool:
    current = user()
    return current is None or current.can(right)


def _scope() -> Scope:
    current = user()
    if current is None or current.scope.all_rows:
        return None
    return (current.scope.departments, current.scope.fund_types)


@st.cache_resource(max_entries=16, show_spinner=False)
def _connection(version_file: str, scope: Scope = None) -> duckdb.DuckDBPyConnection:
    if scope is None:
        return duckdb.connect(version_file, read_only=True)
    return scoped.connect(version_file, *scope)


def _as_param(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


_RESULTS = memo.Memo(max_entries=512)


def _result_key(version_key: str, version_file: str, scope: Scope, name: str, params: tuple) -> tuple:
    """What a query result is remembered by: the warehouse version, the row scope, the query and its
    parameters."""
    return version_key, version_file, scope, name, params


def _cached(
    version_key: str, version_file: str, scope: Scope, name: str, params: tuple, con=None
) -> pl.DataFrame:
    def run() -> pl.DataFrame:
        connection = con if con is not None else _connection(version_file, scope)
        return queries.run(connection, name, **{k: _as_param(v) for k, v in params})

    return _RESULTS.get(_result_key(version_key, version_file, scope, name, params), run)


@functools.cache
def _parameters(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\$([A-Za-z_]\w*)", queries.sql_text(name)))


def _frozen(name: str, params: dict) -> tuple:
    """The parameters the query names, hashable and in a fixed order (the memory's key)."""
    wanted = _parameters(name)
    return tuple(
        sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items() if k in wanted)
    )


def query(name: str, **params: object) -> pl.DataFrame:
    """Run sql/queries/<name>.sql with bound parameters (lists for multi-selects). Parameters the query does
    not name are left out, so a page can hand every query the whole scope of the cycle."""
    current = _current()
    if current is None:
        raise FileNotFoundError("数据仓库尚未建立")
    version_file, version_key = current
    return _cached(version_key, str(version_file), _scope(), name, _frozen(name, params))


# DuckDB plans and runs a query without holding the GIL: a page's queries run side by side on the cores.
# One more thread than cores: while one query is in Python (binding, converting its result) the others run.
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
_QUERY_THREADS = ThreadPoolExecutor(max_workers=_CORES + 1, thread_name_prefix="jixiao-query")


def prefetch(*requests: tuple[str, dict]) -> None:
    """Run the queries a page is about to draw all at once, (name, parameters) as the page will pass them
    to `query`. After a filter change every query of a page misses the memory, and one after another the
    page would wait for their sum; side by side it waits for about the slowest per core. Results land in the
    memory `query` reads; remembered ones are not run again. A failing query is left for `query` to raise
    where the page draws it."""
    current = _current()
    if current is None:
        return
    version_file, version_key = current
    scope = _scope()
    missing = []
    for name, params in requests:
        frozen = _frozen(name, params)
        if _result_key(version_key, str(version_file), scope, name, frozen) not in _RESULTS:
            missing.append((name, frozen))
    if len(missing) < 2:
        return  # nothing to run side by side
    # the connection is looked up here: st.cache_resource belongs to the script's thread
    con = _connection(str(version_file), scope)
    wait(
        [
            _QUERY_THREADS.submit(_cached, version_key, str(version_file), scope, name, frozen, con)
            for name, frozen in missing
        ]
    )


def list_rows() -> int:
    """How many rows of a list a page fetches and shows (`JIXIAO_LIST_ROWS`, default 1,000): a page never
    needs a national table on screen; its downloads run the query whole."""
    try:
        return max(1, int(os.environ.get("JIXIAO_LIST_ROWS", "1000")))
    except ValueError:
        return 1000


@dataclass(frozen=True)
class Listing:
    """The first rows of a list query in its order, how many rows the whole list has, and the way to the
    whole list for exports (analysts export exactly the filtered table, not the rows on screen)."""

    name: str
    params: dict
    rows: pl.DataFrame
    total: int
    sums: dict  # column → sum over the whole list, for the columns the page asked for
    distinct: dict  # column → number of distinct values over the whole list, for the columns asked for

    @property
    def truncated(self) -> bool:
        return self.total > self.rows.height

    def whole(self) -> pl.DataFrame:
        """Every row of the list under the same filters (run on click, not cached: it can be large)."""
        if not self.truncated:
            return self.rows
        current = store.current_version(db_path())
        if current is None:
            raise FileNotFoundError("数据仓库尚未建立")
        return queries.run(_connection(str(current), _scope()), self.name, **self.params)


_LISTINGS = memo.Memo(max_entries=128)


def listing(
    name: str, sums: tuple[str, ...] = (), distinct: tuple[str, ...] = (), **params: object
) -> Listing:
    """A list query (sql/queries/<name>.sql marked `-- list:`) as a page shows it: its first rows in the
    list's own order, the number of rows of the whole filtered list, the sums of the `sums` columns and the
    number of distinct values of the `distinct` columns. Remembered like `query` results (shared, not a
    pickled copy per rerun)."""
    current = _current()
    if current is None:
        raise FileNotFoundError("数据仓库尚未建立")
    version_file, version_key = current
    scope, frozen, limit = _scope(), _frozen(name, params), list_rows()

    bound = {k: _as_param(v) for k, v in frozen}

    def run() -> queries.Page:
        connection = _connection(str(version_file), scope)
        return queries.page(connection, name, limit, tuple(sums), tuple(distinct), **bound)

    found = _LISTINGS.get(
        (version_key, str(version_file), scope, name, frozen, limit, tuple(sums), tuple(distinct)), run
    )
    return Listing(name, bound, found.rows, found.total, dict(found.sums), dict(found.distinct))


def source_text() -> str:
    """Where an export came from, in user words (no file system paths)."""
    return f"绩效看板数据仓库（版本 {version()}）"


def annual_report(work_year: int, region: str | None) -> bytes:
    """年度工作总结 (.docx) of a work year, written from the current warehouse version."""
    current = store.current_version(db_path())
    if current is None:
        raise FileNotFoundError("数据仓库尚未建立")
    return _cached_report(version(), str(current), _scope(), work_year, region)


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _cached_report(
    version_key: str, version_file: str, scope: Scope, work_year: int, region: str | None
) -> bytes:
    import io

    from warehouse import report

    buffer = io.BytesIO()
    report.build(_connection(version_file, scope).cursor(), work_year, region).save(buffer)
    return buffer.getvalue()


def record_export(what: str, filters: list[tuple[str, str]], rows: int) -> None:
    """An export goes into the audit trail: what, under which filters, how many rows, by whom."""
    current = user()
    trail.record(
        db_path(),
        current.username if current else None,
        "导出",
        {"内容": what, "筛选": dict(filters), "行数": rows},
    )


def recorded(what: str, filters: list[tuple[str, str]], rows: int, build):
    """A download's builder that first writes the export into the audit trail (called only on click)."""

    def build_and_record():
        record_export(what, filters, rows)
        return build()

    return build_and_record


def audit_trail(limit: int = 1000) -> pl.DataFrame:
    """The latest entries of the audit trail, newest first (绩效中心 only: the page checks the right)."""
    entries = trail.entries(db_path(), limit)
    return pl.DataFrame(
        [
            {
                "时间": e["at"],
                "用户": e["username"] or "—",
                "操作": e["action"],
                "结果": e["outcome"],
                "详情": "；".join(f"{k}：{v}" for k, v in e["detail"].items()),
            }
            for e in entries
        ],
        schema={
            "时间": pl.String,
            "用户": pl.String,
            "操作": pl.String,
            "结果": pl.String,
            "详情": pl.String,
        },
    )


def bulletin(work_year: int, region: str | None) -> bytes:
    """部门绩效管理工作考核通报 (.docx) of a work year, written from the current warehouse version."""
    current = store.current_version(db_path())
    if current is None:
        raise FileNotFoundError("数据仓库尚未建立")
    return _cached_bulletin(version(), str(current), work_year, region)


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _cached_bulletin(version_key: str, version_file: str, work_year: int, region: str | None) -> bytes:
    from warehouse import bulletin

    return bulletin.to_bytes(_connection(version_file).cursor(), work_year, region)
