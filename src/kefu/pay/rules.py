"""Pure pay rules (薪资, R-PAY-1..3): each person's month in, pay lines with their trace out.

当月薪资 = 基本工资 + 星级工资 + 奖金 (月奖及表现优异奖) + 津贴 (伙食、夜班、加班、其它)
− 扣款 (事假、病假、旷工、其它) (R-PAY-1; seeds/003 薪资结构, 其他方面说明). No database, no
web: the policy and plain values in, a ``PayOutcome`` per person out.

Rules and the decisions taken where the seed is silent:

- 基本工资 base (R-PAY-1) = the person's own base pay from the register when set, else the
  policy's ``base_pay_by_level[level]``; × ``base_share`` (the share of the month employed,
  worked out by the caller from working days). A person whose level has no base pay refuses
  the whole close, naming everyone affected: a pay close is all or nothing, never a 0 paid.
- 日工资 day wage (R-PAY-2) = the monthly base (before ``base_share``) / ``day_wage_divisor``
  (21.75 in the seed presets), carried exactly (34 significant digits), never rounded.
- 加班津贴 holiday pay (R-PAY-2, "国定假期上班者，当日工资以3薪计算") = holiday hours /
  ``hours.hours_per_working_day`` × day wage × ``holiday_pay_multiplier``. Decision: paid on top
  of the monthly base, which already pays the holiday as a day off (the statutory 300%).
- 夜班津贴 night allowance (R-PAY-2) = W (night) shifts × ``night_allowance_per_shift``;
  伙食津贴 meal allowance (R-PAY-1) = shifts worked × ``meal_allowance_per_shift``.
- 事假 / 病假 / 旷工 deductions (R-PAY-1, "根据公司规定扣除") = days × day wage × the policy's
  share for that kind. Decision: deductions never make the net negative: they are capped at
  the gross, taken in the order personal leave, sick leave, absenteeism, other deductions, and
  each deduction cut by the cap says so in a reason step.
- 待岗 standby retraining (R-PAY-3, R-BOT-1): base only. Star wage, monthly bonus, awards and
  every allowance are paid as 0, each with a reason step (待岗期间只发基本工资); leave
  deductions still apply to the base.
- Every line is rounded to the fen (0.01) by the policy's ``rounding`` (half_up / half_even),
  from its exact value in one step (one division per line, so a half fen is decided on the
  exact figure). Gross, deductions and net are sums of the rounded lines, so the pay sheet
  adds up column by column.
- The lines of base pay, star wage, monthly bonus, night, meal and holiday pay are always
  present (0 when nothing is due: the payroll clerk sees the column); one award line per award,
  one line per other allowance or deduction, a leave line when there are days of that leave.
- Every pay parameter is required up front, each with the rule that uses it: a policy with one
  left open (``[X]``) or omitted refuses the close before anyone is paid. Impossible inputs
  (a negative amount, a share of the month outside 0..1, a person given twice) refuse it too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Literal, TypeVar

from kefu.errors import CloseRefused, KefuError
from kefu.explain.trace import Step, TraceValue, num
from kefu.people.rules import ROLE_NAMES, STATUS_NAMES
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy

T = TypeVar("T")
Rounding = Literal["half_up", "half_even"]

FEN = Decimal("0.01")
ROUNDING_MODES: dict[str, str] = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
# 34 significant digits (decimal128): sums and products of policy-sized figures stay exact; a
# quotient such as the day wage is carried to 34 digits and only a line is ever rounded.
_CONTEXT = Context(
    prec=34, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)

# Every pay parameter and the rule that uses it; the close needs them all (all or nothing).
PAY_PARAMETERS: tuple[tuple[str, str], ...] = (
    ("base_pay_by_level", "R-PAY-1"),
    ("meal_allowance_per_shift", "R-PAY-1"),
    ("personal_leave_deduction_share", "R-PAY-1"),
    ("sick_leave_deduction_share", "R-PAY-1"),
    ("absenteeism_deduction_share", "R-PAY-1"),
    ("night_allowance_per_shift", "R-PAY-2"),
    ("holiday_pay_multiplier", "R-PAY-2"),
    ("day_wage_divisor", "R-PAY-2"),
)

# The pay sheet's columns: code → (Chinese label, English label).
LINE_LABELS: dict[str, tuple[str, str]] = {
    "base": ("基本工资", "base pay"),
    "star_wage": ("星级工资", "star wage"),
    "monthly_bonus": ("月度奖金", "monthly bonus"),
    "award": ("表现优异奖", "excellence award"),
    "night_allowance": ("夜班津贴", "night-shift allowance"),
    "meal_allowance": ("伙食津贴", "meal allowance"),
    "holiday_pay": ("加班津贴 (国定假日)", "holiday overtime pay"),
    "other_allowance": ("其它津贴", "other allowance"),
    "personal_leave": ("事假扣款", "personal leave deduction"),
    "sick_leave": ("病假扣款", "sick leave deduction"),
    "absenteeism": ("旷工扣款", "absenteeism deduction"),
    "other_deduction": ("其它扣款", "other deduction"),
}


@dataclass(frozen=True)
class PayRates:
    """The pay parameters of a policy with every one set (R-PAY-1..2)."""

    policy_label: str
    base_pay_by_level: Mapping[str, Decimal]
    night_allowance_per_shift: Decimal
    meal_allowance_per_shift: Decimal
    holiday_pay_multiplier: Decimal
    day_wage_divisor: Decimal
    personal_leave_deduction_share: Decimal
    sick_leave_deduction_share: Decimal
    absenteeism_deduction_share: Decimal
    hours_per_working_day: Decimal
    rounding: Rounding


@dataclass(frozen=True)
class PayInputs:
    """One person's month as the pay close sees it; ``sources`` says where each figure came from."""

    employee_no: str
    name: str
    role: str
    department: str
    team: str | None
    level: str | None
    status: str
    standby: bool
    """待岗 at any time in the month (R-PAY-3)."""
    base_share: Decimal = Decimal(1)
    """Share of the month employed (1: the full month), worked out by the caller."""
    base_pay_override: Decimal | None = None
    """A person-specific base pay from the register; wins over the level table."""
    star_wage: Decimal = Decimal(0)
    monthly_bonus: Decimal = Decimal(0)
    awards: tuple[tuple[str, Decimal], ...] = ()
    """(theme name, amount) of each award won this month."""
    night_shifts: int = 0
    shifts_worked: int = 0
    holiday_hours: Decimal = Decimal(0)
    personal_leave_days: Decimal = Decimal(0)
    sick_leave_days: Decimal = Decimal(0)
    unapproved_absence_days: Decimal = Decimal(0)
    other_allowances: tuple[tuple[str, Decimal], ...] = ()
    """(label, amount ≥ 0) of each other allowance."""
    other_deductions: tuple[tuple[str, Decimal], ...] = ()
    """(label, amount ≥ 0) of each other deduction."""
    sources: dict[str, str] = field(default_factory=dict)
    """Where each figure came from, e.g. {"bonus": "2026-10 结算第2版"}; shown in the trace."""


