"""The sample's ledger data: each department's 填报日期 in the summary lists of the stages the 沙湾市 work
calendar tracks (most on time, some late, a few left blank), and a 退回整改通知 returned by three departments
with their answers. Hooked into writer.write_result_list and samplegen.generate."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

from samplegen.writer import FIXED_TIME, Col

# list title word → (month, day, year offset) of the deadline in the 沙湾市 calendar (regions.toml [calendar])
DEADLINES = (
    ("项目支出绩效自评", (2, 15, 1)),
    ("部门整体支出绩效自评", (3, 15, 1)),
    ("部门评价", (3, 15, 1)),
    ("1-5月项目支出绩效运行监控", (6, 10, 0)),
    ("部门整体支出绩效目标", (2, 28, 0)),
)
LATE_PERCENT = 9  # departments (per stage) that submit late …
BLANK_PERCENT = 3  # … and that leave 填报日期 blank (the loader then takes the load time)
DATE_COLUMN = Col("filled_on", "填报日期", width=14)


def _draw(department: str, stage: str) -> int:
    return int(hashlib.md5(f"{stage}|{department}".encode()).hexdigest()[:8], 16)


def _deadline(title: str) -> date | None:
    year = re.search(r"(\d{4})年", title)
    if year is None or "政府专项债券" in title:
        return None
    for word, (month, day, offset) in DEADLINES:
        if word in title:
            return date(int(year.group(1)) + offset, month, day)
    return None


def submission_date(department: str, title: str, due: date) -> str | None:
    """The department's 填报日期 in this list, as written in the sample (2022年2月10日), or None when blank."""
    draw = _draw(department, title)
    bucket = draw % 100
    if bucket < BLANK_PERCENT:
        return None
    if bucket < BLANK_PERCENT + LATE_PERCENT:
        day = due + timedelta(days=1 + draw // 100 % 20)
    else:
        day = due - timedelta(days=1 + draw // 100 % 12)
    return f"{day.year}年{day.month}月{day.day}日"


def with_submission_dates(title: str, columns: list[Col], rows: list[dict]) -> tuple[list[Col], list[dict]]:
    """A 填报日期 column at the end of a tracked stage's list; other lists unchanged."""
    due = _deadline(title)
    if due is None or not rows or "department" not in rows[0]:
        return columns, rows
    return [*columns, DATE_COLUMN], [
        {**row, "filled_on": submission_date(row["department"], title, due)} for row in rows
    ]


# --- the returned 退回整改通知 ---------------------------------------------------------------------------


# the stable 问题编号 (sql/mart/200_ledger_base.sql core.item_key): rule, region, year, stage, department, project
def item_key(rule: str, region: str, year: int, stage: str, department: str, project: str | None) -> str:
    identity = "|".join((rule, region, str(year), stage, department, project or ""))
    return f"{rule}-{year}-{hashlib.md5(identity.encode()).hexdigest()[:8].upper()}"


NOTICE_HEADER = ["序号", "问题编号", "严重程度", "环节", "年度", "项目名称", "问题类型", "问题说明", "来源文件",
                 "工作表", "行号", "整改措施", "整改结果", "完成日期"]  # fmt: skip
ANSWERS = (
    ("已核对决算数据，原表执行数误填为含往来款的支出数，已按决算更正并重新报送。", "已更正", "2022年5月10日"),
    ("执行数口径错误，已与预算单位逐项核对并更正。", "已重新报送部门整体自评表", "2022年5月12日"),
    ("已组织财务人员核对，按财政批复的调整预算更正。", "已更正并说明原因", "2022年5月16日"),
)


def write_returned_notice(path: Path, region: str, year: int, items: list[dict]) -> Path:
    """The bureau's notice as three departments sent it back: one sheet each, every item answered."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    book.set_properties({"created": FIXED_TIME, "author": "沙湾市财政局"})
    title = book.add_format({"font_name": "宋体", "font_size": 16, "bold": True, "align": "center"})
    lead = book.add_format({"font_name": "宋体", "font_size": 10, "text_wrap": True})
    head = book.add_format(
        {"font_name": "宋体", "font_size": 10, "bold": True, "border": 1, "bg_color": "#DDEBF7"}
    )
    cell = book.add_format({"font_name": "宋体", "font_size": 10, "border": 1, "text_wrap": True})
    for item, (measures, result, done) in zip(items, ANSWERS, strict=False):
        department = item["department"]
        sheet = book.add_worksheet(department[:31])
        last = len(NOTICE_HEADER) - 1
        sheet.merge_range(0, 0, 0, last, f"关于{department}{year}年度预算绩效材料问题的退回整改通知", title)
        sheet.merge_range(
            1, 0, 1, last,
            f"{department}：经审核，你单位报送的{year}年度预算绩效材料存在以下 1 个问题（其中严重程度为“高”的 1 个），"
            "请在“整改措施”“整改结果”“完成日期”栏填写整改情况，保留问题编号，将本表报回。",
            lead,
        )  # fmt: skip
        for c, label in enumerate(NOTICE_HEADER):
            sheet.write_string(3, c, label, head)
            sheet.set_column(c, c, 40 if label in ("问题说明", "整改措施") else 14)
        key = item_key("D01", region, year, "部门整体自评", department, None)
        values = [1, key, "高", "部门整体自评", year, "", "执行数超过预算数", item["message"], item["source_file"],
                  item["source_sheet"], item["source_row"], measures, result, done]  # fmt: skip
        for c, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(4, c, value, cell)
            else:
                sheet.write_string(4, c, value, cell)
        sheet.write_string(6, 0, "制表：沙湾市财政局    2022年4月20日", lead)
    book.close()
    return path


def returned_notice(out_dir: Path, specs: list[dict], region: str) -> Path:
    """The notice about 执行数超过预算数 in the 2021 部门整体自评 list, answered by the first three departments."""
    spec = next(s for s in specs if "部门整体支出绩效自评" in s["title"] and "2021" in s["title"])
    over = [
        {
            "department": row["department"],
            "message": f"全年执行数 {row['executed']} 万元超过全年预算数 {row['budget']} 万元",
            "source_file": f"data/raw/{spec['path']}",
            "source_sheet": spec["sheet"],
            "source_row": 6 + offset,  # the list's first record is on Excel row 6
        }
        for offset, row in enumerate(spec["rows"])
        if row.get("executed") is not None and row.get("budget") and row["executed"] > row["budget"]
    ]
    chosen = sorted(over, key=lambda r: r["department"])[: len(ANSWERS)]
    return write_returned_notice(out_dir / "2022" / "整改反馈" / "2021年度部门整体自评退回整改通知（部门反馈）.xlsx",
                                 region, 2021, chosen)  # fmt: skip
