"""The bundled sample reproduces every figure of 沙湾市's 2022 summary, computed from the warehouse
through the named queries (warehouse/figures.py) at the precision the seed prints each one."""

from __future__ import annotations

import csv
import re
import tomllib
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from samplegen import year2021
from warehouse import figures, profiles, queries
from warehouse.paths import SQL_DIR

SEED = Path(__file__).parent / "data" / "seed_figures.csv"
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "reference" / "seed_figures.csv"
ROWS = {row["id"]: row for row in csv.DictReader(SEED.open(encoding="utf-8"))}


def printed_precision(value: str) -> Decimal:
    return Decimal(1).scaleb(-len(value.split(".")[1])) if "." in value else Decimal(1)


@pytest.mark.parametrize("figure_id", list(ROWS))
def test_sample_reproduces_seed_figure(sample_con, figure_id):
    row = ROWS[figure_id]
    expected = Decimal(row["value"])
    actual = figures.compute(sample_con, figure_id)
    assert actual is not None, f"{figure_id}: no data ({row['how_the_seed_states_it']})"
    if row["metric"].endswith("_min"):
        # "合格率达 91%以上": the seed states a floor
        assert actual.quantize(Decimal(1), ROUND_FLOOR) == expected, row["how_the_seed_states_it"]
    else:
        assert actual.quantize(printed_precision(row["value"]), ROUND_HALF_UP) == expected, row[
            "how_the_seed_states_it"
        ]


def test_every_seed_figure_has_a_definition():
    assert set(ROWS) == set(figures.FIGURES)


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="../shared/reference/seed_figures.csv not present")
def test_the_bundled_copy_equals_the_published_list():
    assert SEED.read_text(encoding="utf-8") == SHARED_SEED.read_text(encoding="utf-8")


def test_department_evaluation_coverage_is_checked_on_the_data(sample_con):
    """E21-10 is a rule per department: the share of departments meeting it comes from the data, and the
    departments short of the seed's share are exactly the ones the sample leaves short."""
    required = Decimal(ROWS["E21-10"]["value"]) / 100
    coverage = sample_con.sql(
        """
        WITH base AS (SELECT department, sum(budget) AS budget FROM mart.project_self_eval
                      WHERE fiscal_year = 2021 AND assessed GROUP BY ALL),
             evaluated AS (SELECT department, sum(budget) AS budget FROM mart.evaluation
                           WHERE fiscal_year = 2021 AND level = '部门评价' GROUP BY ALL)
        SELECT b.department, coalesce(e.budget, 0) / b.budget AS share
        FROM base b LEFT JOIN evaluated e USING (department)
        """
    ).fetchall()
    short = sorted(d for d, share in coverage if Decimal(str(share)) < required)
    assert short == sorted(year2021.LOW_COVERAGE_DEPARTMENTS)
    (row,) = queries.run(sample_con, "summary_evaluation_coverage", year=2021, regions=[]).to_dicts()
    assert (row["department_count"], row["department_count_meeting"]) == (
        len(coverage),
        len(coverage) - len(short),
    )


def test_rule_rationales_quote_no_county_figures():
    """Rule texts are shown to every county: no region's name, year or published figure belongs in them."""
    rules = tomllib.loads((SQL_DIR / "rules" / "rules.toml").read_text(encoding="utf-8"))["rules"]
    regions = {name for name, _profile in profiles.region_aliases()}
    # every figure of three digits or more, but 100 (a full score, 100%) which any county may write
    figures_printed = {row["value"] for row in ROWS.values() if len(row["value"].replace(".", "")) >= 3} - {
        "100"
    }
    for code, rule in rules.items():
        text = rule["rationale"]
        assert not re.search(r"20\d\d ?年", text), (code, text)
        assert not [r for r in regions if r in text], (code, text)
        assert not [v for v in figures_printed if re.search(rf"(?<![\d.]){re.escape(v)}(?![\d.])", text)], (
            code,
            text,
        )
