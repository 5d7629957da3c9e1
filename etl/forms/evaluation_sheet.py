"""Parse a 项目支出绩效评价评分表: one project's 部门评价 or 财政重点评价 scoring sheet (forms.md §5.1).

The sheet names its project in the head (项目名称 / 主管部门 / 实施单位 / 评价机构 / 评价类型), then scores the
项目支出绩效评价指标体系 item by item: ``一级指标 | 二级指标 | 三级指标 | 指标解释 | 分值 | 评分标准 | 得分 | 扣分说明``,
closed by a 合计/总分 row and 评价等级 / 评价结论 lines. Everything is found by its label. The 一级 names of
both frameworks (决策/过程/产出/效益 and the older 投入/过程/产出/效果) map onto the four sub-scores through
etl/config/evaluation_levels.toml.

The scored-table helpers here are shared with ``etl.forms.dept_self_eval_form``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from etl import config
from etl.cells import (
    CellError,
    clean_text,
    is_blank,
    parse_decimal,
    to_halfwidth,
    wan_from,
)
from etl.forms.base import FormResult
from etl.forms.grid import (
    Grid,
    Label,
    find_labels,
    first_label,
    label_key,
    label_value,
    labelled,
    rejection,
    squash,
)
from etl.forms.head import FormHead, form_title, project_fields, read_head, with_head_labels
from etl.records import Rejection
from etl.workbook import Sheet, TextSieve

__all__ = [
    "KIND",
    "ScoreTable",
    "canonical_level1",
    "cell_number",
    "evaluation_level",
    "find_score_table",
    "labelled_amount",
    "looks_like_evaluation_sheet",
    "parse_evaluation_sheet",
    "raw_score_row",
    "read_score_rows",
    "split_level_weight",
    "total_score",
]

KIND = "evaluation_sheet"
STAGE = "评价"

TITLE_WORD = "评价"
TITLE_ANY = ("评分", "指标体系", "打分")
# self-assessments, whole-department sheets, result lists and other stages share words with it
TITLE_NONE = ("自评", "整体", "汇总", "结果", "事前", "目标", "监控", "清单", "一览", "统计")

# labels of the sheet's own head fields (etl.forms.head reads the year, department, unit and project), plus
# every head label as one that only ends a value run
HEAD_LABELS: dict[str, str | None] = with_head_labels(
    {
        "项目名称": "project_name",  # to tell a scoring sheet from a list
        "评价机构": "evaluator",
        "评价单位": "evaluator",
        "第三方机构": "evaluator",
        "评价类型": "level",
        "评价方式": "level",
        "评价层级": "level",
        "项目资金": "budget",
        "项目预算": "budget",
        "预算资金": "budget",
        "预算金额": "budget",
    }
)
FOOT_LABELS: dict[str, str] = {
    "评价等级": "grade",
    "绩效评价等级": "grade",
    "评价结论": "conclusion",
    "综合评价结论": "conclusion",
    "评价意见": "conclusion",
}
# scoring-table header label -> role
EVAL_ROLES: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "level3",
    "指标解释": "explanation",
    "指标说明": "explanation",
    "指标内涵": "explanation",
    "分值": "weight",
    "权重": "weight",
    "指标分值": "weight",
    "标准分值": "weight",
    "评分标准": "criteria",
    "评分细则": "criteria",
    "评分方法": "criteria",
    "得分": "score",
    "评价得分": "score",
    "实际得分": "score",
    "扣分说明": "deviation_reason",
    "扣分原因": "deviation_reason",
    "扣分理由": "deviation_reason",
    "得分说明": "deviation_reason",
    "评分说明": "deviation_reason",
    # columns of self-assessment and target forms: their presence says the sheet is not a scoring sheet
    "年度指标值": "target",
    "指标值": "target",
    "实际完成值": "actual",
    "全年完成值": "actual",
}
TOTAL_LABELS = frozenset({"总分", "合计", "总计", "合计得分", "得分合计", "总得分", "综合得分"})
FOOTER_PREFIXES = (
    "评价等级",
    "绩效评价等级",
    "评价结论",
    "综合评价结论",
    "评价意见",
    "自评等级",
    "填表人",
    "填报人",
    "评价人",
    "评分人",
    "专家签字",
    "审核人",
    "联系电话",
    "填报日期",
    "存在问题",
    "改进措施",
)
ROLE_NAMES = {"weight": "分值", "score": "得分"}
_LEVEL_WEIGHT = re.compile(r"\s*\(\s*(\d+(?:\.\d+)?)\s*分\s*\)\s*")


@cache
def levels_config() -> dict:
    return config.load("evaluation_levels")


# ---------------------------------------------------------------------------------------------------------
# scored tables (shared with the 部门整体 self-assessment)


@dataclass(frozen=True)
class ScoreTable:
    header_row: int
    cols: dict[str, int]  # role -> column
    labels: dict[int, str]  # column -> header text as written, for a rejection's raw row


_ROLE_SIEVES: dict[tuple[int, str], tuple[Mapping[str, str], TextSieve]] = {}


def _role_sieve(roles: Mapping[str, str], role: str) -> TextSieve:
    """Texts that name ``role`` in a header (the vocabularies are module constants: one sieve each)."""
    entry = _ROLE_SIEVES.get((id(roles), role))
    # the entry holds `roles` itself, so its id cannot be reused by another mapping while the entry lives
    if entry is None or entry[0] is not roles:
        sieve = TextSieve(
            lambda value: (text := clean_text(value)) is not None and roles.get(label_key(text)) == role
        )
        entry = _ROLE_SIEVES[(id(roles), role)] = (roles, sieve)
    return entry[1]


def find_score_table(grid: Grid, roles: Mapping[str, str], required: Iterable[str]) -> ScoreTable | None:
    """The first row whose header cells name every required role."""
    needed = tuple(required)
    # a header row names every required role, so only rows holding the first one are read cell by cell
    for r in grid.sheet.rows_with(_role_sieve(roles, needed[0])) if needed else range(grid.height):
        cols: dict[str, int] = {}
        labels: dict[int, str] = {}
        for c in range(grid.width):
            text = grid.text(r, c)
            if text is None:
                continue
            labels[c] = text
            role = roles.get(label_key(text))
            if role is not None and role not in cols:
                cols[role] = c
        if all(role in cols for role in needed):
            return ScoreTable(r, cols, labels)
    return None


def split_level_weight(text: str | None) -> tuple[str | None, Decimal | None]:
    """'决策（20分）' → ('决策', 20); '投入' → ('投入', None)."""
    if text is None:
        return None, None
    half = to_halfwidth(text)
    match = _LEVEL_WEIGHT.search(half)
    if match is None:
        return text, None
    name = (half[: match.start()] + half[match.end() :]).strip()
    return name or None, Decimal(match.group(1))


def _row_end(grid: Grid, row: int) -> str | None:
    """'total' for a 合计/总分 row, 'footer' for a signature or conclusion line, else None."""
    first = next((grid.text(row, c) for c in range(grid.width) if grid.text(row, c)), None)
    if first is None:
        return None
    key = label_key(first)
    if key in TOTAL_LABELS:
        return "total"
    return "footer" if key.startswith(FOOTER_PREFIXES) else None


def raw_score_row(grid: Grid, table: ScoreTable, row: int) -> dict[str, str | None]:
    return {label: clean_text(grid.raw(row, c)) for c, label in table.labels.items()}


# more fields of a row; a rejection it adds keeps the row out, like an unreadable weight or score
RowExtra = Callable[[Grid, ScoreTable, int, list[Rejection]], dict]


def _unnamed_row(grid: Grid, table: ScoreTable, row: int, rejections: list[Rejection]) -> int:
    """A row without an item name: a rejection when it has a weight or score, else 1 for a "……" template row
    (0 for a blank one)."""
    cols = table.cols
    numbers = [grid.raw(row, cols[role]) for role in ("weight", "score") if role in cols]
    if any(not is_blank(v) for v in numbers):
        rejections.append(
            rejection(
                grid,
                row,
                cols["level3"],
                "level3",
                "有分值或得分但指标名称为空",
                raw_score_row(grid, table, row),
            )
        )
        return 0
    return int(grid.raw(row, cols["level3"]) is not None)


def _score_item(
    grid: Grid,
    table: ScoreTable,
    row: int,
    levels: tuple[str | None, str | None],
    rejections: list[Rejection],
    extra: RowExtra | None,
) -> dict | None:
    """One scored item; None when its weight or score (or an extra field) cannot be read."""
    cols = table.cols
    before = len(rejections)
    values = {role: cell_number(grid, table, row, role, rejections) for role in ("weight", "score")}
    more = extra(grid, table, row, rejections) if extra is not None else {}
    if len(rejections) > before:
        return None  # a row whose numbers cannot be read is not loaded; the rejection says why
    name1, weight1 = split_level_weight(levels[0])
    name2, weight2 = split_level_weight(levels[1])
    return {
        "level1": name1,
        "level1_weight": weight1,
        "level2": name2,
        "level2_weight": weight2,
        "level3": grid.text(row, cols["level3"]),
        "weight": values["weight"],
        "score": values["score"],
        "deviation_reason": grid.text(row, cols["deviation_reason"]) if "deviation_reason" in cols else None,
        "source_row": row + 1,
        **more,
    }


def read_score_rows(
    grid: Grid, table: ScoreTable, rejections: list[Rejection], extra: RowExtra | None = None
) -> tuple[list[dict], int, int | None]:
    """Scored items under the header, the empty template rows skipped, and the 合计/总分 row (or None).

    一级/二级 are read through merged cells and carried down; a new 一级 clears the 二级. A weight or score
    that cannot be read rejects its row (the rejection names the cell), the others still load.
    """
    cols = table.cols
    level1 = level2 = None
    items: list[dict] = []
    skipped = 0
    for r in range(table.header_row + 1, grid.height):
        end = _row_end(grid, r)
        if end is not None:
            return items, skipped, r if end == "total" else None
        here1 = grid.anchored_text(r, cols["level1"]) if "level1" in cols else None
        if here1 and here1 != level1:
            level1, level2 = here1, None
        here2 = grid.anchored_text(r, cols["level2"]) if "level2" in cols else None
        level2 = here2 or level2
        if grid.text(r, cols["level3"]) is None:
            skipped += _unnamed_row(grid, table, r, rejections)
            continue
        item = _score_item(grid, table, r, (level1, level2), rejections, extra)
        if item is not None:
            items.append(item)
    return items, skipped, None


def cell_number(
    grid: Grid,
    table: ScoreTable,
    row: int,
    role: str,
    rejections: list[Rejection],
    parse: Callable[[object], Decimal | None] = parse_decimal,
) -> Decimal | None:
    """The number in a role's column; an unreadable cell becomes a Rejection naming its header."""
    col = table.cols.get(role)
    if col is None:
        return None
    try:
        return parse(grid.raw(row, col))
    except CellError as exc:
        label = table.labels.get(col, ROLE_NAMES.get(role, role))
        rejections.append(
            rejection(grid, row, col, role, f"{label}：{exc.reason}", raw_score_row(grid, table, row))
        )
        return None


