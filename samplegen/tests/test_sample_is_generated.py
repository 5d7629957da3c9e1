"""The generator is the source of truth for data/raw: regenerating gives the committed files, byte for byte."""

from __future__ import annotations

from samplegen import generate
from warehouse.paths import SAMPLE_DIR


def test_regenerating_the_sample_reproduces_the_committed_workbooks(tmp_path):
    written = generate(tmp_path)
    committed = sorted(p.relative_to(SAMPLE_DIR) for p in SAMPLE_DIR.rglob("*.xlsx"))
    assert sorted(p.relative_to(tmp_path) for p in written) == committed
    for relative in committed:
        assert (tmp_path / relative).read_bytes() == (SAMPLE_DIR / relative).read_bytes(), relative
    assert (tmp_path / "SAMPLE.sha256").read_text() == (SAMPLE_DIR / "SAMPLE.sha256").read_text()
