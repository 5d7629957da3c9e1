"""Layers point one way: dashboard → warehouse → etl. The reader of workbooks knows nothing of storage, the
warehouse knows nothing of pages, pages reach data only through the warehouse, and the sample generator (a
development tool) is never imported by the product."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from warehouse.paths import CHECKOUT

PRODUCT = ("etl", "warehouse", "dashboard")
# what each package may import from the project (itself included)
ALLOWED = {
    "etl": {"etl"},
    "warehouse": {"warehouse", "etl"},
    "dashboard": {"dashboard", "warehouse"},
}
PROJECT = {*PRODUCT, "samplegen"}
# libraries that belong to one layer only
FORBIDDEN_LIBRARIES = {"etl": {"duckdb", "streamlit"}, "warehouse": {"streamlit"}}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name.split(".")[0]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def _violations(package: str) -> list[str]:
    allowed = ALLOWED[package]
    bad = []
    for path in sorted((CHECKOUT / package).rglob("*.py")):
        for line, top in _imports(path):
            if (top in PROJECT and top not in allowed) or top in FORBIDDEN_LIBRARIES.get(package, ()):
                bad.append(f"{path.relative_to(CHECKOUT)}:{line} imports {top}")
    return bad


@pytest.mark.parametrize("package", PRODUCT)
def test_imports_only_point_down(package):
    assert _violations(package) == []


def test_the_checker_sees_an_upward_import(tmp_path, monkeypatch):
    """The rule itself can fail: an etl module importing the warehouse is reported."""
    (tmp_path / "etl").mkdir()
    (tmp_path / "etl" / "bad.py").write_text("from warehouse import store\nimport duckdb\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "CHECKOUT", tmp_path)
    assert _violations("etl") == ["etl/bad.py:1 imports warehouse", "etl/bad.py:2 imports duckdb"]
