"""Pure rule of the quarterly stars (星级, R-STAR-1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kefu.bonuses.rules import assign_band, competition_rank, rank_step
from kefu.errors import CloseRefused
from kefu.explain.trace import Step, score_text
from kefu.policy.loader import LoadedPolicy


@dataclass(frozen=True)
class PersonQuarter:
    """An agent's three months (score and 综合工作表现 per month, None where missing)."""

    employee_no: str
    name: str
    department: str
    monthly: tuple[tuple[str, Decimal | None, Decimal | None], ...]
    regular_at_end: bool
    employed_at_end: bool


@dataclass
class QuarterOutcome:
    """One agent's stars for the quarter."""

    employee_no: str
    name: str
    department: str
    score: Decimal | None = None
    rank: int | None = None
    pool_size: int = 0
    stars: int = 0
    star_wage: Decimal = Decimal(0)
    trace: list[Step] = field(default_factory=list)

    @property
    def reasons(self) -> list[Step]:
        return [s for s in self.trace if s.reason]


def compute_quarter(policy: LoadedPolicy, people: Sequence[PersonQuarter]) -> list[QuarterOutcome]:
    """Quarter score = mean of the three monthly scores; ranked and banded like R-BON-3.

    Decision: the pool is the agents with three monthly scores who are regular and still
    employed at the quarter's end; the tie-breaker is the mean 综合工作表现.
    """
    stars = policy.model.stars
    if stars is None:
        raise CloseRefused(f"政策 {policy.name} 没有星级 (stars) 一节，不能结算季度星级")
    outcomes = {x.employee_no: QuarterOutcome(x.employee_no, x.name, x.department) for x in people}
    entries: list[tuple[str, Decimal, Decimal]] = []
    for x in people:
        out = outcomes[x.employee_no]
        scores = [s for _, s, _ in x.monthly if s is not None]
        conduct = [c for _, _, c in x.monthly if c is not None]
        months = [m for m, s, _ in x.monthly if s is None]
        if len(scores) == len(x.monthly) == 3:
            out.score = sum(scores, Decimal(0)) / 3
            out.trace.append(
                Step(
                    "R-STAR-1",
                    "star.mean",
                    {
                        "scores": [score_text(s) or "" for s in scores],
                        "mean": score_text(out.score),
                    },
                )
            )
        else:
            out.trace.append(Step("R-STAR-1", "star.incomplete", {"missing": months}, reason=True))
        if not x.regular_at_end:
            out.trace.append(Step("R-STAR-1", "star.not_regular", reason=True))
        if not x.employed_at_end:
            out.trace.append(Step("R-STAR-1", "star.left", reason=True))
        if out.score is not None and x.regular_at_end and x.employed_at_end:
            entries.append((x.employee_no, out.score, sum(conduct, Decimal(0)) / len(conduct)))
    placings = competition_rank(entries)
    for no, placing in placings.items():
        out = outcomes[no]
        out.rank, out.pool_size = placing.rank, placing.pool_size
        out.trace.append(rank_step("R-STAR-1", placing, "center", "overall_conduct"))
        assert out.score is not None
        decision = assign_band(out.score, placing.rank, placing.pool_size, stars.bands, "R-STAR-1")
        out.trace.extend(decision.steps)
        if decision.band is not None:
            out.stars = decision.band.stars or 0
            out.star_wage = decision.band.amount
    for out in outcomes.values():
        if out.rank is None:
            out.pool_size = len(entries)
    return [outcomes[x.employee_no] for x in people]
