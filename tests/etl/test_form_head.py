"""One head reader for every per-sheet form: where the year, department, unit, project and money unit are
written differs by layout, never by parser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from support.form_corpus import KINDS, LAYOUTS, form_sheets
from support.xlsx_builder import write_rows

from etl.forms import registry
from etl.forms.head import FormHead, read_head
from etl.workbook import Sheet, read_workbook

YEAR = 2024  # no writer uses it: a 2024 in the result was read from where the test put it
KIND_LABELS = {
    "self_eval": "项目支出绩效自评表",
    "target": "项目支出绩效目标表",
    "monitoring": "项目支出绩效监控表",
    "dept_self_eval": "部门整体支出绩效自评表",
    "dept_target": "部门整体支出绩效目标表",
    "evaluation": "项目支出绩效评价评分表",
}
_STATED_YEAR = re.compile(r"[（(]?(?:19|20)\d{2}年度?[)）]?")


LAYOUT_IDS = [f"{kind}-{layout}" for kind in KINDS for layout in LAYOUTS[kind]]


@pytest.fixture(scope="module")
def layouts(tmp_path_factory) -> dict[str, Sheet]:
    """The first sheet of every layout of every form kind, by "kind-layout"."""
    sheets = form_sheets(tmp_path_factory.mktemp("forms"))
    # form_sheets writes two examples of each layout, layout by layout
    return {
        f"{kind}-{layout}": sheet
        for kind in KINDS
        for layout, sheet in zip(LAYOUTS[kind], sheets[kind][::2], strict=True)
    }


def _title_cell(rows: list[list[object]]) -> tuple[int, int]:
    return next((r, c) for r in range(4) for c, v in enumerate(rows[r]) if isinstance(v, str) and "表" in v)


def _without_year(sheet: Sheet) -> Sheet:
    """A copy of a form whose title and subtitle state no year (project names keep theirs)."""
    rows = [list(row) for row in sheet.rows]
    r0, c0 = _title_cell(rows)
    rows[r0][c0] = _STATED_YEAR.sub("", rows[r0][c0])
    for r in range(r0 + 1, r0 + 3):
        for c, value in enumerate(rows[r]):
            if isinstance(value, str) and _STATED_YEAR.fullmatch(value.strip()):
                rows[r][c] = None
    return Sheet(sheet.name, rows, list(sheet.merged))


def _insert_row(sheet: Sheet, at: int, cells: list[object]) -> Sheet:
    rows = [list(row) for row in sheet.rows]
    rows.insert(at, cells + [None] * (sheet.width - len(cells)))
    merged = [
        (r0 + (r0 >= at), c0, r1 + (r1 >= at), c1)
        for r0, c0, r1, c1 in sheet.merged  # a range spanning the new row grows by it
    ]
    return Sheet(sheet.name, rows, merged)


def _state_year(sheet: Sheet, where: str | None, year: int = YEAR) -> Sheet:
    """The form with its year stated only in one place: 标题, 副标题, 年度栏, 工作表名 (None: nowhere)."""
    bare = _without_year(sheet)
    r0, c0 = _title_cell(bare.rows)
    if where == "标题":
        bare.rows[r0][c0] = f"{year}年度{bare.rows[r0][c0]}"
        return bare
    if where == "副标题":
        return _insert_row(bare, r0 + 1, [f"（{year}年度）"])
    if where == "年度栏":
        return _insert_row(bare, r0 + 1, ["预算年度", f"{year}年"])
    if where == "工作表名":
        return Sheet(f"{year}年度", bare.rows, bare.merged)
    return bare


# ---------------------------------------------------------------------------------------------------------
# the year, through every parser


@pytest.mark.parametrize("where", ["标题", "副标题", "年度栏", "工作表名"])
@pytest.mark.parametrize("layout", LAYOUT_IDS)
def test_every_form_kind_reads_the_year_wherever_the_form_states_it(layouts, layout, where):
    sheet = _state_year(layouts[layout], where)
    form = registry.recognise(sheet)
    assert form is not None and form.label == KIND_LABELS[layout.split("-")[0]]
    project = form.parse(sheet).project
    assert (project["fiscal_year"], project["year_source"]) == (YEAR, where)
    assert "fill_date" in project


@pytest.mark.parametrize("layout", LAYOUT_IDS)
def test_a_year_in_a_project_name_or_a_date_is_not_the_fiscal_year(layouts, layout):
    # project names such as "2021年第三方绩效评价服务费", 项目期 "2022年-2024年", 填报日期 and 评价时间 stay put
    sheet = _state_year(layouts[layout], None)
    project = registry.recognise(sheet).parse(sheet).project
    assert (project["fiscal_year"], project["year_source"]) == (None, None)


@pytest.mark.parametrize("layout", LAYOUT_IDS)
def test_the_year_in_the_subtitle_is_read_even_when_the_title_has_none(layouts, layout):
    head = read_head(_state_year(layouts[layout], "副标题"))
    assert head.subtitle.splitlines()[0] == f"（{YEAR}年度）"
    assert "年度" not in head.title


# ---------------------------------------------------------------------------------------------------------
# the year in small heads


def _head(*rows: list[object], name: str = "Sheet1", end: int | None = None) -> FormHead:
    return read_head(Sheet(name, [list(r) for r in rows]), end=end)


@pytest.mark.parametrize(
    ("rows", "year", "source"),
    [
        ([["2023年度项目支出绩效目标表"], ["（2024年度）"]], 2023, "标题"),
        ([["项目支出绩效目标申报表（2022年度）"]], 2022, "标题"),
        ([["项目支出绩效自评表"], ["（2024年度）"]], 2024, "副标题"),
        ([["项目支出绩效自评表"], ["2023年度"]], 2023, "副标题"),
        ([["项目支出绩效自评表"], ["(2024)"]], 2024, "副标题"),
        ([["项目支出绩效监控表"], ["（2022年1-6月）"]], 2022, "副标题"),
        ([["项目支出绩效自评表", None, None, "（2024年度）"]], 2024, "副标题"),
        ([["项目支出绩效自评表"], [None], ["2024年度", None, "单位：万元"]], 2024, "副标题"),
        ([["项目支出绩效自评表"], ["年度", "2021年度"]], 2021, "年度栏"),
        ([["项目支出绩效自评表"], ["预算年度", 2021.0]], 2021, "年度栏"),
        ([["绩效评价评分表"], ["评价年度：2021"]], 2021, "年度栏"),
        ([["项目支出绩效自评表"], ["（2024年度）"], ["评价年度", "2021"]], 2024, "副标题"),
    ],
)
def test_the_year_comes_from_title_then_subtitle_then_a_year_cell(rows, year, source):
    head = _head(*rows, ["项目名称", "学生营养餐补助"])
    assert (head.fiscal_year, head.year_source) == (year, source)


@pytest.mark.parametrize(
    ("name", "year"),
    [("2021年度", 2021), ("2021", 2021), ("自评表（2022年度）", 2022), ("1-2021年营养餐", None)],
)
def test_a_sheet_name_gives_the_year_only_when_it_states_one(name, year):
    head = _head(["项目支出绩效自评表"], ["项目名称", "学生营养餐补助"], name=name)
    assert (head.fiscal_year, head.year_source) == (year, "工作表名" if year else None)


@pytest.mark.parametrize(
    "rows",
    [
        [["项目支出绩效自评表"], ["项目名称", "2021年高标准农田建设"]],
        [["项目支出绩效自评表"], ["项目名称", "2021年度高标准农田建设"]],
        [["绩效评价评分表"], ["填报日期：2022年1月10日"], ["项目名称", "高标准农田建设"]],
        [["绩效评价评分表"], ["项目名称", "高标准农田建设"], ["项目期", "2022年-2024年"]],
        [["绩效评价评分表"], ["项目名称", "高标准农田建设"], ["评价时间", "2022年5月"]],
    ],
)
def test_years_of_project_names_periods_and_dates_are_not_fiscal_years(rows):
    head = _head(*rows, name="1-2021年高标准农田建设")
    assert (head.fiscal_year, head.year_source) == (None, None)


# ---------------------------------------------------------------------------------------------------------
# department, unit, project


@pytest.mark.parametrize(
    ("cells", "name", "code"),
    [
        (["主管部门", "219-沙湾市教育局"], "沙湾市教育局", "219"),
        (["主管部门及代码", "219001-沙湾市教育局"], "沙湾市教育局", "219001"),
        (["主管部门及代码", "沙湾市教育局", "219001"], "沙湾市教育局", "219001"),
        (["主管部门", "[219001]沙湾市 教育局"], "沙湾市教育局", "219001"),
        (["主管部门（单位）", "219001－沙湾市教育局"], "沙湾市教育局", "219001"),
        (["部门（单位）名称", "沙湾市教育局"], "沙湾市教育局", None),
        (["部门名称：219001-沙湾市教育局", None, "单位：元"], "沙湾市教育局", "219001"),
        (["主管部门", "沙湾市教育局", "主管部门编码", "219001"], "沙湾市教育局", "219001"),
    ],
)
def test_department_loses_its_budget_code_prefix(cells, name, code):
    head = _head(["项目支出绩效目标表"], cells)
    assert (head.department, head.department_code) == (name, code)


def test_an_empty_department_stops_at_the_next_label():
    head = read_head(
        Sheet("s", [["部门整体绩效自评表"], ["主管部门", None, "财政处室", "教育科"]]), known={"财政处室": 1}
    )
    assert head.department is None
    assert head.empty("department") is not None


@pytest.mark.parametrize(
    ("cells", "unit"),
    [
        (["实施单位", "沙湾市第一中学"], "沙湾市第一中学"),
        (["项目实施单位", "沙湾市第一中学"], "沙湾市第一中学"),
        (["项目执行单位", "沙湾市第一中学"], "沙湾市第一中学"),
        (["预算单位", "219001001-沙湾市第一中学"], "沙湾市第一中学"),
        (["填报单位（盖章）：沙湾市第一中学"], "沙湾市第一中学"),
        (["填报单位：沙湾市第一中学    单位：万元"], "沙湾市第一中学"),
        (["项目单位(盖章)：沙湾市教育局", "项目执行单位", "沙湾市第一中学"], "沙湾市第一中学"),
        (["实施单位", None, "项目单位", "沙湾市第一中学"], "沙湾市第一中学"),
    ],
)
def test_unit_label_variants(cells, unit):
    assert _head(["项目支出绩效目标表"], cells).unit == unit


def test_a_subtitle_note_names_the_unit_and_the_money_unit():
    head = _head(
        ["项目支出绩效目标表"], ["填报单位：沙湾市第一中学  单位：元"], ["项目名称", "学生营养餐补助"]
    )
    assert head.subtitle == "填报单位：沙湾市第一中学 单位：元"
    assert (head.unit, head.amount_unit) == ("沙湾市第一中学", "元")


@pytest.mark.parametrize(
    ("cells", "name", "code"),
    [
        (["项目名称", "51000021R000000019951-工资性支出"], "工资性支出", "51000021R000000019951"),
        (["项目名称", "2021年学生营养餐补助"], "2021年学生营养餐补助", None),
        (
            ["项目名称", "6542-学生营养餐补助", "项目编码", "65422021000001"],
            "学生营养餐补助",
            "65422021000001",
        ),
        (["项目名称", "学生营养餐补助", "项目代码", 65422021000001.0], "学生营养餐补助", "65422021000001"),
        (["项目名称：学生 营养餐补助"], "学生营养餐补助", None),
    ],
)
def test_project_name_and_code(cells, name, code):
    head = _head(["项目支出绩效目标表"], cells)
    assert (head.project_name, head.project_code) == (name, code)


def test_an_empty_project_name_is_reported_where_it_belongs():
    head = _head(["项目支出绩效目标表"], [None, "项目名称", None, "项目编码", "6542"])
    assert head.project_name is None
    place = head.empty("project_name")
    assert (place.row, place.label_col, place.value_col) == (1, 1, 2)


# ---------------------------------------------------------------------------------------------------------
# money unit, region, fill date, where the head ends


@pytest.mark.parametrize(
    ("rows", "unit"),
    [
        ([["单位：元"]], "元"),
        ([["金额单位：人民币元"]], "元"),
        ([["项目资金（元）", "年初预算数", "全年预算数"]], "元"),
        ([["项目资金", "年初预算数（元）"]], "元"),
        ([["单位：万元"], ["项目资金（元）"]], "万元"),  # a note wins over a bracket
        ([["项目资金（元）"], [None, "单位：万元"]], "万元"),
        ([["项目资金", "年初预算数"]], "万元"),
    ],
)
def test_money_unit(rows, unit):
    head = _head(["项目支出绩效自评表"], *rows, ["一级指标", "二级指标", "三级指标"])
    assert head.amount_unit == unit


def test_conflicting_units_are_all_listed_the_one_that_counts_first():
    head = _head(["项目支出绩效自评表"], ["项目资金（万元）"], [None, "单位：元"])
    assert [(n.row, n.col, n.unit, n.stated) for n in head.amount_units] == [
        (2, 1, "元", True),
        (1, 0, "万元", False),
    ]


@pytest.mark.parametrize(
    ("rows", "region"),
    [
        ([["沙湾市2022年度项目支出绩效目标表"]], "沙湾市"),
        ([["项目支出绩效目标表"], ["财政区划", "654223-沙湾市"]], "沙湾市"),
        ([["项目支出绩效目标表"], ["地区：沙湾市"]], "沙湾市"),
        ([["2022年度沙湾市项目支出绩效目标表"]], None),
        ([["沙湾市教育局2022年度项目支出绩效目标表"]], None),
        ([["项目支出绩效目标表"]], None),
    ],
)
def test_region_only_when_it_is_certain(rows, region):
    assert _head(*rows, ["项目名称", "学生营养餐补助"]).region == region


@pytest.mark.parametrize(
    ("rows", "date"),
    [
        ([["填报单位：沙湾市教育局", None, "填报日期：2022年1月10日"]], dt.date(2022, 1, 10)),
        ([["填报日期", dt.datetime(2022, 1, 10)]], dt.date(2022, 1, 10)),
        ([["填报日期", "2022-01-10"]], dt.date(2022, 1, 10)),
        ([["填报日期", "2022年13月1日"]], None),
        ([["填报日期", None]], None),
        ([], None),
    ],
)
def test_fill_date(rows, date):
    assert _head(["项目支出绩效目标表"], *rows, ["项目名称", "学生营养餐补助"]).fill_date == date


def test_fill_date_written_in_the_footer_is_found(tmp_path):
    path = write_rows(
        tmp_path / "f.xlsx",
        [
            ["项目支出绩效自评表"],
            ["项目名称", "学生营养餐补助"],
            ["一级指标", "二级指标", "三级指标"],
            ["产出指标", "数量指标", "受益学生人数"],
            ["填报人：张三    审核人：李四    填报日期：2022年4月15日"],
        ],
    )
    (sheet,) = read_workbook(path)
    head = read_head(sheet)
    assert head.end == 2
    assert head.fill_date == dt.date(2022, 4, 15)


def test_the_head_ends_at_the_indicator_table_or_where_the_parser_says():
    rows = [["项目支出绩效自评表"], ["项目名称", "甲"], ["一级指标", "二级指标"], ["主管部门", "乙"]]
    assert _head(*rows).end == 2
    assert _head(*rows).department is None
    assert _head(*rows, end=4).department == "乙"
