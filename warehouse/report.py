"""年度工作总结: the bureau's annual 预算绩效管理 work summary written from the warehouse as a Word document.

`--year` is the work year, as in the bureau's own summaries: the 2022 summary reports the evaluations of
fiscal 2021 and the targets and monitoring of fiscal 2022. Every figure comes from warehouse/figures.py
(the same named queries the dashboard and the seed-figure test use); a paragraph whose stage has no data
that year is left out rather than filled with zeros.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from warehouse import figures, queries

TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"
BODY_FALLBACK = "仿宋"
SIZE_二号, SIZE_三号, SIZE_四号 = Pt(22), Pt(16), Pt(14)
# stages reported for the previous fiscal year (evaluations); the rest are about the work year itself
PREVIOUS_YEAR_FAMILIES = ("D", "P", "E", "K")
CHINESE_NUMBERS = "一二三四五六七八九十"


def plain(value: Decimal | None, places: int = 2) -> str:
    """As the bureau writes numbers: at most `places` decimals, no trailing zeros, no separators."""
    if value is None:
        return "—"
    text = f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Context:
    con: duckdb.DuckDBPyConnection
    year: int
    regions: list[str]

    def fiscal_year(self, figure_id: str) -> int:
        family = figure_id.split("-")[0].rstrip("0123456789")
        return self.year - 1 if family in PREVIOUS_YEAR_FAMILIES else self.year

    def v(self, figure_id: str) -> Decimal | None:
        return figures.compute(self.con, figure_id, year=self.fiscal_year(figure_id), regions=self.regions)

    def n(self, figure_id: str) -> str:
        return plain(self.v(figure_id), 0)

    def money(self, figure_id: str) -> str:
        return plain(self.v(figure_id))

    def pct(self, figure_id: str) -> str:
        return plain(self.v(figure_id)) + "%"

    def score(self, figure_id: str) -> str:
        return plain(self.v(figure_id))

    def has(self, *figure_ids: str) -> bool:
        return all(self.v(f) not in (None, Decimal(0)) for f in figure_ids)

    def bands(self) -> list[dict]:
        return queries.run(self.con, "grade_bands", regions=self.regions).to_dicts()


def grade_clause(ctx: Context, ids: dict[str, str], noun: str) -> str:
    """'优（90 分（含）—100 分）148 个，良（80 分（含）—90 分）2 个，无中、差的…' with the region's bands."""
    bands = {b["grade"]: b for b in ctx.bands()}
    parts, missing = [], []
    for grade, figure_id in ids.items():
        count = ctx.v(figure_id)
        if not count:
            missing.append(grade)
            continue
        band = bands.get(grade)
        if band is None:
            parts.append(f"{grade} {plain(count, 0)} 个")
            continue
        low, high = (
            plain(band["lower_bound"], 0),
            plain(band["upper_bound"], 0) if band["upper_bound"] else "100",
        )
        span = f"{high} 分以下" if band["lower_bound"] == 0 else f"{low} 分（含）—{high} 分"
        parts.append(f"{grade}（{span}）{plain(count, 0)} 个")
    text = "其中：" + "，".join(parts)
    if missing:
        text += f"，无{'、'.join(missing)}的{noun}"
    return text + "。"


# --- the numbered paragraphs of （三）, each returning None when its stage has no data -----------------


def p_dept_self_eval(c: Context) -> str | None:
    if not c.has("D21-1"):
        return None
    y = c.fiscal_year("D21-1")
    return (
        f"{y} 年部门整体支出绩效自评。{y} 年共有 {c.n('D21-1')} 个部门单位完成了整体支出绩效自评，"
        f"整体支出预算 {c.money('D21-2')} 万元，实际执行 {c.money('D21-3')} 万元。部门单位自评平均得分 "
        f"{c.score('D21-4')} 分，财政部门绩效评价平均得分 {c.score('D21-5')} 分，"
        + grade_clause(c, {"优": "D21-6", "良": "D21-7", "中": "D21-8", "差": "D21-9"}, "整体支出绩效自评")
    )


