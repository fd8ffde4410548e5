"""Use cases of accounts: add and change users, sign in and out, sessions, API tokens.

Every change is written to the audit log in the same unit of work, and so is every failed
sign-in (the name as typed, the client address and why — never the password).
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from kefu.accounts import rules, throttle
from kefu.accounts.models import ApiToken, LoginSession, User
from kefu.accounts.passwords import hash_password, needs_rehash, verify_password, weak_password
from kefu.audit import service as audit
from kefu.config import get_settings
from kefu.errors import AccountInvalid, NotFound, SignInFailed, TokenRefused
from kefu.people import service as people
from kefu.people.identifiers import check_person_name, staff_no_or_none

SIGN_IN_REFUSED = "用户名或密码错误，或尝试过于频繁，请稍后再试"
"""The one answer to a failed sign-in: unknown name, wrong password and waiting read the same."""
ANONYMOUS = "anonymous"
"""The actor of a failed sign-in in the audit log: nobody has signed in."""
TYPED_MAX = 64
"""The longest username or client address kept from what a stranger sent."""
TOUCH_SECONDS = 60
"""A session's last use and a token's are written at most once a minute, not on every request."""
TOKEN_DAYS_MAX = 3650


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
    employee_no = _check_employee(session, role, employee_no)
    # the demo center's passwords are published on the sign-in page by design
    if not demo and (
        problem := weak_password(
            password, username=username, employee_no=employee_no, name=display_name
        )
    ):
        raise AccountInvalid(problem)
    user = User(
        username=username,
        display_name=check_person_name(display_name, "显示名称", required=False) or username,
        role=role,
        employee_no=employee_no,
        password_hash=hash_password(password),
        active=True,
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
        _forget_account(session, user.username)
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
    """A new password set by an administrator; every session and API token of the account ends."""
    user = get_user(session, username)
    _check_new_password(user, password)
    _replace_password(session, user, password, keep_session=None)
    _forget_account(session, user.username)
    audit.record(session, actor, "user.password", username)


def change_own_password(
    session: Session,
    username: str,
    current: str,
    new: str,
    new_again: str,
    keep_session: str,
    address: str,
) -> None:
    """The signed-in user's new password; their other sessions and all their API tokens end.

    The current password is checked as a sign-in is (failures count towards the back-off); a
    wrong one raises SignInFailed, which the caller commits so the failure is kept.
    """
    if new != new_again:
        raise AccountInvalid("两次输入的新密码不一致")
    user = authenticate(session, username, current, address)
    if new == current:
        raise AccountInvalid("新密码不能与当前密码相同")
    _check_new_password(user, new)
    ended, revoked = _replace_password(session, user, new, keep_session=keep_session)
    audit.record(
        session,
        username,
        "user.password",
        username,
        {"own": True, "sessions_ended": ended, "tokens_revoked": revoked},
    )


def _check_new_password(user: User, password: str) -> None:
    problem = weak_password(
        password, username=user.username, employee_no=user.employee_no, name=user.display_name
    )
    if problem:
        raise AccountInvalid(problem)


def _replace_password(
    session: Session, user: User, password: str, keep_session: str | None
) -> tuple[int, int]:
    """Store the new hash; end the other sessions and revoke the API tokens: (ended, revoked)."""
    user.password_hash = hash_password(password)
    user.demo_password = None
    ending = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep_session is not None:
        ending = ending.where(LoginSession.token_hash != _digest(keep_session))
    ended = session.execute(ending).rowcount  # type: ignore[attr-defined]
    revoked = session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now())
    ).rowcount  # type: ignore[attr-defined]
    return int(ended or 0), int(revoked or 0)


def _typed(raw: str) -> str:
    """What a stranger typed, made safe to keep: no control or format characters, bounded."""
    return "".join(c for c in raw if unicodedata.category(c)[0] != "C").strip()[:TYPED_MAX]


def _throttle_keys(name: str, address: str) -> tuple[str, str, str]:
    """The keys a sign-in attempt is counted under: the account, the address, and the pair."""
    return f"account:{name}", f"address:{address}", f"pair:{name} {address}"


def sign_in_waits(session: Session) -> dict[str, datetime]:
    """Accounts whose sign-in is slowed down now (from addresses that failed), and until when."""
    return throttle.waiting(session, "account:", now())


def _forget_account(session: Session, username: str) -> None:
    """An administrator lifts an account's back-off (its pairs with every address too)."""
    throttle.forget(session, [f"account:{username}"])
    throttle.forget_prefixed(session, f"pair:{username} ")


