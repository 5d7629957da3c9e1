"""部门绩效管理工作考核通报: the scorecard of a working year (mart.scorecard) as a Word 通报 in the annual
report's typography — the weights, the 红榜 and 黑榜, each department's score and the late and missing
submissions behind it. `jixiao bulletin --year Y --out F.docx` and the 部门考核 page write it."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt

from warehouse import calendar, queries
from warehouse.report import (
    BODY_FONT,
    HEADING_FONT,
    SIZE_三号,
    SIZE_二号,
    SIZE_四号,
    TITLE_FONT,
    _font,
    _paragraph,
    plain,
)

TABLE_SIZE = Pt(10.5)  # 五号


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=len(rows) + 1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, text in enumerate(header):
        _font(table.cell(0, col).paragraphs[0].add_run(text), HEADING_FONT, TABLE_SIZE)
    for r, row in enumerate(rows, start=1):
        for col, text in enumerate(row):
            _font(table.cell(r, col).paragraphs[0].add_run(text), BODY_FONT, TABLE_SIZE)


def _score(value: Decimal | None) -> str:
    return "—" if value is None else plain(value)


def _row(r: dict) -> list[str]:
    return [
        str(r["rank"]),
        r["department"],
        _score(r["score"]),
        _score(r["score_on_time"]),
        _score(r["score_problems"]),
        _score(r["score_rectification"]),
        _score(r["score_results"]),
    ]


HEADER = ["名次", "部门", "总分", "按时报送", "审核问题", "整改销号", "评价结果"]


def ranking(con: duckdb.DuckDBPyConnection, year: int, region: str | None = None) -> pl.DataFrame:
    return queries.run(con, "scorecard_ranking", work_year=year, regions=[region] if region else [])


def build(con: duckdb.DuckDBPyConnection, year: int, region: str | None = None) -> Document:
    ranked = ranking(con, year, region)
    weights = queries.run(con, "scorecard_weights")
    listed = calendar.scorecard()["red_list"]
    name = region or "、".join(sorted(set(ranked["region"].to_list()))) or "本级"
    doc = Document()
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Pt(104), Pt(99)  # 公文版心，与年度工作总结相同
    section.left_margin, section.right_margin = Pt(79), Pt(74)
    _paragraph(
        doc, f"关于 {year} 年度部门预算绩效管理工作考核情况的通报", font=TITLE_FONT, size=SIZE_二号, indent=False,
        center=True,
    )  # fmt: skip
    _paragraph(doc, "各部门、各单位：", indent=False)
    parts = "、".join(f"{w['label']} {plain(w['weight'], 0)} 分" for w in weights.iter_rows(named=True))
    _paragraph(
        doc,
        f"为压实预算绩效管理主体责任，按照年度工作推进台账和整改台账，财政局对 {name} {ranked.height} 个部门 {year} 年度"
        f"预算绩效管理工作进行了考核。考核按{parts}加权计分（某项不适用的按其余各项折算；适用项不足 "
        f"{calendar.scorecard()['min_components']} 项的部门照常计分，不列入红榜、黑榜），现将结果通报如下。",
    )
    if ranked.is_empty():
        _paragraph(doc, "本年度尚无可考核的部门（工作推进台账中没有报送环节）。")
        return doc
    missing = int(ranked["missing"].sum() or 0)
    late = int(ranked["late"].sum() or 0)
    expected = int(ranked["expected"].sum() or 0)
    _paragraph(doc, "一、总体情况", font=HEADING_FONT, indent=False)
    _paragraph(
        doc,
        f"全年应报送 {expected} 个部门环节，逾期报送 {late} 个，未报送 {missing} 个；"
        f"平均得分 {plain(Decimal(str(ranked['score'].cast(pl.Float64).mean())))} 分，"
        f"最高 {_score(ranked['score'].max())} 分，最低 {_score(ranked['score'].min())} 分。",
    )
    eligible = ranked.filter(pl.col("listable"))
    best = eligible.sort("score", descending=True).head(listed)
    worst = eligible.sort("score").head(listed)
    _paragraph(doc, f"二、红榜（前 {best.height} 名）", font=HEADING_FONT, indent=False)
    _table(doc, HEADER, [_row(r) for r in best.iter_rows(named=True)])
    _paragraph(doc, f"三、黑榜（后 {worst.height} 名）", font=HEADING_FONT, indent=False)
    _table(doc, HEADER, [_row(r) for r in worst.iter_rows(named=True)])
    for r in worst.iter_rows(named=True):
        reasons = [
            f"未报送 {r['missing']} 个环节" if r["missing"] else None,
            f"逾期报送 {r['late']} 个环节" if r["late"] else None,
            f"审核发现“高”问题 {r['high']} 个" if r["high"] else None,
            f"整改逾期 {r['overdue']} 项" if r["overdue"] else None,
        ]
        text = "；".join(x for x in reasons if x) or "各项得分均偏低"
        _paragraph(
            doc, f"{r['department']}：{text}。请于收到通报后 15 日内书面说明原因并整改。", size=SIZE_四号
        )
    _paragraph(doc, "四、全部部门得分", font=HEADING_FONT, indent=False)
    _table(doc, HEADER, [_row(r) for r in ranked.sort("rank").iter_rows(named=True)])
    _paragraph(doc, "财政局", indent=False, size=SIZE_三号).alignment = 2  # 右对齐
    return doc


def to_bytes(con: duckdb.DuckDBPyConnection, year: int, region: str | None = None) -> bytes:
    buffer = io.BytesIO()
    build(con, year, region).save(buffer)
    return buffer.getvalue()


def write(db: Path, year: int, out: Path, region: str | None = None) -> int:
    """Write the 通报 to `out`; returns the number of departments ranked."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out.write_bytes(to_bytes(con, year, region))
        return ranking(con, year, region).height
    finally:
        con.close()
