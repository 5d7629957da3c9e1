"""A page asks for all its queries at once (data.prefetch): they run side by side, and what the page then
draws with `query` is the same result, read from memory rather than run a second time."""

from __future__ import annotations

import threading

import duckdb
import pytest

from dashboard import data
from warehouse import queries

SCOPE = {"years": [2021], "regions": [], "departments": [], "funds": []}
PAGE = [
    ("overview_self_eval", SCOPE),
    ("execution_by_department", SCOPE),
    ("execution_histogram", SCOPE),
    ("execution_low", {**SCOPE, "threshold": 0.6}),
]


@pytest.fixture
def warehouse(sample_db, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(sample_db))
    data._RESULTS.clear()
    yield sample_db
    data._RESULTS.clear()


@pytest.fixture
def statements(monkeypatch):
    """Each statement sent to DuckDB, with the thread that sent it."""
    sent: list[tuple[str, str]] = []
    run = queries._run

    def recorded(con, text, params):
        sent.append((text, threading.current_thread().name))
        return run(con, text, params)

    monkeypatch.setattr(queries, "_run", recorded)
    return sent


def test_prefetched_queries_run_once_off_the_page_thread_and_match(warehouse, statements):
    data.prefetch(*PAGE)
    assert len(statements) == len(PAGE)
    assert all(thread.startswith("jixiao-query") for _, thread in statements)
    shown = [data.query(name, **params) for name, params in PAGE]
    assert len(statements) == len(PAGE), "the page's own calls are answered from memory"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for (name, params), frame in zip(PAGE, shown, strict=True):
            assert frame.equals(queries.run(con, name, **params)), name


def test_only_what_is_not_remembered_runs(warehouse, statements):
    data.query("overview_self_eval", **SCOPE)
    data.query("execution_by_department", **SCOPE)
    data.query("execution_histogram", **SCOPE)
    del statements[:]
    data.prefetch(*PAGE)  # one query missing: nothing to run side by side, the page runs it itself
    assert statements == []
    data.prefetch(*PAGE[:3])
    assert statements == []


def test_a_failing_query_is_left_for_the_page_to_raise(warehouse):
    broken = ("execution_low", SCOPE)  # no threshold: DuckDB refuses the statement
    data.prefetch(*PAGE[:2], broken)
    with pytest.raises(duckdb.Error):
        data.query(*broken[:1], **broken[1])
