"""Pure rules of the monthly score, ranking and band tables (R-BON-1..4, R-LQA-1..4, R-STAR-1).

No database, no web: plain values in, results with their explanation out.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple, TypeVar

from kefu.explain.trace import Step, num, score_text
from kefu.policy.schema import Band, Display, Exclusions

K = TypeVar("K", bound=Hashable)

COMPONENTS = ("call_quality", "work_ability", "overall_conduct")


def weighted_score(
    components: Mapping[str, Decimal | None],
    weights: Mapping[Any, Decimal],
    rule: str,
    detail: bool = True,
) -> tuple[Decimal | None, Step | None]:
    """当月得分 = Σ weight × component, exact (R-BON-1 / R-LQA-1); None when a part is missing.

    The step is None when ``detail`` is off and nothing went wrong (the step is no reason).
    """
    missing = [name for name in weights if components.get(name) is None]
    if missing:
        return None, Step(rule, "score.missing", {"missing": missing}, reason=True)
    total = Decimal(0)
    for name, weight in weights.items():
        value = components[name]
        assert value is not None
        total += weight * value
    if not detail:
        return total, None
    parts = [f"{name}={num(weights[name])}×{score_text(components[name])}" for name in weights]
    return total, Step(rule, "score.weighted", {"parts": parts, "score": score_text(total)})


def display_score(score: Decimal, display: Display) -> str:
    """Round for display only, by the policy's rule (R-BON-1)."""
    quantum = Decimal(1).scaleb(-display.score_decimals)
    mode = ROUND_HALF_UP if display.rounding == "half_up" else ROUND_HALF_EVEN
    return str(score.quantize(quantum, rounding=mode))


class Placing(NamedTuple):
    """Where one entry stands in its pool."""

    rank: int
    pool_size: int
    same_score: int
    """How many in the pool (this one included) have exactly the same score."""
    key: Hashable
    group: tuple[Hashable, ...]
    """Everyone sharing this rank (same score and same tie-breaker), this one included."""

    @property
    def tied_with(self) -> tuple[Hashable, ...]:
        """The others sharing this rank."""
        return tuple(k for k in self.group if k != self.key)


_score_then_tie_breaker = operator.itemgetter(1, 2)


def competition_rank(
    entries: Sequence[tuple[K, Decimal, Decimal]],
) -> dict[K, Placing]:
    """Rank by score, then tie-breaker, highest first; full ties share a rank (1, 2, 2, 4).

    R-BON-2: "得分相同者，以第二条件(综合工作表现)得分再作排名"; still tied → equal rank.
    """
    # highest first; a reversed sort keeps equal entries in their given order, as a sort on the
    # negated keys would, without making two new decimals per entry
    ordered = sorted(entries, key=_score_then_tie_breaker, reverse=True)
    size = len(ordered)
    score_counts: dict[Decimal, int] = {}
    for _, score, _ in ordered:
        score_counts[score] = score_counts.get(score, 0) + 1
    placings: dict[K, Placing] = {}
    i = 0
    while i < size:
        _, score, tie = ordered[i]
        j = i + 1
        while j < size and ordered[j][1] == score and ordered[j][2] == tie:
            j += 1
        group = tuple(e[0] for e in ordered[i:j])
        same = score_counts[score]
        for key in group:
            placings[key] = Placing(i + 1, size, same, key, group)
        i = j
    return placings


def rank_step(
    rule: str,
    placing: Placing,
    scope: str,
    tie_breaker: str,
    label: Callable[[Hashable], str] = str,
) -> Step:
    """The ranking step of a trace: place, pool, and who shared it (the first five named)."""
    tied = placing.tied_with
    return Step(
        rule,
        "rank.placed",
        {
            "rank": placing.rank,
            "pool": placing.pool_size,
            "scope": scope,
            "same_score": placing.same_score,
            "tie_breaker": tie_breaker,
            "tied_with": [label(k) for k in tied[:5]],
            "tied_count": len(tied),
        },
    )


@dataclass(frozen=True)
class BandDecision:
    """The band a ranked entry falls in, with a step for every band looked at."""

    band: Band | None
    steps: tuple[Step, ...]


def quota_limit(share: Decimal, pool_size: int) -> int:
    """The last rank inside a quota: ranks are whole, so rank ≤ share × pool ⇔ rank ≤ floor(…)."""
    return int((share * pool_size).to_integral_value(rounding=ROUND_FLOOR))


def within_share(rank: int, pool_size: int, share: Decimal) -> bool:
    """rank / pool size ≤ share, exactly ("10%内(含10%)")."""
    return rank <= share * pool_size


class TableRow(NamedTuple):
    """One band of a pool's band table, with what its steps show worked out once."""

    band: Band
    limit: int | None
    """The last rank inside the band's quota in this pool (None: the band has no quota)."""
    floor: str | None
    amount: str | None
    share: str | None


def band_table(bands: Sequence[Band], pool_size: int) -> tuple[TableRow, ...]:
    """The bands as one pool of ``pool_size`` sees them: each quota as its last rank (R-BON-3).

    Ranks are whole, so rank / pool ≤ share ⇔ rank ≤ floor(share × pool) (``quota_limit``).
    A pool of 81,000 agents works this out once instead of once per agent.
    """
    return tuple(
        TableRow(
            band,
            None
            if band.rank_share_at_most is None
            else quota_limit(band.rank_share_at_most, pool_size),
            score_text(band.score_from),
            num(band.amount),
            None if band.rank_share_at_most is None else num(band.rank_share_at_most * 100),
        )
        for band in bands
    )


