"""部门考核 (部门绩效管理工作考核): each department's weighted score of a working year — on-time submission,
部门评价 coverage, problems per project by severity, rectification, 量化率 and evaluation results — as a
ranking with 红榜 and 黑榜, and the Word 通报."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, format, ledger_tables, theme, ui


def _board_spec(frame: pl.DataFrame, color: str) -> dict:
    scores = frame["score"].cast(float).to_list()
    trace = {
        "type": "bar",
        "x": scores,
        "y": frame["department"].to_list(),
        "orientation": "h",
        "marker": {"color": color},
        "text": [f"{v:.2f}" for v in scores],
        "hovertemplate": "%{y}：%{x:.2f} 分<extra></extra>",
    }
    layout = theme.chart_layout(
        height=260, xaxis_title="总分", xaxis={"range": [0, 100]}, yaxis={"autorange": "reversed"}
    )
    return {"data": [trace], "layout": layout}


scope = ui.cycle_header("部门考核", "部门绩效管理工作考核")
years = data.query("scorecard_years")["work_year"].to_list()
if not years:
    ui.empty_state("还没有可考核的工作年度（工作推进台账中没有报送环节）。")
    st.stop()
year = st.selectbox(
    "考核年度（工作年度）",
    years,
    # the working year in view (the one whose self-assessments are shown), else the latest
    index=years.index(shown) if (shown := scope.conducted_in("self_eval")) in years else 0,
    key="scorecard_year",
)
ranked = data.query("scorecard_ranking", work_year=year, regions=scope.regions)
if ranked.is_empty():
    ui.empty_state()
    st.stop()
weights = data.query("scorecard_weights")
st.caption(
    "加权计分："
    + "、".join(f"{w['label']} {w['weight']:.0f}" for w in weights.iter_rows(named=True))
    + "（某项不适用的部门按其余各项权重折算；适用项太少的部门照常计分但不上红榜、黑榜；权重见 warehouse/config/regions.toml [scorecard]）"
)

cols = st.columns(3)
cols[0].metric("考核部门", format.count(ranked.height), border=True)
cols[1].metric("平均分", format.score(ranked["score"].cast(float).mean()), border=True)
cols[2].metric("未报送环节", f"{int(ranked['missing'].sum() or 0):,}", border=True)

spec = ledger_tables.SCORECARD
listable = ranked.filter(pl.col("listable"))
red, black = st.columns(2)
for column, title, frame, color in (
    (red, "红榜（前五名）", listable.sort("score", descending=True).head(5), "#c62828"),
    (black, "黑榜（后五名）", listable.sort("score").head(5), "#37474f"),
):
    with column:
        st.subheader(title)
        ui.chart(_board_spec, frame, color, key=f"scorecard_{title}")

st.subheader("全部部门得分")
st.dataframe(
    ranked.select([c.field for c in spec]).rename({c.field: c.label for c in spec}).to_pandas(),
    hide_index=True,
    placeholder="—",
    height=420,
    key="scorecard_table",
)


def _bulletin() -> bytes:
    return data.bulletin(year, scope.regions[0] if len(scope.regions) == 1 else None)


st.download_button(
    "下载考核通报（Word）",
    data=_bulletin,
    file_name=f"{year}年度部门绩效管理工作考核通报.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    on_click="ignore",
    key="scorecard_bulletin",
    icon=":material/description:",
)
