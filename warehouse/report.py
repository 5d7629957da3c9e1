"""年度工作总结: the bureau's annual 预算绩效管理 work summary written from the warehouse as a Word document.

`--year` is the work year, as in the bureau's own summaries: the 2022 summary reports the evaluations of
fiscal 2021 and the targets and monitoring of fiscal 2022. Every number comes from the summary queries behind
warehouse/figures.py (the ones the seed-figure test checks). What the report says follows the data and the
region profile, not one county: each monitoring checkpoint actually loaded is reported in month order
(「截至 N 月底」), each configured fund group gets its own paragraph under its configured name, grade bands and
the 量化率 wording follow the profile. A paragraph whose stage has no data is named at the end of the document
(「本年度未纳入：…（无数据）」); a failing query is an error, never a missing section.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
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
CHINESE_NUMBERS = "一二三四五六七八九十"
GRADES = ("优", "良", "中", "差")
DEPARTMENT_SCOPE, PROJECT_SCOPE = "部门整体", "项目"


def plain(value: Decimal | None, places: int = 2) -> str:
    """As the bureau writes numbers: at most `places` decimals, no trailing zeros, no separators."""
    if value is None:
        return "—"
    text = f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def n(value: Decimal | None) -> str:
    return plain(value, 0)


def money(value: Decimal | None) -> str:
    return plain(value)


def pct(fraction: Decimal | None) -> str:
    return "—" if fraction is None else plain(fraction * 100) + "%"


def spaced(name: str) -> str:
    """A name set in Chinese text: Latin letters at either end get a space on that side (「3 个 PPP 项目」)."""
    return f"{' ' if name[:1].isascii() else ''}{name}{' ' if name[-1:].isascii() else ''}"


def present(row: dict | None, column: str) -> bool:
    return row is not None and row.get(column) not in (None, Decimal(0))


@dataclass
class Context:
    """The work year and regions of one report, with each summary query run once per fiscal year."""

    con: duckdb.DuckDBPyConnection
    year: int
    regions: list[str]
    _rows: dict = field(default_factory=dict)

    @property
    def previous(self) -> int:
        return self.year - 1

    def rows(self, query: str, fiscal_year: int) -> list[dict]:
        key = (query, fiscal_year)
        if key not in self._rows:
            self._rows[key] = figures.rows(self.con, query, year=fiscal_year, regions=self.regions)
        return self._rows[key]

    def row(self, query: str, fiscal_year: int, **match: object) -> dict | None:
        return next(
            (r for r in self.rows(query, fiscal_year) if all(r.get(k) == v for k, v in match.items())), None
        )

    def checkpoints(self, scope: str, fund_group: str | None) -> list[dict]:
        """The work year's monitoring rows of one scope and group, one per checkpoint month, in month order."""
        found = [
            r
            for r in self.rows("summary_monitoring", self.year)
            if r["scope"] == scope and r["fund_group"] == fund_group and r["period_end_month"] is not None
        ]
        return sorted(found, key=lambda r: r["period_end_month"])

    def fund_groups(self) -> list[dict]:
        return queries.run(self.con, "report_fund_groups").to_dicts()

    def default_group(self) -> str:
        return next(g["group_name"] for g in self.fund_groups() if g["is_default"])

    def bands(self) -> dict[str, dict]:
        """Grade → band shared by the regions in scope; empty when their profiles band grades differently."""
        rows = queries.run(self.con, "grade_bands", regions=self.regions).to_dicts()
        by_profile: dict[str, frozenset] = {}
        for r in rows:
            by_profile[r["profile"]] = by_profile.get(r["profile"], frozenset()) | {
                (r["grade"], r["lower_bound"])
            }
        if len(set(by_profile.values())) != 1:
            return {}
        return {r["grade"]: r for r in rows}


def grade_clause(ctx: Context, row: dict, noun: str) -> str:
    """'其中：优（90 分（含）—100 分）148 个，良（80 分（含）—90 分）2 个，无中、差的…' with the region's bands."""
    bands = ctx.bands()
    parts, missing = [], []
    for grade in GRADES:
        count = row.get(f"grade_count_{grade}")
        if not count:
            missing.append(grade)
            continue
        band = bands.get(grade)
        if band is None:
            parts.append(f"{grade} {n(count)} 个")
            continue
        low = plain(Decimal(str(band["lower_bound"])), 0)
        high = plain(Decimal(str(band["upper_bound"])), 0) if band["upper_bound"] is not None else "100"
        span = f"{high} 分以下" if band["lower_bound"] == 0 else f"{low} 分（含）—{high} 分"
        parts.append(f"{grade}（{span}）{n(count)} 个")
    text = "其中：" + "，".join(parts)
    if missing:
        text += f"，无{'、'.join(missing)}的{noun}"
    return text + "。"


