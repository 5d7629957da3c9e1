"""Shared page pieces: headers, the empty state, charts in the house style, drill-down and project links.

Pages stay thin: they call `data.query` and these helpers; nothing here touches the warehouse."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import data, filters, format, memo, tables, theme
from warehouse import profiles

PROJECT_PAGE = "app_pages/project.py"
NO_DATA = "当前筛选条件下没有数据。请调整左侧的年度、区划、主管部门或资金性质。"


def header(title: str, stage: str, name: str | None = None) -> filters.Filters:
    """Title plus a caption naming the fiscal year and stage shown and the filters, so a screenshot says
    what it shows: 「2021 年度项目自评（2022 年开展） · 全部区划 · 全部部门 · 全部资金」."""
    scope = filters.current()
    st.title(title)
    st.caption(scope.label(stage, name) + " · " + " · ".join(v for _, v in scope.describe()[1:]))
    return scope


def cycle_header(title: str, what: str) -> filters.Filters:
    """Title plus a caption for a page that follows the whole cycle rather than one stage:
    「各环节报送进度 · 2022 工作年度 · 全部区划 · 全部部门 · 全部资金」."""
    scope = filters.current()
    st.title(title)
    st.caption(" · ".join([what, *(v for _, v in scope.describe())]))
    return scope


def section(title: str, stage: str, name: str | None = None) -> None:
    """A section heading that states its own fiscal year and stage (sections of one page may differ)."""
    scope = filters.current()
    st.subheader(title)
    st.caption(scope.label(stage, name))


def _switch_year(year: int) -> None:
    st.session_state["wy"] = year
    st.session_state["fy"] = None


def empty_state(message: str = NO_DATA) -> None:
    st.info(message, icon=":material/search_off:")


def stage_empty(stage: str, what: str | None = None, key: str | None = None) -> None:
    """An empty section that says why: the stage has no data for this year (and names the working year that
    has, with a button to go there), or the department/fund filters leave nothing."""
    scope = filters.current()
    label = scope.label(stage, what)
    held = filters.stage_fiscal_years(scope.regions).get(stage, [])
    year = scope.fiscal_year(stage)
    if year in held:
        empty_state(f"当前主管部门或资金性质筛选下，{label}没有数据。请调整左侧的筛选条件。")
        return
    if not held:
        empty_state(f"数据仓库中还没有{what or profiles.CYCLE_STAGES[stage][0]}数据。")
        return
    offset = scope.offsets[stage]
    nearest = min(held, key=lambda y: (abs(y - (year or 0)), -y))
    work_year = nearest - offset
    others = "、".join(f"{y} 年度" for y in sorted(held))
    empty_state(f"{label}没有数据。有数据的年度：{others}（{nearest} 年度在 {work_year} 工作年度开展）。")
    st.button(
        f"切换到 {work_year} 工作年度",
        key=key or f"goto_{stage}_{work_year}",
        on_click=_switch_year,
        args=(work_year,),
        type="tertiary",
        icon=":material/arrow_forward:",
    )


def floats(frame: pl.DataFrame, column: str) -> list[float | None]:
    """Decimal columns as floats for plotting (exact values go to tooltips as text)."""
    return [None if v is None else float(v) for v in frame[column].to_list()]


def _exact(values: Sequence, kind: str) -> list[str]:
    render = {"money": format.wan, "rate": format.percent, "score": format.score}[kind]
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
    """Room to the right of the longest bar for its label, and zero always in view; one formatter per unit."""
    present = [v for v in values if v is not None] + ([reference] if reference is not None else [])
    low, high = min([0.0, *present]), max([0.0, *present])
    span = (high - low) or 1.0
    bounds = [low - (0.02 * span if low < 0 else 0), high + 0.22 * span]
    if kind == "rate":
        return theme.rate_axis(bounds, pad=0)
    if kind == "score":
        return theme.score_axis(bounds, pad=0)
    return {"range": bounds, "separatethousands": True, "tickformat": ",.0f"}


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
    options = (value, kind, title, reference, reference_label, axis_title, category, color, height)
    if drill and category == "department":
        chart(
            _department_bars_spec,
            frame,
            *options,
            key=key,
            on_select=lambda: _narrow_department(key),
            selection_mode="points",
        )
    else:
        chart(_department_bars_spec, frame, *options, key=key)


def _department_bars_spec(
    frame: pl.DataFrame,
    value: str,
    kind: str,
    title: str,
    reference: float | None,
    reference_label: str,
    axis_title: str,
    category: str,
    color: str,
    height: int | None,
) -> dict:
    names = frame[category].to_list()
    values = floats(frame, value)
    shown = [
        format.percent(v) if kind == "rate" else (format.score(v) if kind == "score" else format.amount(v))
        for v in frame[value].to_list()
    ]
    exact = _exact(frame[value].to_list(), kind)
    layout = theme.chart_layout(
        height=height or max(260, 26 * len(names) + 80),
        xaxis_title=axis_title,
        yaxis={"automargin": True, "autorange": "reversed"},
        xaxis=_value_axis(values, reference, kind),
        margin={"l": 10, "r": 20, "t": 36, "b": 10},
        showlegend=False,
    )
    if reference is not None:
        layout["shapes"] = [
            {
                "type": "line",
                "x0": reference,
                "x1": reference,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "y domain",
                "line": {"dash": "dash", "color": "#888888"},
                "layer": "below",
            }
        ]
        layout["annotations"] = [
            {
                "x": reference,
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "text": reference_label,
                "showarrow": False,
                "font": {"size": 12, "color": "#666666"},
            }
        ]
    bar = {
        "type": "bar",
        "x": values,
        "y": names,
        "orientation": "h",
        "marker": {"color": color},
        "text": shown,
        # With a reference line the labels sit inside the bar ends, so the line never crosses them.
        "textposition": "outside" if reference is None else "auto",
        "insidetextanchor": "end",
        "insidetextfont": {"color": "#ffffff"},
        "cliponaxis": False,
        "customdata": [[n, e] for n, e in zip(names, exact, strict=True)],
        "hovertemplate": "%{customdata[0]}<br>" + title + "：%{customdata[1]}<extra></extra>",
    }
    return {"data": [bar], "layout": layout}


def grade_stack(
    frame: pl.DataFrame, member: str, key: str, title: str, height: int | None = None, container=None
) -> None:
    """Stacked bars of grade counts per member, in the fixed grade palette."""
    chart(_grade_stack_spec, frame, member, title, height, key=key, container=container)


def _grade_stack_spec(frame: pl.DataFrame, member: str, title: str, height: int | None) -> dict:
    members = frame[member].unique(maintain_order=True).to_list()
    bars = []
    for grade in theme.GRADES:
        rows = frame.filter(pl.col("grade") == grade)
        counts = dict(zip(rows[member].to_list(), rows["projects"].to_list(), strict=True))
        bars.append(
            {
                "type": "bar",
                "name": grade,
                "y": members,
                "x": [counts.get(m, 0) for m in members],
                "orientation": "h",
                "marker": {"color": theme.GRADE_COLORS[grade]},
                "hovertemplate": "%{y}<br>" + grade + "：%{x} 个项目<extra></extra>",
            }
        )
    layout = theme.chart_layout(
        barmode="stack",
        height=height or max(240, 24 * len(members) + 100),
        title={"text": title, "font": {"size": 14}},
        yaxis={"automargin": True, "autorange": "reversed"},
        xaxis_title="项目数",
    )
    return {"data": bars, "layout": layout}


# ---- charts built once per distinct input --------------------------------------------------------------


class _Drawn(go.Figure):
    """A figure as the dict plotly.js draws, made once. st.plotly_chart turns any Figure into that dict
    with `to_dict()`, which deep-copies every trace and the whole theme template on every call, and
    validates a dict spec property by property first (ten times the cost of building the spec). Our specs
    are written in plotly.js's own spelling (theme.chart_layout expands the shorthands; a test checks that
    plotly's validation would change nothing on every page), so this one skips both: it hands out the
    spec with the default template Streamlit's theme needs, shared read-only (Streamlit only serialises it).
    """

    def __init__(self, spec: dict) -> None:
        # No Figure.__init__ (an empty figure costs more than the spec): Streamlit only calls to_dict.
        self._drawn = {"data": spec["data"], "layout": {**spec.get("layout", {}), "template": _template()}}

    def to_dict(self) -> dict:
        return self._drawn


@functools.cache
def _template() -> dict:
    """The default template as a validated figure carries it (Streamlit's theme, set on import)."""
    return go.Figure().to_dict()["layout"]["template"]


_CHARTS = memo.Memo(max_entries=256)


def chart(build, *inputs, key: str, container=None, **plotly_options) -> None:
    """Draw the plotly figure whose spec `build(*inputs)` returns as a plain {"data", "layout"} dict.
    The figure is validated and converted once and remembered by the builder and the content of its inputs:
    a rerun with the same query results rebuilds, validates and copies nothing (a dict or a graph_objects
    figure would be validated or deep-copied on every rerun, several times the cost of drawing it)."""
    figure = _CHARTS.get(
        # Page scripts all run as __main__: the builder's file tells two pages' builders apart.
        (build.__code__.co_filename, build.__qualname__, memo.digest(*inputs)),
        lambda: _Drawn(build(*inputs)),
    )
    (container or st).plotly_chart(figure, key=key, config={"displayModeBar": False}, **plotly_options)


# ---- tables that lead to a project ------------------------------------------------------------------


_TABLES = memo.Memo(max_entries=256)


def display_table(frame: pl.DataFrame, spec: list[tables.Column]):
    """The table as users read it (tables.display_frame), as Arrow: st.dataframe sends an Arrow table as it
    is, where a polars frame goes through pandas first. Remembered by content, like the charts."""
    return _TABLES.get(
        ("shown", memo.digest(frame, spec)), lambda: tables.display_frame(frame, spec).to_arrow()
    )


def grid(frame: pl.DataFrame, spec: list[tables.Column]) -> tuple[object, dict]:
    """The display table and its column config, grade cells as labels in the fixed grade colours.
    (A pandas Styler colours them too, but Streamlit then formats every cell in Python on every rerun:
    most of a page's CPU for a few hundred rows.)"""
    config = tables.column_config(spec)
    grades = [column.label for column in spec if column.kind == "grade"]
    for label in grades:
        config[label] = st.column_config.MultiselectColumn(
            label, options=theme.GRADES, color=[theme.GRADE_COLORS[g] for g in theme.GRADES]
        )

    def build():
        display = tables.display_frame(frame, spec)
        return display.with_columns(
            pl.when(pl.col(label).is_null()).then(None).otherwise(pl.concat_list(label)).alias(label)
            for label in grades
        ).to_arrow()

    return _TABLES.get(("grid", memo.digest(frame, spec)), build), config


def _project_key(row: dict) -> str | None:
    return row.get("project_code") or row.get("project_name")


PAGE_ROWS = 500  # rows sent to the browser at once; a province's 100,000 projects are paged, not shipped


def project_table(
    frame: pl.DataFrame, spec: list[tables.Column], key: str, height: int | str = "auto"
) -> None:
    """A table whose row click opens 项目详情 for that project (URL keeps the filters and names it).
    Long tables are shown a page at a time; downloads always hold every filtered row. The table is a
    fragment: turning its page or picking a row reruns only the table, not the charts around it."""
    st.fragment(_project_table)(frame, spec, key, height)


def _project_table(frame: pl.DataFrame, spec: list[tables.Column], key: str, height: int | str) -> None:
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
    table, config = grid(frame, spec)
    event = st.dataframe(
        table,
        hide_index=True,
        placeholder="—",
        column_config=config,
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
    if frame.is_empty():  # st.dataframe would show its own English "empty"
        st.caption("筛选范围内没有部门。")
        return
    departments = frame["department"].to_list()
    st.dataframe(
        display_table(frame, spec),
        hide_index=True,
        placeholder="—",
        column_config=tables.column_config(spec),
        key=key,
        on_select=lambda: _narrow_department_from_table(key, departments),
        selection_mode="single-row",
    )


# ---- cards and downloads ----------------------------------------------------------------------------


def metric_row(cards: list[dict], per_row: int = 4, key: str = "main") -> None:
    """KPI cards, `per_row` to a row on a desk; the phone stylesheet (theme.CSS) puts two side by side."""
    for start in range(0, len(cards), per_row):
        with st.container(key=f"kpi_{key}_{start}"):
            cols = st.columns(per_row)
            for col, card in zip(cols, cards[start : start + per_row], strict=False):
                col.metric(border=True, **card)


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_ROWS = 1_048_574


def download_buttons(
    key: str,
    stem: str,
    sheets: list[tuple[str, pl.DataFrame | data.Listing, list[tables.Column]]],
    about: list[tuple[str, str]],
) -> None:
    """Excel and CSV of exactly the filtered table(s), built only when clicked: a list the page shows only
    the first rows of (data.Listing) is fetched whole at that moment."""
    from dashboard import exports

    def whole(table: pl.DataFrame | data.Listing) -> pl.DataFrame:
        return table.whole() if isinstance(table, data.Listing) else table

    def shown() -> list[tuple[str, pl.DataFrame, list[tables.Column]]]:
        return [(name, tables.display_frame(whole(frame), spec), spec) for name, frame, spec in sheets]

    def height(table: pl.DataFrame | data.Listing) -> int:
        return table.total if isinstance(table, data.Listing) else table.height

    rows = sum(height(frame) for _, frame, _ in sheets)
    # a worksheet holds 1,048,576 rows, two of which are the filter line and the header: refuse, never cut
    too_long = max(height(frame) for _, frame, _ in sheets) > XLSX_MAX_ROWS
    with st.container(horizontal=True, key=f"{key}_downloads"):
        st.download_button(
            "下载 Excel（.xlsx）",
            data=data.recorded(f"{stem}.xlsx", about, rows, lambda: exports.to_xlsx(shown(), about)),
            file_name=f"{stem}.xlsx",
            mime=XLSX_MIME,
            on_click="ignore",
            key=f"{key}_xlsx",
            icon=":material/download:",
            width="content",
            disabled=too_long,
            help=f"超过 Excel 单个工作表的上限（{XLSX_MAX_ROWS:,} 行），请下载 CSV" if too_long else None,
        )
        st.download_button(
            "下载 CSV",
            data=data.recorded(
                f"{stem}.csv",
                about,
                height(sheets[0][1]),
                lambda: exports.to_csv(
                    tables.display_frame(whole(sheets[0][1]), sheets[0][2]), sheets[0][2], about
                ),
            ),
            file_name=f"{stem}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"{key}_csv",
            icon=":material/csv:",
            width="content",
        )
