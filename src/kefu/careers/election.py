"""Pure rules of the team-leader election (组长竞聘, R-ELE-1).

Since seed 000 (第二篇): only regular (转正) staff stand; the composite is 能力表现 ability,
PM成绩 points, 面试考评 interview (mean of interviewers), 经理评分 manager and 同事打分 peers
(mean); the winner serves a probation (试用期) before being confirmed. No database, no web:
plain values in, results with their explanation out.

Decisions where the seed is silent (each tested in tests/careers/test_election.py):

* Every part is on the 0–100 scale; a score outside it is refused as bad input.
* The PM points already ARE the PM part (10 points = 10% of 100): ``weights.pm`` is not
  multiplied again, and a policy whose top PM amount is not ``weights.pm × 100`` is refused.
* A missing part (None, or no scores at all) leaves the score incomplete (None): no 0 is
  guessed, and the candidate is listed after the ranked ones, unranked.
* The composite is computed as an exact fraction (a mean of three interviewers can repeat for
  ever), so two equal composites are always a tie; the stored Decimal carries 28 digits.
* Ties share the rank (1, 1, 3) and are flagged: the seed gives no tie-breaker, someone decides.
* Probation runs from the first day to the day before the same day N months later; when that
  month has no such day (starts 01-31), it ends on that month's last day (民法典 第二百零三条).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from kefu.errors import KefuError
from kefu.explain.trace import Step, TraceValue, num, score_text
from kefu.people.rules import STATUS_NAMES
from kefu.periods import add_months
from kefu.policy.lint import SCALE_TOP
from kefu.policy.schema import Band, Election

RULE = "R-ELE-1"
Part = Literal["ability", "pm", "interview", "manager", "peers"]
PARTS: tuple[Part, ...] = ("ability", "pm", "interview", "manager", "peers")
PART_NAMES = {
    "ability": "能力表现",
    "pm": "PM成绩",
    "interview": "面试考评",
    "manager": "经理评分",
    "peers": "同事打分",
}
REGULAR = "regular"  # the register's status code of 转正 staff (kefu.people.rules)


@dataclass(frozen=True)
class Candidate:
    """One applicant for team leader (竞聘报名) with the five parts' inputs."""

    employee_no: str
    name: str
    status: str
    ability: Decimal | None
    pm_scores: tuple[Decimal, ...]
    """Monthly PM scores; their mean picks the PM points band."""
    interview_scores: tuple[Decimal, ...]
    """One score per interviewer; their mean counts."""
    manager_score: Decimal | None
    peer_scores: tuple[Decimal, ...]
    """One score out of 100 per colleague; their mean counts."""


