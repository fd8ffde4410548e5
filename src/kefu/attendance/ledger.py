"""工时台账与换休台账 (R-HRS-1, R-HRS-2): counted hours against the standard, and banked comp time.

R-HRS-1: counted hours below a period's standard are made up the next period (工时不满者隔月补满);
hours above it become comp time (换休) of the same length. R-HRS-2: comp time is kept in lots,
each expiring after a number of months, used oldest first; a shortfall and banked comp time
offset each other (两者可相抵扣).

Decisions where the rules are silent:

* A lot earned on D expires ON ``expiry_date(D, months)``: it can be used up to the day before
  and is gone on that day (an "expired" entry dated that day). On a day with both an expiry
  and a use, the expiry comes first. ``expiry_date`` clamps to the month's last day
  (08-31 + 6 months → 02-28, or 02-29 in a leap year).
* Within a period, expiries and uses are applied in date order; then, at the period's end,
  the lots due by ``ends_on`` expire and the period is balanced: required = standard +
  shortfall carried in; net = counted + funded comp-time use − required. A surplus becomes a
  lot dated ``ends_on``; a shortfall is offset from the bank oldest lot first and the rest is
  carried to the next period.
* Comp time used counts as hours of its period (it is time off paid from the bank); the part
  of a use the bank cannot cover is not funded and counts as nothing.
* A use dated after the last period but on or before ``as_of`` draws on the bank without
  belonging to a period (that period is still open); a use after ``as_of`` is not applied yet
  (a step says so). A use before the first period or between periods is an error, as are
  periods out of order and an ``as_of`` before the last period's end.
* Entries are append-only, one per lot touched: a use spanning two lots gives two entries.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from kefu.errors import KefuError
from kefu.explain.trace import Step, TraceValue, num
from kefu.periods import add_months

EntryKind = Literal["earned", "used", "offset", "expired"]
ZERO = Decimal(0)


@lru_cache(maxsize=4096)
def expiry_date(earned_on: date, months: int) -> date:
    """The same day ``months`` later, clamped to that month's last day (R-HRS-2)."""
    return add_months(earned_on, months)


@dataclass(frozen=True)
class PeriodHours:
    """One closed period's counted hours (计算工时) and standard hours (标准工时, R-HRS-1)."""

    period: str
    starts_on: date
    ends_on: date
    counted: Decimal
    standard: Decimal


@dataclass(frozen=True)
class CompTimeUse:
    """换休: comp time taken on a day, in hours (R-HRS-2)."""

    on: date
    hours: Decimal
    ref: str | None = None


@dataclass(frozen=True)
class LedgerEntry:
    """One append-only ledger record: a lot earned, used, offset against a shortfall or expired."""

    on: date
    kind: EntryKind
    hours: Decimal
    lot_earned_on: date
    lot_expires_on: date
    balance_after: Decimal
    rule: str
    step: Step


@dataclass(frozen=True)
class Lot:
    """A comp-time lot (换休批次): earned at a period's end, expiring on ``expires_on``."""

    earned_on: date
    expires_on: date
    hours: Decimal
    remaining: Decimal


@dataclass(frozen=True)
class PeriodLedger:
    """How one period balanced: required hours, comp time used, surplus or shortfall."""

    period: str
    counted: Decimal
    standard: Decimal
    carried_in: Decimal
    required: Decimal
    comp_time_used: Decimal
    """Funded comp-time hours used in the period; they count as hours of the period."""
    comp_time_unfunded: Decimal
    surplus: Decimal
    shortfall: Decimal
    offset: Decimal
    carried_out: Decimal
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Ledger:
    """The hours and comp-time ledgers over a run of periods, as of a day."""

    periods: tuple[PeriodLedger, ...]
    entries: tuple[LedgerEntry, ...]
    balance: Decimal
    lots: tuple[Lot, ...]
    """Every lot ever earned, oldest first; used-up and expired lots have nothing remaining."""
    carried_shortfall: Decimal
    steps: tuple[Step, ...] = ()

    @property
    def reasons(self) -> list[Step]:
        return [s for s in self.steps if s.reason]

    def total(self, kind: EntryKind) -> Decimal:
        """The hours of every entry of one kind."""
        return sum((e.hours for e in self.entries if e.kind == kind), ZERO)


