"""A prefecture- or province-scale synthetic set for benchmarks: the county sample copied to N counties,
each under its own name (titles, departments, units), the same distributions and layouts.

Workbooks are re-written cell by cell (values and merged ranges) with the county's name in place of the
sample's, so every county is distinct content for the loader while keeping the real-shaped layouts."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import python_calamine
import xlsxwriter

from samplegen.names import REGION
from samplegen.writer import FIXED_TIME

COUNTY_STEMS = [
    "乌苏",
    "额敏",
    "托里",
    "裕民",
    "和丰",
    "精河",
    "温泉",
    "博乐",
    "阿拉山口",
    "奎屯",
    "独山子",
    "克拉玛依",
    "昌吉",
    "阜康",
    "呼图壁",
    "玛纳斯",
    "奇台",
    "吉木萨尔",
    "木垒",
    "哈密",
    "伊吾",
    "巴里坤",
    "鄯善",
    "托克逊",
    "和静",
    "和硕",
    "焉耆",
    "博湖",
    "尉犁",
    "若羌",
    "且末",
    "轮台",
    "库车",
    "沙雅",
    "新和",
    "拜城",
    "温宿",
    "乌什",
    "柯坪",
    "阿瓦提",
    "疏附",
    "疏勒",
    "英吉沙",
    "泽普",
    "莎车",
    "叶城",
    "麦盖提",
    "岳普湖",
    "伽师",
    "巴楚",
    "墨玉",
    "皮山",
    "洛浦",
    "策勒",
    "于田",
    "民丰",
    "伊宁",
    "霍城",
    "察布查尔",
    "巩留",
    "新源",
    "昭苏",
    "特克斯",
    "尼勒克",
    "布尔津",
    "富蕴",
    "福海",
    "哈巴河",
    "青河",
    "吉木乃",
    "塔什库尔干",
    "阿合奇",
    "乌恰",
    "阿图什",
    "阿克陶",
    "图木舒克",
    "铁门关",
    "双河",
    "可克达拉",
    "昆玉",
    "胡杨河",
    "新星",
    "白杨",
    "五家渠",
    "石河子",
    "北屯",
    "阿勒泰",
    "塔城",
    "和田",
    "喀什",
    "阿克苏",
    "库尔勒",
    "吐鲁番",
    "高昌",
    "伊州",
    "米东",
    "达坂城",
    "乌鲁木齐县",
    "头屯河",
    "水磨沟",
    "沙依巴克",
]


def county_names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    stems = COUNTY_STEMS[:]
    rng.shuffle(stems)
    names = [f"{stem}{'县' if i % 3 else '市'}" for i, stem in enumerate(stems)]
    while len(names) < count:
        names.append(f"示范县{len(names) + 1:03d}")
    return names[:count]


def copy_renamed(source: Path, target: Path, old: str, new: str) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    out = xlsxwriter.Workbook(str(target), {"strings_to_numbers": False, "strings_to_formulas": False})
    out.set_properties({"created": FIXED_TIME})
    for index, name in enumerate(book.sheet_names):
        sheet = book.get_sheet_by_index(index)
        ws = out.add_worksheet(name)
        merged = sheet.merged_cell_ranges or []
        covered = {
            (r, c) for (r0, c0), (r1, c1) in merged for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
        }
        rows = sheet.to_python(skip_empty_area=False)
        for (r0, c0), (r1, c1) in merged:
            value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else ""
            text = value.replace(old, new) if isinstance(value, str) else value
            if (r0, c0) != (r1, c1):
                ws.merge_range(r0, c0, r1, c1, text if text != "" else None)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value == "" or value is None or ((r, c) in covered):
                    continue
                if isinstance(value, str):
                    ws.write_string(r, c, value.replace(old, new))
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    ws.write_number(r, c, value)
                else:
                    ws.write(r, c, str(value))
    out.close()


def generate_regions(out_dir: Path, count: int, seed: int = 2022) -> list[Path]:
    """Write `count` counties under out_dir/<county>/<year>/…; returns the workbooks written."""
    from samplegen import generate

    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        sources = generate(base)
        for county in county_names(count, seed):
            for source in sources:
                target = out_dir / county / source.relative_to(base)
                copy_renamed(source, target, REGION, county)
                written.append(target)
    return written
