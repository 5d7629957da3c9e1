"""The head of a per-sheet form: title, subtitle, year, region, department, unit, project and money unit.

Every per-sheet form (项目自评表, 绩效目标表, 监控表, 部门整体自评表 / 目标表, 绩效评价评分表) opens with the same
kind of head, so one reader serves them all and each parser keeps only its own blocks (money tables,
indicators, scores). Everything is found through the label written beside (or in front of) it:

- the year comes from the title, else the subtitle line under it (「（2024年度）」, 「2023年度」), else a
  labelled 年度 / 预算年度 / 评价年度 cell, else the sheet name, and ``year_source`` says which. A year inside
  a project name (「2021年高标准农田建设」) or a 填报日期 never counts;
- the department, unit and project name lose their budget-code prefix (「219001-沙湾市教育局」,
  「51000021R000000019951-工资性支出」); the prefix of the project name is its code when no 项目编码 is given;
- the money unit is 元 when a 单位：元 note (or, without a note, a bracketed （元） in a header) says so,
  else 万元.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from etl import context
from etl.cells import clean_text, detect_amount_unit, split_code_prefix, to_halfwidth
from etl.forms.grid import Grid, Label, find_labels, first_label, label_key, read_label, rejection, squash
from etl.records import Rejection
from etl.workbook import Sheet, TextSieve

__all__ = [
    "DEFAULT_AMOUNT_UNIT",
    "HEAD_LABELS",
    "FormHead",
    "Place",
    "UnitNote",
    "amount_units",
    "department_fields",
    "form_title",
    "head_end",
    "project_fields",
    "read_head",
    "with_head_labels",
]

DEFAULT_AMOUNT_UNIT = "万元"
TITLE_SEARCH_ROWS = 4
SUBTITLE_ROWS = 3  # lines under the title that may still belong to it

# labels each head field is read from, most preferred first
PROJECT_NAME_LABELS = ("项目名称",)
PROJECT_CODE_LABELS = ("项目编码", "项目代码", "项目编号")
DEPARTMENT_LABELS = (
    "主管部门及代码",
    "主管部门",
    "主管部门名称",
    "主管部门(单位)",
    "主管单位",
    "部门(单位)名称",
    "部门名称",
    "预算部门",
    "被评价部门",
    "单位名称",
)
DEPARTMENT_CODE_LABELS = ("主管部门编码", "主管部门代码")
UNIT_LABELS = ("实施单位", "项目实施单位", "项目执行单位", "实施单位名称", "项目单位", "填报单位", "预算单位")
YEAR_LABELS = ("年度", "预算年度", "评价年度", "项目年度", "所属年度", "填报年度", "绩效年度", "自评年度")
REGION_LABELS = ("财政区划", "行政区划", "地区", "所属地区", "区划")
FILL_DATE_LABELS = ("填报日期", "填表日期", "填报时间")
# labels of a form head that no head field reads: known so that a value run stops at them
OTHER_LABELS = (
    "项目属性",
    "项目期",
    "项目负责人",
    "联系人",
    "部门联系人",
    "联系电话",
    "项目起止时间",
    "项目类型",
    "项目类别",
    "项目性质",
    "资金性质",
    "评价时间",
)
_FIELD_LABELS = {
    "project_name": PROJECT_NAME_LABELS,
    "project_code": PROJECT_CODE_LABELS,
    "department": DEPARTMENT_LABELS,
    "department_code": DEPARTMENT_CODE_LABELS,
    "unit": UNIT_LABELS,
    "fiscal_year": YEAR_LABELS,
    "region": REGION_LABELS,
    "fill_date": FILL_DATE_LABELS,
}
# every label a form head writes -> the head field it gives (None: it only ends a value run)
HEAD_LABELS: dict[str, str | None] = {
    **dict.fromkeys(OTHER_LABELS),
    **{label: name for name, labels in _FIELD_LABELS.items() for label in labels},
}
# header cells that open a form's indicator or score table, where the head ends
TABLE_START_LABELS = frozenset({"一级指标", "二级指标", "三级指标", "三级指标名称", "指标名称"})

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# a year stated as the fiscal year: "2024年度", or a whole line "2024年" / "2024年1-6月" / "2024"
_YEAR_OF = re.compile(r"(?<!\d)((?:19|20)\d{2})年度")
_YEAR_LINE = re.compile(r"((?:19|20)\d{2})(?:年(?:\d{1,2}(?:[-—–~至到]\d{1,2})?月(?:份|底|末)?)?)?")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_UNIT_NOTE = re.compile(r"(?:金额)?单位:(?:人民币)?(?:万元|元)")
_BRACKETED = re.compile(r"[(\[【](?P<inner>.*)[)\]】]")
_AFTER_COLON = re.compile(r"[:：]")
# what follows an inline value in the same cell: "填报单位：沙湾市教育局    单位：万元"
_NEXT_INLINE = re.compile(r"\s+[^\s:：]{1,10}[:：].*$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})")
_FILL_DATE_IN_TEXT = re.compile(r"填[报表](?:日期|时间)\s*[:：]\s*(?P<date>.+)")


@dataclass(frozen=True)
class Place:
    """Where a head value was read: the label's row and column, and the column of its value (the label's
    own column when the value is typed after its colon; the next column when nothing is filled in)."""

    row: int
    label_col: int
    value_col: int


@dataclass(frozen=True)
class UnitNote:
    """A money unit stated in the head: by a 单位：… note (``stated``) or in brackets, "项目资金（元）"."""

    row: int
    col: int
    unit: str
    stated: bool


@dataclass(frozen=True)
class FormHead:
    title: str | None
    subtitle: str | None  # the line(s) under the title, cells joined by two spaces, lines by "\n"
    fiscal_year: int | None
    year_source: str | None  # '标题', '副标题', '年度栏' or '工作表名'
    region: str | None
    department: str | None
    department_code: str | None
    unit: str | None
    project_name: str | None
    project_code: str | None
    amount_unit: str  # '万元' or '元'
    fill_date: dt.date | None
    end: int  # rows [0, end) are the head
    # every money unit the head states, the one that counts first
    amount_units: tuple[UnitNote, ...] = ()
    # field -> where it was read, for the fields read beside a label
    places: dict[str, Place] = field(default_factory=dict)

    def empty(self, name: str) -> Place | None:
        """Where a field's label stands when nothing (or only a code) is filled in beside it."""
        place = self.places.get(name)
        return place if place is not None and getattr(self, name, None) is None else None

    def source_row(self, name: str) -> int | None:
        """The 1-based row of a field's label, as Excel shows it."""
        place = self.places.get(name)
        return place.row + 1 if place else None


