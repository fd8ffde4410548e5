"""The rules of QA monitoring (监控, R-QA-1) — pure: no database, no web, no files.

A scorecard (评分表) has sections, each with a weight, and items, each with points. An
evaluation marks every item: points earned, or N/A (不适用) where the item allows it.

* Score = Σ over sections of weight × (earned ÷ applicable points) × 100. An N/A item leaves
  both earned and applicable; a section whose items are all N/A drops out and the remaining
  weights are re-normalised to sum to 1; an evaluation with every item N/A has no score.
* A critical item (致命项) marked 0 fails the whole evaluation: it scores the policy's
  ``monitoring.critical_failure_score``, whatever else it earned.
* Scores are kept to four decimals (the database's precision); pages round when they show them.
* The agent acknowledges or disputes within the policy's working days after submission
  (statutory calendar; the last day counts); after it, the evaluation is final as it stands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from kefu.errors import KefuError
from kefu.explain.trace import Step, num
from kefu.workflow.rules import Calendar, notice_window

RULE = "R-QA-1"
CHANNELS = ("phone", "email", "fax", "chat")
CHANNEL_NAMES: dict[str, dict[str, str]] = {
    "phone": {"zh": "电话", "en": "phone"},
    "email": {"zh": "邮件", "en": "e-mail"},
    "fax": {"zh": "传真", "en": "fax"},
    "chat": {"zh": "在线", "en": "chat"},
}
DRAFT, SUBMITTED, ACKNOWLEDGED, DISPUTED, FINAL = (
    "draft",
    "submitted",
    "acknowledged",
    "disputed",
    "final",
)
STATES = (DRAFT, SUBMITTED, DISPUTED, FINAL)
STATE_NAMES: dict[str, dict[str, str]] = {
    DRAFT: {"zh": "草稿", "en": "draft"},
    SUBMITTED: {"zh": "待确认", "en": "awaiting the agent"},
    ACKNOWLEDGED: {"zh": "已确认", "en": "acknowledged"},
    DISPUTED: {"zh": "申诉复核中", "en": "disputed"},
    FINAL: {"zh": "已生效", "en": "final"},
}
MONITORING, CALIBRATION = "monitoring", "calibration"
HUNDRED = Decimal(100)
STORED = Decimal("0.0001")  # the database keeps scores to four decimals
NOTE_MAX = 2000
KEY_PATTERN = "abcdefghijklmnopqrstuvwxyz0123456789_-"


class ScorecardInvalid(KefuError):
    """A scorecard that cannot be used: each problem is one line naming the field."""

    http_status = 422

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(f"评分表有 {len(problems)} 个问题:\n" + "\n".join(problems))
        self.problems = list(problems)


class MarksInvalid(KefuError):
    """Marks that do not fit the scorecard: an unknown, missing or out-of-range item."""

    http_status = 422


# ---------------------------------------------------------------- scorecards


@dataclass(frozen=True)
class Item:
    """One item of a scorecard: its points, whether it is critical and may be N/A."""

    key: str
    name: str
    name_en: str
    points: Decimal
    critical: bool
    na_allowed: bool


@dataclass(frozen=True)
class Section:
    key: str
    name: str
    name_en: str
    weight: Decimal
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Card:
    """A scorecard's definition, validated."""

    sections: tuple[Section, ...]

    @property
    def items(self) -> dict[str, Item]:
        return {i.key: i for s in self.sections for i in s.items}

    def definition(self) -> dict[str, Any]:
        """The stored JSON form (decimals as strings)."""
        return {
            "sections": [
                {
                    "key": s.key,
                    "name": s.name,
                    "name_en": s.name_en,
                    "weight": num(s.weight),
                    "items": [
                        {
                            "key": i.key,
                            "name": i.name,
                            "name_en": i.name_en,
                            "points": num(i.points),
                            "critical": i.critical,
                            "na_allowed": i.na_allowed,
                        }
                        for i in s.items
                    ],
                }
                for s in self.sections
            ]
        }


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        found = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return found if found.is_finite() else None


def _text(raw: Mapping[str, Any], field: str, where: str, problems: list[str]) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}.{field}: 应为非空文字")
        return ""
    return value.strip()


