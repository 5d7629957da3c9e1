"""Shared page pieces: headers, the empty state, charts in the house style, drill-down and project links.

Pages stay thin: they call `data.query` and these helpers; nothing here touches the warehouse."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import filters, format, tables, theme

PROJECT_PAGE = "app_pages/project.py"
NO_DATA = "当前筛选条件下没有数据。请调整左侧的年度、区划、主管部门或资金性质。"


def header(title: str, subject: str) -> filters.Filters:
    """Title plus a caption that restates the filters, so a screenshot says what it shows."""
    scope = filters.current()
    st.title(title)
    st.caption(f"{scope.year or ''} 年度{subject} · " + " · ".join(v for _, v in scope.describe()[1:]))
    return scope


def empty_state(message: str = NO_DATA) -> None:
    st.info(message, icon=":material/search_off:")


def floats(frame: pl.DataFrame, column: str) -> list[float | None]:
    """Decimal columns as floats for plotting (exact values go to tooltips as text)."""
    return [None if v is None else float(v) for v in frame[column].to_list()]


def _exact(values: Sequence, kind: str) -> list[str]:
    render = {"money": format.wan, "rate": lambda v: format.percent(v, 2), "score": format.score}[kind]
    return [render(v) for v in values]


# ---- drill-down -------------------------------------------------------------------------------------


def _narrow_department(chart_key: str) -> None:
    """Callback of a department chart: the clicked department becomes the department filter."""
    state = st.session_state.get(chart_key)
    points = (state or {}).get("selection", {}).get("points", []) if state else []
    picked = []
    for point in points:
        value = point.get("customdata")
        if isinstance(value, list):
            value = value[0]
        value = value or point.get("y") or point.get("x")
        if isinstance(value, str) and value not in picked:
            picked.append(value)
    if picked:
        st.session_state["dept"] = picked


def _value_axis(values: list[float | None], reference: float | None, kind: str) -> dict:
    """Room to the right of the longest bar for its label, and zero always in view."""
    present = [v for v in values if v is not None] + ([reference] if reference is not None else [])
    low, high = min([0.0, *present]), max([0.0, *present])
    span = (high - low) or 1.0
    axis = {"range": [low - (0.02 * span if low < 0 else 0), high + 0.14 * span]}
    if kind == "rate":
        axis["tickformat"] = ".0%"
    else:
        axis["separatethousands"] = True
    return axis


def department_bars(
    frame: pl.DataFrame,
    *,
    value: str,
    kind: str,
    key: str,
    title: str,
    reference: float | None = None,
    reference_label: str = "",
    axis_title: str = "",
    category: str = "department",
    drill: bool = True,
    color: str = "#1f5fa8",
    height: int | None = None,
) -> None:
    """Sorted horizontal bars (one per category) with an optional reference line; a click on a department
    narrows the department filter to it."""
    names = frame[category].to_list()
    values = floats(frame, value)
    shown = [
        format.percent(v, 1) if kind == "rate" else (format.score(v) if kind == "score" else format.amount(v))
        for v in frame[value].to_list()
    ]
    exact = _exact(frame[value].to_list(), kind)
    figure = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker_color=color,
            text=shown,
            textposition="outside",
            cliponaxis=False,
            customdata=[[n, e] for n, e in zip(names, exact, strict=True)],
            hovertemplate="%{customdata[0]}<br>" + title + "：%{customdata[1]}<extra></extra>",
        )
    )
    if reference is not None:
        figure.add_vline(
            x=reference,
            line_dash="dash",
            line_color="#888888",
            annotation_text=reference_label,
            annotation_position="top",
        )
    figure.update_layout(
        **theme.chart_layout(
            height=height or max(260, 26 * len(names) + 80),
            xaxis_title=axis_title,
            yaxis={"automargin": True, "autorange": "reversed"},
            xaxis=_value_axis(values, reference, kind),
            margin={"l": 10, "r": 60, "t": 30, "b": 10},
            showlegend=False,
        )
    )
    if drill and category == "department":
        st.plotly_chart(
            figure,
            key=key,
            on_select=lambda: _narrow_department(key),
            selection_mode="points",
            config={"displayModeBar": False},
        )
    else:
        st.plotly_chart(figure, key=key, config={"displayModeBar": False})


def grade_stack(frame: pl.DataFrame, member: str, key: str, title: str, height: int | None = None) -> None:
    """Stacked bars of grade counts per member, in the fixed grade palette."""
    members = frame[member].unique(maintain_order=True).to_list()
    figure = go.Figure()
    for grade in theme.GRADES:
        rows = frame.filter(pl.col("grade") == grade)
        counts = dict(zip(rows[member].to_list(), rows["projects"].to_list(), strict=True))
        figure.add_bar(
            name=grade,
            y=members,
            x=[counts.get(m, 0) for m in members],
            orientation="h",
            marker_color=theme.GRADE_COLORS[grade],
            hovertemplate="%{y}<br>" + grade + "：%{x} 个项目<extra></extra>",
        )
    figure.update_layout(
        **theme.chart_layout(
            barmode="stack",
            height=height or max(240, 24 * len(members) + 100),
            title={"text": title, "font": {"size": 14}},
            yaxis={"automargin": True, "autorange": "reversed"},
            xaxis_title="项目数",
        )
    )
    st.plotly_chart(figure, key=key, config={"displayModeBar": False})


# ---- tables that lead to a project ------------------------------------------------------------------


def _project_key(row: dict) -> str | None:
    return row.get("project_code") or row.get("project_name")


PAGE_ROWS = 500  # rows sent to the browser at once; a province's 100,000 projects are paged, not shipped


def project_table(
    frame: pl.DataFrame, spec: list[tables.Column], key: str, height: int | str = "auto"
) -> None:
    """A table whose row click opens 项目详情 for that project (URL keeps the filters and names it).
    Long tables are shown a page at a time; downloads always hold every filtered row."""
    offset = 0
    if frame.height > PAGE_ROWS:
        pages = -(-frame.height // PAGE_ROWS)
        page = st.number_input(
            f"页码（共 {pages} 页，每页 {PAGE_ROWS} 行）",
            min_value=1,
            max_value=pages,
            value=1,
            step=1,
            key=f"{key}_page",
        )
        offset = (int(page) - 1) * PAGE_ROWS
        frame = frame.slice(offset, PAGE_ROWS)
        st.caption(f"显示第 {offset + 1:,}–{offset + frame.height:,} 行；下载的文件包含全部筛选结果。")
    nonce = st.session_state.get(f"_{key}_nonce", 0)
    event = st.dataframe(
        tables.styled(frame, spec),
        hide_index=True,
        placeholder="—",
        column_config=tables.column_config(spec),
        key=f"{key}_{nonce}",
        on_select="rerun",
        selection_mode="single-row",
        height=height,
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        row = frame.row(rows[0], named=True)
        # A fresh key next time, so coming back does not reopen the same project.
        st.session_state[f"_{key}_nonce"] = nonce + 1
        open_project(_project_key(row))


def open_project(project: str | None) -> None:
    """Switch to 项目详情 for this project. Only `project` is passed: the filters are URL-bound widgets of
    the entrypoint and carry over by themselves (Streamlit refuses to set bound parameters directly)."""
    if not project:
        return
    st.session_state["project_pick"] = project
    st.switch_page(PROJECT_PAGE, query_params={"project": project})


def metric_delta(current: Decimal | float | None, previous: Decimal | float | None, kind: str) -> str | None:
    """A YoY delta as text for st.metric (None when the previous year has no value)."""
    if current is None or previous is None:
        return None
    diff = Decimal(str(current)) - Decimal(str(previous))
    if kind == "rate":
        return f"{format.signed(diff * 100)} 个百分点"
    if kind == "score":
        return f"{format.signed(diff)} 分"
    if kind == "count":
        return f"{int(diff):+,} 个"
    return f"{format.signed(diff)} 万元"


def _narrow_department_from_table(table_key: str, departments: list[str]) -> None:
    state = st.session_state.get(table_key)
    rows = state["selection"]["rows"] if state else []
    if rows:
        st.session_state["dept"] = [departments[rows[0]]]


def department_table(frame: pl.DataFrame, spec: list[tables.Column], key: str) -> None:
    """A small per-department table; clicking a row narrows the department filter to it."""
    departments = frame["department"].to_list()
    st.dataframe(
        tables.display_frame(frame, spec),
        hide_index=True,
        placeholder="—",
        column_config=tables.column_config(spec),
        key=key,
        on_select=lambda: _narrow_department_from_table(key, departments),
        selection_mode="single-row",
    )
