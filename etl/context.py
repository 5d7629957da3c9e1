"""Where a sheet says which year and region it is about — one reader for every list and form.

A year is looked for in this order: the title, the subtitle rows (「（2024年度）」), a 年度 column, the sheet
name, then the file name and its folders. The first that names one wins and its source is kept with the data
(`year_source`): 标题 / 副标题 / 年度栏 / 工作表名 / 文件名. A year taken from the file name is a guess the
load report warns about. A region is read from the title or subtitle (「XX县2024年…」, 「填报地区：XX县」).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from etl.cells import clean_text, to_halfwidth

YEAR_SOURCES = ("标题", "副标题", "年度栏", "工作表名", "文件名")
WARN_SOURCES = frozenset({"文件名"})

# 2024年 / 2024年度 / （2024年度） / 2024 年 ; a bare 2024 only where the whole text is a year
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d{2})\s*年")
_BARE_YEAR = re.compile(r"^\D{0,6}(20\d{2})(?:年度?)?\D{0,6}$")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_REGION_BEFORE_YEAR = re.compile(r"^(.{2,12}?[省市县区旗州盟])\s*(?:20\d{2})\s*年")
_REGION_STATED = re.compile(r"(?:填报)?(?:地区|区划|财政区划)[:：]\s*(.{2,12}?[省市县区旗州盟])")


@dataclass(frozen=True)
class Found:
    value: int | str
    source: str

    @property
    def is_warning(self) -> bool:
        return self.source in WARN_SOURCES


def year_in_text(text: object) -> int | None:
    """The year a title or note names: 「2024年度项目支出…」 → 2024, 「（2024年度）」 → 2024."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    half = to_halfwidth(cleaned)
    match = _YEAR_IN_TEXT.search(half) or _BARE_YEAR.match(half)
    return int(match.group(1)) if match else None


def year_in_name(name: str) -> int | None:
    """A year in a sheet or file name: 「2024」, 「自评2024」, 「2024年汇总.xlsx」."""
    match = _YEAR_IN_TEXT.search(name) or _YEAR_IN_NAME.search(name)
    return int(match.group(1)) if match else None


def year_of_column(values: Iterable[object]) -> int | None:
    """The one year a 年度 column holds, or None when it is empty or holds several."""
    years = {y for v in values if (y := year_in_text(v)) is not None}
    return years.pop() if len(years) == 1 else None


def find_year(
    title: str | None = None,
    subtitles: Iterable[str] = (),
    column_year: int | None = None,
    sheet_name: str | None = None,
    path: Path | None = None,
) -> Found | None:
    """The sheet's year and where it was read, in the order of YEAR_SOURCES."""
    if (year := year_in_text(title)) is not None:
        return Found(year, "标题")
    for text in subtitles:
        if (year := year_in_text(text)) is not None:
            return Found(year, "副标题")
    if column_year is not None:
        return Found(column_year, "年度栏")
    if sheet_name and (year := year_in_name(sheet_name)) is not None:
        return Found(year, "工作表名")
    if path is not None:
        for part in (path.name, *(p.name for p in path.parents)):
            if (year := year_in_name(part)) is not None:
                return Found(year, "文件名")
    return None


def find_region(title: str | None = None, subtitles: Iterable[str] = ()) -> Found | None:
    """The region a title ("XX县2024年…") or a subtitle ("填报地区：XX县") names."""
    if title and (match := _REGION_BEFORE_YEAR.match(to_halfwidth(title).replace(" ", ""))):
        return Found(match.group(1), "标题")
    for text in subtitles:
        if match := _REGION_STATED.search(to_halfwidth(text).replace(" ", "")):
            return Found(match.group(1), "副标题")
        if match := _REGION_BEFORE_YEAR.match(to_halfwidth(text).replace(" ", "")):
            return Found(match.group(1), "副标题")
    return None
