"""The dashboard's only door to the warehouse.

One read-only connection per warehouse version (a load publishes a new file; the next rerun opens it),
a cursor per query (DuckDB 2.x refuses concurrent use of one connection), and a bounded result cache
keyed by the version so new data shows up without a restart.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from warehouse import queries, store
from warehouse.paths import default_db


def db_path() -> Path:
    return default_db()


def version() -> str:
    return store.version_id(db_path())


def available() -> bool:
    return store.current_version(db_path()) is not None


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(version_file: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(version_file, read_only=True)


def _as_param(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _cached(version_key: str, version_file: str, name: str, params: tuple) -> pl.DataFrame:
    con = _connection(version_file)
    return queries.run(con, name, **{k: _as_param(v) for k, v in params})


@functools.cache
def _parameters(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\$([A-Za-z_]\w*)", queries.sql_text(name)))


def query(name: str, **params: object) -> pl.DataFrame:
    """Run sql/queries/<name>.sql with bound parameters (lists for multi-selects). Parameters the query does
    not name are left out, so a page can hand every query the whole scope of the cycle."""
    current = store.current_version(db_path())
    if current is None:
        raise FileNotFoundError("数据仓库尚未建立")
    wanted = _parameters(name)
    frozen = tuple(
        sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items() if k in wanted)
    )
    return _cached(version(), str(current), name, frozen)


def source_text() -> str:
    """Where an export came from, in user words (no file system paths)."""
    return f"绩效看板数据仓库（版本 {version()}）"


def annual_report(work_year: int, region: str | None) -> bytes:
    """年度工作总结 (.docx) of a work year, written from the current warehouse version."""
    current = store.current_version(db_path())
    if current is None:
        raise FileNotFoundError("数据仓库尚未建立")
    return _cached_report(version(), str(current), work_year, region)


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _cached_report(version_key: str, version_file: str, work_year: int, region: str | None) -> bytes:
    import io

    from warehouse import report

    buffer = io.BytesIO()
    report.build(_connection(version_file).cursor(), work_year, region).save(buffer)
    return buffer.getvalue()