def total_score(
    grid: Grid, table: ScoreTable, row: int | None, field: str, rejections: list[Rejection]
) -> Decimal | None:
    """The 得分 of the 合计/总分 row (never its 分值 cell, which holds 100)."""
    if row is None or "score" not in table.cols:
        return None
    col = table.cols["score"]
    try:
        return parse_decimal(grid.raw(row, col))
    except CellError as exc:
        label = table.labels.get(col, "得分")
        rejections.append(
            rejection(grid, row, col, field, f"{label}：{exc.reason}", raw_score_row(grid, table, row))
        )
        return None


# ---------------------------------------------------------------------------------------------------------
# the evaluation sheet


def canonical_level1(text: str | None) -> str | None:
    """决策/过程/产出/效益 for the names of both frameworks; unknown names stay as written."""
    if text is None:
        return None
    return levels_config()["level1_synonyms"].get(squash(text), text)


def evaluation_level(text: str | None) -> str | None:
    """'部门评价' / '财政评价' named anywhere in a text (title or 评价类型 cell), longest wording first."""
    if not text:
        return None
    squashed = squash(text)
    table = levels_config()["evaluation_levels"]
    for wording in sorted(table, key=len, reverse=True):
        if wording in squashed:
            return table[wording]
    return None


def _title_matches(title: str | None) -> bool | None:
    if title is None:
        return None
    squashed = squash(title)
    return (
        TITLE_WORD in squashed
        and any(w in squashed for w in TITLE_ANY)
        and not any(w in squashed for w in TITLE_NONE)
    )


