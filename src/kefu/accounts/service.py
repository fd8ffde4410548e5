"""Use cases of accounts: add and change users, sign in and out, sessions, API tokens.

Every change is written to the audit log in the same unit of work.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kefu.accounts import rules
from kefu.accounts.models import ApiToken, LoginSession, User
from kefu.accounts.passwords import hash_password, needs_rehash, verify_password, weak_password
from kefu.audit import service as audit
from kefu.config import get_settings
from kefu.errors import AccountInvalid, NotFound, SignInFailed
from kefu.people import service as people
from kefu.people.identifiers import check_person_name, staff_no_or_none


def now() -> datetime:
    """Local wall-clock time, as the rest of the app records it (to the second)."""
    return datetime.now().replace(microsecond=0)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_role(role: str) -> rules.AccessRole:
    if role not in rules.ACCESS_ROLES:
        raise AccountInvalid(f"未知的角色 {role}:可选 {'、'.join(rules.ACCESS_ROLES)}")
    return role


def _check_employee(session: Session, role: str, employee_no: str | None) -> str | None:
    employee_no = staff_no_or_none(employee_no)
    if role in ("agent", "team_leader", "qa") and employee_no is None:
        raise AccountInvalid(f"角色 {rules.ROLE_NAMES[role]['zh']} 的账号必须关联工号")
    if employee_no is not None and not people.employee_ids(session, [employee_no]):
        raise AccountInvalid(f"工号 {employee_no} 不在员工名册中")
    return employee_no


def add_user(
    session: Session,
    actor: str,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    employee_no: str | None = None,
    demo: bool = False,
) -> User:
    """A new account; refused for a taken username, a weak password or a missing 工号."""
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise AccountInvalid("用户名不能为空、不能含空格，最多 64 个字符")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountInvalid(f"用户名 {username} 已被使用")
    _check_role(role)
    if problem := weak_password(password):
        raise AccountInvalid(problem)
    user = User(
        username=username,
        display_name=check_person_name(display_name, "显示名称", required=False) or username,
        role=role,
        employee_no=_check_employee(session, role, employee_no),
        password_hash=hash_password(password),
        active=True,
        failed_sign_ins=0,
        demo_password=password if demo else None,
        created_by=actor,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        "user.add",
        username,
        {"role": role, "employee_no": user.employee_no, "display_name": user.display_name},
    )
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"没有用户 {username}")
    return user


def users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.username)))


def demo_accounts(session: Session) -> list[User]:
    """The demo center's accounts (shown on the sign-in page while they exist)."""
    return list(
        session.scalars(select(User).where(User.demo_password.is_not(None)).order_by(User.id))
    )


def change_user(
    session: Session,
    actor: str,
    username: str,
    *,
    role: str | None = None,
    display_name: str | None = None,
    employee_no: str | None = None,
    active: bool | None = None,
    unlock: bool = False,
) -> User:
    """Change an account's role, name, 工号 or whether it may sign in; the diff is audited."""
    user = get_user(session, username)
    before = {
        "role": user.role,
        "display_name": user.display_name,
        "employee_no": user.employee_no,
        "active": user.active,
    }
    if role is not None:
        user.role = _check_role(role)
    if display_name is not None and display_name.strip():
        user.display_name = check_person_name(display_name, "显示名称")
    if employee_no is not None or role is not None:
        user.employee_no = _check_employee(
            session, user.role, employee_no if employee_no is not None else user.employee_no
        )
    if active is not None:
        if not active and username == actor:
            raise AccountInvalid("不能停用自己正在使用的账号")
        user.active = active
    if unlock:
        user.locked_until, user.failed_sign_ins = None, 0
    after = {
        "role": user.role,
        "display_name": user.display_name,
        "employee_no": user.employee_no,
        "active": user.active,
    }
    diff = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if unlock:
        diff["unlocked"] = [False, True]
    if diff:
        audit.record(session, actor, "user.change", username, diff)
    if not user.active:
        session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    return user


