"""A list a page shows in part: its first rows are exactly the whole list's first rows, its count and sums are
the whole list's, and the whole list (what an export writes) is unchanged by the paging."""

from __future__ import annotations

import re
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warehouse import profiles, queries
from warehouse.paths import SQL_DIR

LISTS = sorted(p.stem for p in (SQL_DIR / "queries").glob("*.sql") if queries.is_list(p.stem))

# what the pages send for the seed's working year 2022 (self-assessments and evaluations of fiscal 2021)
PARAMS = {
    "years": [2021],
    "regions": [],
    "departments": [],
    "funds": [],
    "search": "",
    "cut_below": 80,
    "cut_rate": 0.1,
    "window_years": 5,
    "uncovered_only": False,
    "min_share": 0.2,
    "offices": [],
    "statuses": [],
    "rules": [],
    "severities": [],
    "stages": [],
    "keyword": "",
    "work_years": [2022],
    # '环节:预算年度' of each stage of working year 2022 (as filters.Filters.cycle_stages gives them)
    "cycle": [
        f"{name}:{2022 + offset}"
        for stage, offset in profiles.cycle_offsets().items()
        for name in profiles.CYCLE_STAGES[stage][1]
    ],
}


def bound(name: str, **overrides) -> dict:
    used = set(re.findall(r"\$([a-z_]+)", queries.sql_text(name)))
    return {k: v for k, v in {**PARAMS, **overrides}.items() if k in used}


def test_the_pages_long_lists_are_marked_as_lists():
    assert {
        "detail_projects",
        "overview_projects",
        "evaluation_projects",
        "results_budget_cut",
        "results_project_coverage",
        "submission_ledger",
        "ledger_rectification",
        "review_rescore_projects",
        "problem_list_cycle",
    } <= set(LISTS)


@pytest.mark.parametrize("name", LISTS)
def test_a_page_of_a_list_is_the_start_of_the_whole_list(sample_con, name):
    whole = queries.run(sample_con, name, **bound(name))
    assert whole.height > 10, "the sample should fill this list"
    for limit in (1, 7, whole.height, whole.height + 5):
        rows, total, *_ = queries.page(sample_con, name, limit, **bound(name))
        assert rows.equals(whole.head(limit))
        assert total == whole.height
    assert queries.count(sample_con, name, **bound(name)) == whole.height


@settings(max_examples=15, deadline=None)
@given(
    limit=st.integers(min_value=1, max_value=60), search=st.sampled_from(["", "维修", "教育", "不存在的文字"])
)
def test_a_searched_detail_list_pages_like_its_whole(sample_db, limit, search):
    import duckdb

    with duckdb.connect(str(sample_db), read_only=True) as con:
        params = bound("detail_projects", search=search)
        whole = queries.run(con, "detail_projects", **params)
        rows, total, *_ = queries.page(con, "detail_projects", limit, **params)
    assert rows.equals(whole.head(limit))
    assert total == whole.height


def test_sums_are_over_the_whole_list_not_the_page(sample_con):
    params = bound("results_budget_cut")
    whole = queries.run(sample_con, "results_budget_cut", **params)
    rows, total, sums, _ = queries.page(sample_con, "results_budget_cut", 3, ("proposed_cut",), **params)
    assert rows.height == 3 and total == whole.height > 3
    assert sums["proposed_cut"] == whole["proposed_cut"].sum()
    assert isinstance(sums["proposed_cut"], Decimal)  # money stays exact


@pytest.mark.parametrize("limit", [3, 100_000])
def test_distinct_counts_are_over_the_whole_list_not_the_page(sample_con, limit):
    """问题清单 says 涉及 N 个主管部门 of the whole filtered list, while it shows only its first rows."""
    params = bound("problem_list_cycle")
    whole = queries.run(sample_con, "problem_list_cycle", **params)
    shown = queries.page(
        sample_con, "problem_list_cycle", limit, distinct=("department", "rule_code"), **params
    )
    assert shown.total == whole.height > 3
    assert shown.distinct == {
        "department": whole["department"].drop_nulls().n_unique(),
        "rule_code": whole["rule_code"].drop_nulls().n_unique(),
    }
    assert shown.distinct["department"] > shown.rows["department"].n_unique() or limit > whole.height


def test_the_uncovered_filter_keeps_exactly_the_uncovered_projects(sample_con):
    every = queries.run(sample_con, "results_project_coverage", **bound("results_project_coverage"))
    uncovered = queries.run(
        sample_con, "results_project_coverage", **bound("results_project_coverage", uncovered_only=True)
    )
    assert uncovered.equals(every.filter(~every["covered"]))
    assert 0 < uncovered.height < every.height


def test_the_final_order_by_is_found_outside_brackets_quotes_and_comments():
    text = """WITH t AS (SELECT *, row_number() OVER (ORDER BY a) AS n FROM x ORDER BY b)
SELECT 'ORDER BY' AS label, reorder_by FROM t  -- ORDER BY in a comment
ORDER BY label, (n + 1) DESC"""
    assert text[queries.order_start(text, "t") :].startswith("ORDER BY label")


@pytest.mark.parametrize(
    "text",
    ["SELECT a FROM t", "SELECT a FROM t ORDER BY a LIMIT 5", "SELECT * FROM (SELECT a FROM t ORDER BY a)"],
)
def test_a_query_that_does_not_end_with_its_order_is_refused_as_a_list(text):
    with pytest.raises(ValueError, match="不是以 ORDER BY 结尾的列表"):
        queries.order_start(text, "x")


ONE_PASS = [name for name in LISTS if queries.ONE_PASS_MARK.search(queries.sql_text(name))]


def test_the_department_coverage_list_is_paged_in_one_pass():
    assert "results_dept_coverage" in ONE_PASS


@pytest.mark.parametrize("name", ONE_PASS)
def test_a_list_paged_in_one_pass_counts_and_sums_its_whole(sample_con, name):
    whole = queries.run(sample_con, name, **bound(name))
    money = tuple(c for c, dtype in whole.schema.items() if dtype.is_decimal())
    assert money, "a one-pass list should have money columns to sum"
    text = tuple(c for c, dtype in whole.schema.items() if dtype == pl.String)
    rows, total, sums, distinct = queries.page(sample_con, name, 3, money, text, **bound(name))
    assert rows.equals(whole.head(3)) and total == whole.height > 3
    assert sums == {c: whole[c].sum() for c in money}
    assert distinct == {c: whole[c].drop_nulls().n_unique() for c in text}
    assert all(isinstance(v, Decimal) for v in sums.values())  # money stays exact
    rows, total, sums, _ = queries.page(sample_con, name, 3, money, **bound(name, regions=["无此区划"]))
    assert rows.is_empty() and rows.columns == whole.columns
    assert total == 0 and sums == {c: None for c in money}


def test_the_ledger_rule_filter_offers_exactly_the_ledger_rules(sample_con):
    ledger = queries.run(sample_con, "ledger_rectification", **bound("ledger_rectification"))
    offered = queries.run(sample_con, "ledger_rule_codes", **bound("ledger_rule_codes"))
    assert offered["rule_code"].to_list() == sorted(ledger["rule_code"].unique()) != []