def _key(raw: Mapping[str, Any], where: str, problems: list[str]) -> str:
    key = _text(raw, "key", where, problems)
    if key and (len(key) > 64 or any(c not in KEY_PATTERN for c in key)):
        problems.append(f"{where}.key「{key}」: 只能用小写字母、数字、_ 和 -，最多 64 个字符")
    return key


def _flag(raw: Mapping[str, Any], field: str, where: str, problems: list[str]) -> bool:
    value = raw.get(field, False)
    if not isinstance(value, bool):
        problems.append(f"{where}.{field}: 应为 true 或 false")
        return False
    return value


def _unknown(raw: Mapping[str, Any], known: set[str], where: str, problems: list[str]) -> None:
    for extra in sorted(set(raw) - known, key=str):
        problems.append(f"{where}.{extra}: 未知的键")


SECTION_KEYS = {"key", "name", "name_en", "weight", "items"}
ITEM_KEYS = {"key", "name", "name_en", "points", "critical", "na_allowed"}


def parse_card(data: object) -> Card:
    """A definition checked strictly: weights > 0 summing to 1, points > 0, unique keys, items."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise ScorecardInvalid(["评分表应为键值表，含 sections"])
    _unknown(data, {"sections"}, "评分表", problems)
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise ScorecardInvalid([*problems, "sections: 至少需要一个部分"])
    sections: list[Section] = []
    seen_sections: set[str] = set()
    seen_items: set[str] = set()
    total = Decimal(0)
    for n, raw in enumerate(raw_sections, 1):
        where = f"sections[{n}]"
        if not isinstance(raw, Mapping):
            problems.append(f"{where}: 应为键值表")
            continue
        _unknown(raw, SECTION_KEYS, where, problems)
        key = _key(raw, where, problems)
        if key and key in seen_sections:
            problems.append(f"{where}.key「{key}」: 与前面的部分重复")
        seen_sections.add(key)
        weight = _decimal(raw.get("weight"))
        if weight is None or weight <= 0 or weight > 1:
            problems.append(f"{where}.weight「{raw.get('weight')}」: 权重应为大于 0、不超过 1 的数")
            weight = Decimal(0)
        total += weight
        items: list[Item] = []
        raw_items = raw.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            problems.append(f"{where}.items: 至少需要一个评分项")
            raw_items = []
        for m, raw_item in enumerate(raw_items, 1):
            at = f"{where}.items[{m}]"
            if not isinstance(raw_item, Mapping):
                problems.append(f"{at}: 应为键值表")
                continue
            _unknown(raw_item, ITEM_KEYS, at, problems)
            item_key = _key(raw_item, at, problems)
            if item_key and item_key in seen_items:
                problems.append(f"{at}.key「{item_key}」: 评分项的键在整张评分表中应唯一")
            seen_items.add(item_key)
            points = _decimal(raw_item.get("points"))
            if points is None or points <= 0 or points > 1000:
                problems.append(f"{at}.points「{raw_item.get('points')}」: 分值应为大于 0 的数")
                points = Decimal(0)
            items.append(
                Item(
                    key=item_key,
                    name=_text(raw_item, "name", at, problems),
                    name_en=_text(raw_item, "name_en", at, problems),
                    points=points,
                    critical=_flag(raw_item, "critical", at, problems),
                    na_allowed=_flag(raw_item, "na_allowed", at, problems),
                )
            )
        sections.append(
            Section(
                key=key,
                name=_text(raw, "name", where, problems),
                name_en=_text(raw, "name_en", where, problems),
                weight=weight,
                items=tuple(items),
            )
        )
    if not problems and total != 1:
        problems.append(f"sections: 各部分权重之和应为 1，现为 {num(total)}")
    if problems:
        raise ScorecardInvalid(problems)
    return Card(tuple(sections))


# ---------------------------------------------------------------- marks and the score


@dataclass(frozen=True)
class Mark:
    """One item's mark: points earned (None: N/A, 不适用) and the problem noted for the agent."""

    points: Decimal | None
    note: str = ""