def _dated(head: FormHead) -> dict:
    return {"fiscal_year": head.fiscal_year, "year_source": head.year_source, "fill_date": head.fill_date}


def project_fields(grid: Grid, head: FormHead, rejections: list[Rejection]) -> dict:
    """The head fields of a project form's project dict; an empty 项目名称 becomes a rejection."""
    empty = head.empty("project_name")
    if empty is not None:
        rejections.append(rejection(grid, empty.row, empty.value_col, "project_name", "项目名称为空", {}))
    return {
        "sheet": grid.sheet.name,
        **_dated(head),
        "department": head.department,
        "department_code": head.department_code,
        "unit": head.unit,
        "project_code": head.project_code,
        "project_name": head.project_name,
        "source_row": head.source_row("project_name"),
    }


def department_fields(grid: Grid, head: FormHead, rejections: list[Rejection]) -> dict:
    """The head fields of a 部门整体 form's department dict; an empty department name becomes a rejection."""
    empty = head.empty("department")
    if empty is not None:
        rejections.append(rejection(grid, empty.row, empty.value_col, "department", "部门名称为空", {}))
    return {
        "sheet": grid.sheet.name,
        **_dated(head),
        "department": head.department,
        "department_code": head.department_code,
        "source_row": head.source_row("department"),
    }