def quantification_clause(row: dict) -> str:
    """How many indicators and their 量化率, worded by the profile's rule (count ratio or mean of projects)."""
    if not present(row, "indicator_count"):
        return ""
    text = f"，共设置三级绩效指标 {n(row['indicator_count'])} 个"
    rule = row.get("quantification_rule")
    if rule is None:
        return text + "，各区划量化率口径不同，未合并计算"
    if rule == "count_ratio":
        return (
            text + f"，其中量化指标 {n(row['quantified_count'])} 个，量化率 {pct(row['quantification_rate'])}"
        )
    return text + f"，量化率 {pct(row['quantification_rate'])}"


# --- the numbered paragraphs of （一）: a title, and a body or None when the stage has no data ------------


@dataclass(frozen=True)
class Section:
    title: Callable[[Context], str]
    body: Callable[[Context], str | None]


def b_dept_self_eval(c: Context) -> str | None:
    r = c.row("summary_dept_self_eval", c.previous)
    if not present(r, "department_count"):
        return None
    text = (
        f"{c.previous} 年共有 {n(r['department_count'])} 个部门单位完成了整体支出绩效自评，"
        f"整体支出预算 {money(r['budget'])} 万元，实际执行 {money(r['executed'])} 万元。"
        f"部门单位自评平均得分 {plain(r['mean_self_score'])} 分，"
    )
    if r["mean_finance_score"] is not None:
        text += f"财政部门绩效评价平均得分 {plain(r['mean_finance_score'])} 分，"
    return text + grade_clause(c, r, "整体支出绩效自评")


def _excluded_sentence(c: Context, excluded: Decimal) -> str:
    tags = c.rows("report_excluded_tags", c.previous)
    if tags and tags[0]["project_count"] == excluded:
        return f"其中 {n(excluded)} 个项目为{tags[0]['tag']}资金项目，当年不做绩效自评。"
    return f"其中 {n(excluded)} 个项目当年不做绩效自评。"


def b_project_self_eval(c: Context) -> str | None:
    r = c.row("summary_project_self_eval", c.previous, fund_group="合计")
    if not present(r, "project_count_reported"):
        return None
    text = f"{c.previous} 年共计上报项目 {n(r['project_count_reported'])} 个，"
    if r["project_count_excluded"]:
        text += _excluded_sentence(c, r["project_count_excluded"])
    if not r["project_count"]:
        return text
    text += (
        f"共有财政预算安排的 {n(r['project_count'])} 个项目实施了项目支出绩效自评，"
        f"全年预算 {money(r['budget'])} 万元，实际执行 {money(r['executed'])} 万元，"
        f"预算执行率 {pct(r['execution_rate'])}"
    )
    if r["goal_completion_rate"] is not None:
        text += f"，绩效目标总体完成率 {pct(r['goal_completion_rate'])}"
    text += f"。单位自评平均得分 {plain(r['mean_self_score'])} 分，"
    if r["mean_finance_score"] is not None:
        text += f"财政部门项目支出评价平均得分 {plain(r['mean_finance_score'])} 分，"
    return text + grade_clause(c, r, "项目")


def b_dept_evaluation(c: Context) -> str | None:
    r = c.row("summary_evaluation", c.previous, level="部门评价")
    if not present(r, "project_count"):
        return None
    coverage = c.row("summary_evaluation_coverage", c.previous)
    text = ""
    if coverage is not None and coverage["coverage_min"] is not None:
        text += f"按照被评价项目资金额不低于年度财政预算安排项目支出资金总额 {pct(coverage['coverage_min'])} 的要求，"
    text += (
        f"各部门选择了 {n(r['project_count'])} 个项目实施了项目支出部门评价，全年预算 {money(r['budget'])} 万元，"
        f"实际执行 {money(r['executed'])} 万元，预算执行率 {pct(r['execution_rate'])}"
    )
    if r["goal_completion_rate"] is not None:
        text += f"，绩效目标总体完成率 {pct(r['goal_completion_rate'])}"
    text += "。"
    if coverage is not None and coverage["coverage_rule_count"]:
        # regions with different minimums: each department is checked against its own region's
        rule = "这一要求" if coverage["coverage_min"] is not None else "所在区划的覆盖面要求"
        text += (
            f"开展项目自评的 {n(coverage['department_count'])} 个部门单位中，"
            f"{n(coverage['department_count_meeting'])} 个达到{rule}。"
        )
    text += f"部门评价平均得分 {plain(r['mean_score'])} 分"
    if r["mean_finance_score"] is not None:
        text += f"，财政部门对各部门上报的项目支出部门评价平均得分 {plain(r['mean_finance_score'])} 分"
    return text + "，" + grade_clause(c, r, "项目支出部门评价")