def parse_marks(data: object) -> dict[str, Mark]:
    """Stored or sent marks ``{item: {"points": "3" | null, "note": "…"}}`` as Marks."""
    if not isinstance(data, Mapping):
        raise MarksInvalid("评分应为键值表: 评分项 → {points, note}")
    out: dict[str, Mark] = {}
    for key, raw in data.items():
        if isinstance(raw, Mapping):
            points_raw, note = raw.get("points"), raw.get("note") or ""
            extra = set(raw) - {"points", "note"}
            if extra:
                raise MarksInvalid(
                    f"评分项「{key}」有未知的键: {', '.join(sorted(map(str, extra)))}"
                )
        else:
            points_raw, note = raw, ""
        if not isinstance(note, str) or len(note) > NOTE_MAX:
            raise MarksInvalid(f"评分项「{key}」的问题记录应为文字，最多 {NOTE_MAX} 字")
        if points_raw is None or (isinstance(points_raw, str) and points_raw.strip() == ""):
            points = None
        else:
            points = _decimal(points_raw)
            if points is None:
                raise MarksInvalid(f"评分项「{key}」的得分「{points_raw}」不是数字")
        out[str(key)] = Mark(points, note.strip())
    return out


def stored_marks(marks: Mapping[str, Mark]) -> dict[str, dict[str, str | None]]:
    """Marks in their stored JSON form."""
    return {k: {"points": num(m.points), "note": m.note} for k, m in marks.items()}


@dataclass(frozen=True)
class SectionScore:
    key: str
    earned: Decimal
    applicable: Decimal
    weight: Decimal
    """The section's weight after re-normalisation (0 when it dropped out)."""


@dataclass(frozen=True)
class Scored:
    """An evaluation's score and why (R-EXP-1)."""

    score: Decimal
    raw_score: Decimal
    """The score the marks earn before a critical failure replaces it."""
    critical_failed: bool
    failed_items: tuple[str, ...]
    sections: tuple[SectionScore, ...]
    steps: tuple[Step, ...]


def stored(value: Decimal) -> Decimal:
    """A score to the database's four decimals (half up)."""
    return value.quantize(STORED, rounding=ROUND_HALF_UP)


def check_marks(card: Card, marks: Mapping[str, Mark]) -> None:
    """Every item marked once, within 0..points, N/A only where allowed; else name the item."""
    items = card.items
    unknown = sorted(set(marks) - set(items))
    if unknown:
        raise MarksInvalid(f"评分表中没有评分项「{'」「'.join(unknown)}」(unknown item)")
    missing = [k for k in items if k not in marks]
    if missing:
        raise MarksInvalid(f"评分项「{'」「'.join(missing)}」未评分 (every item needs a mark)")
    for key, item in items.items():
        mark = marks[key]
        if mark.points is None:
            if not item.na_allowed:
                raise MarksInvalid(f"评分项「{item.name}」({key}) 不可标为不适用 (N/A not allowed)")
            continue
        if mark.points < 0 or mark.points > item.points:
            raise MarksInvalid(
                f"评分项「{item.name}」({key}) 的得分 {num(mark.points)} 应在 0 到 "
                f"{num(item.points)} 之间"
            )


