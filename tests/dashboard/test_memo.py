"""The in-process memory behind cheap reruns: bounded, keyed by content, shared without copies."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from dashboard import memo, tables, theme, ui


def test_least_recently_used_entries_go_first_and_the_bound_holds():
    store = memo.Memo(max_entries=2)
    built = []

    def build(value):
        built.append(value)
        return value

    store.get("a", lambda: build("a"))
    store.get("b", lambda: build("b"))
    store.get("a", lambda: build("a"))  # a hit: a is now the most recent
    store.get("c", lambda: build("c"))  # evicts b
    store.get("a", lambda: build("a"))
    store.get("b", lambda: build("b"))
    assert built == ["a", "b", "c", "b"]
    assert len(store) == 2


def test_a_hit_returns_the_same_object_and_a_failed_build_is_not_remembered():
    store = memo.Memo(max_entries=4)
    frame = pl.DataFrame({"x": [1]})
    assert store.get("k", lambda: frame) is frame
    assert store.get("k", lambda: pl.DataFrame()) is frame

    def fail():
        raise RuntimeError("查询失败")

    for _ in range(2):
        with pytest.raises(RuntimeError, match="查询失败"):
            store.get("bad", fail)
    assert len(store) == 1


def test_the_digest_changes_with_content_order_schema_and_options():
    frame = pl.DataFrame({"dept": ["教育局", "卫健委"], "budget": [Decimal("1.10"), Decimal("2.00")]})
    same = pl.DataFrame({"dept": ["教育局", "卫健委"], "budget": [Decimal("1.10"), Decimal("2.00")]})
    assert memo.digest(frame, "rate") == memo.digest(same, "rate")
    assert memo.digest(frame, "rate") != memo.digest(frame, "score")
    assert memo.digest(frame) != memo.digest(frame.reverse())
    assert memo.digest(frame) != memo.digest(frame.with_columns(pl.lit(Decimal("2.01")).alias("budget")))
    assert memo.digest(frame) != memo.digest(frame.rename({"budget": "executed"}))
    assert memo.digest(frame.head(0)) != memo.digest(frame.head(0).rename({"dept": "unit"}))


def test_grade_cells_are_labels_in_the_fixed_grade_colours():
    spec = [tables.Column("project_name", "项目名称"), tables.Column("grade", "等级", "grade")]
    frame = pl.DataFrame({"project_name": ["甲", "乙", "丙"], "grade": ["优", None, "差"]})
    shown, config = ui.grid(frame, spec)
    assert shown.column("项目名称").to_pylist() == ["甲", "乙", "丙"]
    assert shown.column("等级").to_pylist() == [["优"], None, ["差"]]
    grade = config["等级"]
    assert grade["type_config"]["options"] == [
        {"value": g, "color": theme.GRADE_COLORS[g]} for g in theme.GRADES
    ]


def _builder(filename: str, title: str):
    """A chart builder named `_spec`, as every page script (all run as __main__) may name one."""
    namespace: dict = {}
    source = f"def _spec(frame):\n    return {{'data': [{{'type': 'bar', 'y': frame['n'].to_list()}}], 'layout': {{'title': {{'text': {title!r}}}}}}}\n"
    exec(compile(source, filename, "exec"), namespace)
    return namespace["_spec"]


def test_same_named_chart_builders_of_two_pages_are_not_confused():
    frame = pl.DataFrame({"n": [1, 2]})
    ui._CHARTS.clear()
    ui.chart(_builder("app_pages/a.py", "甲"), frame, key="a")
    ui.chart(_builder("app_pages/b.py", "乙"), frame, key="b")
    titles = sorted(figure.to_dict()["layout"]["title"]["text"] for figure in ui._CHARTS._entries.values())
    assert titles == ["乙", "甲"]
