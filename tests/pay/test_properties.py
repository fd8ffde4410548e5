"""Properties of the pay rules over random months and random pay policies (R-PAY-1..3)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.pay.rules import FEN, PayInputs, PayOutcome, compute_pay
from kefu.policy.loader import LoadedPolicy
from tests.pay import make_inputs, with_hours_per_day, with_pay

MONTH = "2026-10"
FAST = settings(max_examples=200, deadline=None)
DEDUCTION_CODES = {"personal_leave", "sick_leave", "absenteeism", "other_deduction"}


def cents(top: int, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Decimals from 0 to ``top`` with ``places`` decimals (often a round figure)."""
    scale = 10**places
    return st.one_of(
        st.integers(0, top).map(Decimal),
        st.integers(0, top * scale).map(lambda n: Decimal(n).scaleb(-places)),
    )


def halves(top: int) -> st.SearchStrategy[Decimal]:
    """0, 0.5, 1 … ``top``: days and hours as attendance records them."""
    return st.integers(0, top * 2).map(lambda n: Decimal(n) / 2)


shares = st.integers(1, 100).map(lambda n: Decimal(n) / 100)
labelled = st.lists(st.tuples(st.sampled_from(["交通", "通讯", "借支", "社保"]), cents(2000, 3)))


@st.composite
def pay_policies(draw: st.DrawFn) -> LoadedPolicy:
    """The demo policy with random pay rates, shares, divisor, working day and rounding."""
    policy = with_pay(
        night_allowance_per_shift=draw(cents(50)),
        meal_allowance_per_shift=draw(cents(50)),
        holiday_pay_multiplier=draw(st.sampled_from([Decimal(1), Decimal("1.5"), Decimal(3)])),
        day_wage_divisor=draw(st.sampled_from([Decimal("21.75"), Decimal(21), Decimal(22)])),
        personal_leave_deduction_share=draw(shares),
        sick_leave_deduction_share=draw(st.one_of(st.just(Decimal(0)), shares)),
        absenteeism_deduction_share=draw(shares),
        rounding=draw(st.sampled_from(["half_up", "half_even"])),
    )
    return with_hours_per_day(draw(st.sampled_from(["8", "7.5", "12"])), policy)


@st.composite
def months(draw: st.DrawFn, standby: bool | None = None) -> PayInputs:
    """One person's random month; standby when told, else at random."""
    use_override = draw(st.booleans())
    return make_inputs(
        level=draw(st.sampled_from(["初级客服", "中级客服", "高级客服"])),
        standby=draw(st.booleans()) if standby is None else standby,
        base_share=draw(st.one_of(st.just(Decimal(1)), cents(1, 4))),
        base_pay_override=draw(cents(20000)) if use_override else None,
        star_wage=draw(st.sampled_from([Decimal(x) for x in (0, 100, 200, 300, 400, 500)])),
        monthly_bonus=draw(st.sampled_from([Decimal(x) for x in (0, 100, 200, 300, 400, 500)])),
        awards=tuple(draw(st.lists(st.tuples(st.sampled_from(["全勤奖", "进步奖"]), cents(500))))),
        night_shifts=draw(st.integers(0, 31)),
        shifts_worked=draw(st.integers(0, 31)),
        holiday_hours=draw(halves(36)),
        personal_leave_days=draw(halves(31)),
        sick_leave_days=draw(halves(31)),
        unapproved_absence_days=draw(halves(31)),
        other_allowances=tuple(draw(labelled)),
        other_deductions=tuple(draw(labelled)),
    )


def pay_one(policy: LoadedPolicy, x: PayInputs) -> PayOutcome:
    (outcome,) = compute_pay(policy, MONTH, [x])
    return outcome


@FAST
@given(pay_policies(), months())
def test_R_PAY_1_net_is_the_sum_of_the_lines_and_gross_minus_deductions(policy, x):
    out = pay_one(policy, x)
    assert out.net == sum((ln.amount for ln in out.lines), Decimal(0))
    assert out.net == out.gross - out.deductions


