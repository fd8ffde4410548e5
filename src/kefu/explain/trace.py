"""The explanation of a figure as data (R-EXP-1): steps citing rules, rendered later."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

TraceValue = str | int | bool | None | list[str]


@dataclass(frozen=True)
class Step:
    """One step of a computation: the rule that decided it, a message code and its values.

    ``reason`` marks the steps that say why a person got (or did not get) money; they are the
    ``reasons`` of a result.
    """

    rule: str
    code: str
    args: dict[str, TraceValue] = field(default_factory=dict)
    reason: bool = False

    def as_dict(self) -> list[Any]:
        """Compact stored form: [rule, code, args, reason]."""
        return [self.rule, self.code, self.args, self.reason]

    @classmethod
    def from_dict(cls, data: list[Any] | dict[str, Any]) -> Step:
        if isinstance(data, dict):
            return cls(data["rule"], data["code"], dict(data["args"]), bool(data["reason"]))
        rule, code, args, reason = data
        return cls(rule, code, dict(args), bool(reason))


@lru_cache(maxsize=65536)
def num(value: Decimal | int | None) -> str | None:
    """A decimal as exact text for a trace (no rounding, no exponent)."""
    if value is None:
        return None
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return text


@lru_cache(maxsize=65536)
def score_text(value: Decimal | None) -> str | None:
    """A score as exact text with at least two decimals (85 → "85.00", 84.995 stays)."""
    if value is None:
        return None
    text = num(value)
    assert text is not None
    whole, _, frac = text.partition(".")
    if len(frac) > 6:
        # a quarter's mean can have endless decimals; the exact value decides, six are shown
        return f"{whole}.{frac[:6]}…"
    return f"{whole}.{frac.ljust(2, '0')}"