@dataclass(frozen=True)
class PayLine:
    """One column of a person's pay sheet: positive for pay, negative for a deduction."""

    code: str
    label: str
    label_en: str
    amount: Decimal
    rule: str
    step: Step


@dataclass(frozen=True)
class PayOutcome:
    """One person's pay for the month: the rounded lines, their totals and the trace."""

    employee_no: str
    name: str
    department: str
    team: str | None
    level: str | None
    base_pay: Decimal
    """The monthly base pay before ``base_share``."""
    day_wage: Decimal
    """base_pay / day_wage_divisor, exact (not rounded)."""
    lines: tuple[PayLine, ...]
    trace: list[Step]

    @property
    def gross(self) -> Decimal:
        """应发: the sum of the positive lines."""
        with localcontext(_CONTEXT):  # exact whatever the caller's precision
            return sum((ln.amount for ln in self.lines if ln.amount > 0), Decimal("0.00"))

    @property
    def deductions(self) -> Decimal:
        """扣款: the sum of the negative lines, as a positive number."""
        with localcontext(_CONTEXT):
            return sum((-ln.amount for ln in self.lines if ln.amount < 0), Decimal("0.00"))

    @property
    def net(self) -> Decimal:
        """实发 = gross − deductions (= the sum of every line)."""
        with localcontext(_CONTEXT):
            return self.gross - self.deductions

    @property
    def reasons(self) -> list[Step]:
        """The steps that say why money was or was not paid."""
        return [s for s in self.trace if s.reason]


