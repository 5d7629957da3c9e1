"""A county on the national profile (bands 60/80/90, count-ratio 量化率) that monitors at the end of July and
November gets a complete summary in its own terms: its checkpoints in month order, its bands, the count-ratio
wording, and the stages it has no data for named at the end. Compared with the outline written out below."""

from __future__ import annotations

import docx
from county_staging import stage_county

from warehouse import queries, report

EXPECTED_OUTLINE = [
    "示例县 2024 年全面实施预算绩效管理工作总结",
    "2024 年，示例县全面实施预算绩效管理，加强项目全周期跟踪评价，将绩效理念融入预算管理全过程。"
    "现将 2024 年预算绩效管理工作总结如下：",
    "一、全面开展财政预算绩效工作",
    "（一）2024 年度绩效工作开展情况",
    "1、2023 年部门整体支出绩效自评。2023 年共有 2 个部门单位完成了整体支出绩效自评，整体支出预算 800 万元，"
    "实际执行 720 万元。部门单位自评平均得分 83.5 分，财政部门绩效评价平均得分 88 分，"
    "其中：良（80 分（含）—90 分）1 个，中（60 分（含）—80 分）1 个，无优、差的整体支出绩效自评。",
    "2、2023 年项目支出单位自评。2023 年共计上报项目 3 个，其中 1 个项目为中央转移支付资金项目，当年不做绩效自评。"
    "共有财政预算安排的 2 个项目实施了项目支出绩效自评，全年预算 150 万元，实际执行 120 万元，预算执行率 80%。"
    "单位自评平均得分 82.5 分，财政部门项目支出评价平均得分 74.5 分，"
    "其中：优（90 分（含）—100 分）1 个，差（60 分以下）1 个，无良、中的项目。",
    "3、2024 年度部门整体绩效跟踪监控。"
    "截至 7 月底，2 个部门单位开展整体绩效监控，整体支出预算数 800 万元，执行资金数 400 万元，总体执行率 50%。"
    "截至 11 月底，2 个部门单位开展整体绩效监控，整体支出预算数 800 万元，执行资金数 690 万元，总体执行率 86.25%。",
    "4、2024 年度项目绩效目标。2024 年，2 个部门单位、2 个项目设置部门预算项目支出绩效目标，预算金额 120 万元，"
    "共设置三级绩效指标 15 个，其中量化指标 11 个，量化率 73.33%。",
    "5、2024 年项目支出绩效监控。"
    "截至 7 月底，2 个部门单位对 2 个项目开展预算执行、绩效目标实现程度“双监控”，调整后预算数 120 万元，"
    "到位资金数 120 万元，执行资金数 40 万元，执行率 33.33%。"
    "截至 11 月底，2 个部门单位对 2 个项目开展预算执行、绩效目标实现程度“双监控”，调整后预算数 120 万元，"
    "到位资金数 120 万元，执行资金数 100 万元，执行率 83.33%。",
    "6、2024 年政府专项债券项目预算绩效管理。1 个部门单位对 1 个政府专项债券项目（涉及资金 1000 万元）"
    "设置项目支出绩效目标，共设置三级绩效指标 8 个，其中量化指标 8 个，量化率 100%。"
    "截至 7 月底，1 个部门单位对 1 个政府专项债券项目开展预算执行、绩效目标实现程度“双监控”，"
    "调整后预算数 1000 万元，到位资金数 1000 万元，执行资金数 400 万元，执行率 40%。"
    "截至 11 月底，1 个部门单位对 1 个政府专项债券项目开展预算执行、绩效目标实现程度“双监控”，"
    "调整后预算数 1000 万元，到位资金数 1000 万元，执行资金数 900 万元，执行率 90%。",
    "2023 年项目支出单位自评等级分布",
    "2023 年部门整体支出自评等级分布",
    "二、存在的问题",
]


def document_texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


LEFT_OUT = (
    "本年度未纳入：2023 年项目支出部门评价、2023 年重点项目支出财政评价、2024 年项目事前绩效评估、"
    "2024 年度部门整体支出绩效目标、2024 年 PPP 项目预算绩效管理、2024 年乡村振兴衔接资金项目预算绩效管理、"
    "2024 年直达资金项目预算绩效管理、2024 年社保基金项目预算绩效管理（无数据）"
)


def test_a_national_profile_county_gets_its_own_complete_summary(county):
    doc = report.build(county, 2024, "示例县")
    texts = document_texts(doc)
    problems = texts.index("二、存在的问题")
    assert texts[: problems + 1] == EXPECTED_OUTLINE
    assert texts[-1] == LEFT_OUT
    # 存在的问题 lists what the audit found in these rows, each with its count and departments
    findings = texts[problems + 1 : -1]
    assert findings and all(t.startswith("（") and "共发现" in t for t in findings)
    grade_rows = [[c.text for c in table.rows[1].cells] for table in doc.tables]
    assert grade_rows == [["个数", "1", "0", "0", "1"], ["个数", "0", "1", "1", "0"]]


def test_the_report_round_trips_through_word(county, tmp_path):
    path = tmp_path / "summary.docx"
    report.build(county, 2024, "示例县").save(path)
    assert document_texts(docx.Document(str(path)))[: len(EXPECTED_OUTLINE)] == EXPECTED_OUTLINE


def test_regions_with_different_quantification_rules_get_no_merged_rate(staging):
    """沙湾市 averages project rates, the national profile divides counts: over both there is no one 量化率."""
    stage_county(staging)
    staging.add(
        "performance_target",
        region="沙湾市",
        fiscal_year=2024,
        scope="项目",
        department="沙湾市教育局",
        project_code="S1",
        project_name="项目S1",
        budget=10,
        indicator_count=4,
        quantified_count=1,
    )
    con = staging.rebuild()
    (row,) = [
        r
        for r in queries.run(con, "summary_targets", year=2024, regions=[]).to_dicts()
        if r["fund_group"] == "部门预算项目"
    ]
    assert (row["quantification_rule"], row["quantification_rate"], row["indicator_count"]) == (
        None,
        None,
        19,
    )
    texts = document_texts(report.build(con, 2024))
    (targets,) = [t for t in texts if "年度项目绩效目标。" in t]
    assert targets.endswith("共设置三级绩效指标 19 个，各区划量化率口径不同，未合并计算。")
    # nor one set of grade bands: the grades are counted without a band
    (self_eval,) = [t for t in texts if "年项目支出单位自评。" in t]
    assert self_eval.endswith("其中：优 1 个，差 1 个，无良、中的项目。")
    # each region alone keeps its own rule
    for region, rate in (("沙湾市", "量化率 25%。"), ("示例县", "其中量化指标 11 个，量化率 73.33%。")):
        (own,) = [t for t in document_texts(report.build(con, 2024, region)) if "年度项目绩效目标。" in t]
        assert own.endswith(rate), own
