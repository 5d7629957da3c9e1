"""Round trip: generated lists (tests/support/list_workbooks.py) load into exactly the truth they carry —
every project, to the fen, nothing dropped silently. The parse-level property runs many layouts fast; the
warehouse-level one loads batches of them through the whole pipeline and reads the mart views back.
bench/list_round_trip.py runs the same properties with many more examples."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.list_workbooks import ListWorkbook, list_workbooks

from etl.parse import FileReport, parse_file
from warehouse.pipeline import load

SCALE = int(os.environ.get("JIXIAO_ROUND_TRIP_SCALE", "1"))
COMPARED = (
    "fiscal_year",
    "region",
    "department",
    "unit",
    "project_code",
    "project_name",
    "fund_type",
    "budget_initial",
    "budget",
    "executed",
    "execution_rate_stated",
    "self_score",
    "finance_score",
)


def _norm(value):
    return value.normalize() if isinstance(value, Decimal) else value


def _rows(records: list[dict], with_grade: bool) -> list[tuple]:
    keys = (*COMPARED, "grade") if with_grade else COMPARED
    return sorted(tuple(_norm(r.get(k)) for k in keys) for r in records)


def _explain(book: ListWorkbook, report: FileReport) -> str:
    return (
        f"options={book.options} columns={book.columns} status={report.status} message={report.message} "
        + str([(r.row, r.column, r.reason) for r in report.rejections[:5]])
    )


@settings(max_examples=200 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=list_workbooks())
def test_generated_list_parses_to_its_truth(tmp_path_factory, book):
    path = book.write(tmp_path_factory.mktemp("rt") / "list.xlsx")
    report = FileReport(path=str(path))
    parse_file(path, report, region=book.region)
    assert report.status == "已加载", _explain(book, report)
    records = report.records.get("project_self_eval", [])
    assert report.rows_rejected == 0 and len(records) == len(book.projects), _explain(book, report)
    got = [{**r, "grade": r.get("grade_stated")} for r in records]
    assert _rows(got, True) == _rows(book.truth(), True), _explain(book, report)
    # every column of the table is accounted for: each one the generator wrote maps to its field
    fields = sorted(c.field for c in report.columns if c.field)
    assert fields == sorted(book.fields()), [(c.column, c.header, c.field, c.note) for c in report.columns]
    # the stated 小计/合计 agree with the rows they cover
    assert all(s["stated"] == s["computed"] for s in report.subtotals), report.subtotals


@settings(max_examples=3 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books=st.lists(st.integers(0, 10**6), min_size=8, max_size=12).flatmap(
    lambda ids: st.tuples(*(list_workbooks(region=f"测{i}县") for i in range(len(ids))))
))  # fmt: skip
def test_generated_lists_load_into_the_warehouse_exactly(tmp_path_factory, books):
    folder = tmp_path_factory.mktemp("wh")
    paths = {book.write(folder / "in" / f"{i}.xlsx"): book for i, book in enumerate(books)}
    db = folder / "wh.duckdb"
    report = load(list(paths), db, region_of=lambda p: paths[p].region)
    failed = [f for f in report.files if f.status != "已加载"]
    assert report.exit_code == 0, [
        (f.status, f.message, f.rejections[:3], paths[Path(f.path)].options, paths[Path(f.path)].rows)
        for f in failed
    ]
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute(f"SELECT {', '.join(COMPARED)}, grade FROM mart.project_self_eval")
        names = [d[0] for d in cursor.description]
        loaded = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        findings = con.execute("SELECT count(*) FROM mart.problem WHERE rule_code = 'D12'").fetchone()[0]
        rejected = con.execute("SELECT count(*) FROM mart.rejected_row").fetchone()[0]
    finally:
        con.close()
    truth = [t for book in books for t in book.truth()]
    graded = {(t["region"], t["project_name"]) for t in truth if t["grade"]}
    expected = _rows(truth, False)
    assert _rows(loaded, False) == expected
    assert all(r["grade"] for r in loaded if (r["region"], r["project_name"]) in graded)
    assert findings == 0 and rejected == 0
    assert sum(len(b.projects) for b in books) == len(loaded)


def test_zoo_wordings_feed_every_list_field():
    from support.list_workbooks import LIST_FIELDS, zoo_wordings

    wordings = zoo_wordings()
    assert {f for f in LIST_FIELDS if len(wordings.get(f, [])) >= 3} == set(LIST_FIELDS)
    assert Path(__file__).with_name("label_zoo.csv").exists()
