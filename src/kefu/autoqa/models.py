"""Tables of autoqa: stored phrase library versions and the automatic checks (R-QA-2).

A library version is never changed: editing stores a new version and makes it the active one,
so a stored check keeps naming the exact library version (and the findings) it was made with.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base

__all__ = ["AutoqaCheck", "AutoqaLibrary"]


class AutoqaLibrary(Base):
    """话术库: one version of one phrase library, as the YAML text QA wrote."""

    __tablename__ = "autoqa_library"
    __table_args__ = (UniqueConstraint("key", "version", name="uq_autoqa_library_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    yaml_text: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class AutoqaCheck(Base):
    """自动质检: one check of one contact's transcript against one library version."""

    __tablename__ = "autoqa_check"
    __table_args__ = (Index("ix_autoqa_check_contact", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("qa_contact.id"))
    library_key: Mapped[str] = mapped_column(String(64))
    library_version: Mapped[int] = mapped_column(Integer)
    suggested_score: Mapped[Decimal] = mapped_column(Numeric(9, 4))
    findings: Mapped[dict[str, Any]] = mapped_column(JSON)
    checked_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
