"""Steps and coded names as the pages, the API and the command line show them (R-EXP-1)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kefu.explain.messages import Lang
from kefu.explain.messages import render as render_step
from kefu.explain.trace import Step


def step_text(step: Step | list[Any], lang: Lang) -> str:
    """A stored or live step in words, without its rule ID (shown apart)."""
    found = step if isinstance(step, Step) else Step.from_dict(step)
    return render_step(found, lang).split(": ", 1)[-1]


def step_rows(steps: Iterable[Step | list[Any]], lang: Lang) -> list[dict[str, Any]]:
    """Stored or live steps in words, each with its rule ID apart."""
    rows = []
    for raw in steps:
        step = raw if isinstance(raw, Step) else Step.from_dict(raw)
        rows.append(
            {
                "rule": step.rule,
                "code": step.code,
                "text": step_text(step, lang),
                "reason": step.reason,
            }
        )
    return rows


def name_of(names: Mapping[str, Mapping[str, str]], key: str, lang: Lang) -> str:
    """A code's name in the language; the code itself when it has none."""
    return names.get(key, {"zh": key, "en": key})[lang]
