"""One look for every page: the grade palette, chart defaults, one axis formatter per unit, and the small
stylesheet for what Streamlit offers no option for (the table toolbar's own download, the phone layout)."""

from __future__ import annotations

import math
from collections.abc import Sequence

GRADES = ["优", "良", "中", "差"]
# Fixed grade colours, used by every chart and table (readable on light and dark backgrounds).
GRADE_COLORS = {"优": "#2e7d32", "良": "#66bb6a", "中": "#f9a825", "差": "#c62828"}
SERIES = ["#1f5fa8", "#f9a825", "#2e7d32", "#c62828", "#7e57c2", "#00897b", "#8d6e63"]
FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

CSS = """
<style>
/* Our own download buttons export every row at screen precision: hide the table toolbar's English
   "Download as CSV" (it exports only the rows on screen). Search and fullscreen stay. */
[data-testid="stElementToolbar"] button[aria-label="Download as CSV"],
[data-testid="stElementToolbarButton"]:has(button[aria-label="Download as CSV"]) { display: none !important; }
/* Streamlit's own English chrome where it has no option: the ⋮ menu (its items are developer tools and
   English settings) and the empty result of a select's search. */
[data-testid="stMainMenu"] { display: none !important; }
[role="listbox"][data-empty="true"] [role="option"] span { font-size: 0 !important; }
[role="listbox"][data-empty="true"] [role="option"] span::after { content: "没有匹配的选项"; font-size: 0.875rem; }
/* Phone (390 px): KPI cards two to a row, tables scroll inside their frame, buttons never truncated. */
@media (max-width: 640px) {
  [class*="st-key-kpi_"] [data-testid="stHorizontalBlock"] { flex-wrap: wrap !important; gap: 0.5rem !important; }
  [class*="st-key-kpi_"] [data-testid="stColumn"] {
    min-width: calc(50% - 0.25rem) !important; max-width: calc(50% - 0.25rem) !important;
    flex: 1 1 calc(50% - 0.25rem) !important; width: calc(50% - 0.25rem) !important;
  }
  [class*="st-key-kpi_"] [data-testid="stMetric"] { padding: 0.4rem 0.6rem !important; }
  [class*="st-key-kpi_"] [data-testid="stMetricValue"] { font-size: 1.25rem !important; }
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem !important; padding-right: 0.75rem !important; }
  [data-testid="stDataFrame"], [data-testid="stTable"] { max-width: 100% !important; overflow-x: auto; }
}
[data-testid="stDownloadButton"] button { white-space: nowrap; }
/* Card values and deltas wrap rather than end in "…" (8,328.86 万元 in a quarter of the page). */
[data-testid="stMetricValue"] { font-size: 1.75rem !important; }
[data-testid="stMetricValue"] *, [data-testid="stMetricDelta"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
</style>
"""


def chart_layout(**overrides) -> dict:
    """The house layout plus `overrides`, spelled the way plotly.js reads it: charts are drawn without
    plotly's validation (dashboard.ui.chart), so the shorthands it would expand are expanded here —
    `xaxis_title="分"` becomes `xaxis.title.text`, and a title given as text becomes `{"text": …}`."""
    layout: dict = {
        "font": {"family": FONT_FAMILY, "size": 13},
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "separators": ".,",
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
    }
    nested = {}
    for key, value in overrides.items():
        parent, _, child = key.partition("_")
        if child:
            nested[(parent, child)] = value
        else:
            layout[key] = dict(value) if isinstance(value, dict) else value
    for (parent, child), value in nested.items():
        layout[parent] = {**layout.get(parent, {}), child: value}
    for key in ("title", "xaxis", "yaxis"):
        _title_as_dict(layout, key)
    return layout


def _title_as_dict(layout: dict, key: str) -> None:
    if key == "title":
        if isinstance(layout.get("title"), str):
            layout["title"] = {"text": layout["title"]}
    elif isinstance(layout.get(key), dict) and isinstance(layout[key].get("title"), str):
        layout[key] = {**layout[key], "title": {"text": layout[key]["title"]}}


def _step(span: float, steps: Sequence[float], most: int = 6) -> float:
    """The smallest of the nice steps that puts at most `most` ticks across the span."""
    for step in steps:
        if span / step <= most:
            return step
    return steps[-1]


def _bounds(values: Sequence[float | None], pad: float) -> tuple[float, float]:
    present = [v for v in values if v is not None and not math.isnan(v)]
    low, high = (min(present), max(present)) if present else (0.0, 1.0)
    span = (high - low) or max(abs(high), 1.0) * 0.05
    return low - pad * span, high + pad * span


def rate_axis(values: Sequence[float | None], pad: float = 0.25, title: str | None = None) -> dict:
    """A percent axis whose ticks never repeat: the step sets the decimals (0.5% steps → one decimal)."""
    low, high = _bounds(values, pad)
    steps = [0.0005, 0.001, 0.002, 0.0025, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0]
    step = _step(high - low, steps)
    decimals = max(0, -math.floor(math.log10(step * 100) + 1e-9))
    if round(step * 100, 6) * 10**decimals % 1:
        decimals += 1
    axis = {"range": [low, high], "tick0": 0, "dtick": step, "tickformat": f".{decimals}%"}
    return {**axis, "title": title} if title else axis


def score_axis(values: Sequence[float | None], pad: float = 0.25, title: str | None = None) -> dict:
    """A score axis (points) with distinct ticks: whole points unless the span is under a few points."""
    low, high = _bounds(values, pad)
    step = _step(high - low, [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 25, 50])
    decimals = 0 if step >= 1 else 1
    axis = {"range": [low, high], "tick0": 0, "dtick": step, "tickformat": f".{decimals}f"}
    return {**axis, "title": title} if title else axis


def count_axis(counts: Sequence[int | None], title: str | None = None) -> dict:
    """Counts from zero, whole numbers only, with headroom for the labels above the bars."""
    top = max([c for c in counts if c is not None] or [1]) or 1
    step = _step(top * 1.2, [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000])
    axis = {"range": [0, top * 1.2], "tick0": 0, "dtick": step, "tickformat": ",d"}
    return {**axis, "title": title} if title else axis