def pay_rates(policy: LoadedPolicy) -> PayRates:
    """Every pay parameter of ``policy``, or a KefuError naming the first one missing."""
    p = policy.model
    missing_sections = []
    if p.pay is None:
        policy.require("pay", "R-PAY-1")  # a whole section left open names itself
        missing_sections.append("薪资 (pay)")
    if p.hours is None:
        policy.require("hours", "R-PAY-2")
        missing_sections.append("工时 (hours)")
    if p.pay is None or p.hours is None:
        raise CloseRefused(
            f"政策 {policy.name} 没有{'和'.join(missing_sections)}一节，不能进行薪资结算:"
            "薪资结算需要薪资参数和每日工时 (加班津贴按工时折算为天, R-PAY-1..2)"
        )
    for name, rule in PAY_PARAMETERS:
        policy.require(f"pay.{name}", rule)
    pay = p.pay
    omitted = [f"pay.{name}" for name, _ in PAY_PARAMETERS if getattr(pay, name) is None]
    if omitted:
        raise CloseRefused(
            f"政策 {policy.name} 没有填写薪资参数 {'、'.join(omitted)}:"
            "薪资结算需要全部薪资参数，请在政策文件中填写后再执行 (R-PAY-1..2)"
        )
    return PayRates(
        policy_label=policy.label,
        base_pay_by_level=dict(_set(pay.base_pay_by_level)),
        night_allowance_per_shift=_set(pay.night_allowance_per_shift),
        meal_allowance_per_shift=_set(pay.meal_allowance_per_shift),
        holiday_pay_multiplier=_set(pay.holiday_pay_multiplier),
        day_wage_divisor=_set(pay.day_wage_divisor),
        personal_leave_deduction_share=_set(pay.personal_leave_deduction_share),
        sick_leave_deduction_share=_set(pay.sick_leave_deduction_share),
        absenteeism_deduction_share=_set(pay.absenteeism_deduction_share),
        hours_per_working_day=p.hours.hours_per_working_day,
        rounding=pay.rounding,
    )


def _set(value: T | None) -> T:
    assert value is not None  # checked by pay_rates before use
    return value


def compute_pay(policy: LoadedPolicy, month: str, people: Sequence[PayInputs]) -> list[PayOutcome]:
    """Pay everyone given for ``month``, in the order given; pure and deterministic."""
    month = str(Month.parse(month))
    rates = pay_rates(policy)
    _check_inputs(people)
    _check_levels(policy, rates, people)
    # A fixed context: the results do not depend on the caller's decimal settings.
    with localcontext(_CONTEXT):
        return [_pay_one(x, rates, month) for x in people]


def _check_inputs(people: Sequence[PayInputs]) -> None:
    """Refuse impossible inputs for everyone at once (all or nothing)."""
    problems: list[str] = []
    counts = Counter(x.employee_no for x in people)
    for no in sorted(no for no, n in counts.items() if n > 1):
        problems.append(f"工号 {no}: 出现 {counts[no]} 次，每人每月只能结算一次")
    for x in people:
        problems += [f"工号 {x.employee_no} 姓名 {x.name}: {p}" for p in _input_problems(x)]
    if problems:
        raise KefuError("薪资输入有误，未结算任何人:\n" + "\n".join(problems))


