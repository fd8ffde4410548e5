"""Pure rules of the excellence awards (表现优异奖, R-AWD-1..2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kefu.bonuses.rules import AttendanceSummary
from kefu.explain.trace import Step, num, score_text
from kefu.policy.schema import AwardTheme


@dataclass(frozen=True)
class AwardEvidence:
    """奖项依据 of one month: commendations, errors and the lowest monitoring/exam scores."""

    commendations: int
    erroneous_work_orders: int
    erroneous_refunds: int
    min_monitoring_score: Decimal | None
    min_exam_score: Decimal | None

    @property
    def error_free(self) -> bool:
        return self.erroneous_work_orders == 0 and self.erroneous_refunds == 0


@dataclass(frozen=True)
class AwardCandidate:
    """One agent as the award rules see them this month."""

    key: str
    eligible: bool
    attendance: AttendanceSummary | None
    evidence: AwardEvidence | None
    rank: int | None
    previous_rank: int | None
    clean_streak: int
    """Consecutive months without an erroneous work order or refund, ending this month."""


@dataclass(frozen=True)
class AwardWin:
    """A theme won: its key, the name users see (zh, en) and the amount."""

    key: str
    name: str
    name_en: str
    amount: Decimal


def clean_streak(error_free_by_month: Sequence[bool | None]) -> int:
    """Consecutive error-free months counted back from the newest (last) entry.

    A month with no evidence (None) breaks the streak: a clean month must be shown, not assumed.
    """
    streak = 0
    for clean in reversed(error_free_by_month):
        if not clean:
            break
        streak += 1
    return streak


def award_ineligibility(attendance: AttendanceSummary | None) -> Step | None:
    """R-AWD-2: absence of any kind in the cycle (or no attendance to show otherwise) rules out awards."""
    if attendance is None:
        return Step("R-AWD-2", "award.no_attendance", reason=True)
    if attendance.any_absence:
        return Step("R-AWD-2", "award.absence", reason=True)
    return None


def theme_active(theme: AwardTheme, month: str) -> bool:
    """A theme runs every month unless it lists the months it runs in (R-AWD-1)."""
    return theme.months is None or month in theme.months


def _qualifies(theme: AwardTheme, c: AwardCandidate) -> tuple[bool, Step | None]:
    """Whether a candidate meets a theme's own condition, and (when not obvious) why not."""
    if theme.kind == "full_attendance":
        a = c.attendance
        assert theme.shift_swaps_below is not None
        if a is None:
            return False, None
        ok = a.shift_swap_count < theme.shift_swaps_below and not a.any_absence
        return ok, None
    if theme.kind == "quality_service":
        assert theme.min_commendations is not None
        ok = c.evidence is not None and c.evidence.commendations >= theme.min_commendations
        return ok, None
    if theme.kind == "hundred_percent_star":
        assert theme.streak_months is not None
        ok = c.clean_streak > 0 and c.clean_streak % theme.streak_months == 0
        return ok, None
    # progress: ranked in both months, improved, monitoring and exam scores at least the floor
    if c.rank is None or c.previous_rank is None:
        return False, None
    if c.previous_rank - c.rank <= 0:
        return False, None
    ev = c.evidence
    assert theme.min_monitoring_score is not None and theme.min_exam_score is not None
    args: dict[str, str | int | bool | list[str] | None] = {"theme": theme.name}
    if ev is None or ev.min_monitoring_score is None or ev.min_exam_score is None:
        return False, Step("R-AWD-1", "award.progress_no_scores", args, reason=True)
    if (
        ev.min_monitoring_score < theme.min_monitoring_score
        or ev.min_exam_score < theme.min_exam_score
    ):
        args |= {
            "monitoring": score_text(ev.min_monitoring_score),
            "exam": score_text(ev.min_exam_score),
            "floor": score_text(theme.min_monitoring_score),
            "exam_floor": score_text(theme.min_exam_score),
        }
        return False, Step("R-AWD-1", "award.progress_low_scores", args, reason=True)
    return True, None


