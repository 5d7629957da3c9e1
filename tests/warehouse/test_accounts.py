"""Accounts: argon2 passwords, lock-out, expiring sessions, one place deciding each role's rights and rows,
single-sign-on identities mapped to the same roles, and every attempt in the audit trail."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from warehouse import accounts, state, trail
from warehouse.cli import main

PASSWORD = "correct-horse-battery"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "jixiao.duckdb"


def test_password_is_stored_as_argon2_and_checked(db):
    accounts.add(db, "zhang", PASSWORD, "绩效中心")
    con = state.connect(db)
    (stored,) = con.execute("SELECT password_hash FROM user_account").fetchone()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    user, token = accounts.sign_in(db, "zhang", PASSWORD)
    assert user.role == "绩效中心"
    assert accounts.session_user(db, token).username == "zhang"
    with pytest.raises(accounts.AccountError, match="账号或密码错误"):
        accounts.sign_in(db, "zhang", "wrong-password-123")


def test_repeated_failures_lock_the_account_even_for_the_right_password(db):
    accounts.add(db, "li", PASSWORD, "领导")
    start = datetime(2026, 3, 1, 9, 0)
    limit = accounts.settings()["signin"]["max_failed_attempts"]
    for _ in range(limit):
        with pytest.raises(accounts.AccountError):
            accounts.sign_in(db, "li", "not-the-password", at=start)
    with pytest.raises(accounts.AccountError, match="锁定"):
        accounts.sign_in(db, "li", PASSWORD, at=start + timedelta(minutes=1))
    later = start + timedelta(minutes=accounts.settings()["signin"]["lockout_minutes"] + 1)
    assert accounts.sign_in(db, "li", PASSWORD, at=later)[0].username == "li"


def test_sessions_expire_and_end_with_a_password_change_or_disable(db):
    accounts.add(db, "wang", PASSWORD, "领导")
    at = datetime(2026, 3, 1, 9, 0)
    _, token = accounts.sign_in(db, "wang", PASSWORD, at=at)
    hours = accounts.settings()["signin"]["session_hours"]
    assert accounts.session_user(db, token, at=at + timedelta(hours=hours - 1)) is not None
    assert accounts.session_user(db, token, at=at + timedelta(hours=hours + 1)) is None
    _, token = accounts.sign_in(db, "wang", PASSWORD)
    accounts.set_password(db, "wang", "another-long-password")
    assert accounts.session_user(db, token) is None
    _, token = accounts.sign_in(db, "wang", "another-long-password")
    accounts.set_disabled(db, "wang", True)
    assert accounts.session_user(db, token) is None
    with pytest.raises(accounts.AccountError, match="停用"):
        accounts.sign_in(db, "wang", "another-long-password")


@pytest.mark.parametrize(
    ("role", "departments", "fund_types", "expected"),
    [
        ("领导", [], [], accounts.Scope(all_rows=True)),
        ("绩效中心", [], [], accounts.Scope(all_rows=True)),
        (
            "业务科室",
            ["沙湾市人力资源和社会保障局"],
            ["社会保险基金预算"],
            accounts.Scope(False, ("沙湾市人力资源和社会保障局",), ("社会保险基金预算",)),
        ),
        ("部门", ["沙湾市教育局"], [], accounts.Scope(False, ("沙湾市教育局",), ())),
    ],
)
def test_each_role_sees_the_rows_its_scope_allows(db, role, departments, fund_types, expected):
    user = accounts.add(db, "u", PASSWORD, role, departments=departments, fund_types=fund_types)
    assert user.scope == expected


def test_rights_are_decided_in_one_place(db):
    rights = {
        role: {
            r
            for r in ("read_all", "load", "ledger_manage", "ledger_review", "ledger_answer", "users")
            if accounts.User("u", "u", role, ("x",), (), None).can(r)
        }
        for role in accounts.ROLES
    }
    assert rights == {
        "领导": {"read_all"},
        "绩效中心": {"read_all", "load", "ledger_manage", "ledger_review", "users"},
        "业务科室": {"ledger_review"},
        "部门": {"ledger_answer"},
    }


def test_a_department_user_needs_exactly_one_department(db):
    with pytest.raises(accounts.AccountError, match="一个本部门"):
        accounts.add(db, "d", PASSWORD, "部门")
    with pytest.raises(accounts.AccountError, match="至少 10 位"):
        accounts.add(db, "d", "short", "领导")


def test_single_sign_on_identities_map_to_roles_and_unknown_ones_get_nothing(db):
    accounts.add(db, "zhao", None, "部门", departments=["沙湾市水利局"], external_subject="zhao@czj.example")
    user = accounts.external_user(db, "zhao@czj.example")
    assert user.role == "部门" and user.scope.departments == ("沙湾市水利局",)
    assert accounts.external_user(db, "stranger@example.org") is None


def test_sign_ins_and_failures_are_in_the_trail(db):
    accounts.add(db, "qian", PASSWORD, "领导")
    accounts.sign_in(db, "qian", PASSWORD)
    with pytest.raises(accounts.AccountError):
        accounts.sign_in(db, "qian", "wrong-password-123")
    actions = [(e["username"], e["action"], e["outcome"]) for e in reversed(trail.entries(db))]
    assert actions == [
        (None, "新增账号", "成功"),
        ("qian", "登录", "成功"),
        ("qian", "登录", "失败：账号或密码错误"),
    ]


def test_user_commands(db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    assert (
        main(
            [
                "user",
                "add",
                "sun",
                "--role",
                "部门",
                "--department",
                "沙湾市教育局",
                "--password-stdin",
                "--db",
                str(db),
            ]
        )
        == 0
    )
    assert main(["user", "add", "sun2", "--role", "部门", "--password-stdin", "--db", str(db)]) == 2
    assert "一个本部门" in capsys.readouterr().err
    assert main(["user", "disable", "sun", "--db", str(db)]) == 0
    assert main(["user", "list", "--db", str(db)]) == 0
    assert "sun\t部门\t停用" in capsys.readouterr().out


def test_serving_beyond_this_machine_needs_an_account(db, capsys):
    assert main(["serve", "--address", "0.0.0.0", "--db", str(db)]) == 2
    assert "还没有任何账号" in capsys.readouterr().err
