"""The bundled sample reproduces the published figures of 沙湾市's 2022 summary, read through the same
query layer and number formatting the dashboard uses (one case per figure id)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard import format
from warehouse import queries

SEED_CSV = Path(__file__).resolve().parents[2] / "shared" / "reference" / "seed_figures.csv"
# The figures as the seed prints them; kept here so the suite runs without ../shared as well.
P21 = {
    "P21-1": "998",
    "P21-2": "371",
    "P21-3": "627",
    "P21-4": "145683.48",
    "P21-5": "142844.15",
    "P21-6": "98.05",
    "P21-7": "98.3",
    "P21-8": "98.04",
    "P21-9": "94.5",
    "P21-10": "535",
    "P21-11": "49",
    "P21-12": "26",
    "P21-13": "17",
}
ALL_2021 = {"years": [2021], "regions": [], "departments": [], "funds": []}


def shown(con, figure: str) -> str:
    """The figure as the 总览 page prints it, without thousands separators and units."""
    kpi = queries.run(con, "overview_kpis", **ALL_2021).row(0, named=True)
    grades = dict(queries.run(con, "overview_grades", **ALL_2021).iter_rows())
    values = {
        "P21-1": str(kpi["reported"]),
        "P21-2": str(kpi["not_assessed"]),
        "P21-3": str(kpi["assessed"]),
        "P21-4": format.amount(kpi["budget"]).replace(",", ""),
        "P21-5": format.amount(kpi["executed"]).replace(",", ""),
        "P21-6": format.percent(kpi["execution_rate"]).rstrip("%"),
        "P21-7": format.percent(kpi["goal_completion_rate"], 1).rstrip("%"),
        "P21-8": format.score(kpi["mean_self_score"]),
        "P21-9": format.score(kpi["mean_finance_score"]),
        "P21-10": str(grades["优"]),
        "P21-11": str(grades["良"]),
        "P21-12": str(grades["中"]),
        "P21-13": str(grades["差"]),
    }
    return values[figure]


@pytest.mark.parametrize("figure", sorted(P21, key=lambda f: int(f.split("-")[1])))
def test_sample_reproduces_seed_figure(sample_con, figure):
    assert shown(sample_con, figure) == P21[figure]


@pytest.mark.skipif(not SEED_CSV.exists(), reason="../shared/reference/seed_figures.csv not present")
def test_expected_values_match_the_published_list():
    published = {row["id"]: row["value"] for row in csv.DictReader(SEED_CSV.open(encoding="utf-8"))}
    assert {k: published[k] for k in P21} == P21