def with_head_labels(own: Mapping[str, str | None]) -> dict[str, str | None]:
    """A parser's own labels plus every head label (as a label that only ends a value run)."""
    return {**dict.fromkeys(HEAD_LABELS), **own}


# ---------------------------------------------------------------------------------------------------------
# title and subtitle


def _title_cell(grid: Grid) -> tuple[int, int, str] | None:
    for r in range(min(TITLE_SEARCH_ROWS, grid.height)):
        for c in range(grid.width):
            text = grid.text(r, c)
            if text and "表" in text and read_label(text, HEAD_LABELS) is None:
                return r, c, text
    return None


def _title(grid: Grid) -> tuple[int, int, str] | None:
    """`_title_cell`, found once per sheet: every candidate form and then the head reader ask."""
    if "title" not in grid.memo:
        grid.memo["title"] = _title_cell(grid)
    return grid.memo["title"]


def form_title(grid: Grid) -> str | None:
    """The form's title: the first text near the top naming a 表 (every candidate form asks first)."""
    found = _title(grid)
    return found[2] if found else None


def _bare(text: str) -> str:
    """A subtitle text without whitespace, its unit note and its outer brackets: "（2024年度）" → "2024年度"."""
    squashed = _UNIT_NOTE.sub("", squash(text))
    bracketed = _BRACKETED.fullmatch(squashed)
    return bracketed.group("inner") if bracketed else squashed


def _is_subtitle_text(text: str, known: Mapping[str, object]) -> bool:
    """A line under a title: a year, a note ("单位：万元", "填报单位：…") or a bracketed remark."""
    label = read_label(text, known)
    if label is not None and label.inline is None:
        return False  # a label whose value sits in the next cell: the head proper has begun
    squashed = squash(text)
    return ":" in squashed or _BRACKETED.fullmatch(squashed) is not None or _year_of(text) is not None


def _year_of(text: str) -> int | None:
    """The year a subtitle text states as a year: "（2024年度）", "2023年度", "2024年1-6月", "(2024)"."""
    bare = _bare(text)
    match = _YEAR_OF.search(bare) or _YEAR_LINE.fullmatch(bare)
    return int(match.group(1)) if match else None


def _subtitle_cells(
    grid: Grid, title: tuple[int, int, str] | None, end: int, known: Mapping[str, object]
) -> list[tuple[int, str]]:
    """(row, text) of the subtitle: other notes in the title's row, then the lines right under it."""
    cells: list[tuple[int, str]] = []
    if title is not None:
        row, col, _text = title
        cells += [
            (row, text)
            for c in range(grid.width)
            if c != col and (text := grid.text(row, c)) and _is_subtitle_text(text, known)
        ]
    start = title[0] + 1 if title else 0
    for r in range(start, min(end, start + SUBTITLE_ROWS)):
        texts = [text for c in range(grid.width) if (text := grid.text(r, c))]
        if not all(_is_subtitle_text(text, known) for text in texts):
            break
        cells += [(r, text) for text in texts]
    return cells


def _subtitle_text(cells: list[tuple[int, str]]) -> str | None:
    lines: dict[int, list[str]] = {}
    for row, text in cells:
        lines.setdefault(row, []).append(text)
    return "\n".join("  ".join(texts) for texts in lines.values()) or None


# ---------------------------------------------------------------------------------------------------------
# labelled values


def _values(grid: Grid, label: Label, known: Mapping[str, object]) -> list[tuple[int, object]]:
    """(column, value) right of a label up to the next label; the text typed after its colon, as typed and
    without a note that follows it in the same cell ("沙湾市教育局    单位：万元")."""
    if label.inline is not None:
        typed = grid.text(label.row, label.col) or ""
        value = clean_text(_NEXT_INLINE.sub("", _AFTER_COLON.split(typed, maxsplit=1)[-1]))
        return [(label.col, value)] if value else []
    out = []
    for c in range(label.col + 1, grid.width):
        value = grid.raw(label.row, c)
        if read_label(value, known) is not None:
            break
        if clean_text(value) is not None:
            out.append((c, value))
    return out


