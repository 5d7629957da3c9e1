"""Parse a filled 项目支出绩效目标申报表 / 绩效目标表: one project per sheet (forms.md §3).

Every value is found through the label written beside or above it, never through a fixed address, so
the national 88号 layout and local variants (佳县, 大庆, 鄂州, 宁乡 wordings) go through the same code.
When a form carries 中期 and 年度 indicators (side by side, or as 长期/年度 blocks) the 年度 ones are taken.

The indicator-table helpers here are shared with ``etl.forms.monitoring_form`` and
``etl.forms.dept_target_form``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from etl import config
from etl.cells import (
    CellError,
    clean_text,
    is_blank,
    parse_decimal,
    parse_indicator_target,
    wan_from,
)
from etl.forms.base import FormResult
from etl.forms.grid import (
    Grid,
    Label,
    find_labels,
    first_label,
    label_key,
    rejection,
    squash,
    values_right,
)
from etl.forms.head import form_title, project_fields, read_head, with_head_labels
from etl.records import Rejection
from etl.workbook import Sheet, TextSieve

KIND = "project_target_form"
TITLE_WORDS = ("绩效目标申报表", "绩效目标表")
# lists, whole-department forms and other stages share words with the project forms
NOT_A_PROJECT_FORM = ("自评", "汇总", "整体", "清单", "一览", "明细", "评分", "评价")
SELF_EVAL_HEADERS = frozenset({"实际完成值", "全年实际值", "分值", "得分", "自评得分"})
# labels of the target form's own head fields (etl.forms.head reads the rest)
OWN_LABELS: dict[str, str | None] = {"资金性质": "fund_type"}
FUND_LABELS: dict[str, str] = {
    "中期资金总额": "mid_total",
    "年度资金总额": "total",
    "资金总额": "total",
    "财政拨款": "part",
    "当年财政拨款": "part",
    "当年一般公共预算拨款": "part",
    "上年结转资金": "part",
    "其他资金": "part",
    "自有资金": "part",
    "事业收入": "part",
    "经营性收入": "part",
    "其他": "part",
}
FORM_LABELS: dict[str, str | None] = with_head_labels({**OWN_LABELS, **FUND_LABELS})
FUND_BLOCK_ROWS = 4  # a 资金 block: the total's row and the breakdown rows under it

# indicator-table header label -> role
ROLE_LABELS: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "level3",
    "三级指标名称": "level3",
    "指标内容": "level3",
    "指标名称": "level3",
    "指标值": "target",
    "年度指标值": "target",
    "中期指标值": "target",
    "长期指标值": "target",
    "当年预期实现值": "target",
    "预期指标值": "target",
    "目标值": "target",
    "绩效标准": "level3",  # 鄂州: 绩效标准 | 当年预期实现值
    "指标性质": "operator",
    "计算符号": "operator",
    "度量单位": "unit",
    "计量单位": "unit",
    "备注": "remark",
    "全年预计完成情况": "expected",
    "偏差原因分析": "deviation",
    "偏差原因": "deviation",
    "偏差原因分析及改进措施": "deviation",
    "当前完成值": "actual",
}
# second header row labels: the 偏差原因分析 and 完成目标可能性 sub-columns
SUB_ROLE_LABELS: dict[str, str] = {
    "经费保障": "deviation_part",
    "制度保障": "deviation_part",
    "人员保障": "deviation_part",
    "硬件条件保障": "deviation_part",
    "硬件保障": "deviation_part",
    "其他": "deviation_part",
    "确定能": "likelihood_tick",
    "有可能": "likelihood_tick",
    "完全不可能": "likelihood_tick",
    "不可能": "likelihood_tick",
}
_ACTUAL_LABEL = re.compile(
    r"^(?:(?P<start>\d{1,2})[-—–~至到](?P<end>\d{1,2})月(?:份)?|截[至止](?P<upto>\d{1,2})月(?:底|末)?|"
    r"(?P<half>半年度?|上半年)|当前月?)(?:指标)?(?:执行|完成)情况$"
)
_TEMPLATE_NAME = re.compile(r"^指标\s*\d+\s*(?:[:：]\s*|$)")


# ---------------------------------------------------------------------------------------------------------
# taxonomy


@cache
def taxonomy() -> dict:
    return config.load("indicator_taxonomy")


def canonical_level(kind: str, text: str | None) -> str | None:
    """The current name of a 一级/二级 indicator ('level1' / 'level2'); unknown names stay as written."""
    if text is None:
        return None
    return taxonomy()[f"{kind}_synonyms"].get(squash(text), text)


# ---------------------------------------------------------------------------------------------------------
# recognition


def title_matches(title: str | None, words: tuple[str, ...]) -> bool | None:
    """True/False when the title decides the form kind; None when there is no title to go by."""
    if title is None:
        return None
    squashed = squash(title)
    return any(w in squashed for w in words) and not any(w in squashed for w in NOT_A_PROJECT_FORM)


# ---------------------------------------------------------------------------------------------------------
# the fund block and 资金性质


def label_amount(
    grid: Grid, label: Label, field: str, unit: str, rejections: list[Rejection]
) -> Decimal | None:
    """The amount right of (or inside) a money label, in 万元; a Rejection when it is not a number."""
    values = values_right(grid, label, FORM_LABELS)
    if not values:
        return None
    col, raw = values[0]
    try:
        amount = parse_decimal(raw)
    except CellError as exc:
        rejections.append(rejection(grid, label.row, col, field, exc.reason, {label.key: clean_text(raw)}))
        return None
    return None if amount is None else wan_from(amount, unit)


def _first_text(grid: Grid, labels: list[Label], keys: Iterable[str]) -> str | None:
    label = first_label(labels, keys)
    if label is None:
        return None
    return next((clean_text(v) for _c, v in values_right(grid, label, FORM_LABELS)), None)


def _funding(
    grid: Grid, head_rows: range, unit: str, rejections: list[Rejection]
) -> tuple[Decimal | None, dict]:
    """年度资金总额 and its breakdown; with a 中期 side present only the 年度 side's columns count."""
    labels = find_labels(grid, FUND_LABELS, head_rows)
    total = first_label(labels, ("年度资金总额", "资金总额"))
    if total is None:
        return None, {}
    has_mid = any(label.key == "中期资金总额" for label in labels)
    parts = {}
    for label in labels:
        in_block = total.row <= label.row < total.row + FUND_BLOCK_ROWS
        on_year_side = not has_mid or label.col >= total.col
        if FUND_LABELS[label.key] == "part" and in_block and on_year_side and label.key not in parts:
            parts[label.key] = label_amount(grid, label, "funding", unit, rejections)
    return label_amount(grid, total, "budget", unit, rejections), parts


