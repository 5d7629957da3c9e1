"""Accounts, roles and what each may see and do — the one place that decides.

Passwords are argon2id hashes (argon2-cffi); repeated failures lock an account for a while; a sign-in gives a
random session token of which only a hash is stored. Rows are scoped by role: 领导 and 绩效中心 see every row,
业务科室 its counterpart departments and fund types, 部门 its own department.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from warehouse import state, trail

CONFIG = Path(__file__).resolve().parent / "config" / "access.toml"
ROLES = ("领导", "绩效中心", "业务科室", "部门")
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A request about accounts that cannot be granted; the message is for the user."""


@cache
def settings() -> dict:
    with open(CONFIG, "rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class Scope:
    """The rows a user may see: everything, or the listed departments and fund categories."""

    all_rows: bool
    departments: tuple[str, ...] = ()
    fund_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    departments: tuple[str, ...]
    fund_types: tuple[str, ...]
    office: str | None

    def can(self, right: str) -> bool:
        return right in settings()["roles"][self.role]["rights"]

    @property
    def scope(self) -> Scope:
        if self.can("read_all"):
            return Scope(all_rows=True)
        return Scope(all_rows=False, departments=self.departments, fund_types=self.fund_types)


def _user(row) -> User:
    return User(
        username=row["username"],
        display_name=row["display_name"] or row["username"],
        role=row["role"],
        departments=tuple(json.loads(row["departments"])),
        fund_types=tuple(json.loads(row["fund_types"])),
        office=row["office"],
    )


def _check_role(role: str, departments: list[str], fund_types: list[str]) -> None:
    if role not in ROLES:
        raise AccountError(f"角色“{role}”不存在，可选：{'、'.join(ROLES)}")
    if role == "部门" and len(departments) != 1:
        raise AccountError("部门用户须指定且只指定一个本部门（--department）")
    if role == "业务科室" and not (departments or fund_types):
        raise AccountError("业务科室用户须指定对口部门（--department）或对口资金性质（--fund-type）")


def _check_password(password: str) -> None:
    minimum = settings()["signin"]["min_password_length"]
    if len(password) < minimum:
        raise AccountError(f"密码至少 {minimum} 位")


def any_account(db: Path) -> bool:
    con = state.connect(db)
    try:
        return con.execute("SELECT count(*) FROM user_account").fetchone()[0] > 0
    finally:
        con.close()


def add(
    db: Path,
    username: str,
    password: str | None,
    role: str,
    *,
    departments: list[str] | None = None,
    fund_types: list[str] | None = None,
    office: str | None = None,
    display_name: str | None = None,
    external_subject: str | None = None,
    by: str | None = None,
) -> User:
    departments, fund_types = departments or [], fund_types or []
    _check_role(role, departments, fund_types)
    if password is None and external_subject is None:
        raise AccountError("须设置密码，或指定单点登录身份（--sso）")
    if password is not None:
        _check_password(password)
    with state.transaction(db) as con:
        if con.execute("SELECT 1 FROM user_account WHERE username = ?", (username,)).fetchone():
            raise AccountError(f"账号“{username}”已存在")
        con.execute(
            "INSERT INTO user_account (username, display_name, role, departments, fund_types, office, "
            "password_hash, external_subject, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                username,
                display_name,
                role,
                json.dumps(departments, ensure_ascii=False),
                json.dumps(fund_types, ensure_ascii=False),
                office,
                _hasher.hash(password) if password is not None else None,
                external_subject,
                state.now(),
                state.now(),
            ),
        )
        trail.record_in(con, by, "新增账号", {"username": username, "role": role, "departments": departments})
    return get(db, username)


def get(db: Path, username: str) -> User:
    con = state.connect(db)
    try:
        row = con.execute("SELECT * FROM user_account WHERE username = ?", (username,)).fetchone()
    finally:
        con.close()
    if row is None:
        raise AccountError(f"账号“{username}”不存在")
    return _user(row)


def set_password(db: Path, username: str, password: str, by: str | None = None) -> None:
    _check_password(password)
    with state.transaction(db) as con:
        changed = con.execute(
            "UPDATE user_account SET password_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? "
            "WHERE username = ?",
            (_hasher.hash(password), state.now(), username),
        ).rowcount
        if not changed:
            raise AccountError(f"账号“{username}”不存在")
        con.execute("DELETE FROM user_session WHERE username = ?", (username,))
        trail.record_in(con, by, "修改密码", {"username": username})


