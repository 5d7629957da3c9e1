"""Who sees what in the dashboard: without accounts it is local mode; with accounts nothing shows before
sign-in; a department user sees only its own department on every page, whatever the URL asks; pages a role
may not use are not offered; sign-ins and exports land in the audit trail."""

from __future__ import annotations

import duckdb
import pytest
from stagedata import stage_db_fixture  # noqa: F401  (session fixture)
from streamlit.testing.v1 import AppTest

from dashboard import auth
from warehouse import accounts, paths, trail

APP = str(paths.APP)
PASSWORD = "correct-horse-battery"
YEAR = 2021


@pytest.fixture
def home(stage_db, tmp_path, monkeypatch):
    """The staged warehouse seen through a private path, so accounts live in a private state file."""
    db = tmp_path / "jixiao.duckdb"
    db.symlink_to(stage_db.resolve())
    monkeypatch.setenv("JIXIAO_DB", str(db))
    return db


def _department(db) -> tuple[str, str]:
    con = duckdb.connect(str(db.resolve()), read_only=True)
    mine, other = con.execute(
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = ? GROUP BY 1 ORDER BY count(*) DESC LIMIT 2",
        [YEAR],
    ).fetchall()
    con.close()
    return mine[0], other[0]


def _app(token: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = str(YEAR)
    for key, value in params.items():
        at.query_params[key] = value
    if token:
        at.session_state[auth.SESSION_KEY] = token
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.metric] + [m.label for m in at.metric]
    parts += [e.value for e in (*at.markdown, *at.caption, *at.title, *at.subheader)]
    for frame in at.dataframe:
        parts += [str(v) for v in frame.value.to_numpy().ravel().tolist()]
    return "\n".join(map(str, parts))


def test_without_accounts_the_dashboard_is_in_local_mode(home):
    at = _app()
    assert any("本机模式" in c.value for c in at.sidebar.caption)
    assert at.metric, "local mode shows the data"


def test_with_accounts_nothing_shows_before_sign_in(home):
    accounts.add(home, "zhang", PASSWORD, "绩效中心")
    at = _app()
    assert at.title[0].value == "绩效看板" and not at.metric and not at.dataframe
    at.text_input(key="sign_in_user").set_value("zhang")
    at.text_input(key="sign_in_password").set_value("wrong-password-123")
    at.button[0].click().run()
    assert "账号或密码错误" in at.error[0].value
    at.text_input(key="sign_in_password").set_value(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and at.metric, "signed in: the overview draws"


@pytest.mark.parametrize("page", ["overview", "execution", "scores", "evaluations", "problems", "detail"])
def test_a_department_user_sees_only_its_department_even_through_the_url(home, page):
    mine, other = _department(home)
    accounts.add(home, "dept", PASSWORD, "部门", departments=[mine])
    _, token = accounts.sign_in(home, "dept", PASSWORD)
    at = _app(token, dept=other)  # a hand-edited URL asking for another department
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert other not in _texts(at)
    assert at.sidebar.multiselect(key="dept").options in ([mine], [])


def test_a_department_users_totals_are_its_own(home):
    mine, _ = _department(home)
    accounts.add(home, "dept", PASSWORD, "部门", departments=[mine])
    _, token = accounts.sign_in(home, "dept", PASSWORD)
    scoped_view = {m.label: m.value for m in _app(token).metric}
    accounts.add(home, "boss", PASSWORD, "领导")
    _, boss = accounts.sign_in(home, "boss", PASSWORD)
    own_filter = {m.label: m.value for m in _app(boss, dept=mine).metric}
    assert scoped_view == own_filter


def test_pages_a_role_may_not_use_are_not_offered(home):
    accounts.add(home, "boss", PASSWORD, "领导")
    accounts.add(home, "center", PASSWORD, "绩效中心")
    _, boss = accounts.sign_in(home, "boss", PASSWORD)
    _, center = accounts.sign_in(home, "center", PASSWORD)
    for page in ("data_admin", "audit_trail"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            _app(boss).switch_page(f"app_pages/{page}.py").run()
    at = _app(center)
    at.switch_page("app_pages/audit_trail.py").run()
    assert not at.exception
    logged = at.dataframe[0].value
    assert {"登录"} <= set(logged["操作"]) and "center" in set(logged["用户"])


def test_an_export_is_recorded_with_its_filters_and_rows(home):
    from dashboard import data

    data.record_export("项目明细", [("年度", "2021"), ("主管部门", "全部部门")], 627)
    (entry,) = trail.entries(home)
    assert entry["action"] == "导出"
    assert entry["detail"] == {
        "内容": "项目明细",
        "筛选": {"年度": "2021", "主管部门": "全部部门"},
        "行数": 627,
    }