def p_project_self_eval(c: Context) -> str | None:
    if not c.has("P21-1"):
        return None
    y = c.fiscal_year("P21-1")
    excluded = c.v("P21-2")
    text = f"{y} 年项目支出单位自评。{y} 年共计上报项目 {c.n('P21-1')} 个，"
    if excluded:
        text += f"其中 {c.n('P21-2')} 个项目为中央转移支付 73 类资金项目，当年不做绩效自评。"
    text += (
        f"共有财政预算安排的 {c.n('P21-3')} 个项目实施了项目支出绩效自评，全年预算 {c.money('P21-4')} 万元，"
        f"实际执行 {c.money('P21-5')} 万元，预算执行率 {c.pct('P21-6')}"
    )
    if c.v("P21-7") is not None:
        text += f"，绩效目标总体完成率 {c.pct('P21-7')}"
    text += (
        f"。单位自评平均得分 {c.score('P21-8')} 分，财政部门项目支出评价平均得分 {c.score('P21-9')} 分，"
        + grade_clause(c, {"优": "P21-10", "良": "P21-11", "中": "P21-12", "差": "P21-13"}, "项目")
    )
    return text


def p_dept_evaluation(c: Context) -> str | None:
    if not c.has("E21-1"):
        return None
    y = c.fiscal_year("E21-1")
    text = (
        f"{y} 年项目支出部门评价。按照被评价项目资金额不低于年度财政预算安排项目支出资金总额 {c.pct('E21-10')} 的"
        f"要求，各部门选择了 {c.n('E21-1')} 个项目实施了项目支出部门评价，全年预算 {c.money('E21-2')} 万元，"
        f"实际执行 {c.money('E21-3')} 万元，预算执行率 {c.pct('E21-4')}"
    )
    if c.v("E21-5") is not None:
        text += f"，绩效目标总体完成率 {c.pct('E21-5')}"
    text += f"。部门评价平均得分 {c.score('E21-6')} 分"
    if c.v("E21-7") is not None:
        text += f"，财政部门对各部门上报的项目支出部门评价平均得分 {c.score('E21-7')} 分"
    return text + "，" + grade_clause(c, {"优": "E21-8", "良": "E21-9"}, "项目支出部门评价")


def p_key_evaluation(c: Context) -> str | None:
    if not c.has("K21-1"):
        return None
    return (
        f"重点项目支出财政评价。选择 {c.n('K21-1')} 个重大项目委托第三方机构进行财政评价，从项目决策、过程、产出、"
        f"效益等方面进行了审核、评价，平均得分 {c.score('K21-2')} 分，"
        + grade_clause(c, {"优": "K21-3", "良": "K21-4"}, "财政评价项目")
    )


def p_exante(c: Context) -> str | None:
    if not c.has("X22-2"):
        return None
    return (
        f"项目事前绩效评估。{c.year} 年，对 {c.n('X22-1')} 个部门单位、{c.n('X22-2')} 个新增项目（涉及资金 "
        f"{c.money('X22-3')} 万元）进行项目事前绩效评估，财政部门进行了评审，对审核不合格的退回部门单位进行了整改。"
    )


def p_dept_targets(c: Context) -> str | None:
    if not c.has("T22-1"):
        return None
    return (
        f"{c.year} 年度部门整体支出绩效目标。{c.year} 年，{c.n('T22-1')} 个部门单位设置年度整体绩效目标，"
        f"涉及资金数 {c.money('T22-2')} 万元，财政局对部门单位报送的整体支出绩效目标材料进行了全面审核。"
    )


def p_dept_monitoring(c: Context) -> str | None:
    if not c.has("M22-1"):
        return None
    return (
        f"{c.year} 年度部门整体绩效跟踪监控。{c.n('M22-1')} 个部门单位开展整体绩效监控，整体支出预算数 "
        f"{c.money('M22-2')} 万元，执行资金数 {c.money('M22-3')} 万元，截止 6 月底总体执行率 {c.pct('M22-4')}。"
    )


def p_project_targets(c: Context) -> str | None:
    if not c.has("T22-4"):
        return None
    return (
        f"{c.year} 年度项目绩效目标。{c.year} 年，{c.n('T22-3')} 个部门单位、{c.n('T22-4')} 个项目设置部门预算"
        f"项目支出绩效目标，预算金额 {c.money('T22-5')} 万元，共设置三级绩效指标 {c.n('T22-6')} 个，"
        f"量化率 {c.pct('T22-7')}。"
    )