def _table(grid: Grid) -> ScoreTable | None:
    return find_score_table(grid, EVAL_ROLES, ("level1", "level3", "weight", "score"))


def _head_value(grid: Grid, labels: list[Label], field: str) -> tuple[Label, object] | None:
    found = labelled(grid, labels, HEAD_LABELS, field)
    return (found[0], found[2]) if found else None


def looks_like_evaluation_sheet(sheet: Sheet) -> bool:
    """A per-project 绩效评价评分表: told by its title and labels, never by the file name."""
    grid = Grid.of(sheet)
    if _title_matches(form_title(grid)) is False:
        return False
    table = _table(grid)
    if table is None or {"target", "actual"} & set(table.cols):
        return False
    labels = find_labels(grid, HEAD_LABELS, range(table.header_row))
    found = _head_value(grid, labels, "project_name")
    return found is not None and not is_blank(found[1])


def _text(grid: Grid, labels: list[Label], field: str) -> str | None:
    found = _head_value(grid, labels, field)
    return clean_text(found[1]) if found else None


def labelled_amount(
    grid: Grid,
    labels: list[Label],
    known: Mapping[str, str | None],
    field: str,
    unit: str,
    rejections: list[Rejection],
) -> Decimal | None:
    """The amount beside a money label, in 万元; a Rejection naming the cell when it is not a number."""
    found = labelled(grid, labels, known, field)
    if found is None:
        return None
    label, col, raw = found
    try:
        amount = parse_decimal(raw)
    except CellError as exc:
        rejections.append(
            rejection(grid, label.row, col, field, f"{label.key}：{exc.reason}", {label.key: clean_text(raw)})
        )
        return None
    return None if amount is None else wan_from(amount, unit)


