"""A hypothesis generator of project self-assessment lists the way other counties lay them out, with the truth
they carry: header wording drawn from the label zoo (tests/etl/label_zoo.csv), 1–3 header rows with merged
group headers, wrapped labels, money in 元 or 万元 (stated in a note, in the headers, or not at all),
departments merged over their block, typed once or on every row, 小计 per block and a 合计/总计, rate styles
(fraction, "98.50%", bare percent with or without "%" in the header), grade spellings, blank rows, notes and
footers. A test tool: the truth is computed here from the drawn values, never by the product's code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

ZOO = Path(__file__).resolve().parents[1] / "etl" / "label_zoo.csv"
WAN = Decimal(10000)
GRADE_SPELLINGS = {
    "优": ["优", "优秀", "A"],
    "良": ["良", "良好", "B"],
    "中": ["中", "中等", "合格", "一般"],
    "差": ["差", "较差", "不合格"],
}
DEPARTMENTS = ["沙湾市教育局", "沙湾市水利局", "沙湾市卫生健康委员会", "沙湾市农业农村局", "沙湾市交通运输局"]
PROJECT_WORDS = [
    "校舍维修",
    "河道治理",
    "疫苗接种",
    "高标准农田",
    "农村公路养护",
    "学生资助",
    "饮水安全",
    "防疫物资",
]
FUNDS = ["一般公共预算", "政府性基金预算", "国有资本经营预算"]
MONEY = ("budget_initial", "budget", "executed")
# fields whose zoo wording may be drawn for a plain list column
LIST_FIELDS = (
    "department",
    "unit",
    "project_code",
    "project_name",
    "fund_type",
    "budget_initial",
    "budget",
    "executed",
    "execution_rate",
    "self_score",
    "finance_score",
    "grade",
    "remark",
)


@cache
def zoo_wordings() -> dict[str, list[str]]:
    """Positive zoo labels per field, usable as one header cell: no level separator, no money unit, no year
    prefix (the generator adds units and years itself)."""
    out: dict[str, list[str]] = {}
    with ZOO.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label, fld = row["label"], row["field"]
            if fld not in LIST_FIELDS or "/" in label.replace("（", "(").split("(")[0]:
                continue
            if "元" in label or re.match(r"^\s*20\d\d", label) or re.search(r"[a-z_]{4,}", label):
                continue
            if "/" in label and not re.search(r"[(（][^)）]*/[^)）]*[)）]", label):
                continue
            out.setdefault(fld, []).append(label)
    return out


@dataclass
class Project:
    department: str
    unit: str | None
    code: str | None
    name: str
    fund: str | None
    budget_initial_fen: int
    budget_fen: int
    executed_fen: int
    self_score: Decimal
    finance_score: Decimal | None
    grade: str | None
    grade_text: str | None

    def wan(self, fen: int) -> Decimal:
        return (Decimal(fen) / 100 / WAN).quantize(Decimal("0.000001"))

    @property
    def rate(self) -> Decimal:
        return (Decimal(self.executed_fen) / Decimal(self.budget_fen)).quantize(Decimal("0.0001"))


@dataclass
class ListWorkbook:
    region: str
    year: int
    projects: list[Project]
    columns: list[str]  # fields, in column order
    rows: list[list[object]] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    percent_cells: list[str] = field(default_factory=list)
    options: dict = field(default_factory=dict)

    def fields(self) -> list[str]:
        """The field each written column must be read as: a unit column alone names the department."""
        alone = "department" not in self.columns
        return ["department" if f == "unit" and alone else f for f in self.columns]

    def truth(self) -> list[dict]:
        """What the warehouse must hold for each project: amounts in 万元 to the fen, rates as fractions."""
        has = set(self.columns)
        rows = []
        for p in self.projects:
            rows.append(
                {
                    "fiscal_year": self.year,
                    "region": self.region,
                    "department": p.department,
                    "unit": p.unit if "unit" in has and "department" in has else None,
                    "project_code": p.code if "project_code" in has else None,
                    "project_name": p.name,
                    "fund_type": p.fund if "fund_type" in has else "一般公共预算",
                    "budget_initial": p.wan(p.budget_initial_fen) if "budget_initial" in has else None,
                    "budget": p.wan(p.budget_fen),
                    "executed": p.wan(p.executed_fen) if "executed" in has else None,
                    "execution_rate_stated": p.rate if "execution_rate" in has else None,
                    "self_score": p.self_score,
                    "finance_score": p.finance_score if "finance_score" in has else None,
                    "grade": p.grade if "grade" in has else None,
                }
            )
        return rows

    def write(self, path: Path) -> Path:
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = self.options.get("sheet", "Sheet1")
        for row in self.rows:
            ws.append(row)
        for ref in self.merges:
            ws.merge_cells(ref)
        for ref in self.percent_cells:
            ws[ref].number_format = "0.00%"
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        return path


def _wrap(label: str, draw) -> str:
    if len(label) >= 4 and draw(st.booleans()):
        cut = draw(st.integers(1, len(label) - 1))
        if label[cut - 1] not in "（(" and label[cut] not in "）)":
            return label[:cut] + "\n" + label[cut:]
    return label


@st.composite
def projects_strategy(draw, unit_only: bool) -> list[Project]:
    departments = draw(st.lists(st.sampled_from(DEPARTMENTS), min_size=1, max_size=3, unique=True))
    out: list[Project] = []
    serial = 0
    for dept in departments:
        for _ in range(draw(st.integers(1, 4))):
            serial += 1
            budget = draw(st.integers(100, 500_000_000))  # fen: 1 元 … 500 万元
            executed = draw(st.one_of(st.just(0), st.just(budget), st.integers(budget // 20, budget)))
            initial = draw(st.integers(100, budget))
            level = draw(st.sampled_from(list(GRADE_SPELLINGS)))
            out.append(
                Project(
                    department=dept,
                    unit=None if unit_only else f"{dept[3:5]}服务中心",
                    code=f"6542{draw(st.integers(10**3, 10**4 - 1))}{serial:04d}",  # one code, one project
                    name=f"{draw(st.sampled_from(PROJECT_WORDS))}项目{serial}号",
                    fund=draw(st.sampled_from(FUNDS)),
                    budget_initial_fen=initial,
                    budget_fen=budget,
                    executed_fen=executed,
                    self_score=Decimal(draw(st.integers(0, 1000))) / 10,
                    finance_score=Decimal(draw(st.integers(0, 1000))) / 10,
                    grade=level,
                    grade_text=draw(st.sampled_from(GRADE_SPELLINGS[level])),
                )
            )
    return out


@st.composite
def list_workbooks(draw, region: str = "甲县") -> ListWorkbook:
    year = draw(st.integers(2019, 2025))
    unit_only = draw(st.booleans())
    optional = draw(
        st.sets(
            st.sampled_from(
                [
                    "project_code",
                    "fund_type",
                    "budget_initial",
                    "execution_rate",
                    "finance_score",
                    "grade",
                    "remark",
                    "seq",
                    "unit",
                ]
            )
        )  # fmt: skip
    )
    columns = ["seq"] if "seq" in optional else []
    columns += ["unit"] if unit_only else ["department"] + (["unit"] if "unit" in optional else [])
    columns += [f for f in ("project_code",) if f in optional] + ["project_name"]
    columns += [f for f in ("fund_type", "budget_initial") if f in optional] + ["budget", "executed"]
    columns += [f for f in ("execution_rate",) if f in optional] + ["self_score"]
    columns += [f for f in ("finance_score", "grade", "remark") if f in optional]
    projects = draw(projects_strategy(unit_only))
    if unit_only:
        for p in projects:
            p.unit = None
    options = {
        "year_place": draw(st.sampled_from(["title", "subtitle"])),
        "depth": draw(st.integers(1, 3)),
        "money_unit": draw(st.sampled_from(["元", "万元"])),
        "unit_place": draw(st.sampled_from(["note", "header", "group", "none"])),
        "grouping": draw(st.sampled_from(["every", "merged", "blank_below"])),
        "subtotals": draw(st.booleans()),
        "total": draw(st.sampled_from(["none", "top", "bottom"])),
        "total_word": draw(st.sampled_from(["合计", "总计", "合 计"])),
        "rate_style": draw(
            st.sampled_from(["fraction", "percent_text", "bare_percent", "bare_percent_header"])
        ),
        "blank_rows": draw(st.booleans()),
        "footer": draw(st.sampled_from(["none", "signatures", "note_then_signatures"])),
        "note_between_blocks": draw(st.booleans()),
        "generic_score_labels": draw(st.booleans()),
        "sheet": draw(st.sampled_from(["Sheet1", "自评汇总", "项目"])),
    }
    if options["unit_place"] == "none":
        options["money_unit"] = "万元"
    if options["unit_place"] == "group" and options["depth"] == 1:
        options["unit_place"] = "header"
    wordings = zoo_wordings()
    labels = {
        f: _wrap(draw(st.sampled_from(wordings[f])), draw) if f in wordings else "序号" for f in columns
    }
    if options["rate_style"] == "bare_percent_header" and "execution_rate" in columns:
        labels["execution_rate"] = labels["execution_rate"].rstrip() + "（%）"
    book = ListWorkbook(region, year, projects, columns, options=options)
    _layout(book, labels, draw)
    return book


def _money_cell(book: ListWorkbook, fen: int) -> float | int:
    value = Decimal(fen) / 100
    if book.options["money_unit"] == "万元":
        value = value / WAN
    return float(value) if value != value.to_integral_value() else int(value)


def _rate_cell(book: ListWorkbook, p: Project) -> object:
    style = book.options["rate_style"]
    if style == "fraction":
        return float(p.rate)
    if style == "percent_text":
        return f"{p.rate * 100:.2f}%"
    return float(p.rate * 100)


def _cell(book: ListWorkbook, p: Project, fld: str, seq: int, show_department: bool) -> object:
    match fld:
        case "seq":
            return seq
        case "department":
            return p.department if show_department else None
        case "unit":
            return (p.department if show_department else None) if "department" not in book.columns else p.unit
        case "project_code":
            return p.code
        case "project_name":
            return p.name
        case "fund_type":
            return p.fund
        case "budget_initial":
            return _money_cell(book, p.budget_initial_fen)
        case "budget":
            return _money_cell(book, p.budget_fen)
        case "executed":
            return _money_cell(book, p.executed_fen)
        case "execution_rate":
            return _rate_cell(book, p)
        case "self_score":
            return float(p.self_score)
        case "finance_score":
            return float(p.finance_score)
        case "grade":
            return p.grade_text
        case "remark":
            return "按期完成"
    raise AssertionError(fld)


def _total_row(book: ListWorkbook, projects: list[Project], label: str) -> list[object]:
    name_col = "department" if "department" in book.columns else "unit"
    row: list[object] = []
    for fld in book.columns:
        if fld == name_col:
            row.append(label)
        elif fld in MONEY:
            row.append(_money_cell(book, sum(getattr(p, f"{fld}_fen") for p in projects)))
        else:
            row.append(None)
    return row


def _header(
    book: ListWorkbook, labels: dict[str, str]
) -> tuple[list[list[object]], list[tuple[int, int, int, int]]]:
    """Header rows and merges (0-based row offsets within the header, 1-based columns)."""
    opts, cols = book.options, book.columns
    unit = f"（{opts['money_unit']}）"
    leaf = dict(labels)
    if opts["unit_place"] == "header":
        for f in MONEY:
            if f in leaf:
                leaf[f] = leaf[f] + unit
    depth = opts["depth"]
    if opts["generic_score_labels"] and depth >= 2:
        groups = {"self_score": "单位自评", "finance_score": "财政复核"}
    else:
        groups = {}
    money_cols = [i for i, f in enumerate(cols, start=1) if f in (*MONEY, "execution_rate")]
    rows = [[None] * len(cols) for _ in range(depth)]
    merges: list[tuple[int, int, int, int]] = []
    for i, f in enumerate(cols, start=1):
        if depth >= 2 and f in groups:
            rows[0][i - 1] = groups[f]  # the group spans every row above the generic "得分"
            rows[depth - 1][i - 1] = "得分"
            if depth == 3:
                merges.append((0, i, depth - 2, i))
            continue
        if depth >= 2 and i in money_cols:
            rows[depth - 1][i - 1] = leaf[f]
            continue
        rows[0][i - 1] = leaf[f]
        if depth > 1:
            merges.append((0, i, depth - 1, i))
    if depth >= 2:
        group = "预算执行情况" + (unit if opts["unit_place"] == "group" else "")
        first, last = money_cols[0], money_cols[-1]
        rows[depth - 2][first - 1] = group
        if last > first:
            merges.append((depth - 2, first, depth - 2, last))
        if depth == 3:
            rows[0][first - 1] = "项目资金情况"
            if last > first:
                merges.append((0, first, 0, last))
    return rows, merges


def _layout(book: ListWorkbook, labels: dict[str, str], draw) -> None:
    opts, cols = book.options, book.columns
    width = len(cols)
    region = book.region
    if opts["year_place"] == "title":
        rows: list[list[object]] = [[f"{region}{book.year}年度项目支出绩效自评结果汇总表"]]
    else:
        rows = [[f"{region}项目支出绩效自评结果汇总表"], [f"（{book.year}年度）"]]
    book.merges.append(f"A1:{get_column_letter(max(width, 2))}1")
    if opts["unit_place"] == "note":
        rows.append([None] * (width - 1) + [f"单位：{opts['money_unit']}"])
    header, header_merges = _header(book, labels)
    top = len(rows) + 1
    rows += header
    for r0, c0, r1, c1 in header_merges:
        book.merges.append(f"{get_column_letter(c0)}{top + r0}:{get_column_letter(c1)}{top + r1}")
    word = opts["total_word"]
    if opts["total"] == "top":
        rows.append(_total_row(book, book.projects, word))
    name_col = cols.index("department" if "department" in cols else "unit") + 1
    blocks: dict[str, list[Project]] = {}
    for p in book.projects:
        blocks.setdefault(p.department, []).append(p)
    seq = 0
    for b, (dept, block) in enumerate(blocks.items()):
        if b and opts["note_between_blocks"]:
            rows.append(["注：以下为其他部门项目"] + [None] * (width - 1))
        first_row = len(rows) + 1
        for k, p in enumerate(block):
            seq += 1
            show = opts["grouping"] == "every" or k == 0
            rows.append([_cell(book, p, f, seq, show) for f in cols])
            if "execution_rate" in cols and opts["rate_style"] == "fraction" and draw(st.booleans()):
                book.percent_cells.append(f"{get_column_letter(cols.index('execution_rate') + 1)}{len(rows)}")
        if opts["grouping"] == "merged" and len(block) > 1:
            letter = get_column_letter(name_col)
            book.merges.append(f"{letter}{first_row}:{letter}{len(rows)}")
        if opts["subtotals"]:
            rows.append(_total_row(book, block, f"{dept}小计"))
        if opts["blank_rows"]:
            rows.append([])
    if opts["total"] == "bottom":
        rows.append(_total_row(book, book.projects, word))
    if opts["footer"] == "note_then_signatures":
        rows.append(["注：执行率=全年执行数÷全年预算数"])
    if opts["footer"] != "none":
        rows.append(["填报人：张三", None, "审核人：李四", None, "填报日期：2024年1月15日"][: max(width, 1)])
    book.rows = rows