# ---------------------------------------------------------------------------------------------------------
# indicator tables


@dataclass(frozen=True)
class IndicatorTable:
    header_row: int
    data_start: int
    data_end: int  # exclusive
    block_label: str | None  # 绩效指标 / 年度绩效指标 / 长期绩效指标 in the column left of 一级指标
    cols: dict[str, int]  # role -> column
    labels: dict[int, str]  # column -> header text, for a rejection's raw row
    deviation_cols: dict[int, str]  # column -> 偏差原因 category
    tick_cols: dict[int, str]  # column -> 完成目标可能性 ticked in it


@lru_cache(maxsize=65536)  # the same header texts on every sheet
@lru_cache(maxsize=65536)  # asked of every text of every row when a sheet's indicator tables are sought
def role_of(label: str | None, sub: bool = False) -> str | None:
    if not label:
        return None
    key = label_key(label)
    if sub and key in SUB_ROLE_LABELS:
        return SUB_ROLE_LABELS[key]
    if key in ROLE_LABELS:
        return ROLE_LABELS[key]
    if key.startswith("完成目标可能性") or key.startswith("目标完成可能性"):
        return "likelihood"
    if _ACTUAL_LABEL.match(key):
        return "actual"
    return None


def _is_level1_text(value: str) -> bool:
    return role_of(clean_text(value)) == "level1"


_LEVEL1 = TextSieve(_is_level1_text)


def period_month_of(label: str | None) -> int | None:
    """Last month of the period a header covers: "1-7月执行情况" → 7, "半年度指标执行情况" → 6."""
    match = _ACTUAL_LABEL.match(label_key(label or ""))
    if match is None:
        return None
    if match.group("half"):
        return 6
    month = match.group("end") or match.group("upto")
    return int(month) if month and 1 <= int(month) <= 12 else None