def _foot(grid: Grid, start: int) -> dict[str, str | None]:
    """评价等级 / 评价结论 under the table, in a cell right of the label or typed after its colon."""
    out: dict[str, str | None] = {"grade": None, "conclusion": None}
    for label in find_labels(grid, FOOT_LABELS, range(start, grid.height)):
        field = FOOT_LABELS[label.key]
        if out[field] is not None:
            continue
        found = label_value(grid, label, FOOT_LABELS)
        out[field] = clean_text(found[1]) if found else None
    return out


def _sub_scores(items: list[dict], failed: set[str | None]) -> dict[str, Decimal | None]:
    """Sum of the item scores under each canonical 一级; None for a 一级 absent or with a rejected row."""
    fields = levels_config()["score_fields"]
    sums: dict[str, Decimal | None] = dict.fromkeys(fields.values())
    for item in items:
        field = fields.get(item["level1"])
        if field is None or item["score"] is None:
            continue
        sums[field] = (sums[field] or Decimal(0)) + item["score"]
    for level in failed:
        field = fields.get(level)
        if field is not None:
            sums[field] = None
    return sums


def _extra(grid: Grid, table: ScoreTable, row: int, rejections: list[Rejection]) -> dict:
    cols = table.cols
    return {
        "explanation": grid.text(row, cols["explanation"]) if "explanation" in cols else None,
        "criteria": grid.text(row, cols["criteria"]) if "criteria" in cols else None,
    }


