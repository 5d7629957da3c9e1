"""A department user's connection holds only that department's rows: every dashboard query, with filters
that ask for everything (as a hand-edited URL would), returns no other department's name and the same totals
as the department's own filter on the full warehouse."""

from __future__ import annotations

import re

import duckdb
import polars as pl
import pytest

from warehouse import queries, scoped
from warehouse.paths import SQL_DIR

DEPARTMENT = "沙湾市教育局"
# a value for every parameter a query may take: the widest a URL could ask for
WIDEST = {
    "years": [2020, 2021, 2022, 2023],
    "trend_years": [2020, 2021, 2022, 2023],
    "year": 2021,
    "regions": [],
    "departments": [],
    "funds": [],
    "search": "",
    "keyword": "",
    "rules": [],
    "severities": [],
    "stages": [],
    "threshold": 0.6,
    "required": 0.2,
    "min_share": 0.2,
    "cut_below": 80,
    "cut_rate": 0.1,
    "max_points": 100000,
    "window_years": 5,
    "barred_grades": ["优", "良", "中"],
    "failing_likelihoods": ["完全不可能"],
    "min_progress_ratio": 0.5,
    "rejected_keywords": ["不支持", "不予支持"],
    "view": "project_self_eval",
    "project": "",
    "order": ["一般公共预算", "政府性基金预算"],
    "offices": [],
    "statuses": [],
    "work_year": 2022,
    "sectors": [],
    "second_levels": [],
    "uncovered_only": False,
}


STAGE_NAMES = ("事前评估", "绩效目标", "绩效监控", "项目自评", "部门整体自评", "部门评价", "财政评价")


def _widest(key: str) -> object:
    if key in WIDEST:
        return WIDEST[key]
    if key.endswith("_years"):  # one list of years per stage of the working year's cycle
        return WIDEST["years"]
    if key == "cycle":  # '环节:预算年度' keys of the cycle
        return [f"{stage}:{year}" for stage in STAGE_NAMES for year in WIDEST["years"]]
    raise KeyError(key)


def _params(name: str) -> dict:
    used = set(re.findall(r"\$([a-z_]+)", queries.sql_text(name)))
    return {k: _widest(k) for k in used}


QUERIES = sorted(p.stem for p in (SQL_DIR / "queries").glob("*.sql"))


@pytest.fixture(scope="module")
def connections(sample_db):
    full = duckdb.connect(str(sample_db.resolve()), read_only=True)
    others = {d for (d,) in full.execute("SELECT DISTINCT department FROM mart.project_self_eval").fetchall()}
    others |= {
        d for (d,) in full.execute("SELECT DISTINCT department FROM mart.performance_target").fetchall()
    }
    others.discard(DEPARTMENT)
    # names that contain the allowed one (沙湾市教育局… sub-units) would be false alarms
    others = {d for d in others if DEPARTMENT not in d}
    scope = scoped.connect(str(sample_db.resolve()), (DEPARTMENT,), ())
    yield full, scope, others
    full.close()
    scope.close()


@pytest.mark.parametrize("name", QUERIES)
def test_no_query_shows_another_departments_row(connections, name):
    _, scope, others = connections
    try:
        result = queries.run(scope, name, **_params(name))
    except duckdb.CatalogException:
        return  # it reads something outside the department's reach: refused, which leaks nothing
    seen = {
        value
        for column, dtype in result.schema.items()
        if dtype == pl.String
        for value in result[column].drop_nulls().to_list()
    }
    assert not seen & others


def test_department_totals_equal_its_own_filter_on_the_full_warehouse(connections):
    full, scope, _ = connections
    widest = _params("overview_self_eval")
    own = {**widest, "departments": [DEPARTMENT]}
    shown = queries.run(scope, "overview_self_eval", **widest)
    assert shown.equals(queries.run(full, "overview_self_eval", **own))
    assert shown["department"].to_list() == [None, DEPARTMENT]


def test_a_fund_scope_sees_every_department_of_that_fund_and_nothing_else(sample_db):
    con = scoped.connect(str(sample_db.resolve()), (), ("社会保险基金预算",))
    fund_types = con.execute("SELECT DISTINCT fund_type FROM mart.performance_target").fetchall()
    assert fund_types == [("社会保险基金预算",)]
    assert con.execute("SELECT count(*) FROM mart.dept_self_eval").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM mart.load_log").fetchone() == (0,)


def test_tables_outside_the_scope_cannot_be_named(sample_db):
    con = scoped.connect(str(sample_db.resolve()), (DEPARTMENT,), ())
    for table in ("core.fact_project_self_eval", "stg.project_self_eval", "core.problem"):
        with pytest.raises(duckdb.CatalogException):
            con.execute(f"SELECT count(*) FROM {table}")
