"""Stored policy versions and which one is in force from which month."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base


class PolicyVersion(Base):
    """The exact text of a policy file, kept forever so closes can cite it."""

    __tablename__ = "policy_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class PolicyAssignment(Base):
    """The policy in force from ``from_month`` on (until a later assignment)."""

    __tablename__ = "policy_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_month: Mapped[str] = mapped_column(String(7))
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_version.id"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    assigned_by: Mapped[str] = mapped_column(String(64))