def _header_cells(grid: Grid, row: int) -> tuple[list[tuple[int, str | None, str]], int]:
    """(column, role, label) across a one- or two-row header, and the header's height."""
    # a second header row holds the sub-columns of a merged 偏差原因分析 / 完成目标可能性 group, nothing else
    two_rows = any(
        grid.merged_width(row, c) > 1
        and role_of(grid.anchored_text(row, c)) in ("deviation", "likelihood")
        and role_of(grid.text(row + 1, c), sub=True) in ("deviation_part", "likelihood_tick")
        for c in range(grid.width)
    )
    cells = []
    for c in range(grid.width):
        top, sub = grid.text(row, c), grid.text(row + 1, c) if two_rows else None
        label = sub or top
        if label:
            cells.append((c, role_of(sub, sub=True) if sub else role_of(top), label))
    return cells, 2 if two_rows else 1


def _year_side(cells: list[tuple[int, str | None, str]]) -> dict[str, int]:
    """Columns of the 年度 side: the 指标值 labelled 年度, else the rightmost not labelled 中期/长期."""
    targets = [(c, label) for c, role, label in cells if role == "target"]
    if not targets:
        return {}
    chosen = next((c for c, label in targets if "年度" in label), None)
    if chosen is None:
        plain = [c for c, label in targets if not any(w in label for w in ("中期", "长期"))]
        chosen = plain[-1] if plain else targets[-1][0]
    previous = max((c for c, _label in targets if c < chosen), default=-1)
    side = {"target": chosen}
    for role in ("level2", "level3"):
        cols = [c for c, r, _label in cells if r == role and previous < c < chosen]
        if cols:
            side[role] = cols[-1]
    return side


def _table_at(grid: Grid, row: int, stop_rows: set[int]) -> IndicatorTable:
    cells, height = _header_cells(grid, row)
    cols: dict[str, int] = {}
    for c, role, _label in cells:
        if role and role not in cols and role not in ("deviation_part", "likelihood_tick"):
            cols[role] = c
    cols.update(_year_side(cells))
    level1_col = cols["level1"]
    block_col = next((c for c in range(level1_col - 1, -1, -1) if grid.anchored_text(row, c)), None)
    block_label = grid.anchored_text(row, block_col) if block_col is not None else None
    end = row + height
    while end < grid.height and end not in stop_rows:
        if block_col is not None:
            here = grid.anchored_text(end, block_col)
            if here and here != block_label:
                break
        elif all(grid.text(end, c) is None for c in range(grid.width)):
            break
        end += 1
    return IndicatorTable(
        header_row=row,
        data_start=row + height,
        data_end=end,
        block_label=block_label,
        cols=cols,
        labels={c: label for c, _role, label in cells},
        deviation_cols={c: label_key(label) for c, role, label in cells if role == "deviation_part"},
        tick_cols={c: label_key(label) for c, role, label in cells if role == "likelihood_tick"},
    )


def indicator_tables(grid: Grid) -> list[IndicatorTable]:
    """Every indicator table in the sheet, one per 一级指标 header row (found once per sheet: the form
    recognisers and the parser all ask)."""
    if "indicator_tables" not in grid.memo:
        # a 一级指标 header is text: only the rows holding such a text are candidates (numbers never are)
        rows = grid.sheet.rows_with(_LEVEL1)
        grid.memo["indicator_tables"] = [_table_at(grid, r, set(rows)) for r in rows]
    return list(grid.memo["indicator_tables"])


def year_table(tables: list[IndicatorTable]) -> IndicatorTable | None:
    """The 年度 block (年度绩效指标) over a 长期/中期 one; the last table when nothing says."""
    for table in tables:
        if table.block_label and "年度" in table.block_label:
            return table
    plain = [t for t in tables if not any(w in (t.block_label or "") for w in ("长期", "中期"))]
    return (plain or tables or [None])[-1]


def indicator_name(raw: object) -> tuple[str | None, bool]:
    """(三级 name without its "指标1：" prefix, whether the cell was an empty template entry)."""
    if raw is None:
        return None, False
    text = clean_text(raw)
    if text is None:  # "……", "——" left in the template
        return None, True
    name = clean_text(_TEMPLATE_NAME.sub("", text))
    return name, name is None


def raw_row(grid: Grid, table: IndicatorTable, row: int) -> dict[str, str | None]:
    return {label: clean_text(grid.raw(row, c)) for c, label in table.labels.items()}


