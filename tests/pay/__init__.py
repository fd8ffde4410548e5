"""Builders shared by the pay rule tests: small ``make_<noun>()`` helpers, no database."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from functools import cache
from typing import Any

from kefu.pay.rules import PayInputs, PayLine, PayOutcome
from kefu.policy.loader import LoadedPolicy, load_policy, parse_policy

Number = Decimal | int | str


def dec(value: Number) -> Decimal:
    """An exact decimal from an int or a string written in a test."""
    return value if isinstance(value, Decimal) else Decimal(value)


@cache
def demo_policy() -> LoadedPolicy:
    """The demo preset: seed 003 with every open parameter filled."""
    return load_policy("demo")


@cache
def seed_policy() -> LoadedPolicy:
    """The seed-003 preset as shipped: base pay, meal allowance and deductions left open."""
    return load_policy("seed-003")


def policy_variant(policy: LoadedPolicy, *replacements: tuple[str, str]) -> LoadedPolicy:
    """The policy text with each ``(old, new)`` replaced once; it must still lint clean."""
    text = policy.text
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} should occur once in {policy.name}"
        text = text.replace(old, new)
    loaded, problems = parse_policy(text, "test")
    assert problems == []
    return loaded


def filled_seed_policy() -> LoadedPolicy:
    """Seed 003 with its open pay parameters filled; night, holiday and divisor as the seed says."""
    return policy_variant(
        seed_policy(),
        ('base_pay_by_level: "[X]"', "base_pay_by_level: {中级客服: 4800}"),
        ('meal_allowance_per_shift: "[X]"', "meal_allowance_per_shift: 0"),
        ('personal_leave_deduction_share: "[X]"', "personal_leave_deduction_share: 1"),
        ('sick_leave_deduction_share: "[X]"', "sick_leave_deduction_share: 0"),
        ('absenteeism_deduction_share: "[X]"', "absenteeism_deduction_share: 1"),
    )


def with_pay(policy: LoadedPolicy | None = None, **changes: Any) -> LoadedPolicy:
    """A policy (the demo by default) whose pay section has ``changes`` (not re-validated)."""
    base = policy or demo_policy()
    pay = base.model.pay
    assert pay is not None
    model = base.model.model_copy(update={"pay": pay.model_copy(update=changes)})
    return dataclasses.replace(base, model=model)


def with_hours_per_day(hours: Number, policy: LoadedPolicy | None = None) -> LoadedPolicy:
    """A policy (the demo by default) whose working day has ``hours`` hours."""
    base = policy or demo_policy()
    section = base.model.hours
    assert section is not None
    model = base.model.model_copy(
        update={"hours": section.model_copy(update={"hours_per_working_day": dec(hours)})}
    )
    return dataclasses.replace(base, model=model)


def without_section(name: str, policy: LoadedPolicy | None = None) -> LoadedPolicy:
    """A policy (the demo by default) with one section removed."""
    base = policy or demo_policy()
    return dataclasses.replace(base, model=base.model.model_copy(update={name: None}))


def make_inputs(employee_no: str = "E001", **overrides: Any) -> PayInputs:
    """A regular 中级客服 agent's full month with nothing but the base unless told otherwise."""
    values: dict[str, Any] = {
        "employee_no": employee_no,
        "name": f"员工{employee_no}",
        "role": "csr",
        "department": "客服一部",
        "team": "一组",
        "level": "中级客服",
        "status": "regular",
        "standby": False,
    }
    values.update(overrides)
    return PayInputs(**values)


def line_of(outcome: PayOutcome, code: str) -> PayLine:
    """The one line with ``code``."""
    (line,) = [line for line in outcome.lines if line.code == code]
    return line


def amount_of(outcome: PayOutcome, code: str) -> Decimal:
    """The amount of the one line with ``code``."""
    return line_of(outcome, code).amount