def p_direct_funds(c: Context) -> str | None:
    if not c.has("T22-8"):
        return None
    text = (
        f"直达资金绩效目标。对 {c.n('T22-8')} 个直达资金及参照直达资金项目绩效目标进行审核并进行公开，"
        f"项目预算金额 {c.money('T22-9')} 万元"
    )
    if c.v("T22-10") is not None:
        text += f"，经上级审核，合格率 {c.pct('T22-10')}"
    return text + "。"


def p_rural(c: Context) -> str | None:
    if not c.has("T22-12"):
        return None
    return (
        f"乡村振兴衔接资金项目支出绩效目标。{c.year} 年乡村振兴衔接资金 {c.money('T22-11')} 万元，涉及 "
        f"{c.n('T22-12')} 个项目，共设置三级指标 {c.n('T22-13')} 个，量化率 {c.pct('T22-14')}。"
    )


def p_project_monitoring(c: Context) -> str | None:
    if not c.has("M22-6"):
        return None
    return (
        f"{c.year} 年项目支出绩效监控。{c.n('M22-5')} 个部门单位开展 1-5 月项目支出预算执行、绩效目标实现程度监控，"
        f"{c.n('M22-6')} 个项目调整后预算数 {c.money('M22-7')} 万元，到位资金数 {c.money('M22-8')} 万元，"
        f"执行资金数 {c.money('M22-9')} 万元。"
    )


def p_social_insurance(c: Context) -> str | None:
    if not c.has("S22-2"):
        return None
    return (
        f"社保基金预算绩效管理。{c.year} 年涉社保基金 {c.n('S22-1')} 个部门单位共 {c.n('S22-2')} 个项目、涉及资金 "
        f"{c.money('S22-3')} 万元，全部开展项目绩效目标及监控管理。"
    )


def p_ppp(c: Context) -> str | None:
    if not c.has("PPP22-2"):
        return None
    text = (
        f"政府和社会资本合作项目政府支出责任预算绩效管理。一是 {c.n('PPP22-1')} 个部门单位对 {c.n('PPP22-2')} 个"
        f" PPP 项目（涉及资金 {c.money('PPP22-3')} 万元）全部设置项目支出绩效目标，共设置三级绩效指标 "
        f"{c.n('PPP22-4')} 个，量化率 {c.pct('PPP22-5')}。"
    )
    if c.v("PPP22-6") is not None:
        text += f"二是对 PPP 项目政府支出开展绩效监控（涉及资金 {c.money('PPP22-6')} 万元）。"
    return text


def p_bonds(c: Context) -> str | None:
    if not c.has("B22-2"):
        return None
    text = (
        f"政府债务预算支出绩效。一是 {c.n('B22-1')} 个部门单位对 {c.n('B22-2')} 个新增债券项目（涉及资金 "
        f"{c.money('B22-3')} 万元）全部设置项目支出绩效目标，共设置三级绩效指标 {c.n('B22-4')} 个，"
        f"量化率 {c.pct('B22-5')}。"
    )
    if c.v("B22-6") is not None:
        text += f"二是 {c.n('B22-6')} 个部门单位在 1-11 月对政府债务资金项目开展绩效目标实现程度和预算执行“双监控”。"
    if c.v("B22-7"):
        text += (
            f"三是对 {c.n('B22-7')} 个政府债务项目支出开展绩效自评，项目资金 {c.money('B22-8')} 万元，执行数 "
            f"{c.money('B22-9')} 万元，执行率 {c.pct('B22-10')}，绩效评价得分为 {c.score('B22-11')} 分。"
        )
    return text


PARAGRAPHS: list[Callable[[Context], str | None]] = [
    p_dept_self_eval,
    p_project_self_eval,
    p_dept_evaluation,
    p_key_evaluation,
    p_exante,
    p_dept_targets,
    p_dept_monitoring,
    p_project_targets,
    p_direct_funds,
    p_rural,
    p_project_monitoring,
    p_social_insurance,
    p_ppp,
    p_bonds,
]


# --- typography -------------------------------------------------------------------------------------


def _font(run, name: str, size: Pt, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, font=BODY_FONT, size=SIZE_三号, bold=False, indent=True, center=False):
    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing = Pt(28)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)  # 首行缩进两个字符
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(para.add_run(text), font, size, bold)
    return para