def _limit_winners(
    theme: AwardTheme, qualified: list[AwardCandidate]
) -> tuple[set[str], int | None]:
    """Apply the theme's winner count; ties on the boundary all win (decision, R-AWD-1)."""
    if theme.kind == "progress":

        def merit(c: AwardCandidate) -> tuple[int, int]:
            assert c.rank is not None and c.previous_rank is not None
            return (c.previous_rank - c.rank, 0)

        best = max((merit(c) for c in qualified), default=None)
        if theme.winners is None:
            # no count: the largest improvement wins
            return {c.key for c in qualified if merit(c) == best}, None
    else:

        def merit(c: AwardCandidate) -> tuple[int, int]:
            # better rank first; unranked after every ranked candidate
            return (0, -c.rank) if c.rank is not None else (-1, 0)

        if theme.winners is None:
            return {c.key for c in qualified}, None
    ordered = sorted(qualified, key=merit, reverse=True)
    if len(ordered) <= theme.winners:
        return {c.key for c in ordered}, None
    cutoff = merit(ordered[theme.winners - 1])
    return {c.key for c in ordered if merit(c) >= cutoff}, theme.winners


def _qualified(
    theme: AwardTheme, eligible: Sequence[AwardCandidate]
) -> tuple[list[AwardCandidate], list[tuple[str, Step]]]:
    """The eligible candidates meeting a theme's condition, and why some did not (R-AWD-1).

    The same test as ``_qualifies``, with the theme's kind looked at once for all candidates.
    """
    if theme.kind == "full_attendance":
        below = theme.shift_swaps_below
        assert below is not None
        return [
            c
            for c in eligible
            if c.attendance is not None
            and c.attendance.shift_swap_count < below
            and not c.attendance.any_absence
        ], []
    if theme.kind == "quality_service":
        least = theme.min_commendations
        assert least is not None
        return [
            c for c in eligible if c.evidence is not None and c.evidence.commendations >= least
        ], []
    if theme.kind == "hundred_percent_star":
        months = theme.streak_months
        assert months is not None
        return [c for c in eligible if c.clean_streak > 0 and c.clean_streak % months == 0], []
    qualified, why_not = [], []
    for c in eligible:
        ok, why = _qualifies(theme, c)
        if ok:
            qualified.append(c)
        elif why is not None:
            why_not.append((c.key, why))
    return qualified, why_not


def award_month(
    themes: Sequence[AwardTheme], month: str, candidates: Sequence[AwardCandidate]
) -> dict[str, tuple[list[AwardWin], list[Step]]]:
    """Winners of every active theme; per candidate the wins and the steps that decided them."""
    out: dict[str, tuple[list[AwardWin], list[Step]]] = {c.key: ([], []) for c in candidates}
    eligible = [c for c in candidates if c.eligible]
    for theme in themes:
        if not theme_active(theme, month):
            continue
        qualified, why_not = _qualified(theme, eligible)
        for key, why in why_not:
            out[key][1].append(why)
        winners, limit = _limit_winners(theme, qualified)
        shown: dict[str, str | int | bool | list[str] | None] = {
            "theme": theme.name,
            "theme_en": theme.name_en,
            "amount": num(theme.amount),
            "kind": theme.kind,
        }
        win = AwardWin(theme.key, theme.name, theme.name_en, theme.amount)
        # the steps of a theme whose wording names no figure of the winner's are one for all
        per_person = theme.kind in ("progress", "hundred_percent_star")
        won = Step("R-AWD-1", "award.won", dict(shown), reason=True)
        over = Step("R-AWD-1", "award.over_limit", shown | {"limit": limit}, reason=True)
        for c in qualified:
            wins, steps = out[c.key]
            if not per_person:
                if c.key in winners:
                    wins.append(win)
                    steps.append(won)
                else:
                    steps.append(over)
                continue
            args = dict(shown)
            if theme.kind == "progress":
                assert c.rank is not None and c.previous_rank is not None
                args |= {"previous": c.previous_rank, "rank": c.rank}
            if theme.kind == "hundred_percent_star":
                args |= {"streak": c.clean_streak}
            if c.key in winners:
                wins.append(win)
                steps.append(Step("R-AWD-1", "award.won", args, reason=True))
            else:
                args["limit"] = limit
                steps.append(Step("R-AWD-1", "award.over_limit", args, reason=True))
    return out
