"""Runs the 问题清单 page the way dashboard/app.py runs its pages: global filters in the sidebar first, then
the page through st.navigation (used by test_problems_page.py with AppTest)."""

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import filters  # noqa: E402

st.set_page_config(page_title="绩效看板", layout="wide")
st.session_state["_filters"] = filters.draw()
page = ROOT / "dashboard" / "app_pages" / "problems.py"
st.navigation([st.Page(page, title="问题清单", url_path="problems", default=True)]).run()