def set_disabled(db: Path, username: str, disabled: bool, by: str | None = None) -> None:
    with state.transaction(db) as con:
        changed = con.execute(
            "UPDATE user_account SET disabled = ?, updated_at = ? WHERE username = ?",
            (int(disabled), state.now(), username),
        ).rowcount
        if not changed:
            raise AccountError(f"账号“{username}”不存在")
        con.execute("DELETE FROM user_session WHERE username = ?", (username,))
        trail.record_in(con, by, "停用账号" if disabled else "启用账号", {"username": username})


def listing(db: Path) -> list[dict]:
    con = state.connect(db)
    try:
        rows = con.execute(
            "SELECT username, display_name, role, departments, fund_types, office, disabled, locked_until, "
            "external_subject FROM user_account ORDER BY role, username"
        ).fetchall()
    finally:
        con.close()
    return [dict(r) for r in rows]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def sign_in(db: Path, username: str, password: str, at: datetime | None = None) -> tuple[User, str]:
    """Check the password; return the user and a new session token. Every attempt is recorded."""
    at = at or datetime.now()
    limits = settings()["signin"]
    with state.transaction(db) as con:
        row = con.execute("SELECT * FROM user_account WHERE username = ?", (username,)).fetchone()
        refusal = None
        if row is None or row["password_hash"] is None:
            refusal = "账号或密码错误"
        elif row["disabled"]:
            refusal = "账号已停用"
        elif row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > at:
            refusal = f"连续输错次数过多，账号锁定至 {row['locked_until'][11:16]}"
        else:
            try:
                _hasher.verify(row["password_hash"], password)
            except (VerificationError, InvalidHashError):
                failures = row["failed_attempts"] + 1
                locked = None
                if failures >= limits["max_failed_attempts"]:
                    locked = (at + timedelta(minutes=limits["lockout_minutes"])).isoformat(timespec="seconds")
                    failures = 0
                con.execute(
                    "UPDATE user_account SET failed_attempts = ?, locked_until = ? WHERE username = ?",
                    (failures, locked, username),
                )
                refusal = "账号或密码错误" + ("，账号已锁定" if locked else "")
        if refusal:
            trail.record_in(con, username, "登录", {}, outcome=f"失败：{refusal}")
        else:
            token = secrets.token_urlsafe(32)
            expires = at + timedelta(hours=limits["session_hours"])
            con.execute(
                "UPDATE user_account SET failed_attempts = 0, locked_until = NULL WHERE username = ?",
                (username,),
            )
            con.execute(
                "INSERT INTO user_session VALUES (?, ?, ?, ?)",
                (
                    _token_hash(token),
                    username,
                    at.isoformat(timespec="seconds"),
                    expires.isoformat(timespec="seconds"),
                ),
            )
            trail.record_in(con, username, "登录", {})
    if refusal:
        raise AccountError(refusal)
    return _user(row), token


def session_user(db: Path, token: str, at: datetime | None = None) -> User | None:
    """The user of a live session token, or None when it is unknown, expired or the account is disabled."""
    at = at or datetime.now()
    con = state.connect(db)
    try:
        row = con.execute(
            "SELECT a.* FROM user_session s JOIN user_account a USING (username) "
            "WHERE s.token_hash = ? AND s.expires_at > ? AND NOT a.disabled",
            (_token_hash(token), at.isoformat(timespec="seconds")),
        ).fetchone()
    finally:
        con.close()
    return None if row is None else _user(row)


def sign_out(db: Path, token: str) -> None:
    with state.transaction(db) as con:
        row = con.execute(
            "SELECT username FROM user_session WHERE token_hash = ?", (_token_hash(token),)
        ).fetchone()
        con.execute("DELETE FROM user_session WHERE token_hash = ?", (_token_hash(token),))
        if row:
            trail.record_in(con, row["username"], "退出登录", {})


def external_user(db: Path, subject: str) -> User | None:
    """The account mapped to a single-sign-on identity (e-mail or subject), or None: an unknown identity gets
    no rights, whatever the provider says."""
    con = state.connect(db)
    try:
        row = con.execute(
            "SELECT * FROM user_account WHERE external_subject = ? AND NOT disabled", (subject,)
        ).fetchone()
    finally:
        con.close()
    return None if row is None else _user(row)