def _refuse(
    session: Session, name: str, address: str, reason: str, message: str = SIGN_IN_REFUSED
) -> SignInFailed:
    audit.record(session, ANONYMOUS, "sign_in.failed", name, {"address": address, "reason": reason})
    return SignInFailed(message)


def _count_failure(session: Session, name: str, address: str, moment: datetime) -> None:
    """One more failure for the account, the address and the pair; set their waits."""
    settings = get_settings()
    window_start = moment - timedelta(minutes=settings.login_failure_window_minutes)
    account, origin, pair = _throttle_keys(name, address)
    free = {
        account: settings.login_free_failures_account,
        origin: settings.login_free_failures_address,
    }
    for key in (account, origin, pair):
        failures = throttle.count_failure(session, key, moment, window_start)
        if key not in free:
            continue  # the pair only remembers that this address failed for this account
        wait = rules.backoff_seconds(
            failures,
            free[key],
            settings.login_backoff_base_seconds,
            settings.login_backoff_max_seconds,
        )
        if wait:
            throttle.block(session, key, moment + timedelta(seconds=wait))
    throttle.forget_stale(session, window_start, moment)


def authenticate(session: Session, username: str, password: str, address: str = "") -> User:
    """The account, if the password is right, the account active and the attempt not throttled.

    Failures are counted per account (the name as typed, known or not), per client address and
    per pair; past the free ones the next attempt waits, doubling each time (rules.
    backoff_seconds). A throttled account still lets in attempts from addresses that never
    failed for it, so a stranger cannot lock its owner out. Unknown names, wrong passwords and
    waits all get the same message, and unknown names cost the same password check.
    """
    settings = get_settings()
    moment = now()
    name, address = _typed(username), _typed(address)
    account, origin, pair = _throttle_keys(name, address)
    window_start = moment - timedelta(minutes=settings.login_failure_window_minutes)
    state = throttle.states(session, [account, origin, pair], window_start)
    if rules.sign_in_throttled(
        moment, state[origin].blocked_until, state[account].blocked_until, state[pair].failures
    ):
        raise _refuse(session, name, address, "throttled")
    user = session.scalar(select(User).where(User.username == name)) if name else None
    if user is None:
        verify_password(_dummy_hash(), password)  # the same time as a real check
        _count_failure(session, name, address, moment)
        raise _refuse(session, name, address, "unknown_user")
    if not verify_password(user.password_hash, password):
        _count_failure(session, name, address, moment)
        raise _refuse(session, name, address, "wrong_password")
    if not user.active:
        raise _refuse(session, name, address, "inactive", "账号已停用，请联系管理员")
    throttle.forget(session, [pair])
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")