@dataclass
class _Lot:
    earned_on: date
    expires_on: date
    hours: Decimal
    remaining: Decimal


@dataclass
class _Bank:
    """The running comp-time bank: lots oldest first, the entries and steps written so far."""

    lots: list[_Lot] = field(default_factory=list)
    entries: list[LedgerEntry] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def balance(self) -> Decimal:
        return sum((lot.remaining for lot in self.lots), ZERO)

    def record(
        self,
        on: date,
        kind: EntryKind,
        hours: Decimal,
        lot: _Lot,
        rule: str,
        code: str,
        extra: dict[str, TraceValue],
        reason: bool,
    ) -> None:
        balance = self.balance
        args: dict[str, TraceValue] = {
            "on": on.isoformat(),
            "hours": num(hours),
            "earned_on": lot.earned_on.isoformat(),
            "expires_on": lot.expires_on.isoformat(),
            "balance": num(balance),
            **extra,
        }
        step = Step(rule, code, args, reason=reason)
        self.steps.append(step)
        self.entries.append(
            LedgerEntry(on, kind, hours, lot.earned_on, lot.expires_on, balance, rule, step)
        )

    def expire_until(self, day: date) -> None:
        """Lots due on or before ``day`` lose what remains, dated their expiry day (R-HRS-2)."""
        # expiry_date never decreases with the earning day, so lots expire in their order
        for lot in self.lots:
            if lot.remaining > 0 and lot.expires_on <= day:
                hours, lot.remaining = lot.remaining, ZERO
                self.record(
                    lot.expires_on, "expired", hours, lot, "R-HRS-2", "ledger.expired", {}, True
                )

    def earn(self, on: date, hours: Decimal, expires_on: date, period: str) -> None:
        """A surplus becomes a new lot of the same hours (R-HRS-1 超出工时则给予相同的换休时间)."""
        lot = _Lot(on, expires_on, hours, hours)
        self.lots.append(lot)
        self.record(on, "earned", hours, lot, "R-HRS-1", "ledger.earned", {"period": period}, True)

    def take(
        self,
        on: date,
        hours: Decimal,
        kind: Literal["used", "offset"],
        extra: dict[str, TraceValue],
    ) -> Decimal:
        """Take up to ``hours`` from the oldest lots first (R-HRS-2); return what was taken."""
        wanted = hours
        for lot in self.lots:
            if wanted <= 0:
                break
            if lot.remaining <= 0:
                continue
            got = min(lot.remaining, wanted)
            lot.remaining -= got
            wanted -= got
            code = "ledger.used" if kind == "used" else "ledger.offset"
            self.record(on, kind, got, lot, "R-HRS-2", code, extra, kind == "offset")
        return hours - wanted


def _check_inputs(
    periods: Sequence[PeriodHours], uses: Sequence[CompTimeUse], months: int, as_of: date
) -> None:
    if months < 1:
        raise KefuError(
            f"换休有效期应至少 1 个月，而不是 {months} (comp time must last at least a month)"
        )
    previous: PeriodHours | None = None
    for p in periods:
        if p.ends_on < p.starts_on:
            raise KefuError(
                f"工时周期 {p.period} 的结束日早于开始日 (period ends before it starts)"
            )
        if p.counted < 0 or p.standard < 0:
            raise KefuError(f"工时周期 {p.period} 的工时不能为负 (hours cannot be negative)")
        if previous is not None and p.starts_on <= previous.ends_on:
            raise KefuError(
                f"工时周期 {p.period} 应在 {previous.period} 结束之后开始，并按时间先后排列 "
                f"(periods must be in order and must not overlap)"
            )
        previous = p
    for use in uses:
        if use.hours <= 0:
            raise KefuError(
                f"{use.on.isoformat()} 的换休小时数应大于 0，而不是 {num(use.hours)} "
                f"(comp time used must be positive)"
            )
    if previous is not None and as_of < previous.ends_on:
        raise KefuError(
            f"台账日期 {as_of.isoformat()} 早于最后一个工时周期 {previous.period} 的结束日 "
            f"{previous.ends_on.isoformat()} (as-of day before the last period ends)"
        )