@FAST
@given(pay_policies(), months())
def test_R_PAY_1_net_is_never_negative_and_deductions_never_exceed_the_gross(policy, x):
    out = pay_one(policy, x)
    assert out.net >= 0
    assert 0 <= out.deductions <= out.gross


@FAST
@given(pay_policies(), months())
def test_R_PAY_1_every_amount_is_in_whole_fen(policy, x):
    out = pay_one(policy, x)
    for amount in [ln.amount for ln in out.lines] + [out.gross, out.deductions, out.net]:
        assert amount == amount.quantize(FEN)
        assert amount.as_tuple().exponent == -2


@FAST
@given(pay_policies(), months())
def test_R_PAY_1_pay_lines_are_never_negative_and_deduction_lines_never_positive(policy, x):
    for ln in pay_one(policy, x).lines:
        if ln.code in DEDUCTION_CODES:
            assert ln.amount <= 0
        else:
            assert ln.amount >= 0


@FAST
@given(pay_policies(), months())
def test_R_PAY_1_deductions_are_the_rounded_leave_and_other_deductions_capped_at_the_gross(
    policy, x
):
    pay = policy.model.pay
    assert pay is not None
    out = pay_one(policy, x)
    mode = ROUND_HALF_UP if pay.rounding == "half_up" else ROUND_HALF_EVEN

    def deduction(days: Decimal, share: Decimal | None) -> Decimal:
        assert share is not None and pay.day_wage_divisor is not None
        return (days * out.base_pay * share / pay.day_wage_divisor).quantize(FEN, rounding=mode)

    owed = (
        deduction(x.personal_leave_days, pay.personal_leave_deduction_share)
        + deduction(x.sick_leave_days, pay.sick_leave_deduction_share)
        + deduction(x.unapproved_absence_days, pay.absenteeism_deduction_share)
        + sum((amount.quantize(FEN, rounding=mode) for _, amount in x.other_deductions), FEN * 0)
    )
    assert out.deductions == min(owed, out.gross)
    capped = [s for s in out.reasons if s.code == "pay.deduction_capped"]
    assert bool(capped) == (owed > out.gross)


@FAST
@given(pay_policies(), months(standby=True))
def test_R_PAY_3_standby_net_never_exceeds_the_base(policy, x):
    out = pay_one(policy, x)
    base = next(ln.amount for ln in out.lines if ln.code == "base")
    assert out.net <= base
    assert out.gross == base
    unpaid = [ln for ln in out.lines if ln.code != "base" and ln.code not in DEDUCTION_CODES]
    assert all(ln.amount == 0 and ln.rule == "R-PAY-3" for ln in unpaid)
    assert all(ln.step.code == "pay.standby_unpaid" and ln.step.reason for ln in unpaid)


@FAST
@given(pay_policies(), months())
def test_R_EXP_1_every_step_cites_a_rule_and_every_line_step_is_in_the_trace(policy, x):
    out = pay_one(policy, x)
    assert all(s.rule.startswith("R-") for s in out.trace)
    assert [s.code for s in out.trace[:3]] == [
        "pay.input",
        "pay.input_figures",
        "pay.input_sources",
    ]
    assert out.trace[-1].code == "pay.total"
    assert out.trace[-1].args["net"] == format(out.net.normalize(), "f")
    for ln in out.lines:
        assert ln.step in out.trace
        assert ln.step.args["amount"] == format(ln.amount.normalize(), "f")


@FAST
@given(pay_policies(), st.lists(months(), max_size=5))
def test_R_PAY_1_a_close_is_the_same_person_by_person_and_run_after_run(policy, people):
    people = [make_inputs(f"E{i:03d}", **_fields(x)) for i, x in enumerate(people)]
    together = compute_pay(policy, MONTH, people)
    assert together == compute_pay(policy, MONTH, people)
    assert together == [pay_one(policy, x) for x in people]


def _fields(x: PayInputs) -> dict[str, object]:
    """A month's figures without its identity (to renumber people)."""
    return {k: v for k, v in vars(x).items() if k not in {"employee_no", "name"}}