@dataclass(frozen=True)
class CandidateScore:
    """A candidate's composite (综合得分), or None with the missing parts named."""

    employee_no: str
    name: str
    score: Decimal | None
    exact: Fraction | None
    """The composite as an exact fraction: ranking and ties compare this."""
    missing: tuple[str, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class RankedCandidate:
    """A candidate's place in the election: rank None when the score is incomplete."""

    employee_no: str
    name: str
    score: Decimal | None
    rank: int | None
    tied: bool
    """Shares its rank with another candidate: a decision is needed (election.tie)."""
    steps: tuple[Step, ...]

    @property
    def reasons(self) -> list[Step]:
        return [s for s in self.steps if s.reason]


def refuse_open(open_paths: Collection[str], path: str, rule: str) -> None:
    """Refuse to run ``rule`` while ``path`` (or anything under it) is an open [X] parameter."""
    for open_path in open_paths:
        if open_path == path or open_path.startswith((path + ".", path + "[")):
            raise open_parameter(open_path, rule)


def open_parameter(path: str, rule: str) -> KefuError:
    """The refusal of a rule whose policy parameter is left [X] (words of LoadedPolicy.require)."""
    return KefuError(
        f"政策参数 {path} 未设置 ([X])，规则 {rule} 需要它:请在政策文件中填写该参数后再执行。"
        f"(policy parameter {path} is open ([X]); rule {rule} needs it)"
    )


def who(name: str, employee_no: str) -> str:
    """A person as a trace names them: 姓名 (工号)."""
    return f"{name} ({employee_no})"


def decimal_of(value: Fraction) -> Decimal:
    """A fraction as a Decimal: exact when it ends, else to the context's 28 digits."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def may_stand(status: str, name: str = "", employee_no: str = "") -> Step:
    """Only regular (转正) staff may stand (R-ELE-1); anyone else is refused."""
    shown = STATUS_NAMES.get(status, status)
    if status != REGULAR:
        person = who(name, employee_no) if name or employee_no else "该员工"
        raise KefuError(
            f"{person} 的状态为「{shown}」，只有转正员工才能参加组长竞聘 "
            f"(only regular staff may stand for team leader; status is {status})"
        )
    return Step(RULE, "election.may_stand", {"who": who(name, employee_no), "status": status})


def composite(
    election: Election, open_paths: Collection[str], candidate: Candidate
) -> CandidateScore:
    """综合得分 = Σ weight × part + PM points, exact; None when a part is missing (R-ELE-1)."""
    _check_policy(election, open_paths)
    steps = [may_stand(candidate.status, candidate.name, candidate.employee_no)]
    label = who(candidate.name, candidate.employee_no)
    inputs: dict[Part, tuple[Decimal, ...]] = {
        "ability": () if candidate.ability is None else (candidate.ability,),
        "pm": candidate.pm_scores,
        "interview": candidate.interview_scores,
        "manager": () if candidate.manager_score is None else (candidate.manager_score,),
        "peers": candidate.peer_scores,
    }
    total = Fraction(0)
    contributions: list[str] = []
    missing: list[str] = []
    for part in PARTS:
        scores = inputs[part]
        _check_scale(scores, part, label)
        if not scores:
            missing.append(part)
            continue
        mean = Fraction(sum(scores, Decimal(0))) / len(scores)
        if part == "pm":
            band = _pm_band(election.pm_points, mean)
            contribution = Fraction(band.amount)
            steps.append(_pm_step(scores, mean, band))
        else:
            weight = election.weights[part]
            contribution = mean * Fraction(weight)
            steps.append(_part_step(part, scores, mean, weight, contribution))
        total += contribution
        contributions.append(f"{part}={score_text(decimal_of(contribution))}")
    if missing:
        steps.append(Step(RULE, "election.incomplete", {"missing": missing}, reason=True))
        return CandidateScore(
            candidate.employee_no, candidate.name, None, None, tuple(missing), tuple(steps)
        )
    score = decimal_of(total)
    steps.append(Step(RULE, "election.score", {"parts": contributions, "score": score_text(score)}))
    return CandidateScore(candidate.employee_no, candidate.name, score, total, (), tuple(steps))


def rank_candidates(
    election: Election, open_paths: Collection[str], candidates: Sequence[Candidate]
) -> tuple[RankedCandidate, ...]:
    """Complete candidates by score, highest first, ties sharing a rank (1, 1, 3); then the
    incomplete ones, unranked, in the order given (R-ELE-1)."""
    seen: set[str] = set()
    for candidate in candidates:
        if candidate.employee_no in seen:
            raise KefuError(
                f"工号 {candidate.employee_no} 重复报名 (employee {candidate.employee_no} "
                f"is listed twice)"
            )
        seen.add(candidate.employee_no)
    scored = [composite(election, open_paths, c) for c in candidates]
    complete = [s for s in scored if s.exact is not None]
    # Within a tie the order is the employee number's, for a stable list only: the rank is shared.
    complete.sort(key=lambda s: (-_exact(s), s.employee_no))
    by_score: dict[Fraction, list[CandidateScore]] = {}
    for entry in complete:
        by_score.setdefault(_exact(entry), []).append(entry)
    out: list[RankedCandidate] = []
    pool = len(complete)
    rank = 0
    for i, entry in enumerate(complete):
        if i == 0 or complete[i - 1].exact != entry.exact:
            rank = i + 1  # competition ranking: 1, 1, 3
        same = [o for o in by_score[_exact(entry)] if o is not entry]
        score_shown = score_text(entry.score)
        steps = [
            *entry.steps,
            Step(RULE, "election.ranked", {"rank": rank, "pool": pool, "score": score_shown}),
        ]
        if same:
            tied_with = [who(o.name, o.employee_no) for o in same]
            args: dict[str, TraceValue] = {
                "rank": rank,
                "score": score_shown,
                "tied_with": tied_with,
            }
            steps.append(Step(RULE, "election.tie", args, reason=True))
        out.append(
            RankedCandidate(
                entry.employee_no, entry.name, entry.score, rank, bool(same), tuple(steps)
            )
        )
    for entry in scored:
        if entry.exact is None:
            missing = list(entry.missing)
            unranked = Step(RULE, "election.unranked", {"missing": missing}, reason=True)
            out.append(
                RankedCandidate(
                    entry.employee_no, entry.name, None, None, False, (*entry.steps, unranked)
                )
            )
    return tuple(out)


def winner(ranked: Sequence[RankedCandidate]) -> RankedCandidate | None:
    """The single candidate ranked first; None when nobody has a complete score or first is tied."""
    first = [r for r in ranked if r.rank == 1]
    return first[0] if len(first) == 1 else None


def winner_step(ranked: Sequence[RankedCandidate]) -> Step:
    """Why the election has (or has not yet) a winner (R-ELE-1)."""
    chosen = winner(ranked)
    if chosen is not None:
        return Step(
            RULE,
            "election.winner",
            {"who": who(chosen.name, chosen.employee_no), "score": score_text(chosen.score)},
            reason=True,
        )
    tied = [who(r.name, r.employee_no) for r in ranked if r.rank == 1]
    return Step(RULE, "election.no_winner", {"tied": tied}, reason=True)


def probation_end(election: Election, starts_on: date) -> date:
    """The last day of the new leader's probation (试用期, R-ELE-1).

    The day before the same day ``probation_months`` later (03-01 + 1 month → 03-31); when that
    month has no such day the probation ends on its last day (01-31 + 1 month → 02-28). With
    0 months the probation is empty: the day before ``starts_on``.
    """
    same_day = add_months(starts_on, election.probation_months)
    if same_day.day != starts_on.day:  # clamped: no such day that month
        return same_day
    return same_day - timedelta(days=1)


def probation_step(election: Election, starts_on: date) -> Step:
    """The probation in words: its months, first and last day (R-ELE-1)."""
    return Step(
        RULE,
        "election.probation",
        {
            "months": election.probation_months,
            "starts_on": starts_on.isoformat(),
            "ends_on": probation_end(election, starts_on).isoformat(),
        },
    )


def _exact(entry: CandidateScore) -> Fraction:
    assert entry.exact is not None
    return entry.exact


def _check_policy(election: Election, open_paths: Collection[str]) -> None:
    """The weights of the five parts are set and the PM points top out at the PM weight."""
    refuse_open(open_paths, "election.weights", RULE)
    refuse_open(open_paths, "election.pm_points", RULE)
    for part in PARTS:
        if part not in election.weights:
            raise KefuError(
                f"election.weights.{part}: 政策缺少「{PART_NAMES[part]}」的权重 "
                f"(the policy gives no weight for {part})"
            )
    if not election.pm_points:
        raise KefuError("election.pm_points: 政策没有 PM 成绩档位 (no PM points bands)")
    top = max(band.amount for band in election.pm_points)
    share = election.weights["pm"] * SCALE_TOP
    if top != share:
        raise KefuError(
            f"election.pm_points: PM 成绩最高 {num(top)} 分，与 PM 权重 {num(share)}% 不符，"
            f"两者应相等 (the top PM points {num(top)} must equal the PM weight {num(share)}%)"
        )


def _check_scale(scores: Sequence[Decimal], part: str, label: str) -> None:
    for value in scores:
        if not 0 <= value <= SCALE_TOP:
            raise KefuError(
                f"{label} 的{PART_NAMES[part]} {num(value)} 不在 0–{num(SCALE_TOP)} 分之间 "
                f"({part} score {num(value)} is outside 0–{num(SCALE_TOP)})"
            )


def _pm_band(bands: Sequence[Band], mean: Fraction) -> Band:
    """The band whose range holds the mean PM score: lower edge inclusive, upper exclusive."""
    for band in bands:
        if Fraction(band.score_from) <= mean and (
            band.score_below is None or mean < Fraction(band.score_below)
        ):
            return band
    raise KefuError(
        f"election.pm_points: 平均 PM 成绩 {score_text(decimal_of(mean))} 不在任何档位中 "
        f"(no PM points band holds the mean {score_text(decimal_of(mean))})"
    )


def _part_step(
    part: str,
    scores: Sequence[Decimal],
    mean: Fraction,
    weight: Decimal,
    contribution: Fraction,
) -> Step:
    return Step(
        RULE,
        "election.part",
        {
            "part": part,
            "inputs": [str(num(s)) for s in scores],
            "count": len(scores),
            "mean": score_text(decimal_of(mean)),
            "weight": num(weight * 100),
            "contribution": score_text(decimal_of(contribution)),
        },
    )


def _pm_step(scores: Sequence[Decimal], mean: Fraction, band: Band) -> Step:
    return Step(
        RULE,
        "election.pm_points",
        {
            "inputs": [str(num(s)) for s in scores],
            "count": len(scores),
            "mean": score_text(decimal_of(mean)),
            "band": band.label,
            "floor": num(band.score_from),
            "below": num(band.score_below),
            "points": num(band.amount),
        },
    )