def b_key_evaluation(c: Context) -> str | None:
    r = c.row("summary_evaluation", c.previous, level="财政评价")
    if not present(r, "project_count"):
        return None
    return (
        f"选择 {n(r['project_count'])} 个重大项目委托第三方机构进行财政评价，从项目决策、过程、产出、"
        f"效益等方面进行了审核、评价，平均得分 {plain(r['mean_score'])} 分，"
        + grade_clause(c, r, "财政评价项目")
    )


def b_exante(c: Context) -> str | None:
    r = c.row("summary_exante", c.year)
    if not present(r, "project_count"):
        return None
    return (
        f"{c.year} 年，对 {n(r['department_count'])} 个部门单位、{n(r['project_count'])} 个新增项目（涉及资金 "
        f"{money(r['amount'])} 万元）进行项目事前绩效评估，财政部门进行了评审，对审核不合格的退回部门单位进行了整改。"
    )


def b_dept_targets(c: Context) -> str | None:
    r = c.row("summary_targets", c.year, scope=DEPARTMENT_SCOPE)
    if not present(r, "department_count"):
        return None
    return (
        f"{c.year} 年，{n(r['department_count'])} 个部门单位设置年度整体绩效目标，涉及资金数 {money(r['budget'])} 万元，"
        "财政局对部门单位报送的整体支出绩效目标材料进行了全面审核。"
    )


def b_dept_monitoring(c: Context) -> str | None:
    points = c.checkpoints(DEPARTMENT_SCOPE, None)
    if not points:
        return None
    return "".join(
        f"截至 {n(r['period_end_month'])} 月底，{n(r['department_count'])} 个部门单位开展整体绩效监控，"
        f"整体支出预算数 {money(r['budget'])} 万元，执行资金数 {money(r['executed'])} 万元，"
        f"总体执行率 {pct(r['execution_rate'])}。"
        for r in points
    )


def b_project_targets(c: Context) -> str | None:
    group = c.default_group()
    r = c.row("summary_targets", c.year, scope=PROJECT_SCOPE, fund_group=group)
    if not present(r, "project_count"):
        return None
    return (
        f"{c.year} 年，{n(r['department_count'])} 个部门单位、{n(r['project_count'])} 个项目设置{spaced(group)}支出绩效目标，"
        f"预算金额 {money(r['budget'])} 万元{quantification_clause(r)}。"
    )


def _monitoring_sentence(r: dict, projects: str) -> str:
    text = (
        f"截至 {n(r['period_end_month'])} 月底，{n(r['department_count'])} 个部门单位对 {n(r['project_count'])} 个"
        f"{projects}开展预算执行、绩效目标实现程度“双监控”，调整后预算数 {money(r['budget'])} 万元，"
    )
    if r["funds_arrived"] is not None:
        text += f"到位资金数 {money(r['funds_arrived'])} 万元，"
    return text + f"执行资金数 {money(r['executed'])} 万元，执行率 {pct(r['execution_rate'])}。"


def b_project_monitoring(c: Context) -> str | None:
    points = c.checkpoints(PROJECT_SCOPE, c.default_group())
    return "".join(_monitoring_sentence(r, "项目") for r in points) or None


def b_fund_group(group: str) -> Callable[[Context], str | None]:
    """Targets, each monitoring checkpoint and the self-assessments of one configured fund group."""

    def body(c: Context) -> str | None:
        text = ""
        t = c.row("summary_targets", c.year, scope=PROJECT_SCOPE, fund_group=group)
        if present(t, "project_count"):
            text += (
                f"{n(t['department_count'])} 个部门单位对 {n(t['project_count'])} 个{spaced(group)}项目"
                f"（涉及资金 {money(t['budget'])} 万元）设置项目支出绩效目标{quantification_clause(t)}"
            )
            if t["review_pass_rate"] is not None:
                text += f"，经审核合格率 {pct(t['review_pass_rate'])}"
            text += "。"
        text += "".join(
            _monitoring_sentence(r, f"{spaced(group)}项目") for r in c.checkpoints(PROJECT_SCOPE, group)
        )
        s = c.row("summary_project_self_eval", c.year, fund_group=group)
        if present(s, "project_count"):
            text += (
                f"{n(s['project_count'])} 个{spaced(group)}项目开展 {c.year} 年度绩效自评，项目资金 {money(s['budget'])} 万元，"
                f"执行数 {money(s['executed'])} 万元，执行率 {pct(s['execution_rate'])}，"
                f"自评平均得分 {plain(s['mean_self_score'])} 分。"
            )
        return text or None

    return body


