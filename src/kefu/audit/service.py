"""Use cases of the audit log: record a change, read the log (R-AUD-1)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.audit.models import AuditEvent

# action key → (中文, English): what the log page shows for each kind of change
ACTIONS: dict[str, tuple[str, str]] = {
    "import": ("导入数据", "Import"),
    "close": ("结算", "Close"),
    "reclose": ("重新结算(新修订)", "Re-close (new revision)"),
    "policy.use": ("启用政策", "Policy adopted"),
    "user.add": ("新增用户", "User added"),
    "user.change": ("修改用户", "User changed"),
    "user.password": ("修改密码", "Password changed"),
    "user.locked": ("账号锁定", "Account locked"),
    "user.token": ("创建 API 令牌", "API token created"),
    "sign_in": ("登录", "Signed in"),
    "sign_out": ("退出登录", "Signed out"),
}


def record(
    session: Session, actor: str, action: str, target: str, detail: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one event; it is written with the caller's unit of work, or not at all."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(actor=actor, action=action, target=target, detail=detail or {})
    session.add(event)
    session.flush()
    return event


def events(
    session: Session, action: str = "", actor: str = "", limit: int = 100, offset: int = 0
) -> tuple[list[AuditEvent], int]:
    """The newest events first, optionally of one action or actor, and how many match."""
    stmt = select(AuditEvent)
    count = select(func.count(AuditEvent.id))
    if action:
        stmt, count = (
            stmt.where(AuditEvent.action == action),
            count.where(AuditEvent.action == action),
        )
    if actor:
        stmt, count = stmt.where(AuditEvent.actor == actor), count.where(AuditEvent.actor == actor)
    rows = session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit).offset(offset))
    return list(rows), session.scalar(count) or 0