def _input_problems(x: PayInputs) -> list[str]:
    out = []
    if not (x.base_share.is_finite() and 0 <= x.base_share <= 1):
        out.append(f"在职比例 (base_share) 应在 0 到 1 之间，实为 {x.base_share}")
    amounts: list[tuple[str, Decimal | None]] = [
        ("个人基本工资", x.base_pay_override),
        ("星级工资", x.star_wage),
        ("月度奖金", x.monthly_bonus),
        ("国定假日工时", x.holiday_hours),
        ("事假天数", x.personal_leave_days),
        ("病假天数", x.sick_leave_days),
        ("旷工天数", x.unapproved_absence_days),
    ]
    amounts += [(f"表现优异奖「{theme}」", amount) for theme, amount in x.awards]
    amounts += [(f"其它津贴「{label}」", amount) for label, amount in x.other_allowances]
    amounts += [(f"其它扣款「{label}」", amount) for label, amount in x.other_deductions]
    for what, value in amounts:
        if value is not None and not (value.is_finite() and value >= 0):
            out.append(f"{what}不能为负数或非数值，实为 {value}")
    for what, count in (("夜班数", x.night_shifts), ("出勤班次", x.shifts_worked)):
        if count < 0:
            out.append(f"{what}不能为负数，实为 {count}")
    return out


def _check_levels(policy: LoadedPolicy, rates: PayRates, people: Sequence[PayInputs]) -> None:
    """Refuse the close when anyone's base pay is unknown, naming every such person (R-PAY-1)."""
    unknown = [
        x
        for x in people
        if x.base_pay_override is None
        and (x.level is None or x.level not in rates.base_pay_by_level)
    ]
    if not unknown:
        return
    known = "、".join(rates.base_pay_by_level) or "(无)"
    lines = [f"工号 {x.employee_no} 姓名 {x.name} 职级 {x.level or '(未填)'}" for x in unknown]
    raise CloseRefused(
        f"以下 {len(unknown)} 人的职级在政策 {policy.name} 的基本工资表 (pay.base_pay_by_level) "
        f"中没有金额，也没有个人基本工资；薪资结算全部或全不，未结算任何人 (R-PAY-1):\n"
        + "\n".join(lines)
        + f"\n政策中已有的职级: {known}。请补上这些职级的基本工资，或在人员档案中填写个人基本工资。"
    )


def _pay_one(x: PayInputs, rates: PayRates, month: str) -> PayOutcome:
    """One person's lines, capped deductions and trace (runs inside the fixed context)."""
    if x.base_pay_override is not None:
        base_pay, base_source = x.base_pay_override, "override"
    else:
        assert x.level is not None  # checked by _check_levels
        base_pay, base_source = rates.base_pay_by_level[x.level], "level"
    day_wage = base_pay / rates.day_wage_divisor
    trace = _input_steps(x, rates, month)
    trace.append(
        Step(
            "R-PAY-2",
            "pay.day_wage",
            {
                "base": num(base_pay),
                "divisor": num(rates.day_wage_divisor),
                "day_wage": num(day_wage),
            },
        )
    )
    if x.standby:
        trace.append(Step("R-PAY-3", "pay.standby", reason=True))
    paid = _earnings(x, rates, base_pay, base_source, day_wage)
    lines, steps = _capped(paid, _deductions(x, rates, base_pay, day_wage))
    trace += steps
    outcome = PayOutcome(
        x.employee_no,
        x.name,
        x.department,
        x.team,
        x.level,
        base_pay,
        day_wage,
        tuple(lines),
        trace,
    )
    trace.append(
        Step(
            "R-PAY-1",
            "pay.total",
            {
                "gross": num(outcome.gross),
                "deductions": num(outcome.deductions),
                "net": num(outcome.net),
            },
        )
    )
    return outcome