def sections(c: Context) -> list[Section]:
    fixed = [
        Section(lambda c: f"{c.previous} 年部门整体支出绩效自评", b_dept_self_eval),
        Section(lambda c: f"{c.previous} 年项目支出单位自评", b_project_self_eval),
        Section(lambda c: f"{c.previous} 年项目支出部门评价", b_dept_evaluation),
        Section(lambda c: f"{c.previous} 年重点项目支出财政评价", b_key_evaluation),
        Section(lambda c: f"{c.year} 年项目事前绩效评估", b_exante),
        Section(lambda c: f"{c.year} 年度部门整体支出绩效目标", b_dept_targets),
        Section(lambda c: f"{c.year} 年度部门整体绩效跟踪监控", b_dept_monitoring),
        Section(lambda c: f"{c.year} 年度项目绩效目标", b_project_targets),
        Section(lambda c: f"{c.year} 年项目支出绩效监控", b_project_monitoring),
    ]
    groups = [
        Section(
            lambda c, g=g["group_name"]: f"{c.year} 年{spaced(g)}项目预算绩效管理",
            b_fund_group(g["group_name"]),
        )
        for g in c.fund_groups()
        if not g["is_default"]
    ]
    return fixed + groups


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


def _grade_table(doc, row: dict | None, caption: str) -> None:
    counts = {g: (row or {}).get(f"grade_count_{g}") or Decimal(0) for g in GRADES}
    total = sum(counts.values())
    if not total:
        return
    _paragraph(doc, caption, font=HEADING_FONT, size=SIZE_四号, indent=False, center=True)
    table = doc.add_table(rows=3, cols=len(GRADES) + 1)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, text in enumerate(["等级", *GRADES]):
        _font(table.cell(0, col).paragraphs[0].add_run(text), HEADING_FONT, SIZE_四号)
    for r, label in ((1, "个数"), (2, "占比")):
        _font(table.cell(r, 0).paragraphs[0].add_run(label), BODY_FONT, SIZE_四号)
    for col, grade in enumerate(GRADES, start=1):
        _font(table.cell(1, col).paragraphs[0].add_run(n(counts[grade])), BODY_FONT, SIZE_四号)
        _font(table.cell(2, col).paragraphs[0].add_run(pct(counts[grade] / total)), BODY_FONT, SIZE_四号)


def _problems(ctx: Context) -> list[str]:
    """二、存在的问题: the seed's five kinds of problem first (each with its count, departments, projects, the
    rules behind it and an example), then any other rule's findings (报送、整改…), all from the audit."""
    years = [ctx.previous, ctx.year]
    kinds = queries.run(ctx.con, "report_problem_types", years=years, regions=ctx.regions)
    typed = set(queries.run(ctx.con, "problem_type_rules")["rule_code"].to_list())
    rules = queries.run(ctx.con, "report_problems", years=years, regions=ctx.regions)
    texts = [
        f"{_kind_name(k['problem_type'])}：共发现 {k['findings']} 处，涉及 {k['departments']} 个部门单位、"
        f"{k['projects']} 个项目，其中{k['rule_parts']}；如{k['example']}。"
        for k in kinds.iter_rows(named=True)
        if k["findings"]
    ]
    texts += [
        f"{r['rule_title']}：共发现 {r['findings']} 处，涉及 {r['departments']} 个部门单位，如{r['example']}。"
        for r in rules.iter_rows(named=True)
        if r["rule_code"] not in typed
    ]
    return [f"（{_chinese_number(i + 1)}）{t}" for i, t in enumerate(texts)]


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 21 → 二十一: the numbering of 公文 paragraphs, up to 99."""
    if n < 10:
        return CHINESE_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else CHINESE_NUMBERS[tens - 1] + "十"
    return head + (CHINESE_NUMBERS[ones - 1] if ones else "")


def _kind_name(problem_type: str) -> str:
    """「一、绩效指标与项目关联不紧密、不相关」 → its name without the seed's own numbering."""
    return problem_type.split("、", 1)[1] if "、" in problem_type[:3] else problem_type


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
    written, left_out = [], []
    for part in sections(ctx):
        title, body = part.title(ctx), part.body(ctx)
        if body is None:
            left_out.append(title)
        else:
            written.append(f"{title}。{body}")
    for number, text in enumerate(written, start=1):
        _paragraph(doc, f"{number}、{text}")
    _grade_table(
        doc,
        ctx.row("summary_project_self_eval", ctx.previous, fund_group="合计"),
        f"{ctx.previous} 年项目支出单位自评等级分布",
    )
    _grade_table(
        doc, ctx.row("summary_dept_self_eval", ctx.previous), f"{ctx.previous} 年部门整体支出自评等级分布"
    )
    problems = _problems(ctx)
    if problems:
        _paragraph(doc, "二、存在的问题", font=HEADING_FONT, indent=False)
        for text in problems:
            _paragraph(doc, text)
    elif written:
        _paragraph(doc, "二、存在的问题", font=HEADING_FONT, indent=False)
        _paragraph(doc, "审核规则未发现问题。")
    else:
        left_out.append("存在的问题")
    if left_out:
        _paragraph(doc, f"本年度未纳入：{'、'.join(left_out)}（无数据）")
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
