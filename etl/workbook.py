"""Read a workbook into plain grids: every sheet from cell A1, typed values, merged ranges.

python-calamine reads .xlsx, .xlsm, .xlsb, .ods and legacy .xls alike, returns cached formula values
(never evaluates a formula) and tells where the used area starts, so row numbers match Excel's.
A reader allocates a dense grid, so each sheet's real extent is measured first (etl/extent.py for .xlsx,
calamine's own range size for the rest) and a sheet beyond the limits in etl/config/limits.toml is refused
before any grid exists.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from etl import config
from etl.cells import clean_text
from etl.extent import SheetExtent, scan_workbook

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    # merged ranges as 0-based inclusive (first_row, first_col, last_row, last_col)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # formula cells the file stores without a calculated value (e.g. "D12"): a reader sees them empty
    uncached_formulas: list[str] = field(default_factory=list)
    _width: int | None = field(default=None, repr=False, compare=False)
    # each row's cleaned texts, filled in as rows are asked for
    _texts: list[list[str | None] | None] | None = field(default=None, repr=False, compare=False)
    # views derived from the cells (a form's grid, its indicator tables), built once per sheet
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def value(self, row: int, col: int) -> object:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def text(self, row: int, col: int) -> str | None:
        """`clean_text` of a cell, from the row's cleaned texts once a scan has asked for them (a list's
        header and name checks read a few cells of each row: they clean only those)."""
        texts = self._texts
        if texts is not None and row < len(texts) and (cleaned := texts[row]) is not None:
            return cleaned[col] if col < len(cleaned) else None
        return clean_text(self.value(row, col))

    def row_texts(self, row: int) -> list[str | None]:
        """The cleaned texts of one row, as long as the row is (empty past the last row), cleaned once."""
        if row >= len(self.rows):
            return []
        if self._texts is None:
            self._texts = [None] * len(self.rows)
        cleaned = self._texts[row]
        if cleaned is None:
            # most cells are empty or repeat a text already cleaned (clean_text caches texts)
            cleaned = self._texts[row] = [None if v is None else clean_text(v) for v in self.rows[row]]
        return cleaned

    def written_texts(self) -> set[str]:
        """Every distinct text value of the sheet, as written: a test that holds of some text anywhere in
        the sheet asks each distinct text once, not each cell (numbers and dates never make a title)."""
        found = self.memo.get("written_texts")
        if found is None:
            values: set[object] = set()
            for cells in self.rows:
                values.update(cells)
            found = self.memo["written_texts"] = {v for v in values if isinstance(v, str)}
        return found

    def rows_with(self, sieve: TextSieve) -> list[int]:
        """The rows, in order, holding a text value (as written) that passes ``sieve``; found once per sheet
        and sieve. Each distinct text is tested once (and remembered across sheets), then rows are sieved
        by set membership: a recogniser looking for one label never cleans every cell of every row."""
        found = self.memo.get(sieve)
        if found is None:
            hits = sieve.passing(self.written_texts())
            found = [r for r, cells in enumerate(self.rows) if not hits.isdisjoint(cells)] if hits else []
            self.memo[sieve] = found
        return found

    def text_cells(self, row: int) -> list[tuple[int, str]]:
        """(column, value) of the cells of a row that hold text, as written: label scans skip the rest."""
        if not 0 <= row < len(self.rows):
            return []
        index = self.memo.get("text_cells")
        if index is None:
            index = self.memo["text_cells"] = [None] * len(self.rows)
        found = index[row]
        if found is None:  # indexed as rows are asked for: a head scan never pays for the rows under it
            found = index[row] = [
                (col, value) for col, value in enumerate(self.rows[row]) if isinstance(value, str)
            ]
        return found

    @property
    def width(self) -> int:
        # asked for on every header and row scan: computed once (sheets are not edited after reading)
        if self._width is None:
            self._width = max((len(r) for r in self.rows), default=0)
        return self._width


class TextSieve:
    """A test of a cell's text, remembered across sheets: workbooks repeat the same labels, titles and
    indicator names, so each distinct text is tested once per process (up to ``limit`` texts)."""

    def __init__(self, test: Callable[[str], object], limit: int = 200_000) -> None:
        self.test = test
        self.limit = limit
        self._seen: set[str] = set()
        self._passed: set[str] = set()

    def passing(self, texts: set[str]) -> set[str]:
        """The texts that pass the test."""
        new = texts - self._seen
        if new:
            if len(self._seen) + len(new) > self.limit:
                # forget everything, then judge all of this sheet's texts afresh
                self._seen, self._passed, new = set(), set(), texts
            test = self.test
            self._passed.update(text for text in new if test(text))
            self._seen |= new
        return texts & self._passed


class WorkbookError(Exception):
    """The file cannot be opened as a workbook at all (corrupt, encrypted, not Excel)."""


def is_workbook(path: Path) -> bool:
    # Excel's owner files (~$名单.xlsx) are lock files written while a workbook is open.
    return path.suffix.lower() in EXCEL_SUFFIXES and not path.name.startswith(("~$", ".~"))


class TooLargeError(WorkbookError):
    """A sheet whose extent passes the configured limits: refused before any grid is built."""


def _limits() -> dict:
    limits = config.load("limits")
    return {
        "max_rows": limits["max_sheet_rows"],
        "max_cols": limits["max_sheet_columns"],
        "max_cells": limits["max_sheet_cells"],
    }


def _too_large(
    name: str, rows: int, cols: int, declared: str | None = None, partial: bool = False
) -> str | None:
    limits = config.load("limits")
    if rows > limits["max_sheet_rows"]:
        what = "行数过多"
    elif cols > limits["max_sheet_columns"]:
        what = "列数过多"
    elif rows * cols > limits["max_sheet_cells"]:
        what = "单元格过多"
    else:
        return None  # the common case: no message is composed
    where = f"A1:{column_letter(max(cols, 1) - 1)}{max(rows, 1)}"
    size = f"{'至少 ' if partial else ''}{rows:,} 行 × {cols:,} 列"
    stated = f"，文件声明的范围为 {declared}" if declared and declared != where else ""
    bound = (
        f"上限为 {limits['max_sheet_rows']:,} 行、{limits['max_sheet_columns']:,} 列、"
        f"{limits['max_sheet_cells']:,} 个单元格"
    )
    return (
        f"工作表「{name}」{what}：已用区域 {where}（{size}{stated}），{bound}；"
        "请删除区域外多余的内容或把数据拆分到多个文件后重新提交"
    )


def measure(path: Path, archive: zipfile.ZipFile | None = None) -> list[SheetExtent]:
    """The real extent of each sheet of an .xlsx/.xlsm; raises TooLargeError when one passes the limits.
    ``archive``: the file already opened as a zip."""
    limits = config.load("limits")
    try:
        extents = scan_workbook(path, **_limits(), archive=archive)
    except Exception as exc:  # a damaged zip or workbook.xml: the reader below says so in its own words
        raise WorkbookError(_unreadable(exc)) from exc
    for extent in extents:
        if reason := _too_large(extent.name, extent.max_row, extent.max_col, extent.declared, extent.stopped):
            raise TooLargeError(reason)
    if (total := sum(e.area for e in extents)) > limits["max_book_cells"]:
        raise TooLargeError(
            f"工作簿过大：各工作表已用区域合计 {total:,} 个单元格，上限为 {limits['max_book_cells']:,} 个；"
            "请把数据拆分到多个文件后重新提交"
        )
    return extents


def read_workbook(path: Path, archive: zipfile.ZipFile | None = None) -> list[Sheet]:
    """Every sheet of the workbook; ``archive``: the file already opened as a zip (by etl/guard.py)."""
    extents = {e.name: e for e in measure(path, archive)}
    limits = config.load("limits")
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        budget = limits["max_book_cells"]
        for index, name in enumerate(book.sheet_names):
            raw = book.get_sheet_by_index(index)
            # .xls/.ods have no cheap pre-scan: check the reader's own range before any Python grid exists
            height, width = (raw.end[0] + 1, raw.end[1] + 1) if raw.end else (0, 0)
            if reason := _too_large(name, height, width):
                raise TooLargeError(reason)
            budget -= height * width
            if budget < 0:
                raise TooLargeError(
                    f"工作簿过大：各工作表已用区域合计超过 {limits['max_book_cells']:,} 个单元格；"
                    "请把数据拆分到多个文件后重新提交"
                )
            rows = [_cells(row) for row in raw.to_python(skip_empty_area=False)]
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (raw.merged_cell_ranges or [])]
            extent = extents.get(name)
            formulas = extent.uncached_formulas if extent else []
            sheets.append(Sheet(name=name, rows=rows, merged=merged, uncached_formulas=formulas))
        return sheets
    except WorkbookError:
        raise
    except Exception as exc:  # calamine raises several unrelated error types
        raise WorkbookError(_unreadable(exc)) from exc


def _unreadable(exc: Exception) -> str:
    """The reader's complaint in the user's words (its own text goes to the log, not the screen)."""
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return "工作簿设有密码保护（已加密），无法读取：请在 Excel 中取消密码后重新提交"
    return "文件已损坏或不是有效的 Excel 工作簿，无法打开：请在 Excel 中打开并另存为 .xlsx 后重新提交"


def _cells(row: list[object]) -> list[object]:
    """A row as read: blank texts (most cells of a sheet are "") become None, everything else stays."""
    # "" or only whitespace (isspace is strip's test, without building a stripped copy of every text)
    return [None if value.__class__ is str and (not value or value.isspace()) else value for value in row]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as Excel names columns)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