class _Labels:
    """The labels of a head and the values beside them."""

    def __init__(self, grid: Grid, rows: Iterable[int], known: Mapping[str, object]) -> None:
        self.grid = grid
        self.known = known
        self.found = find_labels(grid, known, rows)
        self.places: dict[str, Place] = {}

    def _place(self, name: str, label: Label, values: list[tuple[int, object]]) -> None:
        value_col = values[0][0] if values else label.col + (0 if label.inline is not None else 1)
        self.places[name] = Place(label.row, label.col, value_col)

    def values(self, name: str) -> list[tuple[int, object]] | None:
        """The values beside the most preferred label of a field (empty when it is not filled in); None
        when the head has no such label."""
        label = first_label(self.found, _FIELD_LABELS[name])
        if label is None:
            return None
        values = _values(self.grid, label, self.known)
        self._place(name, label, values)
        return values

    def text(self, name: str) -> str | None:
        """The first filled value of a field, trying its labels in order of preference."""
        for key in _FIELD_LABELS[name]:
            for label in self.found:
                if label.key != key:
                    continue
                values = _values(self.grid, label, self.known)
                if values:
                    self._place(name, label, values)
                    return clean_text(values[0][1])
        return None


def _name(value: object) -> tuple[str | None, str | None]:
    """(name, code) of "219001-沙湾市教育局"; a name keeps no whitespace."""
    code, name = split_code_prefix(value)
    return name.replace(" ", "") or None, code


def _department(labels: _Labels) -> tuple[str | None, str | None]:
    """(name, code) from "219001-沙湾市教育局", from name and code in separate cells, or a 编码 label."""
    name = code = None
    for _col, value in labels.values("department") or []:
        text = clean_text(value)
        if text and text.isdigit():
            code = code or text
        else:
            here, prefix = _name(value)
            name, code = name or here, code or prefix
    return name, code or labels.text("department_code")


def _project(labels: _Labels) -> tuple[str | None, str | None]:
    """(name, code) of the project: 项目编码 when stated, else the prefix of the name."""
    values = labels.values("project_name") or []
    name, prefix = _name(values[0][1]) if values else (None, None)
    return name, labels.text("project_code") or prefix


def _region(labels: _Labels, title: str | None) -> str | None:
    """A 财政区划 / 地区 cell ("654223-沙湾市" → "沙湾市"), else a region opening the title ("沙湾市2022年…")."""
    stated = labels.text("region")
    if stated:
        return _name(stated)[0]
    found = context.find_region(title)
    return str(found.value) if found else None


# ---------------------------------------------------------------------------------------------------------
# year, money unit, fill date


def _fiscal_year(
    grid: Grid, title: str | None, subtitle: list[tuple[int, str]], labels: _Labels
) -> tuple[int | None, str | None]:
    match = _TITLE_YEAR.search(title or "")
    if match:
        return int(match.group(1)), "标题"
    for _row, text in subtitle:
        if read_label(text, labels.known) is None and (year := _year_of(text)) is not None:
            return year, "副标题"
    stated = labels.text("fiscal_year")
    if stated and (match := _ANY_YEAR.search(stated)):
        return int(match.group(1)), "年度栏"
    name = squash(grid.sheet.name)
    match = _YEAR_OF.search(name) or _YEAR_LINE.fullmatch(_bare(name))
    if match:
        return int(match.group(1)), "工作表名"
    return None, None


def _texts_with(grid: Grid, row: int, char: str) -> list[tuple[int, str]]:
    """(column, text) of the text cells of a row that contain a character (a cheap first sieve)."""
    return [(c, v) for c, v in grid.sheet.text_cells(row) if char in v] if row < grid.height else []


def _states_unit(text: str) -> bool:
    return "元" in text and bool(detect_amount_unit(text))


_UNIT_STATED = TextSieve(_states_unit)


