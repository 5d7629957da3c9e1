"""绩效看板 entrypoint: page config, navigation and the global filters; pages only draw."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ on the path, not the repository root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import auth, data, filters, navigation, theme  # noqa: E402

st.set_page_config(page_title="绩效看板", page_icon=":material/monitoring:", layout="wide")
navigation.tell_unknown_addresses_in_chinese()
st.html(theme.CSS)

# Sign-in first: nothing of the warehouse is read before we know whose rows to show.
user, must_sign_in = auth.signed_in_user()
st.session_state["_user"] = user
if must_sign_in:
    # Register the pages (hidden) so the page the address asked for is still the one shown after sign-in.
    navigation.register_hidden()
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


navigation.open_page()
