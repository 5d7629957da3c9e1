"""Fixtures of the report tests: an empty staging warehouse, and 示例县's (tests/report/county_staging.py)."""

from __future__ import annotations

import duckdb
import pytest
from county_staging import Staging, stage_county


@pytest.fixture
def staging(tmp_path):
    stage = Staging(tmp_path / "county.duckdb")
    yield stage
    stage.con.close()


@pytest.fixture
def county(staging) -> duckdb.DuckDBPyConnection:
    stage_county(staging)
    return staging.rebuild()
