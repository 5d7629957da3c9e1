"""What is read once (cached by value, indexed per sheet) reads exactly as reading it afresh would: values
that compare equal but print differently (1 and 1.0, 0.0 and -0.0, True and 1) never share a result, merged
ranges anchor every cell as a per-cell expansion does (the later of two overlapping ranges wins), and a
list's columns hold what a cell-by-cell lookup finds."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.cells import CellError, _clean_value, _decimal_from_number, clean_text, parse_decimal
from etl.forms.grid import Grid, find_labels
from etl.forms.head import HEAD_LABELS
from etl.layout import Table, _data_columns
from etl.workbook import Sheet

CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.sampled_from(
        [0, 1, 0.0, -0.0, 1.0, True, False, 2021, 2021.0, 1e15, 1e16, float("nan"), float("inf")]
    ),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1000, max_value=1000),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1)),
    st.text(alphabet="0123456789 .,-—／/元万（）项目部门\u3000\u200b", max_size=8),
)


def _decimal_or_reason(value: object) -> object:
    try:
        return repr(parse_decimal(value))
    except CellError as exc:
        return exc.reason


def _fresh_decimal(value: object) -> object:
    """parse_decimal's answer for a number, worked out without any cache."""
    try:
        return repr(_decimal_from_number(value, value))
    except CellError as exc:
        return exc.reason


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL_VALUES, max_size=12))
def test_a_cached_cell_text_is_the_text_read_afresh(values):
    # twice over, so each value meets the results of every value before it (equal ones included)
    for value in values + values:
        expected = None if value is None else _clean_value(value)
        assert clean_text(value) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([0, 0.0, -0.0, 1, 1.0, True, 2.5, -2.5, 1e13, 1e300]),
            st.integers(min_value=-(10**14), max_value=10**14),
            st.floats(allow_nan=True, allow_infinity=True),
        ),
        max_size=12,
    )
)
def test_a_cached_number_is_the_exact_decimal_read_afresh(values):
    for value in values + values:
        assert _decimal_or_reason(value) == _fresh_decimal(value)


def test_zero_keeps_its_sign_and_one_keeps_its_type_whatever_was_read_first():
    assert repr(parse_decimal(0.0)) == "Decimal('0.0')"
    assert repr(parse_decimal(-0.0)) == "Decimal('-0.0')"
    assert repr(parse_decimal(1)) == "Decimal('1')"
    assert repr(parse_decimal(1.0)) == "Decimal('1.0')"
    assert clean_text(True) == "是" and clean_text(1) == "1" and clean_text(1.5) == "1.5"
    try:
        parse_decimal(True)
    except CellError as exc:
        assert "bool" in exc.reason
    else:  # pragma: no cover - the assertion below fails
        raise AssertionError("a bool cell must be refused as a number")


def _expanded(merged):
    """The per-cell expansion of merged ranges: the reference the row-wise lookup must agree with."""
    anchor, width = {}, {}
    for r0, c0, r1, c1 in merged:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                anchor[(r, c)] = (r0, c0)
                width[(r, c)] = c1 - c0 + 1
    return anchor, width


RANGES = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 7), st.integers(0, 3), st.integers(0, 3)).map(
        lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3])
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(RANGES)
def test_merged_cells_read_their_anchor_as_a_cell_by_cell_expansion_does(merged):
    rows = [[f"{r}{c}" if (r + c) % 3 else None for c in range(12)] for r in range(12)]
    grid = Grid(Sheet("表", rows, merged=merged))
    anchor, width = _expanded(merged)
    for r in range(12):
        for c in range(12):
            ar, ac = anchor.get((r, c), (r, c))
            assert grid.anchored(r, c) == rows[ar][ac]
            assert grid.anchored_text(r, c) == clean_text(rows[ar][ac])
            assert grid.merged_width(r, c) == width.get((r, c), 1)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(0, 9), st.text("a —", max_size=2)), max_size=6), max_size=8
    ),
    st.data(),
)
def test_a_lists_columns_hold_what_a_cell_lookup_finds(rows, data):
    sheet = Sheet("清单", rows)
    data_rows = data.draw(st.lists(st.integers(0, max(len(rows) - 1, 0)), max_size=8)) if rows else []
    filled = data.draw(
        st.dictionaries(st.tuples(st.integers(0, 8), st.integers(0, 7)), st.one_of(st.none(), st.just("填")))
    )
    table = Table("清单", None, (), {}, None, None, None, data_rows=data_rows, filled=filled)
    columns, texts = _data_columns(sheet, table), _data_columns(sheet, table, cleaned=True)
    for c in range(sheet.width):
        assert columns[c] == [filled.get((r, c), sheet.value(r, c)) for r in data_rows]
        assert texts[c] == [clean_text(v) for v in columns[c]]


def test_labels_found_once_per_sheet_are_the_same_labels_each_time():
    rows = [["项目名称", "乡村道路", "主管部门", "交通局"], ["年度", 2024, None, "实施单位：交通局"]]
    grid = Grid.of(Sheet("表", rows))
    first = find_labels(grid, HEAD_LABELS, range(2))
    first.clear()  # what a caller does with its list never reaches the next caller
    again = find_labels(grid, HEAD_LABELS, range(2))
    assert [(label.row, label.col, label.key) for label in again] == [
        (0, 0, "项目名称"),
        (0, 2, "主管部门"),
        (1, 0, "年度"),
        (1, 3, "实施单位"),
    ]
    assert find_labels(grid, {"年度": None}, range(2)) != again  # another vocabulary is looked up anew
