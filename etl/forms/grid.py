"""A form sheet read through its merged cells, and the labels written in it.

Every per-sheet form parser finds its values through the label written beside (or in front of) them,
never through a fixed address; these are the pieces they share to do so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from etl.cells import clean_text, is_blank, to_halfwidth
from etl.headers import normalise_label
from etl.records import Rejection
from etl.workbook import Sheet, TextSieve, column_letter

__all__ = [
    "Grid",
    "Label",
    "find_labels",
    "first_label",
    "label_key",
    "label_value",
    "labelled",
    "read_label",
    "rejection",
    "squash",
    "values_right",
]

_SEAL = re.compile(r"\(盖章\)")
_AFTER_COLON = re.compile(r"[:：]")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # titles, labels and indicator levels repeat on every sheet
def squash(text: str) -> str:
    """Half-width text without any whitespace, to compare titles and names as written."""
    return _WS.sub("", to_halfwidth(text))


class Grid:
    """A sheet plus its merged ranges: ``anchored`` reads the value a merged range shows in every cell."""

    @classmethod
    def of(cls, sheet: Sheet) -> Grid:
        """The sheet's grid, built once: every candidate form reads the same one."""
        grid = sheet.memo.get(cls)
        if grid is None:
            grid = sheet.memo[cls] = cls(sheet)
        return grid

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.height = len(sheet.rows)
        self.width = sheet.width
        self.memo: dict = {}  # what a recogniser derives from the grid (its indicator tables), for the parser
        # merged ranges by row, as (first col, last col, first row, width): a title merged across a row is
        # one entry, not one per cell
        self._spans: dict[int, list[tuple[int, int, int, int]]] = {}
        for r0, c0, r1, c1 in sheet.merged:
            span = (c0, c1, r0, c1 - c0 + 1)
            for r in range(r0, r1 + 1):
                self._spans.setdefault(r, []).append(span)

    def _span(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        spans = self._spans.get(row)
        if spans:
            # where a malformed file overlaps two ranges, the later one speaks for the cell
            for span in reversed(spans):
                if span[0] <= col <= span[1]:
                    return span
        return None

    def raw(self, row: int, col: int) -> object:
        return self.sheet.value(row, col)

    def anchored(self, row: int, col: int) -> object:
        span = self._span(row, col)
        return self.sheet.value(row, col) if span is None else self.sheet.value(span[2], span[0])

    def text(self, row: int, col: int) -> str | None:
        return self.sheet.text(row, col)

    def merged_width(self, row: int, col: int) -> int:
        span = self._span(row, col)
        return 1 if span is None else span[3]

    def anchored_text(self, row: int, col: int) -> str | None:
        span = self._span(row, col)
        return self.sheet.text(row, col) if span is None else self.sheet.text(span[2], span[0])


def label_key(text: object) -> str:
    """Comparable label: "其中：财政拨款" → "财政拨款", "项目单位（盖章）" → "项目单位", "资金总额:" → "资金总额"."""
    return _label_key(text) if isinstance(text, str) else _label_key(normalise_label(text))


@lru_cache(maxsize=65536)  # forms repeat the same few hundred labels on every sheet
def _label_key(text: str) -> str:
    key = _SEAL.sub("", normalise_label(text))
    return key.removeprefix("其中:")


@lru_cache(maxsize=65536)
def _label_parts(text: str) -> tuple[str, str | None, str | None]:
    """(key of the whole text, key before its first colon, cleaned text after it) — None without a colon."""
    head, colon, rest = to_halfwidth(text).partition(":")
    if not colon:
        return label_key(text), None, None
    return label_key(text), label_key(head), clean_text(rest)


@dataclass(frozen=True)
class Label:
    row: int
    col: int
    key: str
    inline: str | None = None  # the value typed after the colon in the label's own cell


def read_label(value: object, known: Mapping[str, object]) -> Label | None:
    """A known label in a cell, also "项目单位(盖章)：沙湾市教育局" with its value in the same cell."""
    if not isinstance(value, str):
        return None
    key, head_key, rest = _label_parts(value)
    if key in known:
        return Label(-1, -1, key)
    if head_key is not None and head_key in known and rest:
        return Label(-1, -1, head_key, rest)
    return None


def find_labels(grid: Grid, known: Mapping[str, object], rows: Iterable[int]) -> list[Label]:
    """The known labels in the rows, in reading order. A recogniser and then the parser ask the same sheet
    for the same labels over the same head: found once per sheet, vocabulary and rows."""
    if not isinstance(rows, range) or rows.step != 1:
        return _find_labels(grid, known, rows)
    key = ("labels", id(known), rows.start, rows.stop)
    cached = grid.memo.get(key)
    # the entry holds `known` itself, so its id cannot be reused by another mapping while the entry lives
    if cached is None or cached[0] is not known:
        cached = grid.memo[key] = (known, _find_labels(grid, known, rows))
    return list(cached[1])


_LABEL_SIEVES: dict[int, tuple[Mapping[str, object], TextSieve]] = {}


def _label_rows(grid: Grid, known: Mapping[str, object]) -> set[int]:
    """The rows holding a known label: each distinct text is read once per vocabulary, whatever the rows
    asked for (recognisers and parsers ask the same vocabulary over different heads)."""
    entry = _LABEL_SIEVES.get(id(known))
    # the entry holds `known` itself, so its id cannot be reused by another mapping while the entry lives
    if entry is None or entry[0] is not known:
        if len(_LABEL_SIEVES) > 64:
            _LABEL_SIEVES.clear()
        entry = _LABEL_SIEVES[id(known)] = (
            known,
            TextSieve(lambda text: read_label(text, known) is not None),
        )
    key = ("label_rows", entry[1])
    rows = grid.memo.get(key)
    if rows is None:
        rows = grid.memo[key] = set(grid.sheet.rows_with(entry[1]))
    return rows


def _find_labels(grid: Grid, known: Mapping[str, object], rows: Iterable[int]) -> list[Label]:
    found = []
    sheet = grid.sheet
    holding = _label_rows(grid, known)
    for r in rows:
        if r not in holding:
            continue
        for c, value in sheet.text_cells(r):
            if (label := read_label(value, known)) is not None:
                found.append(Label(r, c, label.key, label.inline))
    return found


def first_label(labels: list[Label], keys: Iterable[str]) -> Label | None:
    """The first label found for the most preferred key."""
    for key in keys:
        for label in labels:
            if label.key == key:
                return label
    return None


def values_right(grid: Grid, label: Label, known: Mapping[str, object]) -> list[tuple[int, object]]:
    """(column, value) of the filled cells right of a label, up to the next label in the row."""
    if label.inline is not None:
        return [(label.col, label.inline)]
    out = []
    for c in range(label.col + 1, grid.width):
        value = grid.raw(label.row, c)
        if read_label(value, known) is not None:
            break
        if not is_blank(value):
            out.append((c, value))
    return out


def label_value(grid: Grid, label: Label, known: Mapping[str, object]) -> tuple[int, object] | None:
    """(column, value) of a label: the first filled cell right of it, or the text typed after its colon
    (as typed: ``read_label`` only keeps a half-width copy)."""
    if label.inline is not None:
        typed = grid.text(label.row, label.col) or ""
        return label.col, clean_text(_AFTER_COLON.split(typed, maxsplit=1)[-1])
    values = values_right(grid, label, known)
    return values[0] if values else None


def labelled(
    grid: Grid, labels: list[Label], known: Mapping[str, str | None], field: str
) -> tuple[Label, int, object] | None:
    """(label, column, value) for the first label of a field; value None when nothing is filled in."""
    label = first_label(labels, [key for key, f in known.items() if f == field])
    if label is None:
        return None
    found = label_value(grid, label, known)
    return (label, *found) if found else (label, label.col + 1, None)


def rejection(grid: Grid, row: int, col: int | None, field: str, reason: str, raw: dict) -> Rejection:
    return Rejection(
        grid.sheet.name, row + 1, column_letter(col) if col is not None else None, field, reason, raw
    )
