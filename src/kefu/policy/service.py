"""Use cases of policies: put one in force from a month, find the one in force."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.errors import KefuError, PolicyInvalid
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy, load_policy, parse_policy
from kefu.policy.models import PolicyAssignment, PolicyVersion


@dataclass(frozen=True)
class PolicyInForce:
    """A loaded policy with the database row it was stored as."""

    policy: LoadedPolicy
    version_id: int
    from_month: str


def store_version(session: Session, loaded: LoadedPolicy) -> PolicyVersion:
    """The stored row for this exact text, created on first use."""
    row = session.scalar(select(PolicyVersion).where(PolicyVersion.sha256 == loaded.sha256))
    if row is None:
        row = PolicyVersion(
            name=loaded.model.name,
            version=loaded.model.version,
            sha256=loaded.sha256,
            text=loaded.text,
        )
        session.add(row)
        session.flush()
    return row


def use_policy(
    session: Session, path_or_preset: str, from_month: Month | None, actor: str
) -> PolicyInForce:
    """Put a policy in force from a month (default: the policy's own effective_from)."""
    return adopt(session, load_policy(path_or_preset), from_month, actor)


def use_policy_text(
    session: Session, text: str, source: str, from_month: Month | None, actor: str
) -> PolicyInForce:
    """Put a policy given as text (an upload, an edited draft) in force from a month."""
    loaded, problems = parse_policy(text, source)
    if problems:
        raise PolicyInvalid(source, problems)
    return adopt(session, loaded, from_month, actor)


def adopt(
    session: Session, loaded: LoadedPolicy, from_month: Month | None, actor: str
) -> PolicyInForce:
    """Record who put which exact policy text in force from which month (audited)."""
    start = from_month or Month.parse(loaded.model.effective_from)
    version = store_version(session, loaded)
    session.add(
        PolicyAssignment(from_month=str(start), policy_version_id=version.id, assigned_by=actor)
    )
    session.flush()
    audit.record(
        session,
        actor,
        "policy.use",
        loaded.label,
        {"from_month": str(start), "sha256": loaded.sha256, "source": loaded.source},
    )
    return PolicyInForce(loaded, version.id, str(start))


def policy_for(session: Session, month: Month) -> PolicyInForce:
    """The policy in force in ``month``: the latest assignment whose start is not after it."""
    row = session.execute(
        select(PolicyAssignment, PolicyVersion)
        .join(PolicyVersion, PolicyVersion.id == PolicyAssignment.policy_version_id)
        .where(PolicyAssignment.from_month <= str(month))
        .order_by(PolicyAssignment.from_month.desc(), PolicyAssignment.id.desc())
        .limit(1)
    ).first()
    if row is None:
        raise KefuError(
            f"{month} 没有生效的政策:请先执行 kefu policy use <文件或预置名> --from {month}"
        )
    assignment, version = row
    return PolicyInForce(load_version(version), version.id, assignment.from_month)


def load_version(version: PolicyVersion) -> LoadedPolicy:
    """Re-parse a stored version (its text is exactly what was checked when it was stored)."""
    return _parsed(version.text, f"{version.name} {version.version}")


@lru_cache(maxsize=32)
def _parsed(text: str, source: str) -> LoadedPolicy:
    # stored versions never change and LoadedPolicy is frozen: parse each text once
    loaded, _ = parse_policy(text, source)
    return loaded


def assignments(session: Session) -> list[tuple[PolicyAssignment, PolicyVersion]]:
    """Every assignment, newest start first."""
    rows = session.execute(
        select(PolicyAssignment, PolicyVersion)
        .join(PolicyVersion, PolicyVersion.id == PolicyAssignment.policy_version_id)
        .order_by(PolicyAssignment.from_month.desc(), PolicyAssignment.id.desc())
    ).all()
    return [(a, v) for a, v in rows]