def _line(
    code: str,
    exact: Decimal,
    rule: str,
    args: dict[str, TraceValue],
    rounding: Rounding,
    item: str | None = None,
    deduction: bool = False,
) -> PayLine:
    """A line rounded to the fen from its exact value; a deduction's amount is negative."""
    amount = exact.quantize(FEN, rounding=ROUNDING_MODES[rounding])
    if deduction:
        amount = _negative(amount)
    label, label_en = LINE_LABELS[code]
    if item is not None:
        label, label_en = f"{label}「{item}」", f"{label_en}: {item}"
    step_args: dict[str, TraceValue] = {"item": label, "item_en": label_en}
    step_args |= args
    step_args["amount"] = num(amount)
    return PayLine(code, label, label_en, amount, rule, Step(rule, f"pay.{code}", step_args))


def _earnings(
    x: PayInputs, rates: PayRates, base_pay: Decimal, base_source: str, day_wage: Decimal
) -> list[PayLine]:
    """The base, star wage, bonuses and allowances; a standby person gets the base only."""
    r = rates.rounding
    # R-PAY-1 / R-PAY-3: the base, less the part of the month not employed
    base = _line(
        "base",
        base_pay * x.base_share,
        "R-PAY-3" if x.standby else "R-PAY-1",
        {
            "monthly": num(base_pay),
            "source": base_source,
            "level": x.level,
            "share": num(x.base_share),
        },
        r,
    )
    if x.base_share != 1:  # a part month is why the base is less than the monthly figure
        base = replace(base, step=replace(base.step, reason=True))
    # R-PAY-2 "当日工资以3薪计算": one division, so a half fen is judged on the exact value
    holiday = (
        x.holiday_hours
        * base_pay
        * rates.holiday_pay_multiplier
        / (rates.hours_per_working_day * rates.day_wage_divisor)
    )
    night, meal = rates.night_allowance_per_shift, rates.meal_allowance_per_shift
    paid = [
        _line("star_wage", x.star_wage, "R-PAY-1", {}, r),
        _line("monthly_bonus", x.monthly_bonus, "R-PAY-1", {}, r),
        *(_line("award", amount, "R-PAY-1", {"theme": t}, r, t) for t, amount in x.awards),
        _line(
            "night_allowance",
            x.night_shifts * night,
            "R-PAY-2",
            {"shifts": x.night_shifts, "rate": num(night)},
            r,
        ),
        _line(
            "meal_allowance",
            x.shifts_worked * meal,
            "R-PAY-1",
            {"shifts": x.shifts_worked, "rate": num(meal)},
            r,
        ),
        _line(
            "holiday_pay",
            holiday,
            "R-PAY-2",
            {
                "hours": num(x.holiday_hours),
                "hours_per_day": num(rates.hours_per_working_day),
                "day_wage": num(day_wage),
                "multiplier": num(rates.holiday_pay_multiplier),
                "exact": num(holiday),
            },
            r,
        ),
        *(
            _line("other_allowance", amount, "R-PAY-1", {"label": label}, r, label)
            for label, amount in x.other_allowances
        ),
    ]
    if x.standby:  # R-PAY-3: base only
        paid = [_standby_unpaid(line) for line in paid]
    return [base, *paid]