def score(card: Card, marks: Mapping[str, Mark], critical_failure_score: Decimal) -> Scored:
    """The evaluation's score (0..100) from its marks, with the steps that made it."""
    check_marks(card, marks)
    steps: list[Step] = []
    parts: list[tuple[Section, Decimal, Decimal]] = []
    for section in card.sections:
        earned = applicable = Decimal(0)
        for item in section.items:
            points = marks[item.key].points
            if points is None:
                continue
            earned += points
            applicable += item.points
        parts.append((section, earned, applicable))
    kept = [(s, e, a) for s, e, a in parts if a > 0]
    if not kept:
        raise MarksInvalid("所有评分项都标为不适用，无法评分 (every item is N/A: no score)")
    kept_weight = sum((s.weight for s, _, _ in kept), Decimal(0))
    dropped = [s.key for s, _, a in parts if a == 0]
    if dropped:
        steps.append(
            Step(
                RULE,
                "qa.renormalise",
                {"dropped": dropped, "kept_weight": num(kept_weight)},
            )
        )
    total = Decimal(0)
    shown: list[SectionScore] = []
    for section, earned, applicable in parts:
        if applicable == 0:
            shown.append(SectionScore(section.key, earned, applicable, Decimal(0)))
            steps.append(Step(RULE, "qa.section_na", {"section": section.name}))
            continue
        weight = section.weight / kept_weight
        part = weight * earned / applicable * HUNDRED
        total += part
        shown.append(SectionScore(section.key, earned, applicable, weight))
        steps.append(
            Step(
                RULE,
                "qa.section",
                {
                    "section": section.name,
                    "earned": num(earned),
                    "applicable": num(applicable),
                    "weight": num(stored(weight)),
                    "part": num(stored(part)),
                },
            )
        )
    raw = stored(total)
    failed = tuple(
        key
        for key, item in card.items.items()
        if item.critical and marks[key].points is not None and marks[key].points == 0
    )
    steps.append(Step(RULE, "qa.raw_score", {"score": num(raw)}))
    result = raw
    if failed:
        result = critical_failure_score
        names = [card.items[k].name for k in failed]
        steps.append(Step(RULE, "qa.critical", {"items": names, "score": num(result)}, reason=True))
    return Scored(result, raw, bool(failed), failed, tuple(shown), tuple(steps))


def accepted_suggestion(suggested: Decimal, check_id: int) -> Scored:
    """The automatic check's suggested score taken as the evaluation's score (R-QA-2)."""
    value = stored(suggested)
    if value < 0 or value > HUNDRED:
        raise MarksInvalid(f"自动质检的建议分 {num(value)} 不在 0..100 之间")
    step = Step(RULE, "qa.accepted_check", {"check": check_id, "score": num(value)}, reason=True)
    return Scored(value, value, False, (), (), (step,))


# ---------------------------------------------------------------- the agent's window


def respond_by(calendar: Calendar, submitted_on: date, working_days: int) -> date:
    """The ``working_days``-th working day after the submission day (weekends, holidays skipped)."""
    return notice_window(calendar, submitted_on + timedelta(days=1), working_days).last_day


def in_window(last_day: date, on: date) -> Step:
    """The agent answers on or before the last day of the window, else is refused."""
    if on > last_day:
        raise KefuError(
            f"确认/申诉期已于 {last_day.isoformat()} 结束，评分按原分生效 "
            f"(the window ended on {last_day.isoformat()})"
        )
    return Step(RULE, "qa.in_window", {"on": on.isoformat(), "last_day": last_day.isoformat()})


def lapsed(last_day: date | None, today: date) -> bool:
    """Whether a submitted evaluation's window has passed unanswered."""
    return last_day is not None and today > last_day


# ---------------------------------------------------------------- calibration


@dataclass(frozen=True)
class Deviation:
    """One evaluator's distance from the reference (校准偏差): total and per item."""

    evaluator: str
    score: Decimal
    total: Decimal
    """score − reference score."""
    items: dict[str, Decimal | None]
    """item → points − reference points (None where either marked N/A)."""
    flagged: bool


def deviation(
    evaluator: str,
    mine: Mapping[str, Mark],
    my_score: Decimal,
    reference: Mapping[str, Mark],
    reference_score: Decimal,
    tolerance: Decimal,
) -> Deviation:
    """How far one calibration score lies from the reference; flagged beyond the tolerance."""
    items: dict[str, Decimal | None] = {}
    for key in sorted(set(mine) | set(reference)):
        a = mine.get(key, Mark(None)).points
        b = reference.get(key, Mark(None)).points
        items[key] = None if a is None or b is None else a - b
    total = my_score - reference_score
    return Deviation(evaluator, my_score, total, items, abs(total) > tolerance)


def mean_absolute(values: Sequence[Decimal]) -> Decimal:
    """The mean absolute deviation of some calibration totals (none: refused)."""
    if not values:
        raise KefuError("没有校准评分，无法计算平均偏差")
    return stored(sum((abs(v) for v in values), Decimal(0)) / len(values))
