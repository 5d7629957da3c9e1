"""How big each sheet of an .xlsx really is, found by streaming its XML — before any reader builds a grid.

A reader (calamine) allocates a dense grid from A1 to the last cell that holds a value: one value at
XFD1048576 in a 2 KB file asks for 17 billion cells. This module reads each sheet's declared
`<dimension>` and streams the sheet XML once (in chunks, never whole) to find the real last row and column
of the cells that hold a value, their count, and the formula cells that carry no cached result (the file
was written by a program that never calculated it; a reader would see them as empty).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import PurePosixPath
from xml.etree import ElementTree

CHUNK = 4 << 20
# A cell that holds something: an opening <c …> tag that is not self-closing (styled empty cells are
# self-closing, and readers skip them). Writers put r="…" first; other shapes take the general pattern.
_FAST_VALUE_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>/]*>')
_FAST_EMPTY_CELL = re.compile(rb'<c r="[A-Z]{1,3}\d+"[^>]*/>')
# the general pattern: any attribute order, an optional namespace prefix (<x:c>)
_VALUE_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>/]*>')
_ANY_VALUE_CELL = re.compile(rb"<(?:\w+:)?c(?:\s[^>/]*)?>")
_PREFIXED_ROW = re.compile(rb"<\w+:row[\s>]")
_DIMENSION = re.compile(rb'<dimension\b[^>]*\bref="([^"]*)"')
# a formula cell whose <f> is followed by no value, <v/> or an empty <v></v>: groups (ref, attributes, v)
_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<(?:\w+:)?c\b([^>]*?\br="([A-Z]{1,3}\d+)"[^>/]*)>\s*<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)'
    rb"\s*(<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_TEXT_TYPE = re.compile(rb'\bt="(?:str|s|inlineStr)"')
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class SheetExtent:
    name: str
    declared: str | None = None  # the <dimension ref> as written, e.g. "A1:L1005"
    max_row: int = 0  # 1-based; 0 when the sheet holds nothing
    max_col: int = 0
    cells: int = 0  # cells holding a value
    uncached_formulas: list[str] = field(default_factory=list)  # cell references, e.g. "D12"
    rows_seen: int = 0  # <row> elements, numbered or not
    stopped: bool = False  # the scan stopped early because a limit was already passed

    @property
    def area(self) -> int:
        """Cells a dense reader would allocate (from A1 to the last value)."""
        return self.max_row * self.max_col


def column_index(letters: bytes | str) -> int:
    """'A' → 1, 'XFD' → 16384."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    number = 0
    for ch in text:
        number = number * 26 + ord(ch) - 64
    return number


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) in workbook order."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels_xml = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels_xml.iter(f"{_PKG_REL_NS}Relationship")}
    parts = []
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts.append((sheet.get("name") or "", member))
    return parts


def scan_sheet(
    archive: zipfile.ZipFile, member: str, name: str, *, max_rows: int, max_cols: int, max_cells: int
) -> SheetExtent:
    """Stream one sheet's XML; stop as soon as a limit is passed (the caller refuses the sheet then)."""
    extent = SheetExtent(name)
    try:
        stream = archive.open(member)
    except KeyError:
        return extent  # a sheet the workbook lists but does not contain: the reader reports it
    carry = b""
    first = True
    with stream:
        while True:
            chunk = stream.read(CHUNK)
            buffer = carry + chunk
            if first:
                first = False
                if match := _DIMENSION.search(buffer[:65536]):
                    extent.declared = match.group(1).decode("ascii", "replace")
            if chunk:
                # cut after the last closed row (or cell) so no element straddles two parts
                cut = _end_of_last(buffer, b"row>")
                cut = _end_of_last(buffer, b"c>") if cut < 0 else cut
                if cut < 0 and len(buffer) < 4 * CHUNK:
                    carry = buffer
                    continue
                cut = len(buffer) if cut < 0 else cut
                part, carry = buffer[:cut], buffer[cut:]
            else:
                part, carry = buffer, b""
            _scan_part(part, extent)
            if extent.max_row > max_rows or extent.max_col > max_cols or extent.cells > max_cells:
                extent.stopped = bool(chunk)
                return extent
            if not chunk:
                return extent


def _end_of_last(buffer: bytes, tail: bytes) -> int:
    at = buffer.rfind(tail)
    return at + len(tail) if at >= 0 else -1


def _scan_part(part: bytes, extent: SheetExtent) -> None:
    cells = _FAST_VALUE_CELL.findall(part)
    opened = part.count(b"<c ") + part.count(b"<c>")
    unusual = b":c " in part or b":c>" in part
    if unusual or (opened != len(cells) and opened != len(cells) + len(_FAST_EMPTY_CELL.findall(part))):
        cells = _VALUE_CELL.findall(part)  # slower, rarely needed
        extent.cells += len(_ANY_VALUE_CELL.findall(part))
    else:
        extent.cells += len(cells)
    # rows written without r="…" still count: readers number them in order
    extent.rows_seen += part.count(b"<row ") + part.count(b"<row>")
    if b":row" in part:
        extent.rows_seen += len(_PREFIXED_ROW.findall(part))
    extent.max_row = max(extent.max_row, extent.rows_seen)
    if cells:
        # cells share rows and columns: each distinct letter run and row number is converted once
        extent.max_col = max(extent.max_col, max(map(column_index, set(map(itemgetter(0), cells)))))
        extent.max_row = max(extent.max_row, max(map(int, set(map(itemgetter(1), cells)))))
    if b"f>" in part or b"<f " in part or b":f " in part:
        for attributes, ref, value in _FORMULA_WITHOUT_VALUE.findall(part):
            # an empty value of a text-typed cell is a cached "" (=IF(…,"",…)), not a missing result
            if value and _TEXT_TYPE.search(attributes):
                continue
            extent.uncached_formulas.append(ref.decode("ascii"))


def scan_workbook(
    path, *, max_rows: int, max_cols: int, max_cells: int, archive: zipfile.ZipFile | None = None
) -> list[SheetExtent]:
    """Every sheet of an .xlsx/.xlsm (a zip); an empty list for anything else. ``archive``: the file
    already opened as a zip (by the guard), so it is not opened again."""
    limits = {"max_rows": max_rows, "max_cols": max_cols, "max_cells": max_cells}
    if archive is not None:
        return _scan_archive(archive, limits)
    if not zipfile.is_zipfile(path):
        return []
    with zipfile.ZipFile(path) as opened:
        return _scan_archive(opened, limits)


def _scan_archive(archive: zipfile.ZipFile, limits: dict[str, int]) -> list[SheetExtent]:
    if "xl/workbook.xml" not in archive.namelist():
        return []
    return [scan_sheet(archive, member, name, **limits) for name, member in _sheet_parts(archive)]
