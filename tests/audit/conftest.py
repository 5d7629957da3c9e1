"""The audit tests' tiny warehouse (tests/support/audit_warehouse.py), one per test."""

from __future__ import annotations

import pytest
from support.audit_warehouse import Warehouse


@pytest.fixture
def wh(tmp_path):
    warehouse = Warehouse(tmp_path / "wh.duckdb")
    yield warehouse
    warehouse.con.close()