def _use(bank: _Bank, use: CompTimeUse) -> Decimal:
    """Apply one use after the expiries due by its day; return the hours funded."""
    bank.expire_until(use.on)
    funded = bank.take(use.on, use.hours, "used", {"ref": use.ref})
    if funded < use.hours:
        bank.steps.append(
            Step(
                "R-HRS-2",
                "ledger.use_unfunded",
                {
                    "on": use.on.isoformat(),
                    "asked": num(use.hours),
                    "funded": num(funded),
                    "unfunded": num(use.hours - funded),
                    "ref": use.ref,
                },
                reason=True,
            )
        )
    return funded


def run_ledger(
    periods: Sequence[PeriodHours],
    uses: Sequence[CompTimeUse],
    expires_months: int,
    as_of: date,
) -> Ledger:
    """Run the hours and comp-time ledgers over ``periods`` (oldest first) up to ``as_of``."""
    _check_inputs(periods, uses, expires_months, as_of)
    ordered = sorted(uses, key=lambda u: u.on)
    by_period: list[list[CompTimeUse]] = [[] for _ in periods]
    after: list[CompTimeUse] = []
    starts = [p.starts_on for p in periods]  # in order, not overlapping (checked)
    for use in ordered:
        index = bisect_right(starts, use.on) - 1
        if index >= 0 and use.on <= periods[index].ends_on:
            by_period[index].append(use)
        elif not periods or use.on > periods[-1].ends_on:
            after.append(use)
        else:
            raise KefuError(
                f"{use.on.isoformat()} 的换休不在任何工时周期之内 (comp time used outside every period)"
            )

    bank = _Bank()
    carried = ZERO
    results: list[PeriodLedger] = []
    for p, period_uses in zip(periods, by_period, strict=True):
        first_step = len(bank.steps)
        funded = unfunded = ZERO
        for use in period_uses:
            got = _use(bank, use)
            funded += got
            unfunded += use.hours - got
        bank.expire_until(p.ends_on)
        required = p.standard + carried
        net = p.counted + funded - required
        bank.steps.append(
            Step(
                "R-HRS-1",
                "ledger.period",
                {
                    "period": p.period,
                    "counted": num(p.counted),
                    "standard": num(p.standard),
                    "carried_in": num(carried),
                    "required": num(required),
                    "comp_time_used": num(funded),
                    "net": num(net),
                },
            )
        )
        surplus = shortfall = offset = ZERO
        if net > 0:
            surplus = net
            bank.earn(p.ends_on, net, expiry_date(p.ends_on, expires_months), p.period)
        elif net < 0:
            shortfall = -net
            offset = bank.take(p.ends_on, shortfall, "offset", {"period": p.period})
            if offset < shortfall:
                bank.steps.append(
                    Step(
                        "R-HRS-1",
                        "ledger.shortfall_carried",
                        {"period": p.period, "hours": num(shortfall - offset)},
                        reason=True,
                    )
                )
        else:
            bank.steps.append(Step("R-HRS-1", "ledger.balanced", {"period": p.period}))
        results.append(
            PeriodLedger(
                period=p.period,
                counted=p.counted,
                standard=p.standard,
                carried_in=carried,
                required=required,
                comp_time_used=funded,
                comp_time_unfunded=unfunded,
                surplus=surplus,
                shortfall=shortfall,
                offset=offset,
                carried_out=shortfall - offset,
                steps=tuple(bank.steps[first_step:]),
            )
        )
        carried = shortfall - offset

    for use in after:
        if use.on > as_of:
            bank.steps.append(
                Step(
                    "R-HRS-2",
                    "ledger.use_after_as_of",
                    {
                        "on": use.on.isoformat(),
                        "hours": num(use.hours),
                        "as_of": as_of.isoformat(),
                        "ref": use.ref,
                    },
                )
            )
            continue
        _use(bank, use)
    bank.expire_until(as_of)
    return Ledger(
        periods=tuple(results),
        entries=tuple(bank.entries),
        balance=bank.balance,
        lots=tuple(Lot(x.earned_on, x.expires_on, x.hours, x.remaining) for x in bank.lots),
        carried_shortfall=carried,
        steps=tuple(bank.steps),
    )
