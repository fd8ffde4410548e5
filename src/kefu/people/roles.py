"""岗位职责 (R-ORG-2): each role's duties as the seeds list them, for the roles page and CLI."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kefu.people.rules import ROLE_NAMES

ROLES_FILE = Path(__file__).with_name("roles.yaml")


@dataclass(frozen=True)
class DutyGroup:
    title: str
    title_en: str
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RoleDuties:
    """One role: its code (as in the register), names, source and duties."""

    role: str
    name: str
    name_en: str
    source: str
    duties: tuple[DutyGroup, ...]
    channels: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def role_duties() -> tuple[RoleDuties, ...]:
    """Every role of the register with its duties, manager first."""
    raw = yaml.safe_load(ROLES_FILE.read_text(encoding="utf-8"))
    roles = tuple(
        RoleDuties(
            role=r["role"],
            name=r["name"],
            name_en=r["name_en"],
            source=r["source"],
            channels=tuple(r.get("channels", ())),
            duties=tuple(
                DutyGroup(g["title"], g["title_en"], tuple((i["zh"], i["en"]) for i in g["items"]))
                for g in r["duties"]
            ),
        )
        for r in raw
    )
    missing = set(ROLE_NAMES) - {r.role for r in roles}
    assert not missing, f"roles.yaml lacks {missing}"
    return roles
