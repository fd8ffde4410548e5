"""Pure rules of recruitment (招聘, R-REC-1): the tests' pass marks, the stage moves, reserve
staffing. No database, no web: plain values in, results with their explanation out.

Seed 004 (第三部分 招聘培训体系): HR runs the first test (初试) of applicants, the second test
(复试选拔) picks among those who meet the requirements, and only those who pass the second
test go on to training (复试合格者方可参加培训). The tests (招聘的测试与评估) are the computer
test (上机测试: Chinese and digit input speed, basic office software), the reading-aloud test
(朗读测试: clarity and accuracy of pronunciation) and the interview (面试: the dimensions of
the policy). Reserve staffing (人员储备计划): keep a share of the seat count in reserve.

Decisions where the seed is silent (each tested in tests/recruitment/test_rules.py):

* The computer test and the reading-aloud test make the first test; the interview makes the
  second test (the seed lists the interview's qualities apart, and it is the selection).
* A pass mark is reached by a result equal to it (≥): "达到及格线".
* Reading aloud passes only when clarity and accuracy each reach the pass mark.
* The interview score is the mean over the policy's dimensions of each dimension's mean over
  the interviewers who scored it, computed exactly; a dimension nobody scored leaves the
  interview incomplete (not counted as 0), and a score for a dimension the policy does not
  name is shown but not counted.
* A candidate moves one stage forward at a time, and out of the first or second test only
  when every test of that stage is recorded and passed; a candidate may leave (未录用, 放弃)
  from any stage before training. Training, not hired and withdrew are final.
* A pass mark the policy leaves open ([X]) refuses the move out of its stage, naming the
  parameter, whether or not the result is recorded yet; the result itself is shown, not judged.
* The reserve target is the share of the seats rounded up (a part of a person is a person).
* The reserve is the people recruited into training who are employed and still on probation
  (试用) that day: a candidate moved into training is in the register on probation from the
  training's first day, so "in training" and "hired from training, still on probation" are one
  group, counted once. Conversion (转正) or leaving takes them out.
* Seats, when the policy sets none, are the customer-service agents (客服代表) employed that day,
  whatever their status, less the reserve (people in training do not hold a seat). A person is
  employed from the hire date until the day before the leaving day.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from kefu.errors import KefuError, PolicyParameterMissing
from kefu.explain.trace import Step, TraceValue, num, score_text
from kefu.people.rules import RecordView
from kefu.policy.lint import SCALE_TOP
from kefu.policy.schema import Recruitment
from kefu.recruitment.messages import ITEM_NAMES, STAGE_NAMES, UNITS

RULE = "R-REC-1"
SECTION = "recruitment"

Stage = Literal["applied", "first_test", "second_test", "training", "rejected", "withdrew"]
STAGES: tuple[Stage, ...] = (
    "applied",
    "first_test",
    "second_test",
    "training",
    "rejected",
    "withdrew",
)
FORWARD: tuple[Stage, ...] = ("applied", "first_test", "second_test", "training")
"""The way forward, one stage at a time."""
LEAVING: tuple[Stage, ...] = ("rejected", "withdrew")
FINAL: frozenset[Stage] = frozenset({"training", "rejected", "withdrew"})

Item = Literal[
    "chinese_typing",
    "digit_typing",
    "office_software",
    "reading_clarity",
    "reading_accuracy",
    "interview",
]
ITEMS: tuple[Item, ...] = (
    "chinese_typing",
    "digit_typing",
    "office_software",
    "reading_clarity",
    "reading_accuracy",
    "interview",
)
SCORED_ITEMS: tuple[Item, ...] = tuple(i for i in ITEMS if i != "interview")
"""The items recorded as one figure each (the interview is recorded per interviewer)."""
ITEM_FIELDS: dict[Item, str] = {
    "chinese_typing": "min_chinese_chars_per_minute",
    "digit_typing": "min_digits_per_minute",
    "office_software": "office_software_pass_mark",
    "reading_clarity": "reading_aloud_pass_mark",
    "reading_accuracy": "reading_aloud_pass_mark",
    "interview": "interview_pass_mark",
}
ITEM_TESTS: dict[Item, str] = {
    "chinese_typing": "computer",
    "digit_typing": "computer",
    "office_software": "computer",
    "reading_clarity": "reading",
    "reading_accuracy": "reading",
    "interview": "interview",
}
STAGE_ITEMS: dict[Stage, tuple[Item, ...]] = {
    "first_test": (
        "chinese_typing",
        "digit_typing",
        "office_software",
        "reading_clarity",
        "reading_accuracy",
    ),
    "second_test": ("interview",),
}
"""The tests sat in a stage: all of them recorded and passed to move on from it."""
ITEM_STAGE: dict[Item, Stage] = {i: s for s, items in STAGE_ITEMS.items() for i in items}

# input limits, not policy: what the result column holds (Numeric(9, 4))
VALUE_DECIMALS = 4
VALUE_BELOW = Decimal(100_000)


def stage_zh(stage: str) -> str:
    return STAGE_NAMES.get(stage, {"zh": stage})["zh"]


def item_zh(item: str) -> str:
    return ITEM_NAMES.get(item, {"zh": item})["zh"]


def _unit_zh(item: str) -> str:
    return UNITS.get(item, {"zh": "分"})["zh"]


def path_of(item: Item) -> str:
    """The policy parameter that holds an item's pass mark."""
    return f"{SECTION}.{ITEM_FIELDS[item]}"