def _grade_table(doc, ctx: Context, caption: str, ids: dict[str, str]) -> None:
    counts = {g: ctx.v(f) or Decimal(0) for g, f in ids.items()}
    total = sum(counts.values())
    if not total:
        return
    _paragraph(doc, caption, font=HEADING_FONT, size=SIZE_四号, indent=False, center=True)
    table = doc.add_table(rows=3, cols=len(ids) + 1)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, text in enumerate(["等级", *ids]):
        _font(table.cell(0, col).paragraphs[0].add_run(text), HEADING_FONT, SIZE_四号)
    for row, label in ((1, "个数"), (2, "占比")):
        _font(table.cell(row, 0).paragraphs[0].add_run(label), BODY_FONT, SIZE_四号)
    for col, grade in enumerate(ids, start=1):
        _font(table.cell(1, col).paragraphs[0].add_run(plain(counts[grade], 0)), BODY_FONT, SIZE_四号)
        _font(
            table.cell(2, col).paragraphs[0].add_run(plain(counts[grade] * 100 / total) + "%"),
            BODY_FONT,
            SIZE_四号,
        )


def _problems(ctx: Context) -> list[str]:
    """二、存在的问题: one paragraph per kind of finding, with counts and examples, from the audit rules."""
    try:
        rows = queries.run(ctx.con, "report_problems", years=[ctx.year - 1, ctx.year], regions=ctx.regions)
    except duckdb.Error:
        return []
    paragraphs = []
    for i, r in enumerate(rows.iter_rows(named=True)):
        number = CHINESE_NUMBERS[i] if i < len(CHINESE_NUMBERS) else str(i + 1)
        paragraphs.append(
            f"（{number}）{r['rule_title']}：共发现 {r['findings']} 处，涉及 {r['departments']} 个部门单位，"
            f"如{r['example']}。"
        )
    return paragraphs


def build(con: duckdb.DuckDBPyConnection, year: int, region: str | None = None) -> Document:
    ctx = Context(con, year, [region] if region else [])
    name = region or "、".join(r["region"] for r in queries.run(con, "profile_rules", regions=[]).to_dicts())
    doc = Document()
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Pt(104), Pt(99)  # 公文版心：上 37mm、下 35mm
    section.left_margin, section.right_margin = Pt(79), Pt(74)
    _paragraph(
        doc,
        f"{name} {year} 年全面实施预算绩效管理工作总结",
        font=TITLE_FONT,
        size=SIZE_二号,
        indent=False,
        center=True,
    )
    _paragraph(
        doc,
        f"{year} 年，{name}全面实施预算绩效管理，加强项目全周期跟踪评价，将绩效理念融入预算管理全过程。"
        f"现将 {year} 年预算绩效管理工作总结如下：",
    )
    _paragraph(doc, "一、全面开展财政预算绩效工作", font=HEADING_FONT, indent=False)
    _paragraph(doc, f"（一）{year} 年度绩效工作开展情况", font=SUBHEADING_FONT, bold=True, indent=False)
    written = [text for build_paragraph in PARAGRAPHS if (text := build_paragraph(ctx))]
    for number, text in enumerate(written, start=1):
        _paragraph(doc, f"{number}、{text}")
    _grade_table(
        doc,
        ctx,
        f"{year - 1} 年项目支出单位自评等级分布",
        {"优": "P21-10", "良": "P21-11", "中": "P21-12", "差": "P21-13"},
    )
    _grade_table(
        doc,
        ctx,
        f"{year - 1} 年部门整体支出自评等级分布",
        {"优": "D21-6", "良": "D21-7", "中": "D21-8", "差": "D21-9"},
    )
    problems = _problems(ctx)
    if problems:
        _paragraph(doc, "二、存在的问题", font=HEADING_FONT, indent=False)
        for text in problems:
            _paragraph(doc, text)
    return doc


def write(db: Path, year: int, out: Path | None = None, region: str | None = None) -> bytes:
    con = duckdb.connect(str(db), read_only=True)
    try:
        doc = build(con, year, region)
    finally:
        con.close()
    buffer = io.BytesIO()
    doc.save(buffer)
    data = buffer.getvalue()
    if out is not None:
        out.write_bytes(data)
    return data
