"""Accounts: adding users, signing in, lockout, sessions and tokens — on both databases."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from kefu.accounts import service as accounts
from kefu.accounts.models import LoginSession
from kefu.audit.models import AuditEvent
from kefu.db import unit_of_work
from kefu.errors import AccountInvalid, SignInFailed, TokenRefused
from kefu.imports.service import import_file
from tests.factories import make_person, make_workbook

PASSWORD = "correct horse"


def make_roster(engine: Engine, tmp_path: Path) -> None:
    rows = [
        make_person("A1", "张三", "客服代表", "客服一部", "一组"),
        make_person("L1", "李四", "业务组长", "客服一部", "一组"),
    ]
    path = make_workbook(tmp_path / "roster.xlsx", {"员工": rows})
    with unit_of_work(engine) as session:
        import_file(session, path, None, "hr", date(2026, 11, 1))


def add(
    engine: Engine, username: str = "zhang", role: str = "agent", no: str | None = "A1"
) -> None:
    with unit_of_work(engine) as session:
        accounts.add_user(session, "admin", username, PASSWORD, role, "张三", no)


def test_a_new_user_signs_in_with_their_password_and_the_hash_is_argon2(
    engine: Engine, tmp_path: Path
) -> None:
    make_roster(engine, tmp_path)
    add(engine)
    with unit_of_work(engine) as session:
        user = accounts.authenticate(session, "zhang", PASSWORD)
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        viewer = accounts.viewer_of(session, user)
    assert (viewer.role, viewer.department, viewer.team) == ("agent", "客服一部", "一组")


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(
    engine: Engine, tmp_path: Path
) -> None:
    make_roster(engine, tmp_path)
    add(engine)
    messages = []
    for name, password in (("zhang", "wrong password"), ("nobody", PASSWORD)):
        with pytest.raises(SignInFailed) as err, unit_of_work(engine) as session:
            accounts.authenticate(session, name, password)
        messages.append(err.value.message)
    assert messages[0] == messages[1]


@pytest.mark.parametrize(
    ("username", "password", "role", "no", "message"),
    [
        ("zhang", "short", "agent", "A1", "至少"),
        ("zhang", PASSWORD, "boss", "A1", "未知的角色"),
        ("zhang", PASSWORD, "agent", None, "必须关联工号"),
        ("zhang", PASSWORD, "agent", "Z9", "不在员工名册"),
        ("has space", PASSWORD, "agent", "A1", "空格"),
    ],
)
def test_bad_accounts_are_refused_with_the_reason(
    engine: Engine,
    tmp_path: Path,
    username: str,
    password: str,
    role: str,
    no: str | None,
    message: str,
) -> None:
    make_roster(engine, tmp_path)
    with pytest.raises(AccountInvalid, match=message), unit_of_work(engine) as session:
        accounts.add_user(session, "admin", username, password, role, "", no)


def test_a_taken_username_is_refused(engine: Engine, tmp_path: Path) -> None:
    make_roster(engine, tmp_path)
    add(engine)
    with pytest.raises(AccountInvalid, match="已被使用"), unit_of_work(engine) as session:
        accounts.add_user(session, "admin", "zhang", PASSWORD, "hr")


def test_a_session_token_finds_its_user_until_sign_out(engine: Engine, tmp_path: Path) -> None:
    make_roster(engine, tmp_path)
    add(engine)
    with unit_of_work(engine) as session:
        token, csrf = accounts.start_session(session, accounts.get_user(session, "zhang"))
    with unit_of_work(engine) as session:
        found = accounts.session_user(session, token)
        assert found is not None and found[0].username == "zhang" and found[1] == csrf
        assert accounts.session_user(session, token + "x") is None
        stored = session.scalar(select(LoginSession.token_hash))
        assert stored != token  # only the hash is kept
        accounts.end_session(session, token)
    with unit_of_work(engine) as session:
        assert accounts.session_user(session, token) is None


def test_an_expired_session_signs_nobody_in(engine: Engine, tmp_path: Path) -> None:
    make_roster(engine, tmp_path)
    add(engine)
    with unit_of_work(engine) as session:
        token, _ = accounts.start_session(session, accounts.get_user(session, "zhang"))
        row = session.scalar(select(LoginSession))
        assert row is not None
        row.expires_at = accounts.now() - timedelta(seconds=1)
    with unit_of_work(engine) as session:
        assert accounts.session_user(session, token) is None


def test_switching_an_account_off_ends_its_sessions_and_sign_in(
    engine: Engine, tmp_path: Path
) -> None:
    make_roster(engine, tmp_path)
    add(engine)
    with unit_of_work(engine) as session:
        token, _ = accounts.start_session(session, accounts.get_user(session, "zhang"))
        accounts.change_user(session, "admin", "zhang", active=False)
    with unit_of_work(engine) as session:
        assert accounts.session_user(session, token) is None
        with pytest.raises(SignInFailed, match="停用"):
            accounts.authenticate(session, "zhang", PASSWORD)


def test_user_changes_are_audited_with_before_and_after(engine: Engine, tmp_path: Path) -> None:
    make_roster(engine, tmp_path)
    add(engine, "li", "agent", "L1")
    with unit_of_work(engine) as session:
        accounts.change_user(session, "admin", "li", role="team_leader")
    with unit_of_work(engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.change")).one()
        assert (event.actor, event.target) == ("admin", "li")
        assert event.detail == {"role": ["agent", "team_leader"]}


def test_an_api_token_acts_as_its_user(engine: Engine, tmp_path: Path) -> None:
    make_roster(engine, tmp_path)
    add(engine)
    with unit_of_work(engine) as session:
        token = accounts.create_api_token(session, "admin", "zhang", "payroll export")
    with unit_of_work(engine) as session:
        user = accounts.token_user(session, token)
        assert user is not None and user.username == "zhang"
        assert accounts.token_user(session, "kefu_forged") is None


def test_a_password_reset_ends_the_accounts_sessions_and_revokes_its_api_tokens(
    engine: Engine, tmp_path: Path
) -> None:
    make_roster(engine, tmp_path)
    add(engine)
    with unit_of_work(engine) as session:
        cookie, _ = accounts.start_session(session, accounts.get_user(session, "zhang"))
        token = accounts.create_api_token(session, "admin", "zhang", "payroll export")
    with unit_of_work(engine) as session:
        accounts.set_password(session, "admin", "zhang", "Fresh-Meadow-Stone")
    with unit_of_work(engine) as session:
        assert accounts.session_user(session, cookie) is None
        with pytest.raises(TokenRefused, match="已撤销"):
            accounts.check_api_token(session, token)
        assert [
            accounts.token_state(t, accounts.now()) for t in accounts.api_tokens(session, "zhang")
        ] == ["已撤销"]
