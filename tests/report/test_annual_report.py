"""年度工作总结: the 2022 summary generated from the bundled sample, read back sentence by sentence.

Each numbered paragraph is written out below as the bureau should read it, with every number a labelled slot:
`{D21_2}` is seed figure D21-2 and must equal tests/data/seed_figures.csv at the precision the seed prints;
`{x_…}` is a number the seed does not print, checked against a query of its own on the mart views. A
paragraph must match its outline in full, so a number in the wrong slot (budget for executed, self for
finance score, 优 for 良) fails on that slot's own value.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import duckdb
import pytest
from docx.oxml.ns import qn

from samplegen import year2021
from warehouse import report

SEED = {
    row["id"]: row
    for row in csv.DictReader(
        (Path(__file__).resolve().parents[1] / "data" / "seed_figures.csv").open(encoding="utf-8")
    )
}
BANDS = {
    "优": "优（90 分（含）—100 分）",
    "良": "良（80 分（含）—90 分）",
    "中": "中（70 分（含）—80 分）",
    "差": "差（70 分以下）",
}
MONITORED = "开展预算执行、绩效目标实现程度“双监控”"
TARGETED = "设置项目支出绩效目标"

# the expected outline of （一）: title → the paragraph's text after 「N、title。」
OUTLINE = {
    "2021 年部门整体支出绩效自评": (
        "2021 年共有 {D21_1} 个部门单位完成了整体支出绩效自评，整体支出预算 {D21_2} 万元，实际执行 {D21_3} 万元。"
        "部门单位自评平均得分 {D21_4} 分，财政部门绩效评价平均得分 {D21_5} 分，"
        f"其中：{BANDS['优']}{{D21_6}} 个，{BANDS['良']}{{D21_7}} 个，无中、差的整体支出绩效自评。"
    ),
    "2021 年项目支出单位自评": (
        "2021 年共计上报项目 {P21_1} 个，其中 {P21_2} 个项目为中央转移支付资金项目，当年不做绩效自评。"
        "共有财政预算安排的 {P21_3} 个项目实施了项目支出绩效自评，全年预算 {P21_4} 万元，实际执行 {P21_5} 万元，"
        "预算执行率 {P21_6}%，绩效目标总体完成率 {P21_7}%。单位自评平均得分 {P21_8} 分，"
        f"财政部门项目支出评价平均得分 {{P21_9}} 分，其中：{BANDS['优']}{{P21_10}} 个，{BANDS['良']}{{P21_11}} 个，"
        f"{BANDS['中']}{{P21_12}} 个，{BANDS['差']}{{P21_13}} 个。"
    ),
    "2021 年项目支出部门评价": (
        "按照被评价项目资金额不低于年度财政预算安排项目支出资金总额 {E21_10}% 的要求，各部门选择了 {E21_1} 个项目"
        "实施了项目支出部门评价，全年预算 {E21_2} 万元，实际执行 {E21_3} 万元，预算执行率 {E21_4}%，"
        "绩效目标总体完成率 {E21_5}%。开展项目自评的 {x_assessed_departments} 个部门单位中，"
        "{x_covered_departments} 个达到这一要求。部门评价平均得分 {E21_6} 分，"
        "财政部门对各部门上报的项目支出部门评价平均得分 {E21_7} 分，"
        f"其中：{BANDS['优']}{{E21_8}} 个，{BANDS['良']}{{E21_9}} 个，无中、差的项目支出部门评价。"
    ),
    "2021 年重点项目支出财政评价": (
        "选择 {K21_1} 个重大项目委托第三方机构进行财政评价，从项目决策、过程、产出、效益等方面进行了审核、评价，"
        f"平均得分 {{K21_2}} 分，其中：{BANDS['优']}{{K21_3}} 个，{BANDS['良']}{{K21_4}} 个，无中、差的财政评价项目。"
    ),
    "2022 年项目事前绩效评估": (
        "2022 年，对 {X22_1} 个部门单位、{X22_2} 个新增项目（涉及资金 {X22_3} 万元）进行项目事前绩效评估，"
        "财政部门进行了评审，对审核不合格的退回部门单位进行了整改。"
    ),
    "2022 年度部门整体支出绩效目标": (
        "2022 年，{T22_1} 个部门单位设置年度整体绩效目标，涉及资金数 {T22_2} 万元，"
        "财政局对部门单位报送的整体支出绩效目标材料进行了全面审核。"
    ),
    "2022 年度部门整体绩效跟踪监控": (
        "截至 6 月底，{M22_1} 个部门单位开展整体绩效监控，整体支出预算数 {M22_2} 万元，执行资金数 {M22_3} 万元，"
        "总体执行率 {M22_4}%。"
    ),
    "2022 年度项目绩效目标": (
        "2022 年，{T22_3} 个部门单位、{T22_4} 个项目设置部门预算项目支出绩效目标，预算金额 {T22_5} 万元，"
        "共设置三级绩效指标 {T22_6} 个，量化率 {T22_7}%。"
    ),
    "2022 年项目支出绩效监控": (
        f"截至 5 月底，{{M22_5}} 个部门单位对 {{M22_6}} 个项目{MONITORED}，调整后预算数 {{M22_7}} 万元，"
        "到位资金数 {M22_8} 万元，执行资金数 {M22_9} 万元，执行率 {x_budget5_rate}%。"
        # the sample's second checkpoint (1-8月 forms, whose fund blocks state no 到位资金), in month order
        f"截至 8 月底，{{x_budget8_departments}} 个部门单位对 {{x_budget8_projects}} 个项目{MONITORED}，"
        "调整后预算数 {x_budget8_budget} 万元，执行资金数 {x_budget8_executed} 万元，执行率 {x_budget8_rate}%。"
    ),
    "2022 年政府专项债券项目预算绩效管理": (
        f"{{B22_1}} 个部门单位对 {{B22_2}} 个政府专项债券项目（涉及资金 {{B22_3}} 万元）{TARGETED}，"
        "共设置三级绩效指标 {B22_4} 个，量化率 {B22_5}%。"
        f"截至 11 月底，{{B22_6}} 个部门单位对 {{x_bond11_projects}} 个政府专项债券项目{MONITORED}，"
        "调整后预算数 {x_bond11_budget} 万元，到位资金数 {x_bond11_arrived} 万元，执行资金数 {x_bond11_executed} 万元，"
        "执行率 {x_bond11_rate}%。{B22_7} 个政府专项债券项目开展 2022 年度绩效自评，项目资金 {B22_8} 万元，"
        "执行数 {B22_9} 万元，执行率 {B22_10}%，自评平均得分 {B22_11} 分。"
    ),
    "2022 年 PPP 项目预算绩效管理": (
        f"{{PPP22_1}} 个部门单位对 {{PPP22_2}} 个 PPP 项目（涉及资金 {{PPP22_3}} 万元）{TARGETED}，"
        "共设置三级绩效指标 {PPP22_4} 个，量化率 {PPP22_5}%。"
        f"截至 5 月底，{{x_ppp5_departments}} 个部门单位对 {{x_ppp5_projects}} 个 PPP 项目{MONITORED}，"
        "调整后预算数 {PPP22_6} 万元，到位资金数 {x_ppp5_arrived} 万元，执行资金数 {x_ppp5_executed} 万元，"
        "执行率 {x_ppp5_rate}%。"
    ),
    "2022 年乡村振兴衔接资金项目预算绩效管理": (
        f"{{x_rural_departments}} 个部门单位对 {{T22_12}} 个乡村振兴衔接资金项目（涉及资金 {{T22_11}} 万元）{TARGETED}，"
        "共设置三级绩效指标 {T22_13} 个，量化率 {T22_14}%。"
    ),
    "2022 年直达资金项目预算绩效管理": (
        f"{{x_direct_departments}} 个部门单位对 {{T22_8}} 个直达资金项目（涉及资金 {{T22_9}} 万元）{TARGETED}，"
        "共设置三级绩效指标 {x_direct_indicators} 个，量化率 {x_direct_rate}%，经审核合格率 {T22_10}%。"
    ),
    "2022 年社保基金项目预算绩效管理": (
        f"{{S22_1}} 个部门单位对 {{S22_2}} 个社保基金项目（涉及资金 {{S22_3}} 万元）{TARGETED}，"
        "共设置三级绩效指标 {x_social_indicators} 个，量化率 {x_social_rate}%。"
        f"截至 5 月底，{{x_social5_departments}} 个部门单位对 {{x_social5_projects}} 个社保基金项目{MONITORED}，"
        "调整后预算数 {x_social5_budget} 万元，到位资金数 {x_social5_arrived} 万元，执行资金数 {x_social5_executed} 万元，"
        "执行率 {x_social5_rate}%。"
    ),
}

# numbers the seed does not print, each from its own query on the mart views (2022 targets and monitoring)
TAG = "list_contains(fund_tags, '{}')"
MONITORING_5 = (
    "FROM mart.monitoring WHERE fiscal_year = 2022 AND scope = '项目' AND period_end_month = {} AND {}"
)
TARGETS = "FROM mart.performance_target WHERE fiscal_year = 2022 AND scope = '项目' AND {}"
BUDGET_GROUP = (
    "NOT list_has_any(fund_tags, ['政府专项债券', 'PPP', '乡村振兴衔接资金', '直达资金'])"
    " AND fund_type <> '社会保险基金预算'"
)
SOCIAL = "fund_type = '社会保险基金预算' AND NOT list_has_any(fund_tags, ['政府专项债券', 'PPP', '乡村振兴衔接资金', '直达资金'])"


def _monitoring(prefix: str, month: int, where: str) -> dict[str, str]:
    body = MONITORING_5.format(month, where)
    return {
        f"{prefix}_departments": f"SELECT count(DISTINCT department) {body}",
        f"{prefix}_projects": f"SELECT count(*) {body}",
        f"{prefix}_budget": f"SELECT sum(budget) {body}",
        f"{prefix}_arrived": f"SELECT sum(funds_arrived) {body}",
        f"{prefix}_executed": f"SELECT sum(executed) {body}",
        f"{prefix}_rate": f"SELECT 100 * sum(executed) / sum(budget) {body}",
    }


def _targets(prefix: str, where: str) -> dict[str, str]:
    body = TARGETS.format(where)
    return {
        f"{prefix}_departments": f"SELECT count(DISTINCT department) {body}",
        f"{prefix}_indicators": f"SELECT sum(indicator_count) {body}",
        f"{prefix}_rate": f"SELECT 100 * avg(quantified_count / indicator_count) {body}",  # 沙湾市: project mean
    }


OWN_QUERIES = {
    **_monitoring("x_budget5", 5, BUDGET_GROUP),
    **_monitoring("x_budget8", 8, BUDGET_GROUP),
    **_monitoring("x_bond11", 11, TAG.format("政府专项债券")),
    **_monitoring("x_ppp5", 5, TAG.format("PPP")),
    **_monitoring("x_social5", 5, SOCIAL),
    **_targets("x_rural", TAG.format("乡村振兴衔接资金")),
    **_targets("x_direct", TAG.format("直达资金")),
    **_targets("x_social", SOCIAL),
    "x_assessed_departments": (
        "SELECT count(DISTINCT department) FROM mart.project_self_eval WHERE fiscal_year = 2021 AND assessed"
    ),
}


def slot(name: str) -> str:
    return rf"(?P<{name}>\d+(?:\.\d+)?)"


def outline_pattern(outline: str) -> re.Pattern:
    """The hand-written outline as a regex: literal text, each {label} a captured number."""
    parts = re.split(r"\{(\w+)\}", outline)
    return re.compile("".join(slot(p) if i % 2 else re.escape(p) for i, p in enumerate(parts)))


@pytest.fixture(scope="module")
def document(sample_db):
    return docx.Document(io.BytesIO(report.write(sample_db, 2022)))


@pytest.fixture(scope="module")
def own_values(sample_db) -> dict[str, Decimal]:
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        found = {k: con.sql(q).fetchall()[0][0] for k, q in OWN_QUERIES.items()}
        values = {k: Decimal(str(v)) for k, v in found.items() if v is not None}  # e.g. no 到位资金 in 1-8月
    finally:
        con.close()
    # the departments below the coverage rule are the ones the sample was built to leave short
    values["x_covered_departments"] = values["x_assessed_departments"] - len(
        year2021.LOW_COVERAGE_DEPARTMENTS
    )
    return values


def numbered(document) -> dict[str, str]:
    """Numbered paragraphs of （一）: title → text after the title, in order, numbered 1, 2, 3…"""
    found = {}
    for p in document.paragraphs:
        if match := re.fullmatch(r"(\d+)、([^。]+)。(.*)", p.text):
            assert int(match[1]) == len(found) + 1, p.text
            found[match[2]] = match[3]
    return found


def labelled_values() -> list[tuple[str, str]]:
    return [(title, label) for title, text in OUTLINE.items() for label in re.findall(r"\{(\w+)\}", text)]


def test_the_outline_binds_every_seed_figure_once():
    seed_labels = [label.replace("_", "-") for _t, label in labelled_values() if not label.startswith("x_")]
    zeros = {i for i, row in SEED.items() if Decimal(row["value"]) == 0}  # written as 「无中、差」
    assert sorted(seed_labels) == sorted(set(SEED) - zeros)
    assert zeros == {"D21-8", "D21-9"}


def test_paragraphs_follow_the_outline_in_order(document):
    paragraphs = numbered(document)
    assert list(paragraphs) == list(OUTLINE)
    for title, outline in OUTLINE.items():
        assert outline_pattern(outline).fullmatch(paragraphs[title]), f"{title}\n{paragraphs[title]}"


@pytest.mark.parametrize(("title", "label"), labelled_values(), ids=lambda v: v)
def test_each_number_is_its_own_figure(document, own_values, title, label):
    match = outline_pattern(OUTLINE[title]).fullmatch(numbered(document)[title])
    assert match, numbered(document)[title]
    printed = Decimal(match[label])
    if label.startswith("x_"):
        expected = own_values[label]
        assert printed == expected.quantize(Decimal("0.01"), ROUND_HALF_UP).normalize(), (label, match[label])
        return
    row = SEED[label.replace("_", "-")]
    places = Decimal(1).scaleb(Decimal(row["value"]).as_tuple().exponent)
    if row["unit"] == "个":  # a count is printed whole and exactly
        assert match[label] == row["value"], (
            f"{row['id']} printed {match[label]}, the seed says {row['value']}"
        )
    elif row["metric"].endswith("_min"):  # "合格率达 91%以上", "不低于 20%": the seed states a floor
        assert printed.quantize(Decimal(1), ROUND_FLOOR) == Decimal(row["value"]), (label, match[label])
    else:
        assert printed.quantize(places, ROUND_HALF_UP) == Decimal(row["value"]), (
            f"{row['id']} printed {match[label]}, the seed says {row['how_the_seed_states_it']}"
        )


def test_structure_follows_the_seed(document):
    texts = [p.text for p in document.paragraphs]
    assert texts[:4] == [
        "沙湾市 2022 年全面实施预算绩效管理工作总结",
        "2022 年，沙湾市全面实施预算绩效管理，加强项目全周期跟踪评价，将绩效理念融入预算管理全过程。"
        "现将 2022 年预算绩效管理工作总结如下：",
        "一、全面开展财政预算绩效工作",
        "（一）2022 年度绩效工作开展情况",
    ]
    problems = texts[texts.index("二、存在的问题") + 1 :]
    assert any("执行数超过预算数" in t and "沙湾市" in t for t in problems)  # D21-3's departments
    assert not any(t.startswith("本年度未纳入") for t in texts)  # every stage of 2022 has data
    assert len(document.tables) == 2
    table = document.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["个数", "535", "49", "26", "17"]


def test_government_document_typography(document):
    def east_asia_font(paragraph):
        return paragraph.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))

    title, body = document.paragraphs[0], document.paragraphs[1]
    assert east_asia_font(title) == report.TITLE_FONT and title.runs[0].font.size == report.SIZE_二号
    assert east_asia_font(body) == report.BODY_FONT and body.runs[0].font.size == report.SIZE_三号
    assert body.paragraph_format.first_line_indent == report.SIZE_三号 * 2
    heading = next(p for p in document.paragraphs if p.text.startswith("一、"))
    assert east_asia_font(heading) == report.HEADING_FONT


def test_a_year_without_data_names_every_paragraph_it_left_out(sample_db):
    doc = docx.Document(io.BytesIO(report.write(sample_db, 2024)))
    texts = [p.text for p in doc.paragraphs]
    assert not any(re.match(r"\d+、", t) for t in texts)
    assert not any(" 0 个" in t for t in texts)
    left_out = [
        "2023 年部门整体支出绩效自评",
        "2023 年项目支出单位自评",
        "2023 年项目支出部门评价",
        "2023 年重点项目支出财政评价",
        "2024 年项目事前绩效评估",
        "2024 年度部门整体支出绩效目标",
        "2024 年度部门整体绩效跟踪监控",
        "2024 年度项目绩效目标",
        "2024 年项目支出绩效监控",
        "2024 年政府专项债券项目预算绩效管理",
        "2024 年 PPP 项目预算绩效管理",
        "2024 年乡村振兴衔接资金项目预算绩效管理",
        "2024 年直达资金项目预算绩效管理",
        "2024 年社保基金项目预算绩效管理",
        "存在的问题",
    ]
    assert texts[-1] == f"本年度未纳入：{'、'.join(left_out)}（无数据）"


def test_a_failing_query_is_an_error_not_a_missing_section(sample_db, tmp_path):
    broken = tmp_path / "broken.duckdb"
    shutil.copy(sample_db, broken)
    con = duckdb.connect(str(broken))
    try:
        con.execute("DROP VIEW mart.problem")
        with pytest.raises(duckdb.CatalogException, match="problem"):
            report.build(con, 2022)
    finally:
        con.close()
