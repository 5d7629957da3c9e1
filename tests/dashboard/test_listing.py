"""Long lists: a page fetches and shows the first rows and says how many there are; the downloads hold every
filtered row (analysts export exactly the filtered table, not the part on screen)."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data, tables
from warehouse import paths, queries

SCOPE = {"years": [2021], "regions": [], "departments": [], "funds": []}


@pytest.fixture
def few_rows(sample_db, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(sample_db))
    monkeypatch.setenv("JIXIAO_LIST_ROWS", "40")
    data._LISTINGS.clear()
    yield sample_db
    data._LISTINGS.clear()


def test_a_listing_shows_the_first_rows_and_exports_the_whole_filtered_list(few_rows):
    listed = data.listing("detail_projects", **SCOPE, search="")
    with duckdb.connect(str(few_rows), read_only=True) as con:
        whole = queries.run(con, "detail_projects", **SCOPE, search="")
    assert listed.rows.height == 40 and listed.truncated
    assert listed.total == whole.height == 998  # the seed's reported projects (P21-1)
    assert listed.rows.equals(whole.head(40))
    assert listed.whole().equals(whole)


def test_a_short_list_is_whole_on_screen_and_counted_without_a_second_query(few_rows):
    listed = data.listing("results_budget_cut", sums=("proposed_cut",), **SCOPE, cut_below=60, cut_rate=0.1)
    assert listed.total == listed.rows.height < 40
    assert not listed.truncated
    assert listed.whole() is listed.rows


def test_the_note_names_both_counts_only_when_the_list_is_cut():
    assert tables.listing_note(2_794_400, 1_000, "个项目") == (
        "共 2,794,400 个项目，显示前 1,000 个项目；导出为全部筛选结果"
    )
    assert tables.listing_note(12, 12) == "共 12 行"


def test_the_detail_page_says_it_shows_the_first_rows_of_all(few_rows):
    at = AppTest.from_file(str(paths.APP), default_timeout=60)
    at.query_params["wy"] = "2022"
    at.run()
    at.switch_page("app_pages/detail.py").run()
    assert not at.exception, at.exception
    (note,) = [c.value for c in at.caption if "显示前" in c.value]
    # the totals are the whole filtered list's (P21-1, P21-2), not the rows on screen
    assert note.startswith(
        "共 998 个项目（其中开展自评 627 个，预算 14.57 亿元），显示前 40 个项目；导出为全部筛选结果"
    )
    assert len(at.dataframe[-1].value) == 40
