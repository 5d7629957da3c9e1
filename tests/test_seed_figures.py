"""The bundled sample reproduces every figure of 沙湾市's 2022 summary, computed from the warehouse
through the named queries (warehouse/figures.py) at the precision the seed prints each one."""

from __future__ import annotations

import csv
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from warehouse import figures

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
