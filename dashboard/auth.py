"""Sign-in for the dashboard. The decisions (passwords, lock-out, roles, row scope) are warehouse.accounts';
this module only asks for credentials and remembers the session's user.

- No account yet: the dashboard serves this machine only (`jixiao serve` refuses other addresses) and says so.
- Accounts exist: sign-in is required — with a local account, or through the bureau's identity provider when
  `[auth]` is configured in .streamlit/secrets.toml (Streamlit's OpenID Connect), mapped to an account by e-mail.
"""

from __future__ import annotations

import streamlit as st

from warehouse import accounts, trail
from warehouse.paths import default_db

SESSION_KEY = "jixiao_session"


def _db():
    return default_db()


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):
        return False


def _session_user() -> accounts.User | None:
    token = st.session_state.get(SESSION_KEY)
    if not token:
        return None
    user = accounts.session_user(_db(), token)
    if user is None:
        st.session_state.pop(SESSION_KEY, None)
    return user


def _oidc_user() -> accounts.User | None:
    if not (_oidc_configured() and st.user.is_logged_in):
        return None
    identity = st.user.get("email") or st.user.get("sub")
    user = accounts.external_user(_db(), identity)
    if user is None:
        trail.record(_db(), identity, "登录", {"方式": "单点登录"}, outcome="失败：未开通账号")
        st.error(f"{identity} 尚未开通绩效看板账号，请联系财政绩效评价中心。")
        st.button("退出", on_click=st.logout)
        st.stop()
    return user


def _sign_in_form() -> None:
    st.title("绩效看板")
    st.caption("财政预算绩效管理分析看板 · 请登录")
    with st.form("sign_in", border=True):
        username = st.text_input("账号", placeholder="用户名", key="sign_in_user")
        password = st.text_input("密码", type="password", placeholder="密码", key="sign_in_password")
        submitted = st.form_submit_button("登录", type="primary", icon=":material/login:")
    if submitted:
        try:
            _, token = accounts.sign_in(_db(), username.strip(), password)
        except accounts.AccountError as exc:
            st.error(str(exc), icon=":material/error:")
        else:
            st.session_state[SESSION_KEY] = token
            st.rerun()
    if _oidc_configured():
        st.button("使用单位统一身份认证登录", on_click=st.login, icon=":material/key:")


def signed_in_user() -> tuple[accounts.User | None, bool]:
    """(user, must sign in). The user is None in local mode (no account exists: every row, this machine
    only); when accounts exist and nobody is signed in yet, the caller draws `sign_in_page()` instead."""
    if not accounts.any_account(_db()):
        return None, False
    user = _session_user() or _oidc_user()
    return user, user is None


def sign_in_page() -> None:
    """The sign-in form, then stop the run: nothing else is drawn before sign-in."""
    _sign_in_form()
    st.stop()


def sign_out() -> None:
    token = st.session_state.pop(SESSION_KEY, None)
    if token:
        accounts.sign_out(_db(), token)
    if _oidc_configured() and st.user.is_logged_in:
        st.logout()
