"""A file staged in its reading child (etl/staging.py under the warehouse's rules) reaches the stage tables as
it would have as records: money exact to the table's scale, regions named as the profiles name them, and
every row the tables cannot take refused with its sheet, row and reason — never dropped silently."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.parse import FileReport
from etl.staging import stage
from warehouse import bulk, pipeline, profiles, schema


@pytest.fixture(scope="module")
def warehouse():
    con = duckdb.connect()
    schema.migrate(con)
    yield con
    con.close()


def _project(row: int, **values) -> dict:
    record = {
        "source_file": "县/教育局.xlsx",
        "source_sheet": "项目自评表",
        "source_row": row,
        "fiscal_year": 2022,
        "region": "沙湾市",
        "department": "教育局",
        "project_name": f"项目{row}",
        "fund_type": "一般公共预算",
        "fund_tags": [],
        "assessed": True,
    }
    return {**record, **values}


def _report(*records: dict) -> FileReport:
    report = FileReport(path="县/教育局.xlsx")
    report.records["project_self_eval"] = list(records)
    return report


def _stored(con: duckdb.DuckDBPyConnection, staged) -> list[tuple]:
    staging = pipeline.Staging(con)
    staging.add(staged)
    con.execute("DELETE FROM stg.project_self_eval")
    bulk.insert(con, "stg.project_self_eval", staging.tables["project_self_eval"])
    return con.execute(
        "SELECT source_row, region, region_source, budget, self_score FROM stg.project_self_eval ORDER BY source_row"
    ).fetchall()


# the whole range of DECIMAL(18,6): eighteen digits, more than a float holds
budgets = st.decimals(
    min_value=Decimal("-999999999999.999999"), max_value=Decimal("999999999999.999999"), places=6
)


@settings(max_examples=60, deadline=None)
@given(budget=budgets, score=st.decimals(min_value=0, max_value=100, places=6))
def test_money_crosses_as_text_and_is_stored_exactly_to_the_column_scale(warehouse, budget, score):
    rules = pipeline.Staging(warehouse).rules
    staged = stage(_report(_project(7, budget=budget, self_score=score)), rules, None)
    assert staged.rows_loaded == 1 and staged.rejections == []
    ((_, _, _, stored_budget, stored_score),) = _stored(warehouse, staged)
    assert stored_budget == budget
    # finer than the column: one rounding, half away from zero, at its own scale (DECIMAL(9,4))
    assert stored_score == score.quantize(Decimal("1e-4"), rounding=ROUND_HALF_UP)


written_regions = st.one_of(
    st.none(),
    st.just(""),
    st.sampled_from([written for written, _ in profiles.region_aliases()]),
    st.text(alphabet="东西南北县市区旗", min_size=1, max_size=4),
)


@settings(max_examples=80, deadline=None)
@given(written=written_regions, hint=st.one_of(st.none(), written_regions))
def test_regions_are_named_as_the_profiles_name_them(warehouse, written, hint):
    rules = pipeline.Staging(warehouse).rules
    staged = stage(_report(_project(3, region=written)), rules, hint)
    (record,) = [
        dict(zip(staged.tables["project_self_eval"], values, strict=True))
        for values in zip(*staged.tables["project_self_eval"].values(), strict=True)
    ]
    assert record["region"] == profiles.canonical_region(written or hint)
    expected_source = None if written else "指定区划" if hint else "本级区划"
    assert record["region_source"] == expected_source
    assert ("按本级区划" in staged.message) == (not written and not hint)


def test_rows_the_tables_cannot_take_are_refused_with_sheet_row_and_reason(warehouse):
    rules = pipeline.Staging(warehouse).rules
    report = _report(
        _project(5, budget=Decimal("12.5")),
        _project(6, budget=Decimal("1e13")),  # DECIMAL(18,6) holds less than 10^12
        _project(8, department=None),
        _project(9, self_score=Decimal("NaN")),
    )
    report.records["notice_answer"] = []
    staged = stage(report, rules, None)
    assert [(x.sheet, x.row, x.field, x.reason) for x in staged.rejections] == [
        ("项目自评表", 6, "budget", "数值超出数据仓库可存储的范围：budget = 1E+13"),
        ("项目自评表", 9, "self_score", "数值超出数据仓库可存储的范围：self_score = NaN"),
        ("项目自评表", 8, "department", "缺少必填项：department"),
    ]
    assert (staged.rows_loaded, staged.rows_rejected, staged.status) == (1, 3, "部分拒绝")
    assert [row[0] for row in _stored(warehouse, staged)] == [5]
    assert staged.records == {"notice_answer": []}  # kept as records for the ledger; the rest only as columns
