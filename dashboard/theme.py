"""One look for every page: the grade palette and chart defaults."""

from __future__ import annotations

GRADES = ["优", "良", "中", "差"]
# Fixed grade colours, used by every chart and table (readable on light and dark backgrounds).
GRADE_COLORS = {"优": "#2e7d32", "良": "#66bb6a", "中": "#f9a825", "差": "#c62828"}
FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'


def chart_layout(**overrides) -> dict:
    layout = {
        "font": {"family": FONT_FAMILY, "size": 13},
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "separators": ".,",
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
    }
    layout.update(overrides)
    return layout
