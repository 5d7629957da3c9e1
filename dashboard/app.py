"""绩效看板 entrypoint: page config, navigation and the global filters; pages only draw."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ on the path, not the repository root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import data, filters  # noqa: E402

PAGES = Path(__file__).parent / "app_pages"

st.set_page_config(page_title="绩效看板", page_icon=":material/monitoring:", layout="wide")

if not data.available():
    st.title("绩效看板")
    st.info("数据仓库尚未建立。请先运行 `jixiao load 路径` 加载工作簿，或运行 `jixiao demo` 使用示例数据。")
    st.stop()

status = data.query("load_status").row(0, named=True)
with st.sidebar:
    st.markdown("### 绩效看板")
    if status["has_sample"]:
        st.warning("示例数据（合成）", icon=":material/science:")
        st.caption("按沙湾市 2022 年工作总结公布的汇总数校准的合成数据，不是真实项目数据。")
st.session_state["_filters"] = filters.draw()
with st.sidebar:
    if status["last_loaded"] is not None:
        st.caption(f"数据更新：{status['last_loaded']:%Y-%m-%d %H:%M} · {status['files']} 个文件")

PAGE_SPECS = [
    ("overview.py", "总览", ":material/dashboard:", "overview"),
    ("execution.py", "预算执行", ":material/payments:", "execution"),
    ("scores.py", "评分与等级", ":material/grade:", "scores"),
    ("targets.py", "绩效目标与指标", ":material/flag:", "targets"),
    ("evaluations.py", "评价结果", ":material/fact_check:", "evaluations"),
    ("problems.py", "问题清单", ":material/report:", "problems"),
    ("detail.py", "明细与导出", ":material/table_view:", "detail"),
    ("project.py", "项目详情", ":material/description:", "project"),
    ("indicator_library.py", "指标库", ":material/library_books:", "library"),
    ("data_admin.py", "数据管理", ":material/database:", "data"),
]
navigation = st.navigation(
    [
        st.Page(PAGES / file, title=title, icon=icon, url_path=url, default=url == "overview")
        for file, title, icon, url in PAGE_SPECS
    ]
)
navigation.run()
