"""绩效看板 entrypoint: page config, navigation and the global filters; pages only draw."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ on the path, not the repository root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import auth, data, filters, theme  # noqa: E402

PAGES = Path(__file__).parent / "app_pages"
# (file, title, icon, url path[, the right a user needs to be offered the page])
PAGE_SPECS = [
    ("overview.py", "总览", ":material/dashboard:", "overview"),
    ("execution.py", "预算执行", ":material/payments:", "execution"),
    ("scores.py", "评分与等级", ":material/grade:", "scores"),
    ("targets.py", "绩效目标与指标", ":material/flag:", "targets"),
    ("evaluations.py", "评价结果", ":material/fact_check:", "evaluations"),
    ("problems.py", "问题清单", ":material/report:", "problems"),
    ("progress_ledger.py", "工作推进台账", ":material/event_available:", "progress"),
    ("rectification_ledger.py", "整改台账", ":material/assignment_turned_in:", "rectification"),
    ("scorecard.py", "部门考核", ":material/leaderboard:", "scorecard"),
    ("detail.py", "明细与导出", ":material/table_view:", "detail"),
    ("project.py", "项目详情", ":material/description:", "project"),
    ("indicator_library.py", "指标库", ":material/library_books:", "library"),
    ("data_admin.py", "数据管理", ":material/database:", "data", "load"),
    ("audit_trail.py", "操作日志", ":material/history:", "trail", "audit_trail"),
]

st.set_page_config(page_title="绩效看板", page_icon=":material/monitoring:", layout="wide")
st.html(theme.CSS)

# Sign-in first: nothing of the warehouse is read before we know whose rows to show.
user, must_sign_in = auth.signed_in_user()
st.session_state["_user"] = user
if must_sign_in:
    # Register the pages (hidden) so the page the address asked for is still the one shown after sign-in.
    st.navigation([st.Page(PAGES / spec[0], url_path=spec[3]) for spec in PAGE_SPECS], position="hidden")
    auth.sign_in_page()

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
    if user is None:
        st.caption(
            "本机模式：尚未建立账号，看板只在本机提供服务。建立第一个账号：`jixiao user add 用户名 --role 绩效中心`"
        )
    else:
        scope = (
            "全部部门" if user.scope.all_rows else "、".join(user.scope.departments + user.scope.fund_types)
        )
        st.caption(f"{user.display_name}（{user.role}）· 可见范围：{scope}")
        st.button("退出登录", on_click=auth.sign_out, icon=":material/logout:", key="sign_out")
st.session_state["_filters"] = filters.draw()
filters.close_sidebar_on_phone_after_change()
with st.sidebar:
    if status["last_loaded"] is not None:
        st.caption(f"数据更新：{status['last_loaded']:%Y-%m-%d %H:%M} · {status['files']} 个文件")


def offered_pages() -> list:
    """The pages this user may use (a page the role may not use is not even offered). The st.Page objects
    are made once per session and set of pages: each one resolves its file on the disk, a few ms per rerun
    for all of them. They stay within the session (st.navigation marks the chosen one runnable, and a
    session's reruns run one at a time), never shared between sessions."""
    offered = tuple(spec for spec in PAGE_SPECS if len(spec) < 5 or data.can(spec[4]))
    made = st.session_state.get("_pages")
    if made is None or made[0] != offered:
        pages = [
            st.Page(PAGES / file, title=title, icon=icon, url_path=url, default=url == "overview")
            for file, title, icon, url, *_ in offered
        ]
        made = st.session_state["_pages"] = (offered, pages)
    return made[1]


# every page listed: folded, the sidebar ends in Streamlit's English "View N more"
navigation = st.navigation(offered_pages(), expanded=True)
navigation.run()