def start_session(session: Session, user: User) -> tuple[str, str]:
    """A new sign-in session: (cookie token, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    moment = now()
    idle = timedelta(minutes=get_settings().session_idle_minutes)
    session.execute(
        delete(LoginSession).where(
            (LoginSession.expires_at < moment) | (LoginSession.last_seen_at < moment - idle)
        )
    )
    session.add(
        LoginSession(
            token_hash=_digest(token),
            user_id=user.id,
            csrf_token=csrf,
            created_at=moment,
            expires_at=moment + timedelta(hours=get_settings().session_hours),
            last_seen_at=moment,
        )
    )
    audit.record(session, user.username, "sign_in", user.username)
    return token, csrf


def session_user(session: Session, token: str) -> tuple[User, str] | None:
    """The account and CSRF token of a live session, or None; a use is noted as last seen.

    A session ends at its absolute lifetime, or sooner once unused for the idle timeout.
    """
    moment = now()
    idle = timedelta(minutes=get_settings().session_idle_minutes)
    row = session.execute(
        select(User, LoginSession)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            LoginSession.token_hash == _digest(token),
            LoginSession.expires_at > moment,
            LoginSession.last_seen_at > moment - idle,
        )
    ).first()
    if row is None or not row[0].active:
        return None
    user, login = row
    if login.last_seen_at < moment - timedelta(seconds=TOUCH_SECONDS):
        login.last_seen_at = moment
    return user, login.csrf_token


def end_session(session: Session, token: str) -> None:
    found = session.scalar(select(LoginSession).where(LoginSession.token_hash == _digest(token)))
    if found is not None:
        user = session.get(User, found.user_id)
        session.delete(found)
        if user is not None:
            audit.record(session, user.username, "sign_out", user.username)


def create_api_token(
    session: Session, actor: str, username: str, label: str, days: int | None = None
) -> str:
    """A new bearer token for a program acting as the user; shown once, stored hashed.

    It expires after ``days`` (default: the api_token_days setting).
    """
    days = get_settings().api_token_days if days is None else days
    if not 1 <= days <= TOKEN_DAYS_MAX:
        raise AccountInvalid(f"令牌有效天数必须在 1 到 {TOKEN_DAYS_MAX} 之间")
    user = get_user(session, username)
    token = "kefu_" + secrets.token_urlsafe(32)
    moment = now()
    session.add(
        ApiToken(
            token_hash=_digest(token),
            user_id=user.id,
            label=label[:64],
            created_at=moment,
            expires_at=moment + timedelta(days=days),
        )
    )
    audit.record(session, actor, "user.token", username, {"label": label[:64], "days": days})
    return token


def api_tokens(session: Session, username: str) -> list[ApiToken]:
    """The user's API tokens, oldest first (revoked and expired ones too)."""
    user = get_user(session, username)
    return list(
        session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    )


def token_state(token: ApiToken, moment: datetime) -> str:
    """有效, 已过期 or 已撤销."""
    if token.revoked_at is not None:
        return "已撤销"
    if token.expires_at <= moment:
        return "已过期"
    return "有效"


def revoke_api_token(session: Session, actor: str, username: str, token_id: int) -> ApiToken:
    """Revoke one of the user's API tokens (audited); programs using it get 401 from now on."""
    user = get_user(session, username)
    found = session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )
    if found is None:
        raise NotFound(f"用户 {username} 没有编号为 {token_id} 的 API 令牌")
    if found.revoked_at is None:
        found.revoked_at = now()
        audit.record(
            session, actor, "user.token_revoke", username, {"id": found.id, "label": found.label}
        )
    return found


def check_api_token(session: Session, token: str) -> User:
    """The account a bearer token acts for; TokenRefused saying why if it may not."""
    moment = now()
    row = session.execute(
        select(User, ApiToken)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _digest(token))
    ).first()
    if row is None:
        raise TokenRefused("API 令牌无效")
    user, found = row
    if found.revoked_at is not None:
        raise TokenRefused(
            f"API 令牌已撤销({found.revoked_at:%Y-%m-%d %H:%M})，请向管理员申请新令牌"
        )
    if found.expires_at <= moment:
        raise TokenRefused(
            f"API 令牌已过期({found.expires_at:%Y-%m-%d %H:%M})，请向管理员申请新令牌"
        )
    if not user.active:
        raise TokenRefused("API 令牌的账号已停用")
    if found.last_used_at is None or found.last_used_at < moment - timedelta(seconds=TOUCH_SECONDS):
        found.last_used_at = moment
    return user


def token_user(session: Session, token: str) -> User | None:
    """The account of a usable token, or None."""
    try:
        return check_api_token(session, token)
    except TokenRefused:
        return None


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