RowExtra = Callable[[Grid, IndicatorTable, int, list[Rejection]], dict]


def indicator_rows(
    grid: Grid, table: IndicatorTable, stage: str, rejections: list[Rejection], extra: RowExtra | None = None
) -> tuple[list[dict], int]:
    """Indicators of one table and the number of empty template rows skipped.

    一级/二级 are read through merged cells and carried down over blank cells; a new 一级 clears the 二级.
    """
    cols = table.cols
    level1 = level2 = None
    indicators, skipped = [], 0
    for r in range(table.data_start, table.data_end):
        here1 = grid.anchored_text(r, cols["level1"])
        if here1 and here1 != level1:
            level1, level2 = here1, None
        here2 = grid.anchored_text(r, cols["level2"]) if "level2" in cols else None
        level2 = here2 or level2
        name, is_template = indicator_name(grid.raw(r, cols["level3"])) if "level3" in cols else (None, False)
        target_raw = grid.raw(r, cols["target"]) if "target" in cols else None
        if name is None and is_blank(target_raw):
            skipped += is_template
            continue
        if name is None:
            rejections.append(
                rejection(
                    grid,
                    r,
                    cols.get("level3"),
                    "level3",
                    f"有指标值“{clean_text(target_raw)}”但三级指标名称为空",
                    raw_row(grid, table, r),
                )
            )
            continue
        value = parse_indicator_target(
            target_raw,
            grid.raw(r, cols["operator"]) if "operator" in cols else None,
            grid.raw(r, cols["unit"]) if "unit" in cols else None,
        )
        indicator = {
            "stage": stage,
            "level1": canonical_level("level1", level1),
            "level2": canonical_level("level2", level2),
            "level3": name,
            "operator": value.operator,
            "target_text": value.text or None,
            "target_value": value.value,
            "unit": value.unit,
            "is_quantified": value.is_quantified,
            "source_row": r + 1,
        }
        if extra is not None:
            indicator.update(extra(grid, table, r, rejections))
        indicators.append(indicator)
    return indicators, skipped


def has_project_head(grid: Grid, table: IndicatorTable) -> bool:
    """A form names its project in a label above the indicator table; a list has 项目名称 as a column."""
    labels = find_labels(grid, FORM_LABELS, range(table.header_row))
    return any(label.key == "项目名称" and values_right(grid, label, FORM_LABELS) for label in labels)


def _has_headers(grid: Grid, table: IndicatorTable, keys: frozenset[str]) -> bool:
    return any(label_key(label) in keys for label in table.labels.values())


# ---------------------------------------------------------------------------------------------------------
# the 绩效目标表


def looks_like_target_form(sheet: Sheet) -> bool:
    """A per-project 绩效目标申报表/绩效目标表: told by its title and labels, never by the file name."""
    grid = Grid.of(sheet)
    by_title = title_matches(form_title(grid), TITLE_WORDS)
    if by_title is False:
        return False
    table = year_table(indicator_tables(grid))
    if table is None or "target" not in table.cols or not has_project_head(grid, table):
        return False
    # without a title, monitoring and self-assessment forms are told apart by their extra columns
    progress = {"actual", "expected", "likelihood"} & set(table.cols)
    return not progress and not _has_headers(grid, table, SELF_EVAL_HEADERS)


def parse_target_form(sheet: Sheet) -> FormResult:
    grid = Grid.of(sheet)
    rejections: list[Rejection] = []
    tables = indicator_tables(grid)
    head = read_head(grid, end=tables[0].header_row if tables else grid.height, known=FORM_LABELS)
    head_rows = range(head.end)
    project = project_fields(grid, head, rejections)
    budget, funding = _funding(grid, head_rows, head.amount_unit, rejections)
    labels = find_labels(grid, FORM_LABELS, head_rows)
    stated_fund = _first_text(grid, labels, ("资金性质",))
    table = year_table(tables)
    indicators, skipped = indicator_rows(grid, table, "目标", rejections) if table else ([], 0)
    project.update(
        {
            "budget": budget,
            "funding": funding,
            "fund_type_text": stated_fund or "、".join(k for k, v in funding.items() if v) or None,
            "indicator_count": len(indicators),
            "quantified_count": sum(i["is_quantified"] for i in indicators),
        }
    )
    return FormResult(KIND, project, indicators, rejections, skipped)
