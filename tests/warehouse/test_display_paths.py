"""A load shows each file's path as display_path would, though it resolves each folder only once: through
linked folders and linked files, '..' and '.', the bundled sample and the checkout alike."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warehouse import paths, pipeline


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    (root / "县甲" / "教育局").mkdir(parents=True)
    (root / "县甲" / "教育局" / "自评.xlsx").write_bytes(b"x")
    os.symlink(root / "县甲", root / "链接县")  # a linked folder
    os.symlink(root / "县甲" / "教育局" / "自评.xlsx", root / "县甲" / "链接.xlsx")  # a linked file
    os.symlink(root / "无此文件.xlsx", root / "断链.xlsx")  # a link to nothing
    return root


steps = st.lists(
    st.sampled_from(["县甲", "链接县", "教育局", "..", ".", "自评.xlsx", "链接.xlsx"]), max_size=5
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.lists(st.tuples(st.sampled_from(["tree", "sample", "checkout", "relative"]), steps), max_size=6)
)
def test_each_file_is_shown_as_display_path_shows_it(tree, where):
    bases = {"tree": tree, "sample": paths.SAMPLE_DIR, "checkout": paths.CHECKOUT or tree, "relative": Path()}
    files = [bases[base].joinpath(*parts, "文件.xlsx") for base, parts in where]
    files += [tree / "县甲" / "链接.xlsx", tree / "断链.xlsx", tree / "链接县" / "教育局" / "自评.xlsx"]
    assert pipeline._display_paths(files) == [paths.display_path(f) for f in files]