# ---------------------------------------------------------------- the pass marks


@dataclass(frozen=True)
class PassMarks:
    """The pass marks of the policy in force, by item; None where the policy leaves it open."""

    policy: str
    """The policy's name, for a refusal naming its open parameter."""
    marks: Mapping[Item, Decimal | None]
    dimensions: tuple[str, ...]

    @classmethod
    def of(cls, section: Recruitment, policy: str) -> PassMarks:
        def mark(item: Item) -> Decimal | None:
            value = getattr(section, ITEM_FIELDS[item])
            return None if value is None else Decimal(value)

        return cls(policy, {i: mark(i) for i in ITEMS}, tuple(section.interview_dimensions))


def check_value(item: Item, value: Decimal) -> Decimal:
    """A result as entered: finite, not negative, a score at most 100, at most 4 decimals."""
    what = item_zh(item)
    if not value.is_finite() or value < 0:
        raise KefuError(f"{what}应为不小于 0 的数，而不是 {value} (a result is a number ≥ 0)")
    if item in ("chinese_typing", "digit_typing"):
        if value >= VALUE_BELOW:
            raise KefuError(
                f"{what} {num(value)} {_unit_zh(item)} 不是可能的速度 (not a possible speed)"
            )
    elif value > SCALE_TOP:
        raise KefuError(
            f"{what}应在 0–{num(SCALE_TOP)} 分之间，而不是 {num(value)} "
            f"(a score from 0 to {num(SCALE_TOP)})"
        )
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > VALUE_DECIMALS:
        raise KefuError(
            f"{what}最多 {VALUE_DECIMALS} 位小数，而不是 {value} "
            f"(at most {VALUE_DECIMALS} decimals)"
        )
    return Decimal(0) if value == 0 else value


# ---------------------------------------------------------------- judging one item


@dataclass(frozen=True)
class ItemResult:
    """One test item judged against its pass mark.

    ``passed`` is None when the result is not recorded (or incomplete) or the mark is open.
    """

    item: Item
    value: Decimal | None
    mark: Decimal | None
    passed: bool | None
    steps: tuple[Step, ...]

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def open(self) -> bool:
        return self.mark is None


def judge(marks: PassMarks, item: Item, value: Decimal | None) -> ItemResult:
    """A result against its pass mark: equal passes (R-REC-1)."""
    mark = marks.marks[item]
    return _judged(item, value, None if value is None else Fraction(value), mark, ())


def _judged(
    item: Item,
    value: Decimal | None,
    exact: Fraction | None,
    mark: Decimal | None,
    before: tuple[Step, ...],
) -> ItemResult:
    shown = _shown(item, value)
    if value is None or exact is None:
        step = Step(RULE, "recruit.missing", {"item": item}, reason=True)
        return ItemResult(item, None, mark, None, (*before, step))
    if mark is None:
        step = Step(RULE, "recruit.mark_open", {"item": item, "path": path_of(item)}, reason=True)
        return ItemResult(item, value, None, None, (*before, step))
    passed = exact >= Fraction(mark)
    args: dict[str, TraceValue] = {"item": item, "value": shown, "mark": num(mark)}
    step = Step(RULE, "recruit.passed" if passed else "recruit.below", args, reason=not passed)
    return ItemResult(item, value, mark, passed, (*before, step))


def _shown(item: Item, value: Decimal | None) -> str | None:
    if value is None:
        return None
    return score_text(value) if item == "interview" else num(value)


# ---------------------------------------------------------------- the interview


@dataclass(frozen=True)
class InterviewSheet:
    """One interviewer's scores (0–100) by dimension (面试评分表)."""

    interviewer: str
    scores: Mapping[str, Decimal]