def assign_band(
    score: Decimal,
    rank: int,
    pool_size: int,
    bands: Sequence[Band],
    rule: str,
    detail: bool = True,
    table: Sequence[TableRow] | None = None,
) -> BandDecision:
    """The highest band whose floor the score reaches and whose quota contains the rank (R-BON-3).

    A high score outside a quota falls to the next band whose conditions hold. ``table`` is
    ``band_table(bands, pool_size)`` when the caller places a whole pool.
    """
    steps: list[Step] = []
    for band, limit, floor, amount, share in table or band_table(bands, pool_size):
        if score < band.score_from:
            if detail:
                steps.append(Step(rule, "band.below_floor", {"band": band.label, "floor": floor}))
            continue
        if limit is not None and rank > limit:
            if detail:
                steps.append(
                    Step(
                        rule,
                        "band.outside_quota",
                        {
                            "band": band.label,
                            "rank": rank,
                            "pool": pool_size,
                            "share": share,
                            "limit": limit,
                        },
                    )
                )
            continue
        args: dict[str, str | int | bool | list[str] | None] = {
            "band": band.label,
            "floor": floor,
            "amount": amount,
            "score": score_text(score),
            "rank": rank,
            "pool": pool_size,
        }
        if limit is not None:
            args["share"] = share
            args["limit"] = limit
            steps.append(Step(rule, "band.chosen_quota", args, reason=True))
        else:
            steps.append(Step(rule, "band.chosen", args, reason=True))
        return BandDecision(band, tuple(steps))
    steps.append(Step(rule, "band.none", {"score": score_text(score)}, reason=True))
    return BandDecision(None, tuple(steps))


@dataclass(frozen=True)
class AttendanceSummary:
    """考勤汇总 of one attendance cycle (R-BON-5); absence days include every kind of leave."""

    absence_days: Decimal
    personal_leave_days: Decimal
    sick_leave_days: Decimal
    late_count: int
    early_leave_count: int
    shift_swap_count: int
    unapproved_absence_days: Decimal

    @property
    def any_absence(self) -> bool:
        """Absence of any kind in the cycle (R-AWD-2)."""
        return bool(
            self.absence_days
            or self.personal_leave_days
            or self.sick_leave_days
            or self.late_count
            or self.early_leave_count
            or self.unapproved_absence_days
        )


@dataclass(frozen=True)
class StatusFacts:
    """What the register says of a person during the month (R-ORG-4)."""

    probation: bool
    dismissed_for_performance: bool
    notice_period: bool
    standby: bool


def bonus_exclusions(
    facts: StatusFacts,
    attendance: AttendanceSummary | None,
    rules: Exclusions,
    rule: str,
) -> list[Step]:
    """Why a person gets no bonus this month (R-BON-4 / R-LQA-4); empty when eligible."""
    out: list[Step] = []
    if rules.probation and facts.probation:
        out.append(Step(rule, "excl.probation", reason=True))
    if rules.dismissed_for_performance and facts.dismissed_for_performance:
        out.append(Step(rule, "excl.dismissed", reason=True))
    if facts.standby:
        out.append(Step("R-BOT-1", "excl.standby", reason=True))
    needs_attendance = rules.absence_days_at_least is not None or (
        facts.notice_period
        and (rules.notice_period_unapproved_absence or rules.notice_period_sick_leave_days_at_least)
    )
    if needs_attendance and attendance is None:
        out.append(Step(rule, "excl.no_attendance", reason=True))
        return out
    if attendance is None:
        return out
    limit = rules.absence_days_at_least
    if limit is not None and attendance.absence_days >= limit:
        out.append(
            Step(
                rule,
                "excl.absence",
                {"days": num(attendance.absence_days), "limit": num(limit)},
                reason=True,
            )
        )
    if facts.notice_period:
        if rules.notice_period_unapproved_absence and attendance.unapproved_absence_days > 0:
            out.append(
                Step(
                    rule,
                    "excl.notice_unapproved",
                    {"days": num(attendance.unapproved_absence_days)},
                    reason=True,
                )
            )
        sick_limit = rules.notice_period_sick_leave_days_at_least
        if sick_limit is not None and attendance.sick_leave_days >= sick_limit:
            out.append(
                Step(
                    rule,
                    "excl.notice_sick",
                    {"days": num(attendance.sick_leave_days), "limit": num(sick_limit)},
                    reason=True,
                )
            )
    return out


def place_amount(
    score: Decimal, rank: int, score_above: Decimal, amounts: Sequence[Decimal], rule: str
) -> tuple[Decimal, Step]:
    """Leader/QA places: 1st, 2nd, 3rd … paid when the score is strictly above the floor (R-LQA-2).

    Ties share a rank, so every tied person gets that place's amount.
    """
    if score <= score_above:
        return Decimal(0), Step(
            rule,
            "place.not_above",
            {"score": score_text(score), "floor": score_text(score_above)},
            reason=True,
        )
    if rank > len(amounts):
        return Decimal(0), Step(
            rule, "place.unpaid", {"rank": rank, "paid": len(amounts)}, reason=True
        )
    amount = amounts[rank - 1]
    return amount, Step(
        rule,
        "place.paid",
        {
            "rank": rank,
            "amount": num(amount),
            "score": score_text(score),
            "floor": score_text(score_above),
        },
        reason=True,
    )
