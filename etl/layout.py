"""Find the table inside a sheet as people lay it out: a title, notes, a one- or two-row header, data,
合计 rows and a footer. Columns are recognised by their header labels (etl/config/headers.toml),
never by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.cells import clean_text, detect_amount_unit
from etl.headers import match_header
from etl.workbook import Sheet, column_letter

HEADER_SEARCH_ROWS = 40
MIN_HEADER_FIELDS = 3
TOTAL_WORDS = ("合计", "小计", "总计", "总合计")
FOOTER_PREFIXES = (
    "填报人",
    "审核人",
    "填报日期",
    "制表人",
    "制表",
    "负责人",
    "单位负责人",
    "财务负责人",
    "项目负责人",
    "联系电话",
    "注：",
    "注:",
    "说明：",
    "说明:",
    "备注：",
    "备注:",
)
YEAR_RE = re.compile(r"(20\d{2})\s*年")
PERIOD_RE = re.compile(r"(\d{1,2})\s*[-—–~至到]\s*(\d{1,2})\s*月")
REGION_RE = re.compile(r"^(.{2,12}?[省市县区旗州盟])\s*(?:20\d{2})\s*年")


@dataclass
class Column:
    index: int
    label: str
    field: str
    unit: str | None = None  # money unit stated in this header, overrides the sheet's note
    period_month: int | None = None

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class Table:
    sheet: str
    title: str | None
    header_rows: tuple[int, ...]  # 0-based
    columns: dict[str, Column]
    sheet_unit: str | None
    fiscal_year: int | None
    region: str | None
    period_month: int | None = None  # monitoring checkpoint named in the title (1-6月 → 6)
    data_rows: list[int] = field(default_factory=list)  # 0-based rows holding data
    total_rows: list[int] = field(default_factory=list)

    def unit_of(self, field_name: str) -> str:
        col = self.columns.get(field_name)
        return (col.unit if col and col.unit else None) or self.sheet_unit or "万元"


def _text(sheet: Sheet, row: int, col: int) -> str | None:
    return clean_text(sheet.value(row, col))


def _merged_fill(sheet: Sheet) -> dict[tuple[int, int], object]:
    """Value of every cell covered by a merged range (the top-left value)."""
    filled: dict[tuple[int, int], object] = {}
    for r0, c0, r1, c1 in sheet.merged:
        top_left = sheet.value(r0, c0)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                filled[(r, c)] = top_left
    return filled


def _labels(sheet: Sheet, top: int, bottom: int, merged: dict) -> list[str | None]:
    """Combine header rows top..bottom into one label per column ("组/子")."""
    grid = [
        [
            clean_text(v if (v := sheet.value(r, c)) is not None else merged.get((r, c)))
            for c in range(sheet.width)
        ]
        for r in range(top, bottom + 1)
    ]
    if len(grid) == 2:
        # A group label typed once above several sub-columns, without a merge: carry it right.
        upper, lower = grid
        carry = None
        for c in range(sheet.width):
            if upper[c]:
                carry = upper[c] if lower[c] else None
            elif lower[c] and carry:
                upper[c] = carry
            else:
                carry = None
    labels: list[str | None] = []
    for c in range(sheet.width):
        parts: list[str] = []
        for row in grid:
            if row[c] and row[c] not in parts:
                parts.append(row[c])
        labels.append("/".join(parts) if parts else None)
    return labels


def _match_columns(labels: list[str | None]) -> dict[str, Column]:
    columns: dict[str, Column] = {}
    for index, label in enumerate(labels):
        if not label:
            continue
        match = match_header(label)
        if match and match.field not in columns:
            columns[match.field] = Column(index, label, match.field, match.unit, match.period_month)
    return columns


def find_table(sheet: Sheet) -> Table | None:
    """The best header (one or two rows) in the first rows of the sheet, or None."""
    merged = _merged_fill(sheet)
    best: tuple[tuple[int, int], int, int, dict[str, Column]] | None = None
    for top in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        for depth in (0, 1):
            bottom = top + depth
            if bottom >= len(sheet.rows):
                continue
            columns = _match_columns(_labels(sheet, top, bottom, merged))
            # ties go to the shorter header, so a title row above is not mistaken for a group row
            score = (len(columns), -depth)
            if len(columns) >= MIN_HEADER_FIELDS and (best is None or score > best[0]):
                best = (score, top, bottom, columns)
    if best is None:
        return None
    _, top, bottom, columns = best
    title = _title(sheet, top)
    preamble = " ".join(t for r in range(top) for c in range(sheet.width) if (t := _text(sheet, r, c)))
    year = YEAR_RE.search(title or preamble or "")
    region = REGION_RE.match(title or "")
    table = Table(
        sheet=sheet.name,
        title=title,
        header_rows=tuple(range(top, bottom + 1)),
        columns=columns,
        sheet_unit=detect_amount_unit(preamble),
        fiscal_year=int(year.group(1)) if year else None,
        region=region.group(1) if region else None,
        period_month=int(period.group(2)) if (period := PERIOD_RE.search(title or "")) else None,
    )
    _classify_rows(sheet, table, bottom + 1)
    return table


def _title(sheet: Sheet, header_top: int) -> str | None:
    """The longest text above the header: the merged title row."""
    texts = [t for r in range(header_top) for c in range(sheet.width) if (t := _text(sheet, r, c))]
    candidates = [t for t in texts if not detect_amount_unit(t) and not t.startswith(("填报单位", "单位"))]
    return max(candidates, key=len) if candidates else None


def is_total_row(texts: list[str]) -> bool:
    return any(
        t.replace(" ", "") in TOTAL_WORDS or t.replace(" ", "").startswith(TOTAL_WORDS) for t in texts[:4]
    )


def is_footer_row(texts: list[str]) -> bool:
    return bool(texts) and texts[0].replace(" ", "").startswith(FOOTER_PREFIXES)


def _classify_rows(sheet: Sheet, table: Table, first: int) -> None:
    key_cols = [c.index for f, c in table.columns.items() if f not in ("seq",)]
    for row in range(first, len(sheet.rows)):
        texts = [t for c in range(sheet.width) if (t := _text(sheet, row, c))]
        if not texts:
            continue
        if is_footer_row(texts):
            break
        if is_total_row(texts):
            table.total_rows.append(row)
            continue
        if all(sheet.value(row, c) is None for c in key_cols):
            continue  # only a 序号 or stray note: nothing to load
        table.data_rows.append(row)
