"""The 问题编号 is one formula wherever it is computed (SQL core.item_key, the sample generator's copy), and a
date written any of the usual ways reads the same in SQL (填报日期) and in the ledger service (完成日期)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samplegen.ledgers import item_key
from warehouse import ledger, schema
from warehouse.paths import SQL_DIR

names = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80) | st.sampled_from("（）-·1"),
                min_size=1, max_size=12)  # fmt: skip


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    schema.migrate(con)
    con.execute((SQL_DIR / "transform" / "010_dimensions.sql").read_text(encoding="utf-8"))
    con.execute((SQL_DIR / "mart" / "200_ledger_base.sql").read_text(encoding="utf-8"))
    yield con
    con.close()


@settings(max_examples=60, deadline=None)
@given(
    rule=st.sampled_from(["D01", "T06", "E02", "C05"]),
    year=st.integers(2015, 2035),
    stage=st.sampled_from(["部门整体自评", "项目自评", "绩效监控（1-5月）"]),
    department=names,
    project=st.none() | names,
)
def test_the_item_key_is_one_formula(con, rule, year, stage, department, project):
    sql = con.execute(
        "SELECT core.item_key(?, '沙湾市', ?, ?, ?, ?)", [rule, year, stage, department, project]
    ).fetchone()[0]
    assert sql == item_key(rule, "沙湾市", year, stage, department, project)
    assert sql.startswith(f"{rule}-{year}-") and len(sql.split("-")[-1]) == 8


@settings(max_examples=80, deadline=None)
@given(day=st.dates(date(2000, 1, 1), date(2099, 12, 31)), style=st.integers(0, 4))
def test_a_date_reads_the_same_in_sql_and_in_the_ledger(con, day, style):
    written = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.isoformat()} 00:00:00",  # an Excel date cell as text
    ][style]
    assert con.execute("SELECT core.parse_date(?)", [written]).fetchone()[0] == day
    assert ledger._date(written, "完成日期") == day.isoformat()


def test_text_that_is_not_a_date_is_refused_by_name():
    with pytest.raises(ledger.LedgerError, match="完成日期“下月底”不是日期"):
        ledger._date("下月底", "完成日期")
    with pytest.raises(ledger.LedgerError, match="不是日期"):
        ledger._date("2022年2月30日", "完成日期")