def _level(grid: Grid, title: str | None, labels: list[Label], rejections: list[Rejection]) -> str | None:
    """部门评价 or 财政评价, from the title or the 评价类型 cell; a rejection when neither says."""
    level_text = _text(grid, labels, "level")
    level = evaluation_level(title) or evaluation_level(level_text)
    if level is None:
        where = first_label(labels, ("评价类型", "评价方式", "评价层级"))
        rejections.append(
            rejection(
                grid,
                where.row if where else 0,
                where.col + 1 if where else None,
                "level",
                f"无法确定评价类型（部门评价或财政评价）：“{level_text or title or ''}”",
                {},
            )
        )
    return level


def _project(grid: Grid, head: FormHead, rejections: list[Rejection]) -> dict:
    """The project named in the head, its 评价类型, 评价机构 and budget; the scores are filled in later."""
    identity = project_fields(grid, head, rejections)
    labels = find_labels(grid, HEAD_LABELS, range(head.end))
    return {
        **identity,
        "level": _level(grid, head.title, labels, rejections),
        "evaluator": _text(grid, labels, "evaluator"),
        "budget": labelled_amount(grid, labels, HEAD_LABELS, "budget", head.amount_unit, rejections),
        "score": None,
        "score_decision": None,
        "score_process": None,
        "score_output": None,
        "score_effect": None,
        "score_items_total": None,
        "grade_stated": None,
        "conclusion": None,
    }


def _scored_items(
    grid: Grid, table: ScoreTable, rejections: list[Rejection]
) -> tuple[list[dict], int, int | None, set[str | None]]:
    """The scored items as indicators, the template rows skipped, the 合计 row and the 一级 of rejected rows."""
    before = len(rejections)
    items, skipped, total_row = read_score_rows(grid, table, rejections, _extra)
    failed_rows = {r.row for r in rejections[before:]}
    failed = {canonical_level1(_level1_at(grid, table, row - 1)) for row in failed_rows}
    indicators = [
        {
            "stage": STAGE,
            **item,
            "level1": canonical_level1(item["level1"]),
            "level1_raw": item["level1"],
            "operator": None,
            "target_text": None,
            "target_value": None,
            "unit": None,
            "is_quantified": False,
        }
        for item in items
    ]
    return indicators, skipped, total_row, failed


def _scores(
    grid: Grid,
    table: ScoreTable,
    indicators: list[dict],
    total_row: int | None,
    failed: set[str | None],
    rejections: list[Rejection],
) -> dict:
    """The four sub-scores, the stated total (the items' sum without a 合计 row), 评价等级 and 评价结论."""
    scores = _sub_scores(indicators, failed)
    stated = total_score(grid, table, total_row, "score", rejections)
    items_total = (
        None if failed else sum((i["score"] for i in indicators if i["score"] is not None), Decimal(0))
    )
    foot = _foot(grid, table.header_row + 1)
    return {
        **scores,
        "score_items_total": items_total,
        "score": stated if total_row is not None else items_total,
        "grade_stated": foot["grade"],
        "conclusion": foot["conclusion"],
    }


def parse_evaluation_sheet(sheet: Sheet) -> FormResult:
    """The project and its scored items from one 绩效评价评分表 sheet (see module docstring)."""
    grid = Grid.of(sheet)
    rejections: list[Rejection] = []
    table = _table(grid)
    head = read_head(grid, end=table.header_row if table else grid.height, known=HEAD_LABELS)
    project = _project(grid, head, rejections)
    if table is None:
        rejections.append(
            rejection(grid, 0, None, "indicators", "未找到评分表表头（一级指标/三级指标/分值/得分）", {})
        )
        return FormResult(KIND, project, [], rejections)
    indicators, skipped, total_row, failed = _scored_items(grid, table, rejections)
    project.update(_scores(grid, table, indicators, total_row, failed, rejections))
    return FormResult(KIND, project, indicators, rejections, skipped)


def _level1_at(grid: Grid, table: ScoreTable, row: int) -> str | None:
    """The 一级 a (rejected) row belongs to: its merged cell, else the nearest one above."""
    col = table.cols.get("level1")
    if col is None:
        return None
    for r in range(row, table.header_row, -1):
        text = grid.anchored_text(r, col)
        if text:
            return split_level_weight(text)[0]
    return None
