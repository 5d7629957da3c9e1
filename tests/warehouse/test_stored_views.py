"""Heavy mart views are computed once per publish (warehouse/config/publish.toml): what a query reads from
the stored rows is exactly what the view's own SQL derives, and the view keeps its columns and comments."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from warehouse import schema
from warehouse.paths import SQL_DIR

STORED = schema.stored_views()


def _defining_script(view: str):
    return next(
        p for p in sorted((SQL_DIR / "mart").glob("*.sql")) if f"VIEW mart.{view} AS" in p.read_text()
    )


def _comments(con, view):
    view_comment = con.execute(
        "SELECT comment FROM duckdb_views() WHERE schema_name = 'mart' AND view_name = ?", [view]
    ).fetchone()[0]
    columns = con.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE schema_name = 'mart' AND table_name = ? ORDER BY column_index",
        [view],
    ).fetchall()
    return view_comment, columns


@pytest.fixture(scope="module")
def derived(sample_db, tmp_path_factory):
    """A copy of the sample warehouse where each stored view is defined again by its own SQL file."""
    copy = tmp_path_factory.mktemp("stored") / "copy.duckdb"
    shutil.copy(sample_db.resolve(), copy)
    con = duckdb.connect(str(copy))
    stored_comments = {view: _comments(con, view) for view in STORED}
    for view in STORED:
        con.execute(_defining_script(view).read_text(encoding="utf-8"))
    yield con, stored_comments
    con.close()


def test_the_sample_stores_the_heavy_views():
    assert {"project_self_eval", "monitoring", "evaluation", "rescore_project"} <= set(STORED)


def test_a_view_no_longer_stored_leaves_no_copy(sample_db, tmp_path):
    """A release that stops storing a view (publish.toml) drops its copy at the next publish."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(sample_db.resolve(), copy)
    con = duckdb.connect(str(copy))
    con.execute("CREATE TABLE mart_store.indicator AS SELECT * FROM stg.indicator")
    schema.store_views(con)
    tables = {
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'mart_store'"
        ).fetchall()
    }
    con.close()
    assert tables == set(STORED)


@pytest.mark.parametrize("view", STORED)
def test_a_stored_view_reads_what_its_sql_derives(derived, view):
    con, _ = derived
    assert con.execute(f"SELECT count(*) FROM mart_store.{view}").fetchone()[0] > 0
    for left, right in ((f"mart.{view}", f"mart_store.{view}"), (f"mart_store.{view}", f"mart.{view}")):
        extra = con.execute(f"SELECT count(*) FROM (FROM {left} EXCEPT ALL FROM {right})").fetchone()[0]
        assert extra == 0, f"{left} has {extra} rows {right} lacks"


@pytest.mark.parametrize("view", STORED)
def test_a_stored_view_keeps_its_columns_and_comments(derived, view):
    con, stored_comments = derived
    assert stored_comments[view] == _comments(con, view)
    assert stored_comments[view][0]
