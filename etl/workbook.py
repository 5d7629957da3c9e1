"""Read a workbook into plain grids: every sheet from cell A1, typed values, merged ranges.

python-calamine reads .xlsx, .xlsm, .xlsb, .ods and legacy .xls alike, returns cached formula values
(never evaluates a formula) and tells where the used area starts, so row numbers match Excel's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    # merged ranges as 0-based inclusive (first_row, first_col, last_row, last_col)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    _width: int | None = field(default=None, repr=False, compare=False)

    def value(self, row: int, col: int) -> object:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    @property
    def width(self) -> int:
        # asked for on every header and row scan: computed once (sheets are not edited after reading)
        if self._width is None:
            self._width = max((len(r) for r in self.rows), default=0)
        return self._width


class WorkbookError(Exception):
    """The file cannot be opened as a workbook at all (corrupt, encrypted, not Excel)."""


def is_workbook(path: Path) -> bool:
    # Excel's owner files (~$名单.xlsx) are lock files written while a workbook is open.
    return path.suffix.lower() in EXCEL_SUFFIXES and not path.name.startswith(("~$", ".~"))


def read_workbook(path: Path) -> list[Sheet]:
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        for index, name in enumerate(book.sheet_names):
            raw = book.get_sheet_by_index(index)
            rows = [[_cell(v) for v in row] for row in raw.to_python(skip_empty_area=False)]
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (raw.merged_cell_ranges or [])]
            sheets.append(Sheet(name=name, rows=rows, merged=merged))
        return sheets
    except Exception as exc:  # calamine raises several unrelated error types
        raise WorkbookError(f"文件已损坏或不是 Excel 工作簿：{exc}") from exc


def _cell(value: object) -> object:
    if isinstance(value, str):
        return value if value.strip() else None
    return value


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as Excel names columns)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