def set_password(session: Session, actor: str, username: str, password: str) -> None:
    """A new password; every session of the account ends."""
    if problem := weak_password(password):
        raise AccountInvalid(problem)
    user = get_user(session, username)
    user.password_hash = hash_password(password)
    user.demo_password = None
    user.locked_until, user.failed_sign_ins = None, 0
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    audit.record(session, actor, "user.password", username)


def authenticate(session: Session, username: str, password: str) -> User:
    """The account, if the password is right and it is active and not locked.

    A wrong password counts towards the lockout (R-PRV-1 security); the message never says
    whether the username exists.
    """
    settings = get_settings()
    moment = now()
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        verify_password(_DUMMY_HASH, password)  # same time as a real check
        raise SignInFailed("用户名或密码不正确")
    if rules.locked(user.locked_until, moment):
        assert user.locked_until is not None
        raise SignInFailed(f"账号已锁定，请于 {user.locked_until:%H:%M} 后再试，或请管理员解锁")
    if not verify_password(user.password_hash, password):
        user.failed_sign_ins, user.locked_until = rules.after_failed_sign_in(
            user.failed_sign_ins,
            moment,
            settings.login_max_failures,
            settings.login_lock_minutes,
        )
        if user.locked_until is not None:
            audit.record(
                session,
                "system",
                "user.locked",
                user.username,
                {"until": user.locked_until.isoformat(timespec="minutes")},
            )
        raise SignInFailed("用户名或密码不正确")
    if not user.active:
        raise SignInFailed("账号已停用，请联系管理员")
    user.failed_sign_ins, user.locked_until = 0, None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


_DUMMY_HASH = hash_password("not-a-real-password")


def start_session(session: Session, user: User) -> tuple[str, str]:
    """A new sign-in session: (cookie token, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    moment = now()
    session.execute(delete(LoginSession).where(LoginSession.expires_at < moment))
    session.add(
        LoginSession(
            token_hash=_digest(token),
            user_id=user.id,
            csrf_token=csrf,
            created_at=moment,
            expires_at=moment + timedelta(hours=get_settings().session_hours),
        )
    )
    audit.record(session, user.username, "sign_in", user.username)
    return token, csrf


def session_user(session: Session, token: str) -> tuple[User, str] | None:
    """The account and CSRF token of a live session, or None."""
    row = session.execute(
        select(User, LoginSession.csrf_token)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.token_hash == _digest(token), LoginSession.expires_at > now())
    ).first()
    if row is None or not row[0].active:
        return None
    return row[0], row[1]


def end_session(session: Session, token: str) -> None:
    found = session.scalar(select(LoginSession).where(LoginSession.token_hash == _digest(token)))
    if found is not None:
        user = session.get(User, found.user_id)
        session.delete(found)
        if user is not None:
            audit.record(session, user.username, "sign_out", user.username)


def create_api_token(session: Session, actor: str, username: str, label: str) -> str:
    """A new bearer token for a program acting as the user; shown once, stored hashed."""
    user = get_user(session, username)
    token = "kefu_" + secrets.token_urlsafe(32)
    session.add(ApiToken(token_hash=_digest(token), user_id=user.id, label=label[:64]))
    audit.record(session, actor, "user.token", username, {"label": label[:64]})
    return token


def token_user(session: Session, token: str) -> User | None:
    user = session.scalar(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _digest(token))
    )
    return user if user is not None and user.active else None


def viewer_of(session: Session, user: User) -> rules.Viewer:
    """What the account may see: its role, and its staff member's department and team now."""
    department = team = None
    if user.employee_no is not None:
        current = people.current_record(session, user.employee_no)
        if current is not None:
            department, team = current.department, current.team
    return rules.Viewer(
        username=user.username,
        role=user.role,  # type: ignore[arg-type]
        employee_no=user.employee_no,
        department=department,
        team=team,
        display_name=user.display_name,
    )