def _deductions(
    x: PayInputs, rates: PayRates, base_pay: Decimal, day_wage: Decimal
) -> list[PayLine]:
    """Leave and other deductions before the cap, as negative lines (R-PAY-1)."""
    owed: list[PayLine] = []
    # "事假、病假期间工资根据公司规定扣除": days × day wage × the policy's share for the kind
    for code, days, share in (
        ("personal_leave", x.personal_leave_days, rates.personal_leave_deduction_share),
        ("sick_leave", x.sick_leave_days, rates.sick_leave_deduction_share),
        ("absenteeism", x.unapproved_absence_days, rates.absenteeism_deduction_share),
    ):
        if days > 0:
            exact = days * base_pay * share / rates.day_wage_divisor  # one division, as above
            args: dict[str, TraceValue] = {
                "days": num(days),
                "day_wage": num(day_wage),
                "share": num(share),
                "exact": num(exact),
            }
            owed.append(_line(code, exact, "R-PAY-1", args, rates.rounding, deduction=True))
    owed += [
        _line(
            "other_deduction",
            amount,
            "R-PAY-1",
            {"label": label},
            rates.rounding,
            label,
            deduction=True,
        )
        for label, amount in x.other_deductions
    ]
    return owed


def _capped(paid: list[PayLine], owed: list[PayLine]) -> tuple[list[PayLine], list[Step]]:
    """The sheet's lines with deductions capped at the gross, and their steps in order.

    Decision: a deduction never makes the net negative; deductions are taken in order, so the
    later ones give way first, and each one cut says so in a reason step.
    """
    lines = list(paid)
    steps = [line.step for line in paid]
    gross = sum((line.amount for line in paid), Decimal("0.00"))
    left = gross
    for full in owed:
        take = min(-full.amount, left)
        left -= take
        steps.append(full.step)
        if take == -full.amount:
            lines.append(full)
            continue
        capped = Step(
            full.rule,
            "pay.deduction_capped",
            {
                "item": full.label,
                "item_en": full.label_en,
                "full": num(full.amount),
                "amount": num(_negative(take)),
                "gross": num(gross),
            },
            reason=True,
        )
        steps.append(capped)
        lines.append(replace(full, amount=_negative(take), step=capped))
    return lines, steps


def _negative(amount: Decimal) -> Decimal:
    """A deduction's line amount: minus the amount, without a negative zero."""
    return -amount if amount else amount


def _standby_unpaid(line: PayLine) -> PayLine:
    """A line a standby person does not get (R-PAY-3), saying what it would have been."""
    unpaid = FEN * 0
    step = Step(
        "R-PAY-3",
        "pay.standby_unpaid",
        {
            "item": line.label,
            "item_en": line.label_en,
            "would_be": num(line.amount),
            "amount": num(unpaid),
        },
        reason=True,
    )
    return replace(line, amount=unpaid, rule="R-PAY-3", step=step)


def _input_steps(x: PayInputs, rates: PayRates, month: str) -> list[Step]:
    """The inputs as they were used, first in every trace (R-EXP-1)."""

    def items(pairs: tuple[tuple[str, Decimal], ...]) -> list[str]:
        return [f"{name}={num(amount)}" for name, amount in pairs]

    return [
        Step(
            "R-PAY-1",
            "pay.input",
            {
                "month": month,
                "policy": rates.policy_label,
                "role": ROLE_NAMES.get(x.role, x.role),
                "department": x.department,
                "team": x.team,
                "level": x.level,
                "status": STATUS_NAMES.get(x.status, x.status),
                "standby": x.standby,
                "base_share": num(x.base_share),
                "base_pay_override": num(x.base_pay_override),
            },
        ),
        Step(
            "R-PAY-1",
            "pay.input_figures",
            {
                "star_wage": num(x.star_wage),
                "monthly_bonus": num(x.monthly_bonus),
                "awards": items(x.awards),
                "night_shifts": x.night_shifts,
                "shifts_worked": x.shifts_worked,
                "holiday_hours": num(x.holiday_hours),
                "personal_leave_days": num(x.personal_leave_days),
                "sick_leave_days": num(x.sick_leave_days),
                "unapproved_absence_days": num(x.unapproved_absence_days),
                "other_allowances": items(x.other_allowances),
                "other_deductions": items(x.other_deductions),
            },
        ),
        Step(
            "R-EXP-1",
            "pay.input_sources",
            {"names": list(x.sources), "values": list(x.sources.values())},
        ),
    ]
