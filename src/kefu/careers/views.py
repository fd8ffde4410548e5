"""What the career pages, the API and the command line show of the ladder and a standing.

Plain data built from the rules' results (R-ORG-3, R-PRO-1), in Chinese or English.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.careers import ladder
from kefu.careers import promotion_service as promotion
from kefu.errors import KefuError
from kefu.explain.messages import Lang
from kefu.explain.trace import num
from kefu.explain.views import step_text as step_text
from kefu.policy.describe import FIELD_LABELS
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import LevelRequirement, Promotion


def condition_rows(check: ladder.LadderCheck | None, lang: Lang) -> list[dict[str, Any]]:
    """Each condition with the person's own figure, the threshold and whether it holds."""
    if check is None:
        return []
    return [
        {
            "code": c.code,
            "figure": c.figure,
            "threshold": c.threshold,
            **_shown(c.code, c.figure, c.threshold, lang),
            "holds": c.holds,
            "text": step_text(c.step, lang),
            "rule": c.step.rule,
        }
        for c in check.conditions
    ]


_UNITS: dict[str, tuple[str, str]] = {"tenure": ("个月", "months")}
_YES_NO: dict[str, dict[str, tuple[str, str]]] = {
    "supervisor_assessment": {"true": ("认可", "approved")},
}


def _shown(code: str, figure: str | None, threshold: str, lang: Lang) -> dict[str, str | None]:
    """The figure and threshold as a table shows them: months say so, yes/no in words."""
    at = 0 if lang == "zh" else 1
    unit = _UNITS.get(code)
    words = _YES_NO.get(code, {})
    if unit is not None:
        return {
            "figure_text": None if figure is None else f"{figure} {unit[at]}",
            "threshold_text": f"{threshold} {unit[at]}",
        }
    return {
        "figure_text": figure,
        "threshold_text": words[threshold][at] if threshold in words else threshold,
    }


def stored_condition_rows(check: dict[str, Any] | None, lang: Lang) -> list[dict[str, Any]]:
    """The conditions as frozen in a case (at application or at the HR review)."""
    if not check:
        return []
    return [
        {
            "code": c["code"],
            "figure": c["figure"],
            "threshold": c["threshold"],
            **_shown(c["code"], c["figure"], c["threshold"], lang),
            "holds": c["holds"],
            "text": step_text(c["step"], lang),
            "rule": c["step"][0],
        }
        for c in check["conditions"]
    ]


def standing_view(s: promotion.Standing, lang: Lang) -> dict[str, Any]:
    check = s.check
    return {
        "employee_no": s.employee_no,
        "name": s.name,
        "department": s.department,
        "team": s.team,
        "level": s.level,
        "level_since": s.level_since.isoformat() if s.level_since else None,
        "target": check.target.name if check else None,
        "eligible": bool(check and check.eligible),
        "may_apply": bool(check and promotion.may_apply(check)),
        "failing": check.failing if check else None,
        "unknown": check.unknown if check else None,
        "conditions": condition_rows(check, lang),
        "reason": s.reason,
    }


def ladder_view(session: Session, lang: Lang, on: date) -> dict[str, Any]:
    """The five levels: duties and requirements in words, and each level's conditions."""
    texts = ladder.ladder_text()
    section: Promotion | None = None
    loaded: LoadedPolicy | None = None
    problem: str | None = None
    try:
        section, loaded = promotion.promotion_policy(session, on)
    except KefuError as exc:
        problem = exc.message
    levels = []
    for code, text in texts.items():
        requirement = None
        if section is not None:
            requirement = next((lv for lv in section.levels if lv.level == code), None)
        levels.append(
            {
                "code": code,
                "name": text.name if lang == "zh" else text.name_en,
                "duties": text.duties_zh if lang == "zh" else text.duties_en,
                "requirements": text.requirements_zh if lang == "zh" else text.requirements_en,
                "conditions": _requirement_lines(
                    requirement, loaded, section.levels.index(requirement), lang
                )
                if requirement is not None and loaded is not None and section is not None
                else [],
            }
        )
    return {
        "levels": levels,
        "problem": problem,
        "application_months": list(section.application_months or []) if section else [],
        "notice_days": section.public_notice_working_days if section else None,
        "min_pay_pct": str(section.min_new_pay_pct_of_old)
        if section and section.min_new_pay_pct_of_old is not None
        else None,
        "policy": loaded.label if loaded else None,
    }


def _requirement_lines(
    requirement: LevelRequirement, loaded: LoadedPolicy, index: int, lang: Lang
) -> list[str]:
    """The level's numeric conditions as 'label: value' lines; open [X] ones say so."""
    lines = []
    for name in type(requirement).model_fields:
        if name in ("level", "name"):
            continue
        value = getattr(requirement, name)
        path = f"promotion.levels[{index}].{name}"
        zh, en = FIELD_LABELS.get(name, (name, name.replace("_", " ")))
        label = zh if lang == "zh" else en
        if path in loaded.open_parameters:
            shown = "未设置 [X]" if lang == "zh" else "not set [X]"
        elif value is None:
            continue
        elif isinstance(value, bool):
            if not value:
                continue
            shown = "须满足" if lang == "zh" else "required"
        else:
            shown = (num(value) or "") if isinstance(value, Decimal) else str(value)
        lines.append(f"{label}: {shown}")
    return lines


def open_conditions(view: dict[str, Any]) -> int:
    """Conditions standing between a person and applying: failing, or not verifiable yet."""
    return sum(
        1
        for c in view["conditions"]
        if c["holds"] is False
        or (c["holds"] is None and c["code"] not in promotion.REVIEWED_CONDITIONS)
    )


def eligible_and_close(
    views: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Who may apply now, and who is one condition away (managers' lists, R-PRO-1)."""
    checked = [v for v in views if v["target"] is not None and v["reason"] is None]
    eligible = [v for v in checked if v["may_apply"]]
    close = [v for v in checked if not v["may_apply"] and open_conditions(v) == 1]
    return eligible, close
