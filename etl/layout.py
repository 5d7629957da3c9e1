"""Find the table inside a sheet as people lay it out: a title, subtitles and notes, a header of one to
three rows, data, 合计/小计 rows and a footer. Columns are recognised by what their header labels say
(etl/headers.py), never by position, and every non-empty column is accounted for: mapped to a field or
listed as unused with its header and a sample value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path

from etl import context, grades
from etl.cells import CellError, clean_text, detect_amount_unit, parse_decimal
from etl.headers import classify_header, generic_fields
from etl.workbook import Sheet, column_letter

HEADER_SEARCH_ROWS = 40
MAX_HEADER_DEPTH = 3
MIN_HEADER_FIELDS = 3
TOTAL_WORDS = ("合计", "小计", "总计", "总合计")
SUBTOTAL_WORDS = ("小计",)
BREAKDOWN_PREFIX = "其中"
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
PERIOD_RE = re.compile(r"(\d{1,2})\s*[-—–~至到]\s*(\d{1,2})\s*月")
# columns whose blank cells under a filled one belong to the same group (a merged or typed-once department)
FILL_DOWN_FIELDS = ("department", "unit", "fund_type")
# fields holding numbers: a column of numbers that maps to none of them is a value we would lose
NUMERIC_FIELDS = frozenset(
    {
        "budget_initial",
        "budget",
        "executed",
        "funds_arrived",
        "amount",
        "period_executed",
        "execution_rate",
        "goal_completion_rate",
        "period_rate",
        "self_score",
        "finance_score",
        "score",
        "score_decision",
        "score_process",
        "score_output",
        "score_effect",
        "indicator_count",
        "quantified_count",
    }
)
FREE_TEXT_FIELDS = frozenset(
    {"remark", "deviation_reason", "conclusion", "review_result", "completion_likelihood", "assessed_flag"}
)
FIELD_NAMES = {
    "department": "主管部门",
    "unit": "单位",
    "fund_type": "资金性质",
    "grade": "等级",
    "conclusion": "结论",
}


@dataclass
class Column:
    index: int
    label: str
    field: str
    unit: str | None = None  # money unit stated in this header, overrides the sheet's note
    period_month: int | None = None
    percent: bool = False  # the header says the rate is in percent points ("执行率（%）")

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class ColumnReport:
    """One non-empty column of a located table, for the load report and mart.load_column."""

    index: int
    header: str | None
    field: str | None
    sample: str | None
    note: str | None = None

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
    subtitles: list[str] = field(default_factory=list)
    year_source: str | None = None
    region_source: str | None = None
    column_reports: list[ColumnReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was inferred: fills, a unit column as department
    unmapped: list[str] = field(default_factory=list)  # numeric columns that map to no field
    filled: dict[tuple[int, int], object] = field(default_factory=dict)  # (row, col) → value filled down
    footer_rows: list[int] = field(default_factory=list)

    def unit_of(self, field_name: str) -> str:
        col = self.columns.get(field_name)
        return (col.unit if col and col.unit else None) or self.sheet_unit or "万元"


def _text(sheet: Sheet, row: int, col: int) -> str | None:
    return sheet.text(row, col)


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
    # A group label typed once above several sub-columns, without a merge: carry it right while the
    # columns below it have sub-labels.
    for level in range(len(grid) - 1):
        upper, below = grid[level], grid[level + 1 :]
        carry = None
        for c in range(sheet.width):
            has_sub = any(row[c] for row in below)
            if upper[c]:
                carry = upper[c] if has_sub else None
            elif has_sub and carry:
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


def _match_columns(
    labels: list[str | None], year: int | None = None
) -> tuple[dict[str, Column], dict[int, str]]:
    """Fields found in the labels, and a note for each labelled column left unused."""
    columns: dict[str, Column] = {}
    unused: dict[int, str] = {}
    for index, label in enumerate(labels):
        if not label:
            continue
        verdict = classify_header(label, year)
        if verdict.field is None:
            unused[index] = verdict.unused_reason or verdict.note or "表头未对应任何字段"
        elif verdict.field in columns:
            first = columns[verdict.field]
            unused[index] = f"与 {first.letter} 列同为「{verdict.field}」，未加载"
        else:
            percent = "%" in label or "％" in label
            columns[verdict.field] = Column(
                index, label, verdict.field, verdict.unit, verdict.period_month, percent
            )
    return columns, unused


def _header_candidates(sheet: Sheet, merged: dict):
    # a header cannot start inside a cell merged down from the row above it
    continued = {r + 1 for r0, _c0, r1, _c1 in sheet.merged for r in range(r0, r1)}
    for top in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        if top in continued or _is_note_row(sheet, top):
            continue
        for depth in range(MAX_HEADER_DEPTH):
            bottom = top + depth
            if bottom >= len(sheet.rows) or (depth and _holds_values(sheet, bottom)):
                break  # a header ends where values begin: numbers or sentences are data, never labels
            if depth and _is_title_row(sheet, top):
                break  # 「财政评价结果汇总表」 above 得分 is the title, not a group making it 财政评价得分
            labels = _labels(sheet, top, bottom, merged)
            columns, _ = _match_columns(labels)
            # more fields first; then more specific ones (a group row above turns 得分 into 自评得分); ties go
            # to the shorter header, so a title row above is not mistaken for a group row
            specific = sum(1 for f in columns if f not in generic_fields())
            yield (len(columns), specific, -depth), top, bottom, labels, columns


def _is_title_row(sheet: Sheet, row: int) -> bool:
    """A row whose only text starts in the first column of the row below it: a title above the header
    (merged across the table or typed in one cell), never a group label over some of its columns."""
    texts = {c: t for c in range(sheet.width) if (t := _text(sheet, row, c))}
    if len(set(texts.values())) != 1 or row + 1 >= len(sheet.rows):
        return False
    below = [c for c in range(sheet.width) if _text(sheet, row + 1, c)]
    return bool(below) and min(texts) <= below[0]


SENTENCE_MARKS = frozenset("，。；！？")
LONGEST_LABEL = 40


def _holds_values(sheet: Sheet, row: int) -> bool:
    """A row with a number (not a merged group's fill) or a sentence in it: a data row, not a header row."""
    for c in range(sheet.width):
        value = sheet.value(row, c)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return True
        text = _text(sheet, row, c)
        if text and (len(text) > LONGEST_LABEL or SENTENCE_MARKS & set(text)):
            return True
    return False


NOTE_PREFIXES = ("填报单位", "编制单位", "报送单位", "单位:", "单位：", "金额单位", "填报日期", "填表日期")


def _is_note_row(sheet: Sheet, row: int) -> bool:
    """A row of notes above a table ("填报单位：…", "单位：万元") is never part of its header."""
    texts = [t for c in range(sheet.width) if (t := _text(sheet, row, c))]
    return bool(texts) and all(
        detect_amount_unit(t) or t.replace(" ", "").startswith(NOTE_PREFIXES) for t in texts
    )


def find_table(sheet: Sheet, path: Path | None = None) -> Table | None:
    """The best header (one to three rows) in the first rows of the sheet, or None."""
    merged = _merged_fill(sheet)
    best = None
    for candidate in _header_candidates(sheet, merged):
        if len(candidate[4]) >= MIN_HEADER_FIELDS and (best is None or candidate[0] > best[0]):
            best = candidate
    if best is None:
        return None
    _, top, bottom, labels, columns = best
    above = [t for r in range(top) for c in range(sheet.width) if (t := _text(sheet, r, c))]
    title = _title(above)
    subtitles = [t for t in above if t != title]
    table = Table(
        sheet=sheet.name,
        title=title,
        header_rows=tuple(range(top, bottom + 1)),
        columns=columns,
        sheet_unit=detect_amount_unit(" ".join(above)),
        fiscal_year=None,
        region=None,
        subtitles=subtitles,
        period_month=int(period.group(2)) if (period := PERIOD_RE.search(title or "")) else None,
    )
    _classify_rows(sheet, table, bottom + 1, merged)
    year_col = columns.get("fiscal_year")
    column_year = (
        context.year_of_column(sheet.value(r, year_col.index) for r in table.data_rows) if year_col else None
    )
    if found := context.find_year(title, subtitles, column_year, sheet.name, path):
        table.fiscal_year, table.year_source = int(found.value), found.source
    if found := context.find_region(title, subtitles):
        table.region, table.region_source = str(found.value), found.source
    # with the year known, a column headed with another year ("2021年实际执行数") is not this year's
    table.columns, unused = _match_columns(labels, table.fiscal_year)
    _settle_by_content(sheet, table, unused)
    _department_from_unit(table)
    _fill_down(sheet, table, merged)
    _account_for_columns(sheet, table, labels, unused)
    return table


def _title(texts: list[str]) -> str | None:
    """The longest text above the header: the merged title row."""
    candidates = [t for t in texts if not detect_amount_unit(t) and not t.startswith(("填报单位", "单位"))]
    return max(candidates, key=len) if candidates else None


def _settle_by_content(sheet: Sheet, table: Table, unused: dict[int, str]) -> None:
    """A 结论 column holding 优/良/中/差 is the grade (G-PMKPI's 自评结论)."""
    col = table.columns.get("conclusion")
    if col is None or "grade" in table.columns:
        return
    values = [t for r in table.data_rows if (t := _text(sheet, r, col.index))]
    if values and all(grades.level_of(v) for v in values):
        table.columns["grade"] = Column(col.index, col.label, "grade")
        del table.columns["conclusion"]
        table.notes.append(f"{col.letter} 列「{col.label}」填的是等级（优/良/中/差），按等级读取")


def _department_from_unit(table: Table) -> None:
    """Without a 主管部门 column, the only unit column (单位名称, 预算单位, 申报单位…) names the department."""
    if "department" in table.columns or "unit" not in table.columns:
        return
    col = table.columns.pop("unit")
    table.columns["department"] = Column(col.index, col.label, "department", col.unit)
    table.notes.append(f"{col.letter} 列「{col.label}」是表中唯一的单位列，作为主管部门读取")


def _fill_down(sheet: Sheet, table: Table, merged: dict) -> None:
    """Group cells (department, unit, fund type) merged over or typed once above their rows fill those
    rows within the block (a 小计/合计 row ends a block); each fill is counted in the table's notes."""
    name_col = table.columns.get("project_name")
    if name_col is None:
        return  # a department list: the department is the row itself, never inherited
    block_ends = set(table.total_rows)
    for field_name in FILL_DOWN_FIELDS:
        col = table.columns.get(field_name)
        if col is None:
            continue
        from_merge = from_blank = 0
        current = None
        for row in range(table.header_rows[-1] + 1, (table.data_rows[-1] + 1) if table.data_rows else 0):
            if row in block_ends:
                current = None
                continue
            own = clean_text(sheet.value(row, col.index))
            if own is not None:
                current = sheet.value(row, col.index)
                continue
            if row not in table.data_rows or _text(sheet, row, name_col.index) is None:
                continue
            if (row, col.index) in merged and clean_text(merged[(row, col.index)]) is not None:
                table.filled[(row, col.index)] = merged[(row, col.index)]
                from_merge += 1
            elif current is not None:
                table.filled[(row, col.index)] = current
                from_blank += 1
        if from_merge or from_blank:
            parts = [
                f"合并单元格 {from_merge} 行" if from_merge else "",
                f"上方留空 {from_blank} 行" if from_blank else "",
            ]
            table.notes.append(
                f"{col.letter} 列（{FIELD_NAMES.get(field_name, field_name)}）向下填充 "
                f"{from_merge + from_blank} 行（{'，'.join(p for p in parts if p)}）"
            )


def _is_number(value: object) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    try:
        return parse_decimal(value) is not None
    except CellError:
        return False


def _data_columns(sheet: Sheet, table: Table, cleaned: bool = False) -> list[list[object]]:
    """The data rows' values column by column (a value filled down stands for its cell), one transpose of
    the rows instead of a cell lookup per row and column; ``cleaned``: their `clean_text`, taken from the
    rows' cleaned texts."""
    height = len(sheet.rows)
    read = sheet.row_texts if cleaned else sheet.rows.__getitem__
    data = [read(r) if 0 <= r < height else [] for r in table.data_rows]
    columns = [list(column) for column in zip_longest(*data)] if data else []
    columns += [[None] * len(data) for _ in range(sheet.width - len(columns))]
    filled_by_row: dict[int, list[tuple[int, object]]] = {}
    for (r, c), value in table.filled.items():
        filled_by_row.setdefault(r, []).append((c, clean_text(value) if cleaned else value))
    if filled_by_row:
        for position, r in enumerate(table.data_rows):
            for c, value in filled_by_row.get(r, ()):
                if 0 <= c < len(columns):
                    columns[c][position] = value
    return columns


def _account_for_columns(
    sheet: Sheet, table: Table, labels: list[str | None], unused: dict[int, str]
) -> None:
    """Every non-empty column: its field, or why it is unused. A column of numbers that maps to nothing
    is a loss the load report must show (the file is 「部分识别」)."""
    by_index = {c.index: c for c in table.columns.values()}
    fields_of = {c.index: f for f, c in table.columns.items()}
    columns, texts = _data_columns(sheet, table), _data_columns(sheet, table, cleaned=True)
    for index in range(sheet.width):
        values = [
            v for v, t in zip(columns[index], texts[index], strict=True) if v is not None and t is not None
        ]
        header = labels[index] if index < len(labels) else None
        if header is None and not values:
            continue
        sample = next(t for t in texts[index] if t is not None) if values else None
        field_name = fields_of.get(index)
        note = None
        if index in by_index and field_name is not None:
            note = next((n for n in table.notes if n.startswith(f"{column_letter(index)} 列")), None)
        else:
            field_name = None
            note = unused.get(index, "无表头" if header is None else "表头未对应任何字段")
            known = any(note == reason for reason in _known_reasons(header))
            numbers = sum(1 for v in values if _is_number(v))
            if numbers and numbers * 2 >= len(values) and not known and not _only_row_numbers(values):
                table.unmapped.append(
                    f"{column_letter(index)} 列「{header or '（无表头）'}」是数字（如 {sample}），但未对应任何字段"
                )
        table.column_reports.append(ColumnReport(index, header, field_name, sample, note))


def _known_reasons(header: str | None) -> list[str]:
    verdict = classify_header(header) if header else None
    return [verdict.unused_reason] if verdict and verdict.unused_reason else []


def _only_row_numbers(values: list[object]) -> bool:
    """1, 2, 3 … down the column: an unlabelled 序号."""
    try:
        numbers = [parse_decimal(v) for v in values]
    except CellError:
        return False
    return len(numbers) > 1 and all(n == i for i, n in enumerate(numbers, start=numbers[0] or 1))


def _words(texts: list[str]) -> list[str]:
    return [t.replace(" ", "").replace("\u3000", "") for t in texts]


def total_kind(texts: list[str]) -> str | None:
    """'小计' / '合计' / '其中' when a row is a total, subtotal or breakdown line — in any column."""
    for text in _words(texts):
        if text.startswith(BREAKDOWN_PREFIX):
            return "其中"
        for word in TOTAL_WORDS:
            if text == word or text.startswith(word) or (text.endswith(word) and len(text) <= 30):
                return "小计" if word in SUBTOTAL_WORDS else "合计"
    return None


@lru_cache(maxsize=65536)  # list rows repeat the same names and notes
def _is_total_text(text: str) -> bool:
    return total_kind([text]) is not None


def is_total_row(texts: list[str]) -> bool:
    return total_kind(texts) is not None


def is_footer_row(texts: list[str]) -> bool:
    return bool(texts) and texts[0].replace(" ", "").startswith(FOOTER_PREFIXES)


def _classify_rows(sheet: Sheet, table: Table, first: int, merged: dict) -> None:
    """Data, total and footer rows. A footer or note ends the table only when no data-looking row follows:
    rows after it that carry a name or a number in a recognised column are data like any other."""
    key_cols = [c.index for f, c in table.columns.items() if f not in ("seq",)]
    name_cols = [table.columns[f].index for f in ("project_name", "department", "unit") if f in table.columns]
    numeric_cols = [c.index for f, c in table.columns.items() if f in NUMERIC_FIELDS]
    # a remark such as "含上年结转合计" does not make its row a total
    free_text = {c.index for f, c in table.columns.items() if f in FREE_TEXT_FIELDS}
    after_footer = False
    for row in range(first, len(sheet.rows)):
        cleaned = sheet.row_texts(row)
        texts = [t for t in cleaned if t]
        if not texts:
            continue
        if is_footer_row(texts):
            table.footer_rows.append(row)
            after_footer = True
            continue
        label_texts = [t for c, t in enumerate(cleaned) if t and c not in free_text]
        # a number never counts as a total's label: test the (few) texts that read as one
        if any(_is_total_text(t) and not _is_number(t) for t in label_texts):
            table.total_rows.append(row)
            continue
        if all(sheet.value(row, c) is None for c in key_cols):
            continue  # only a 序号 or stray note: nothing to load
        if after_footer:
            looks_like_data = any(_text(sheet, row, c) for c in name_cols) and any(
                _is_number(sheet.value(row, c)) for c in numeric_cols
            )
            if not looks_like_data:
                table.footer_rows.append(row)
                continue
        table.data_rows.append(row)
