"""A sheet's real extent is measured from its XML without building a grid; what readers skip is skipped."""

from __future__ import annotations

from etl.extent import scan_workbook
from reliability import hostile

LIMITS = {"max_rows": 200_000, "max_cols": 1_000, "max_cells": 3_000_000}


def extent(tmp_path, sheet_data: str, dimension: str = "A1"):
    path = hostile.raw_xlsx(tmp_path / "s.xlsx", sheet_data, dimension=dimension)
    return scan_workbook(path, **LIMITS)[0]


def test_the_last_value_decides_not_the_declared_dimension(tmp_path):
    found = extent(
        tmp_path, '<row r="1"><c r="A1"><v>1</v></c></row><row r="9"><c r="AB9"><v>2</v></c></row>', "A1"
    )
    assert (found.max_row, found.max_col, found.cells, found.declared) == (9, 28, 2, "A1")


def test_styled_empty_cells_do_not_count(tmp_path):
    found = extent(
        tmp_path, '<row r="1"><c r="A1"><v>1</v></c></row><row r="3000"><c r="XFD3000" s="1"/></row>'
    )
    assert found.max_row < 3000 and found.max_col == 1


def test_prefixed_namespaces_and_unnumbered_rows_are_measured(tmp_path):
    rows = "".join(f'<x:row><x:c t="n" r="C{i}"><x:v>1</x:v></x:c></x:row>' for i in range(1, 6))
    found = extent(tmp_path, rows)
    assert found.max_row == 5 and found.max_col == 3


def test_formulas_without_a_cached_result_are_named(tmp_path):
    found = extent(
        tmp_path,
        '<row r="1"><c r="A1"><v>5</v></c><c r="B1"><f>A1*2</f></c>'
        '<c r="C1" t="str"><f>IF(A1=5,"",1)</f><v></v></c><c r="D1"><f>A1</f><v></v></c>'
        '<c r="E1"><f t="shared" si="0"/></c><c r="F1"><f>A1</f><v>5</v></c></row>',
    )
    assert found.uncached_formulas == ["B1", "D1", "E1"]


def test_the_scan_stops_as_soon_as_a_limit_is_passed(tmp_path):
    path = hostile.long_list(tmp_path / "long.xlsx", 400_000)
    found = scan_workbook(path, **LIMITS)[0]
    assert LIMITS["max_rows"] < found.max_row < 400_000 and found.stopped
