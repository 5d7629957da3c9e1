"""Shared fixtures: a warehouse built from the bundled sample, and small workbook builders."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.paths import SAMPLE_DIR
from warehouse.pipeline import load


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """data/raw loaded into a fresh warehouse, once per test session (read-only for tests)."""
    db = tmp_path_factory.mktemp("sample") / "jixiao.duckdb"
    report = load([SAMPLE_DIR], db)
    assert report.exit_code == 0, [(f.path, f.message, f.rejections[:3]) for f in report.files]
    return db


@pytest.fixture
def sample_con(sample_db):
    con = duckdb.connect(str(sample_db), read_only=True)
    yield con
    con.close()