def judge_interview(marks: PassMarks, sheets: Sequence[InterviewSheet]) -> ItemResult:
    """面试: each dimension's mean over its interviewers, then the mean over the policy's
    dimensions, exactly, against ``interview_pass_mark`` (R-REC-1).

    No sheet: not recorded. A dimension no interviewer scored: incomplete, not judged.
    """
    mark = marks.marks["interview"]
    if not sheets:
        return _judged("interview", None, None, mark, ())
    seen: set[str] = set()
    by_dimension: dict[str, list[Decimal]] = {}
    for sheet in sheets:
        name = sheet.interviewer.strip()
        if not name:
            raise KefuError("面试评分须写明面试官 (each interview sheet names its interviewer)")
        if name in seen:
            raise KefuError(
                f"面试官「{name}」的评分出现了两次:每位面试官一份评分表 (one sheet per interviewer)"
            )
        seen.add(name)
        for dimension, score in sheet.scores.items():
            check_value("interview", score)
            by_dimension.setdefault(dimension, []).append(score)
    steps: list[Step] = []
    means: list[Fraction] = []
    for dimension in marks.dimensions:
        scores = by_dimension.get(dimension, [])
        if not scores:
            continue
        mean = Fraction(sum(scores, Decimal(0))) / len(scores)
        means.append(mean)
        steps.append(
            Step(
                RULE,
                "recruit.dimension",
                {
                    "dimension": dimension,
                    "inputs": [str(num(s)) for s in scores],
                    "count": len(scores),
                    "mean": score_text(decimal_of(mean)),
                },
            )
        )
    ignored = sorted(set(by_dimension) - set(marks.dimensions))
    if ignored:
        steps.append(Step(RULE, "recruit.dimension_ignored", {"ignored": ignored}))
    missing = [d for d in marks.dimensions if d not in by_dimension]
    if missing:
        steps.append(Step(RULE, "recruit.dimension_missing", {"missing": missing}, reason=True))
        return ItemResult("interview", None, mark, None, tuple(steps))
    exact = sum(means, Fraction(0)) / len(means)
    value = decimal_of(exact)
    steps.append(
        Step(
            RULE,
            "recruit.interview_mean",
            {
                "dimensions": len(means),
                "interviewers": len(seen),
                "mean": score_text(value),
            },
        )
    )
    return _judged("interview", value, exact, mark, tuple(steps))


def decimal_of(value: Fraction) -> Decimal:
    """A fraction as a Decimal: exact when it ends, else to the context's 28 digits."""
    return Decimal(value.numerator) / Decimal(value.denominator)


# ---------------------------------------------------------------- a stage and a move


@dataclass(frozen=True)
class StageCheck:
    """Every test of a stage judged: passed only when all are recorded and reach their mark."""

    stage: Stage
    results: tuple[ItemResult, ...]
    steps: tuple[Step, ...]

    @property
    def missing(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.results if r.missing)

    @property
    def below(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.results if r.passed is False)

    @property
    def open(self) -> tuple[ItemResult, ...]:
        """Items whose pass mark the policy leaves open: the stage cannot be passed at all."""
        return tuple(r for r in self.results if r.open)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


def check_stage(
    marks: PassMarks,
    stage: Stage,
    values: Mapping[Item, Decimal | None],
    sheets: Sequence[InterviewSheet] = (),
) -> StageCheck:
    """Judge every test of ``stage`` (初试: 上机测试 and 朗读测试; 复试: 面试) (R-REC-1)."""
    items = STAGE_ITEMS.get(stage, ())
    results = tuple(
        judge_interview(marks, sheets)
        if item == "interview"
        else judge(marks, item, values.get(item))
        for item in items
    )
    steps = [s for r in results for s in r.steps]
    if not items:
        steps.append(Step(RULE, "recruit.no_tests", {"stage": stage}))
    elif all(r.passed for r in results):
        steps.append(Step(RULE, "recruit.stage_passed", {"stage": stage, "items": list(items)}))
    else:
        check = StageCheck(stage, results, ())
        args: dict[str, TraceValue] = {
            "stage": stage,
            "missing": [r.item for r in check.missing],
            "below": [r.item for r in check.below],
            "open": sorted({path_of(r.item) for r in check.open}),
        }
        steps.append(Step(RULE, "recruit.stage_blocked", args, reason=True))
    return StageCheck(stage, results, tuple(steps))


def next_stage(stage: Stage) -> Stage | None:
    """The stage after ``stage`` on the way forward, or None at training or after leaving."""
    if stage not in FORWARD or stage == FORWARD[-1]:
        return None
    return FORWARD[FORWARD.index(stage) + 1]


