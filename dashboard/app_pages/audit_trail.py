"""操作日志：sign-ins, loads, uploads, exports and account or ledger changes, newest first (绩效中心 only)."""

from __future__ import annotations

import streamlit as st

from dashboard import data

st.title("操作日志")
if not data.can("audit_trail"):
    st.error("只有绩效中心可以查看操作日志。", icon=":material/block:")
    st.stop()
st.caption("登录与失败的登录、加载与上传、导出（内容、筛选条件、行数）、账号与台账变更，按时间倒序。")
entries = data.audit_trail()
if entries.is_empty():
    st.info("还没有记录。", icon=":material/info:")
else:
    st.dataframe(entries, hide_index=True, placeholder="—")
