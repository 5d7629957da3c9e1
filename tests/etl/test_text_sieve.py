"""The shortcuts the parsers take to find rows and to bound a sheet give exactly what the plain cell-by-cell
reading gives: a label search through the sheet's distinct texts (Sheet.rows_with) finds the same rows,
and the streamed extent of a sheet is the extent of its cells, whatever their order or spacing."""

from __future__ import annotations

import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st
from reliability.hostile import number_cell, raw_xlsx, text_cell

from etl.cells import clean_text
from etl.extent import scan_sheet
from etl.forms.grid import Grid, find_labels, read_label
from etl.forms.head import HEAD_LABELS
from etl.workbook import Sheet, TextSieve, column_letter

TEXTS = [
    "项目名称",
    " 项目名称 ",
    "项目名称：河道治理",
    "一级指标",
    "主管部门",
    "填报日期",
    "2024",
    "—",
    "合计",
    "a",
]
VALUES = st.one_of(
    st.none(), st.sampled_from(TEXTS), st.integers(-5, 5), st.floats(allow_nan=False, width=32)
)
ROWS = st.lists(st.lists(VALUES, max_size=6), max_size=12)


def _plain_rows(rows: list[list[object]], test) -> list[int]:
    return [r for r, cells in enumerate(rows) if any(isinstance(v, str) and test(v) for v in cells)]


def _is_project(text: str) -> bool:
    return (clean_text(text) or "").startswith("项目名称")


@settings(max_examples=150, deadline=None)
@given(sheets=st.lists(ROWS, min_size=1, max_size=4), limit=st.integers(1, 8))
def test_rows_with_finds_the_rows_a_cell_by_cell_scan_finds(sheets, limit):
    # one sieve over several sheets, with a small memory: what it remembers never changes an answer
    sieve = TextSieve(_is_project, limit=limit)
    for rows in sheets:
        sheet = Sheet("表1", rows)
        assert sheet.rows_with(sieve) == _plain_rows(rows, _is_project)


@settings(max_examples=150, deadline=None)
@given(rows=ROWS, start=st.integers(0, 12), stop=st.integers(0, 12))
def test_labels_are_found_in_the_same_places_as_a_cell_by_cell_search(rows, start, stop):
    grid = Grid(Sheet("表1", rows))
    found = [
        (label.row, label.col, label.key, label.inline)
        for label in find_labels(grid, HEAD_LABELS, range(start, stop))
    ]
    plain = [
        (r, c, label.key, label.inline)
        for r in range(start, min(stop, len(rows)))
        for c, value in enumerate(rows[r])
        if (label := read_label(value, HEAD_LABELS)) is not None
    ]
    assert found == plain


CELLS = st.dictionaries(
    st.tuples(st.integers(1, 3000), st.integers(0, 800)),
    st.sampled_from(["数", 7, "二级指标"]),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(cells=CELLS, shuffled=st.booleans())
def test_the_streamed_extent_is_the_extent_of_the_cells(tmp_path_factory, cells, shuffled):
    by_row: dict[int, list[str]] = {}
    for (row, col), value in sorted(cells.items(), reverse=shuffled):  # rows out of order in some files
        ref = f"{column_letter(col)}{row}"
        by_row.setdefault(row, []).append(
            text_cell(ref, value) if isinstance(value, str) else number_cell(ref, value)
        )
    rows = sorted(by_row, reverse=shuffled)
    data = "".join(f'<row r="{r}">{"".join(by_row[r])}<c r="A{r}" s="1"/></row>' for r in rows)
    path = raw_xlsx(tmp_path_factory.mktemp("extent") / "book.xlsx", data)
    with zipfile.ZipFile(path) as archive:
        extent = scan_sheet(
            archive, "xl/worksheets/sheet1.xml", "Sheet1", max_rows=10**6, max_cols=16384, max_cells=10**8
        )
    assert (extent.max_row, extent.max_col, extent.cells) == (
        max(row for row, _ in cells),
        max(col for _, col in cells) + 1,
        len(cells),
    )