def amount_units(grid: Grid, rows: Iterable[int]) -> tuple[UnitNote, ...]:
    """Every money unit stated in the rows: the 单位：… notes first, then the bracketed ones."""
    notes = []
    holding = set(grid.sheet.rows_with(_UNIT_STATED))  # most rows state no unit: they are not read
    for r in rows:
        if r not in holding:
            continue
        for c, value in _texts_with(grid, r, "元"):
            unit = detect_amount_unit(value)
            if unit:
                notes.append(UnitNote(r, c, unit, "单位" in value))
    return tuple(sorted(notes, key=lambda note: not note.stated))


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.search(to_halfwidth(clean_text(value) or ""))
    if match is None:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _states_fill_date(text: str) -> bool:
    """A text that states a fill date itself ("填报日期：…") or labels the cell that does."""
    return "填" in text and (
        _FILL_DATE_IN_TEXT.search(text) is not None or label_key(text) in FILL_DATE_LABELS
    )


_FILL_DATE = TextSieve(_states_fill_date)


def _fill_date(grid: Grid, labels: _Labels) -> dt.date | None:
    """填报日期 of the head; else one written anywhere in the sheet (often in the footer, beside 填报人)."""
    values = labels.values("fill_date")
    if values is not None:
        return _as_date(values[0][1]) if values else None
    # only rows holding such a text are read, cell by cell (most sheets have none)
    for r in grid.sheet.rows_with(_FILL_DATE):
        for c, text in _texts_with(grid, r, "填"):
            match = _FILL_DATE_IN_TEXT.search(text)
            if match:
                return _as_date(match.group("date"))
            if label_key(text) in FILL_DATE_LABELS:
                filled = (grid.raw(r, k) for k in range(c + 1, grid.width))
                return _as_date(next((v for v in filled if clean_text(v) is not None), None))
    return None


# ---------------------------------------------------------------------------------------------------------
# the head


def head_end(grid: Grid) -> int:
    """The first row of the form's indicator or score table (the sheet's height when there is none)."""
    for r in range(grid.height):
        if any(label_key(grid.text(r, c)) in TABLE_START_LABELS for c in range(grid.width)):
            return r
    return grid.height


_VOCABULARIES: dict[int, tuple[Mapping[str, object] | None, dict[str, object]]] = {}


def _vocabulary(known: Mapping[str, object] | None) -> dict[str, object]:
    """A parser's labels plus the head labels, merged once per vocabulary: the same mapping each time
    lets the per-sheet label memo recognise it. Parsers pass module constants; the entry keeps ``known``
    alive so its id cannot be reused by another mapping."""
    entry = _VOCABULARIES.get(id(known))
    if entry is None or entry[0] is not known:
        if len(_VOCABULARIES) > 64:
            _VOCABULARIES.clear()
        entry = _VOCABULARIES[id(known)] = (known, {**dict.fromkeys(known or ()), **HEAD_LABELS})
    return entry[1]


def read_head(
    sheet: Sheet | Grid, *, end: int | None = None, known: Mapping[str, object] | None = None
) -> FormHead:
    """The head of a form sheet: rows [0, end), by default up to the indicator or score table.

    ``known`` names the parser's own labels (财政处室, 评价机构 …): a head value never runs into them.
    """
    grid = sheet if isinstance(sheet, Grid) else Grid.of(sheet)
    end = head_end(grid) if end is None else min(end, grid.height)
    labels = _Labels(grid, range(end), _vocabulary(known))
    title = _title(grid)
    title_text = title[2] if title else None
    subtitle = _subtitle_cells(grid, title, end, labels.known)
    year, year_source = _fiscal_year(grid, title_text, subtitle, labels)
    department, department_code = _department(labels)
    project_name, project_code = _project(labels)
    units = amount_units(grid, range(end))
    unit = labels.text("unit")
    return FormHead(
        title=title_text,
        subtitle=_subtitle_text(subtitle),
        fiscal_year=year,
        year_source=year_source,
        region=_region(labels, title_text),
        department=department,
        department_code=department_code,
        unit=_name(unit)[0] if unit else None,
        project_name=project_name,
        project_code=project_code,
        amount_unit=units[0].unit if units else DEFAULT_AMOUNT_UNIT,
        fill_date=_fill_date(grid, labels),
        end=end,
        amount_units=units,
        places=dict(labels.places),
    )
