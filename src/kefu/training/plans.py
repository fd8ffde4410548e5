"""The shipped day-by-day plans (培训计划, R-NEW-1): ``plans/<name>.yaml``, read strictly.

A policy names the plan a new cohort starts from (``new_hire_training.plan``); the cohort keeps
its own copy of the days, which its trainer may edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kefu.errors import KefuError, NotFound
from kefu.training.rules import PlanDay, check_plan

PLAN_DIR = Path(__file__).parent / "plans"
NAME_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DayIn(_Strict):
    """One day as the plan file writes it."""

    day: int = Field(ge=1, le=366)
    title: str = Field(min_length=1, max_length=200)
    lead: str = Field(min_length=1, max_length=64)
    content: list[str] = Field(min_length=1, max_length=50)
    exam: Literal["ability", "theory", "practical", "comprehensive", "conversion"] | None = None
    exam_items: list[str] = Field(default_factory=list, max_length=20)
    assigns_mentor: bool = False
    targeted: bool = False


class PlanIn(_Strict):
    """A plan file: its name, title, source and days."""

    kefu_plan: Literal[1]
    name: str = Field(pattern=NAME_PATTERN)
    title: str = Field(min_length=1, max_length=200)
    reference: str
    days: list[DayIn] = Field(min_length=1)


@dataclass(frozen=True)
class Plan:
    """A checked plan: the days as the rules take them."""

    name: str
    title: str
    reference: str
    days: tuple[PlanDay, ...]


@cache
def load_plan(name: str) -> Plan:
    """The shipped plan ``name`` (plans/<name>.yaml), checked; refused when unknown or invalid."""
    if not re.fullmatch(NAME_PATTERN[1:-1], name):
        raise NotFound(f"没有名为「{name}」的培训计划 (no plan {name!r})")
    path = PLAN_DIR / f"{name}.yaml"
    if not path.is_file():
        known = "、".join(sorted(p.stem for p in PLAN_DIR.glob("*.yaml")))
        raise NotFound(f"没有名为「{name}」的培训计划；现有: {known} (no plan {name!r})")
    try:
        parsed = PlanIn.model_validate(yaml.safe_load(path.read_text("utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise KefuError(f"培训计划 {path.name} 无法读取: {exc} (an invalid plan file)") from None
    days = tuple(
        PlanDay(
            number=d.day,
            title=d.title,
            content=tuple(d.content),
            lead=d.lead,
            exam=d.exam,
            exam_items=tuple(d.exam_items),
            assigns_mentor=d.assigns_mentor,
            targeted=d.targeted,
        )
        for d in parsed.days
    )
    check_plan(days)
    return Plan(name=parsed.name, title=parsed.title, reference=parsed.reference, days=days)