def check_move(
    current: Stage,
    target: Stage,
    check: StageCheck | None,
    *,
    who: str = "该应聘者",
    policy: str = "",
) -> Step:
    """Whether a candidate may move from ``current`` to ``target`` (R-REC-1), else a refusal
    citing the rule and naming what is missing or below the mark, with the figures.

    ``check`` is the current stage's tests (None for a stage without tests). Leaving (未录用,
    放弃) is allowed from any stage before training; forward, one stage at a time, and only
    with every test of the current stage recorded and passed.
    """
    if current in FINAL:
        raise KefuError(
            f"{who} 已处于「{stage_zh(current)}」，不能再变更阶段 "
            f"(R-REC-1: {current} is a final stage)"
        )
    step = Step(RULE, "recruit.moved", {"from": current, "to": target})
    if target in LEAVING:
        return step
    following = next_stage(current)
    if target != following:
        raise KefuError(
            f"{who} 现处于「{stage_zh(current)}」，只能进入「{stage_zh(str(following))}」"
            f"或未录用/放弃，不能直接进入「{stage_zh(target)}」 "
            f"(R-REC-1: from {current} the next stage is {following}, not {target})"
        )
    if check is None or not check.results:
        return step
    refuse_unpassed(check, target, who, policy)
    return step


def refuse_unpassed(check: StageCheck, target: Stage, who: str, policy: str = "") -> None:
    """Refuse a move out of a stage whose tests are not all recorded and passed (R-REC-1)."""
    if check.open:
        first = check.open[0]
        raise PolicyParameterMissing(policy or "?", path_of(first.item), RULE)
    if check.passed:
        return
    parts_zh: list[str] = []
    parts_en: list[str] = []
    if check.missing:
        parts_zh.append("缺少成绩: " + "、".join(item_zh(r.item) for r in check.missing))
        parts_en.append("missing: " + ", ".join(r.item for r in check.missing))
    if check.below:
        parts_zh.append(
            "未达及格线: "
            + "；".join(
                f"{item_zh(r.item)} {_shown(r.item, r.value)} {_unit_zh(r.item)}，"
                f"及格线 {num(r.mark)} {_unit_zh(r.item)}"
                for r in check.below
            )
        )
        parts_en.append(
            "below the pass mark: "
            + "; ".join(f"{r.item} {_shown(r.item, r.value)} < {num(r.mark)}" for r in check.below)
        )
    raise KefuError(
        f"R-REC-1: {who} 的{stage_zh(check.stage)}未通过，不能进入「{stage_zh(target)}」。"
        f"{'；'.join(parts_zh)}。"
        f"(R-REC-1: the {check.stage.replace('_', ' ')} is not passed: {'; '.join(parts_en)})"
    )


# ---------------------------------------------------------------- reserve staffing


@dataclass(frozen=True)
class Reserve:
    """人员储备: the target (share of the seats, rounded up), the reserve now and the gap."""

    on: date
    seats: int
    seats_from: Literal["policy", "register"]
    share: Decimal
    target: int
    current: int
    people: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def gap(self) -> int:
        """People still to find (negative: above the target)."""
        return self.target - self.current


def reserve(
    section: Recruitment,
    policy: str,
    on: date,
    register_seats: int,
    people: Sequence[str],
) -> Reserve:
    """Reserve staffing on ``on`` (R-REC-1): target = ⌈share × seats⌉; seats from the policy,
    else ``register_seats`` (the agents in the register that day); ``people`` the reserve."""
    share = section.reserve_share_of_seats
    if share is None:
        raise PolicyParameterMissing(policy, f"{SECTION}.reserve_share_of_seats", RULE)
    seats = section.seats if section.seats is not None else register_seats
    source: Literal["policy", "register"] = "policy" if section.seats is not None else "register"
    exact = Fraction(share) * seats
    target = math.ceil(exact)
    steps = (
        Step(RULE, "recruit.seats", {"seats": seats, "source": source, "on": on.isoformat()}),
        Step(
            RULE,
            "recruit.reserve_target",
            {
                "seats": seats,
                "share": num(share * 100),
                "exact": num(decimal_of(exact)),
                "target": target,
            },
        ),
        Step(
            RULE,
            "recruit.reserve_current",
            {"current": len(people), "people": list(people), "on": on.isoformat()},
        ),
        Step(
            RULE,
            "recruit.reserve_gap",
            {"target": target, "current": len(people), "gap": target - len(people)},
            reason=True,
        ),
    )
    return Reserve(on, seats, source, Decimal(share), target, len(people), tuple(people), steps)


AGENT_ROLE = "csr"  # the register's role code of 客服代表 (kefu.people.rules.ROLE_NAMES)
PROBATION = "probation"


def employed_on(record: RecordView, on: date) -> bool:
    """In the register's employ on ``on`` (``record`` is the one in force that day): hired by
    then and not yet gone; gone from the leaving day on, as the careers rules count it."""
    return (
        record.hired_on <= on
        and (record.left_on is None or record.left_on > on)
        and record.status != "left"
    )


def in_reserve(record: RecordView, on: date) -> bool:
    """A recruit counts in the reserve while employed and still on probation (试用)."""
    return employed_on(record, on) and record.status == PROBATION


def holds_a_seat(record: RecordView, on: date) -> bool:
    """A customer-service agent employed on ``on`` (the register's seat count)."""
    return employed_on(record, on) and record.role == AGENT_ROLE
