"""Rows reach their tables through Arrow exactly as executemany would have stored them."""

from datetime import date
from decimal import Decimal

import duckdb
import pytest

from warehouse import bulk


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA stg")
    con.execute(
        "CREATE TABLE stg.t (name VARCHAR NOT NULL, budget DECIMAL(18, 2), row_no INTEGER, tags VARCHAR[])"
    )
    yield con
    con.close()


def test_records_arrive_in_batches_and_keep_every_value(con, monkeypatch):
    monkeypatch.setattr(bulk.Records, "BATCH", 2)  # several frames, then the remainder
    records = [
        {"name": f"项目{i}", "budget": Decimal("1234567.89") + i, "row_no": i, "tags": ["a"], "extra": "x"}
        for i in range(5)
    ]
    buffer = bulk.records_for(con, "stg.t")
    buffer.extend(records[:3])
    buffer.extend([{"name": "无金额"}])  # a column a record lacks is NULL
    buffer.extend(records[3:])
    bulk.insert(con, "stg.t", buffer)
    rows = con.execute("SELECT name, budget, row_no, tags FROM stg.t ORDER BY rowid").fetchall()
    assert rows == [
        ("项目0", Decimal("1234567.89"), 0, ["a"]),
        ("项目1", Decimal("1234568.89"), 1, ["a"]),
        ("项目2", Decimal("1234569.89"), 2, ["a"]),
        ("无金额", None, None, None),
        ("项目3", Decimal("1234570.89"), 3, ["a"]),
        ("项目4", Decimal("1234571.89"), 4, ["a"]),
    ]


def test_an_empty_buffer_inserts_nothing(con):
    bulk.insert(con, "stg.t", bulk.records_for(con, "stg.t"))
    assert con.execute("SELECT count(*) FROM stg.t").fetchone() == (0,)


def test_replace_rows_casts_text_dates_and_refuses_what_does_not_fit(con):
    con.execute("CREATE SCHEMA ledger")
    con.execute(
        "CREATE TABLE ledger.item (item_key VARCHAR, fiscal_year INTEGER, due_date DATE, note VARCHAR)"
    )
    con.execute("INSERT INTO ledger.item VALUES ('old', 2020, NULL, NULL)")
    columns = ("item_key", "fiscal_year", "due_date", "note")
    bulk.replace_rows(
        con, "ledger.item", columns, [("k1", 2022, "2023-06-30", None), ("k2", None, None, None)]
    )
    assert con.execute("SELECT * FROM ledger.item ORDER BY item_key").fetchall() == [
        ("k1", 2022, date(2023, 6, 30), None),
        ("k2", None, None, None),
    ]
    with pytest.raises(duckdb.ConversionException):
        bulk.replace_rows(con, "ledger.item", columns, [("k3", 2022, "6月底", None)])
