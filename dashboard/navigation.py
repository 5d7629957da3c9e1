"""The app's pages: which of them a user is offered, and what an address naming none of them is told."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.commands import navigation as streamlit_navigation

from dashboard import data

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
PAGE_NOT_FOUND = "地址中的页面不存在，或当前账号无权查看，已打开总览。"
_NOT_FOUND_KEY = "_page_not_found"
_ASKED_KEY = "_page_asked_before_sign_in"


def _note_page_not_found(_ctx) -> None:
    st.session_state[_NOT_FOUND_KEY] = True


def tell_unknown_addresses_in_chinese() -> None:
    """An address naming no page (or one this account is not offered) opens 总览 with a Chinese notice.
    Streamlit sends its English "Page not found" dialog from this one function and has no option for its
    language: the function is replaced by one that only notes the miss (open_page says it).
    tests/browser/test_pages_browser.py checks the notice and the dialog's absence."""
    streamlit_navigation.send_page_not_found = _note_page_not_found


def register_hidden() -> None:
    """Every page, unlisted (the sign-in screen): the page the address asked for is still the one shown
    after sign-in, or, when the account is not offered it, said so (Streamlit's rerun after sign-in falls
    back to 总览 without a word: it asks by page, not by address)."""
    asked = st.navigation([st.Page(PAGES / s[0], url_path=s[3]) for s in PAGE_SPECS], position="hidden")
    st.session_state[_ASKED_KEY] = asked.url_path


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


def open_page() -> None:
    """Run the page the address names, every offered page listed in the sidebar (folded, the list would
    end in Streamlit's English "View N more")."""
    offered = offered_pages()
    asked = st.session_state.pop(_ASKED_KEY, None)
    if asked is not None and asked not in {page.url_path for page in offered}:
        _note_page_not_found(None)
    page = st.navigation(offered, expanded=True)
    if st.session_state.pop(_NOT_FOUND_KEY, False):
        st.toast(PAGE_NOT_FOUND, icon=":material/info:")
    page.run()
