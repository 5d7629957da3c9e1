"""年度工作总结: the 2022 summary generated from the bundled sample carries every seed figure in the right
paragraph, in government-document typography, and leaves out stages without data."""

from __future__ import annotations

import csv
import io
import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from warehouse import report

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_figures.csv"
# the numbered paragraph of （一） that reports each family of figures, found by its opening words
PARAGRAPH_OF = {
    "D21": "部门整体支出绩效自评",
    "P21": "项目支出单位自评",
    "E21": "项目支出部门评价",
    "K21": "重点项目支出财政评价",
    "X22": "项目事前绩效评估",
    "M22-1": "部门整体绩效跟踪监控",
    "T22-1": "部门整体支出绩效目标",
    "T22-3": "项目绩效目标",
    "T22-8": "直达资金绩效目标",
    "T22-11": "乡村振兴衔接资金",
    "M22-5": "项目支出绩效监控",
    "S22": "社保基金",
    "PPP22": "政府和社会资本合作",
    "B22": "政府债务",
}
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def paragraph_key(figure_id: str) -> str:
    family, number = figure_id.split("-")
    if family == "T22":
        return {range(1, 3): "T22-1", range(3, 8): "T22-3", range(8, 11): "T22-8", range(11, 15): "T22-11"}[
            next(r for r in (range(1, 3), range(3, 8), range(8, 11), range(11, 15)) if int(number) in r)
        ]
    if family == "M22":
        return "M22-1" if int(number) <= 4 else "M22-5"
    return family


@pytest.fixture(scope="module")
def document(sample_db):
    return docx.Document(io.BytesIO(report.write(sample_db, 2022)))


def numbered_paragraphs(document) -> dict[str, str]:
    found = {}
    for p in document.paragraphs:
        match = re.match(r"(\d+)、(.*)", p.text)
        if match:
            for key, words in PARAGRAPH_OF.items():
                if words in match.group(2)[:30] and key not in found:
                    found[key] = p.text
                    break
    return found


@pytest.mark.parametrize("row", list(csv.DictReader(SEED.open(encoding="utf-8"))), ids=lambda r: r["id"])
def test_each_seed_figure_is_in_its_paragraph(document, row):
    text = numbered_paragraphs(document)[paragraph_key(row["id"])]
    expected = Decimal(row["value"])
    if expected == 0:
        assert "无" in text, text  # "无中、差"
        return
    places = Decimal(1).scaleb(-len(row["value"].split(".")[1])) if "." in row["value"] else Decimal(1)
    rounding = ROUND_FLOOR if row["metric"].endswith("_min") else ROUND_HALF_UP
    numbers = [Decimal(n).quantize(places, rounding) for n in NUMBER.findall(text)]
    assert expected in numbers, f"{row['id']} {row['how_the_seed_states_it']} not in: {text}"


def test_structure_follows_the_seed(document):
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "沙湾市 2022 年全面实施预算绩效管理工作总结"
    assert "一、全面开展财政预算绩效工作" in texts and "二、存在的问题" in texts
    assert len(numbered_paragraphs(document)) == len(PARAGRAPH_OF)
    problems = texts[texts.index("二、存在的问题") + 1 :]
    assert any("执行数超过预算数" in t and "沙湾市" in t for t in problems)  # D21-3's departments
    assert len(document.tables) == 2


def test_government_document_typography(document):
    def east_asia_font(paragraph):
        return paragraph.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))

    title, body = document.paragraphs[0], document.paragraphs[1]
    assert east_asia_font(title) == report.TITLE_FONT and title.runs[0].font.size == report.SIZE_二号
    assert east_asia_font(body) == report.BODY_FONT and body.runs[0].font.size == report.SIZE_三号
    assert body.paragraph_format.first_line_indent == report.SIZE_三号 * 2
    heading = next(p for p in document.paragraphs if p.text.startswith("一、"))
    assert east_asia_font(heading) == report.HEADING_FONT


def test_a_year_without_data_leaves_its_paragraphs_out(sample_db):
    doc = docx.Document(io.BytesIO(report.write(sample_db, 2024)))
    texts = [p.text for p in doc.paragraphs]
    assert not any(re.match(r"\d+、", t) for t in texts)
    assert not any(" 0 个" in t for t in texts)
