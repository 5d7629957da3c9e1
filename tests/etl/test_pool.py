"""The reading pool: reports come back in file order, and a child's death costs only the file it was reading,
never the files queued behind it in the same child."""

from __future__ import annotations

import os
from pathlib import Path

from etl import pool, sandbox


def _fake_parse(path: Path, report, region) -> None:
    if "崩溃" in path.name:
        os._exit(70)  # as a reader that segfaults: no exception, no answer
    report.kind = f"读过 {path.name}"


def test_files_queued_behind_a_dying_file_are_read_and_only_the_dying_file_is_refused(monkeypatch):
    monkeypatch.setattr(sandbox, "parse_file", _fake_parse)  # the forked child inherits the patch
    names = ["崩溃.xlsx", "甲.xlsx", "乙.xlsx", "丙.xlsx"]
    jobs = [(Path(name), name, None) for name in names]
    reader = sandbox.ForkedReader()
    assert reader.depth > 1  # the file behind the dying one is already queued in the same child
    try:
        reports = list(pool.parse_in_order(jobs, [reader]))
    finally:
        reader.close()
    # the dying file dies on both attempts with 甲 queued behind it each time: 甲 is still read
    assert reports[0] is None
    assert [r.kind for r in reports[1:]] == ["读过 甲.xlsx", "读过 乙.xlsx", "读过 丙.xlsx"]
    assert [r.path for r in reports[1:]] == names[1:]


def test_two_children_hand_back_reports_in_file_order(monkeypatch):
    monkeypatch.setattr(sandbox, "parse_file", _fake_parse)
    names = [f"文件{i:02d}.xlsx" for i in range(25)]
    readers = [sandbox.ForkedReader(), sandbox.ForkedReader()]
    try:
        reports = list(pool.parse_in_order([(Path(n), n, None) for n in names], readers))
    finally:
        codes = sandbox.close_all(readers)
    assert [r.path for r in reports] == names
    # each child ends on its own once told, none killed: the second holds a copy of the first one's pipe
    assert codes == [0, 0]
