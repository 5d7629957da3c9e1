"""指标库：the quantified indicators departments have set, per 行业 and 二级指标, with their typical target
ranges, browsable and exported as a workbook departments can use when they set targets."""

from __future__ import annotations

import streamlit as st

from dashboard import review_sections

st.title("指标库")
st.caption(
    "各部门绩效目标表中的定量指标：常用名称、单位与目标值常用区间（历年已加载的全部目标表，不随年度筛选）"
)
review_sections.draw_library()
