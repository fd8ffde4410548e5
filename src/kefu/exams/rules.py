"""Pure rules of the question bank and exams (题库与考试, R-EXM-1).

Since seed 004 (月考): the 品管培训岗 writes a monthly paper from the bank, every agent sits it
(笔试、口试、实际操作), the result is part of the monthly assessment, and a re-exam shares no
question with the failed paper. No database, no web: plain values in, results with their
explanation out.

Decisions where the seed is silent (each tested in tests/exams/test_rules.py):

* A paper is drawn by topic counts (知识点 → 题数) and, optionally, a difficulty mix (难度 →
  题数) over the same questions; both must add up to the same number. The counts per topic and
  difficulty are found as a flow (every topic's count met, every difficulty's count met, no
  cell asked for more than it holds), so a mix is refused only when no paper can satisfy it.
* Questions are excluded by family (题目族): a re-worded version of a question on an excluded
  paper is the same question, and is excluded too.
* The draw is deterministic for a seed: the same bank, request and seed give the same paper.
* Only written (笔试) single-choice, multiple-choice and fill-in questions are graded
  automatically; short answers, essays and every oral (口试) or practical (实际操作) item go
  to a marker.
* A multiple-choice answer scores by the policy: ``all_or_nothing`` (only the exact set) or
  ``partial`` (a subset of the key that picks no wrong option earns the key's share it picks;
  any wrong option earns nothing).
* A fill-in answer is compared after NFKC (full-width → half-width), case folding, and
  removing white space and punctuation (a decimal point between two digits is kept, so
  1.5 ≠ 15); any of the accepted answers counts.
* The score is earned ÷ the paper's points × 100, rounded as the policy's ``display`` says;
  the rounded score is the score of record and is compared with the pass mark.
* The deadline is the start plus the time limit, and never later than the end of the window's
  last day; an answer saved at the deadline itself still counts, one after it does not.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from operator import itemgetter
from typing import NamedTuple

from kefu.errors import KefuError
from kefu.explain.trace import Step, TraceValue, num, score_text
from kefu.policy.lint import SCALE_TOP
from kefu.policy.schema import Display

RULE = "R-EXM-1"

PURPOSES = (
    "monthly",
    "training_theory",
    "training_practical",
    "conversion",
    "re_exam",
    "re_entry",
    "practice",
)
PURPOSE_NAMES: dict[str, dict[str, str]] = {
    "monthly": {"zh": "月度考试", "en": "monthly exam"},
    "training_theory": {"zh": "培训理论考试", "en": "training theory exam"},
    "training_practical": {"zh": "培训实操考试", "en": "training practical exam"},
    "conversion": {"zh": "转正考试", "en": "conversion exam"},
    "re_exam": {"zh": "补考", "en": "re-exam"},
    "re_entry": {"zh": "重新上岗考试", "en": "re-entry exam"},
    "practice": {"zh": "练习", "en": "practice"},
}
KINDS = ("single", "multiple", "fill", "short", "essay")
KIND_NAMES: dict[str, dict[str, str]] = {
    "single": {"zh": "单选", "en": "single choice"},
    "multiple": {"zh": "多选", "en": "multiple choice"},
    "fill": {"zh": "填空", "en": "fill-in"},
    "short": {"zh": "简答", "en": "short answer"},
    "essay": {"zh": "论述", "en": "essay"},
}
EXAM_KINDS = ("written", "oral", "practical")
EXAM_KIND_NAMES: dict[str, dict[str, str]] = {
    "written": {"zh": "笔试", "en": "written"},
    "oral": {"zh": "口试", "en": "oral"},
    "practical": {"zh": "实际操作", "en": "practical"},
}
CHOICE_KINDS = frozenset({"single", "multiple"})
OBJECTIVE_KINDS = frozenset({"single", "multiple", "fill"})
AUTO_EXAM_KIND = "written"
DIFFICULTIES = (1, 2, 3, 4, 5)
"""The difficulty scale of the bank (难度 1 easiest … 5 hardest): a definition, not policy."""
OPTION_LETTERS = "ABCDEFGH"
MULTIPLE_MODES = ("all_or_nothing", "partial")
ZERO = Decimal(0)


def auto_graded(kind: str, exam_kind: str) -> bool:
    """Whether a question is graded by kefu (written objective) or by a marker (R-EXM-1)."""
    return kind in OBJECTIVE_KINDS and exam_kind == AUTO_EXAM_KIND


# ---------------------------------------------------------------- drawing a paper


class BankQuestion(NamedTuple):
    """A question as the draw sees it: id, family, where it sits in the bank (a tuple: banks
    hold tens of thousands)."""

    id: int
    family: int
    topic: str
    difficulty: int


@dataclass(frozen=True)
class DrawRequest:
    """What a paper asks of the bank: counts by topic, an optional difficulty mix."""

    topics: Mapping[str, int]
    difficulty: Mapping[int, int] | None = None
    exclude_families: frozenset[int] = frozenset()
    exclude_papers: tuple[int, ...] = ()
    """The papers whose questions are excluded (for the explanation only)."""


@dataclass(frozen=True)
class Shortage:
    """One reason the bank cannot satisfy a request: what is asked, what is there."""

    topics: tuple[str, ...]
    difficulties: tuple[int, ...]
    wanted: int
    available: int

    @property
    def short(self) -> int:
        return self.wanted - self.available


class BankShort(KefuError):
    """The bank holds too few usable questions for the request: nothing is drawn."""

    http_status = 409

    def __init__(self, shortages: Sequence[Shortage]) -> None:
        lines = [shortage_text(s) for s in shortages]
        super().__init__(
            "题库中可用的题目不足，无法组卷 (the bank cannot satisfy the request):\n"
            + "\n".join(lines)
        )
        self.shortages = tuple(shortages)


def shortage_text(s: Shortage) -> str:
    """One shortage in words, Chinese then English."""
    if s.topics and s.difficulties:
        where = f"知识点「{'、'.join(s.topics)}」难度 {'、'.join(map(str, s.difficulties))}"
        where_en = (
            f"topic(s) {', '.join(s.topics)} at difficulty {', '.join(map(str, s.difficulties))}"
        )
    elif s.topics:
        where = f"知识点「{'、'.join(s.topics)}」"
        where_en = f"topic(s) {', '.join(s.topics)}"
    else:
        where = f"难度 {'、'.join(map(str, s.difficulties))}"
        where_en = f"difficulty {', '.join(map(str, s.difficulties))}"
    return (
        f"{where}需要 {s.wanted} 道，可用 {s.available} 道，差 {s.short} 道 "
        f"({where_en}: {s.wanted} wanted, {s.available} available, {s.short} short)"
    )


@dataclass(frozen=True)
class Drawn:
    """The questions of a drawn paper in order, with the explanation of the draw."""

    question_ids: tuple[int, ...]
    families: frozenset[int]
    steps: tuple[Step, ...]


class Bank:
    """The usable questions of one exam kind, indexed by topic and by topic and difficulty.

    Built once, drawn from many times (the benchmark draws a thousand pairs from one bank).
    """

    def __init__(self, questions: Iterable[BankQuestion]) -> None:
        self.cells: dict[tuple[str, int], list[BankQuestion]] = {}
        self.pools: dict[str, list[BankQuestion]] = {}
        self.where: dict[int, list[tuple[str, int]]] = {}
        for q in sorted(questions, key=itemgetter(0)):
            self.cells.setdefault((q.topic, q.difficulty), []).append(q)
            self.pools.setdefault(q.topic, []).append(q)
            self.where.setdefault(q.family, []).append((q.topic, q.difficulty))

    def available(self, exclude_families: frozenset[int]) -> dict[tuple[str, int], int]:
        """How many questions each (topic, difficulty) cell holds outside the excluded families."""
        counts = {cell: len(qs) for cell, qs in self.cells.items()}
        for family in exclude_families:
            for cell in self.where.get(family, ()):
                counts[cell] -= 1
        return counts


def check_request(request: DrawRequest) -> None:
    """A request names topics with counts ≥ 0, difficulties 1–5, and the mix adds up."""
    if not request.topics or sum(request.topics.values()) <= 0:
        raise KefuError("请至少为一个知识点指定题数 (a paper needs questions from some topic)")
    for topic, count in request.topics.items():
        if not topic.strip():
            raise KefuError("知识点名称不能为空 (a topic needs a name)")
        if count < 0:
            raise KefuError(f"知识点「{topic}」的题数不能为负 (a count cannot be negative)")
    if request.difficulty is None:
        return
    for level, count in request.difficulty.items():
        if level not in DIFFICULTIES:
            raise KefuError(
                f"难度应为 {DIFFICULTIES[0]}–{DIFFICULTIES[-1]}，而不是 {level} "
                f"(difficulty is {DIFFICULTIES[0]} to {DIFFICULTIES[-1]})"
            )
        if count < 0:
            raise KefuError(f"难度 {level} 的题数不能为负 (a count cannot be negative)")
    by_topic, by_level = sum(request.topics.values()), sum(request.difficulty.values())
    if by_topic != by_level:
        raise KefuError(
            f"按知识点共 {by_topic} 道题，按难度共 {by_level} 道题，两者应相等 "
            f"(the topic counts add up to {by_topic}, the difficulty mix to {by_level})"
        )


def draw(bank: Bank, request: DrawRequest, seed: int) -> Drawn:
    """Draw a paper: the topic counts, the difficulty mix, no excluded family (R-EXM-1).

    Raises BankShort naming each topic or difficulty that falls short and by how many.
    """
    check_request(request)
    rng = random.Random(seed)
    available = bank.available(request.exclude_families)
    topics = [t for t in request.topics if request.topics[t] > 0]
    plan: list[tuple[list[BankQuestion], int, int]]
    if request.difficulty is None:
        plan = _plan_by_topic(bank, topics, request.topics, available)
    else:
        cells = _plan_with_mix(topics, request.topics, request.difficulty, available, rng)
        plan = [(bank.cells[c], n, len(bank.cells[c]) - available[c]) for c, n in cells]
    chosen: list[BankQuestion] = []
    for pool, count, excluded in plan:
        chosen += _pick(pool, count, excluded, request.exclude_families, rng)
    # a paper reads topic by topic, easier questions first; the draw decided which
    order = {t: i for i, t in enumerate(request.topics)}
    chosen.sort(key=lambda q: (order[q.topic], q.difficulty, q.id))
    steps = [_drawn_step(request, seed, len(chosen))]
    return Drawn(tuple(q.id for q in chosen), frozenset(q.family for q in chosen), tuple(steps))


def _plan_by_topic(
    bank: Bank,
    topics: Sequence[str],
    wanted: Mapping[str, int],
    available: Mapping[tuple[str, int], int],
) -> list[tuple[list[BankQuestion], int, int]]:
    """Without a mix each topic's questions come from any of its difficulties."""
    shortages = []
    have = {t: sum(available.get((t, d), 0) for d in DIFFICULTIES) for t in topics}
    for topic in topics:
        if have[topic] < wanted[topic]:
            shortages.append(Shortage((topic,), (), wanted[topic], have[topic]))
    if shortages:
        raise BankShort(shortages)
    return [(bank.pools[t], wanted[t], len(bank.pools[t]) - have[t]) for t in topics]


def _plan_with_mix(
    topics: Sequence[str],
    wanted: Mapping[str, int],
    mix: Mapping[int, int],
    available: Mapping[tuple[str, int], int],
    rng: random.Random,
) -> list[tuple[tuple[str, int], int]]:
    """How many questions each (topic, difficulty) cell gives: a maximum flow from topics to
    difficulties through the cells' available counts; short when the flow falls short."""
    levels = [d for d in DIFFICULTIES if mix.get(d, 0) > 0]
    shortages = []
    for topic in topics:
        have = sum(available.get((topic, d), 0) for d in levels)
        if have < wanted[topic]:
            shortages.append(Shortage((topic,), tuple(levels), wanted[topic], have))
    for level in levels:
        have = sum(available.get((t, level), 0) for t in topics)
        if have < mix[level]:
            shortages.append(Shortage(tuple(topics), (level,), mix[level], have))
    if shortages:
        raise BankShort(shortages)
    flow = _Flow(topics, wanted, levels, mix, available, rng)
    flow.run()
    blocked = flow.shortage()
    if blocked is not None:
        raise BankShort([blocked])
    return [(cell, n) for cell, n in flow.flow.items() if n > 0]


class _Flow:
    """Augmenting paths from topics to difficulties (capacity: a cell's available questions).

    The cells are tried in a seeded order, so two seeds may split a topic differently over
    the difficulties. When the flow cannot reach the total, the topics reachable from the
    unmet ones in the residual graph, with their difficulties, are the bottleneck (a min cut).
    """

    def __init__(
        self,
        topics: Sequence[str],
        wanted: Mapping[str, int],
        levels: Sequence[int],
        mix: Mapping[int, int],
        available: Mapping[tuple[str, int], int],
        rng: random.Random,
    ) -> None:
        self.topics, self.levels, self.wanted = list(topics), list(levels), wanted
        self.available = available
        self.flow: dict[tuple[str, int], int] = {(t, d): 0 for t in topics for d in levels}
        self.left_topic = {t: wanted[t] for t in topics}
        self.left_level = {d: mix[d] for d in levels}
        self.order = {t: list(levels) for t in topics}
        for t in topics:
            rng.shuffle(self.order[t])

    def residual(self, t: str, d: int) -> int:
        return self.available.get((t, d), 0) - self.flow[(t, d)]

    def run(self) -> None:
        # a greedy pass fills most of it; augmenting paths move the rest
        for t in self.topics:
            for d in self.order[t]:
                n = min(self.left_topic[t], self.left_level[d], self.residual(t, d))
                if n > 0:
                    self.flow[(t, d)] += n
                    self.left_topic[t] -= n
                    self.left_level[d] -= n
        while (path := self._path()) is not None:
            # the edges alternate: forward (topic → level), backward (level → topic), …
            amount = min(self.left_topic[path[0][0]], self.left_level[path[-1][1]])
            for i, (t, d) in enumerate(path):
                amount = min(amount, self.residual(t, d) if i % 2 == 0 else self.flow[(t, d)])
            for i, (t, d) in enumerate(path):
                self.flow[(t, d)] += amount if i % 2 == 0 else -amount
            self.left_topic[path[0][0]] -= amount
            self.left_level[path[-1][1]] -= amount

    def _path(self) -> list[tuple[str, int]] | None:
        """A path from a topic with count left to a difficulty with count left (breadth first)."""
        came_t: dict[str, tuple[str, int] | None] = {
            t: None for t in self.topics if self.left_topic[t] > 0
        }
        came_d: dict[int, tuple[str, int]] = {}
        queue = list(came_t)
        while queue:
            t = queue.pop(0)
            for d in self.order[t]:
                if d in came_d or self.residual(t, d) <= 0:
                    continue
                came_d[d] = (t, d)
                if self.left_level[d] > 0:
                    return self._back(came_t, came_d, d)
                for t2 in self.topics:
                    if t2 not in came_t and self.flow[(t2, d)] > 0:
                        came_t[t2] = (t2, d)
                        queue.append(t2)
        return None

    @staticmethod
    def _back(
        came_t: Mapping[str, tuple[str, int] | None],
        came_d: Mapping[int, tuple[str, int]],
        end: int,
    ) -> list[tuple[str, int]]:
        path: list[tuple[str, int]] = []
        edge: tuple[str, int] | None = came_d[end]
        while edge is not None:
            path.append(edge)
            t = edge[0]
            back = came_t[t]
            if back is None:
                break
            path.append(back)
            edge = came_d[back[1]]
        return list(reversed(path))

    def shortage(self) -> Shortage | None:
        if sum(self.left_topic.values()) == 0:
            return None
        reach_t = [t for t in self.topics if self.left_topic[t] > 0]
        reach_d: set[int] = set()
        grew = True
        while grew:
            grew = False
            for t in list(reach_t):
                for d in self.levels:
                    if d not in reach_d and self.residual(t, d) > 0:
                        reach_d.add(d)
                        grew = True
            for d in list(reach_d):
                for t in self.topics:
                    if t not in reach_t and self.flow[(t, d)] > 0:
                        reach_t.append(t)
                        grew = True
        order = {t: i for i, t in enumerate(self.topics)}
        reach_t.sort(key=order.__getitem__)
        wanted = sum(self.wanted[t] for t in reach_t)
        have = wanted - sum(self.left_topic[t] for t in reach_t)
        return Shortage(tuple(reach_t), tuple(sorted(reach_d)), wanted, have)


def _pick(
    pool: Sequence[BankQuestion],
    count: int,
    excluded: int,
    exclude: frozenset[int],
    rng: random.Random,
) -> list[BankQuestion]:
    """``count`` questions of a pool outside the excluded families (``excluded`` of the pool's
    questions are in them), chosen by the seeded rng."""
    if count <= 0:
        return []
    picked = [pool[i] for i in rng.sample(range(len(pool)), min(len(pool), count + excluded))]
    out = [q for q in picked if q.family not in exclude][:count]
    assert len(out) == count, (len(out), count)
    return out


def _drawn_step(request: DrawRequest, seed: int, count: int) -> Step:
    args: dict[str, TraceValue] = {
        "topics": [f"{t}={n}" for t, n in request.topics.items() if n > 0],
        "difficulty": [f"{d}={n}" for d, n in sorted((request.difficulty or {}).items()) if n > 0],
        "excluded": [str(p) for p in request.exclude_papers],
        "seed": seed,
        "count": count,
    }
    return Step(RULE, "exam.drawn", args)


def no_overlap_step(paper_ids: Sequence[int]) -> Step:
    """A re-exam's paper shares no question with the papers it excludes (R-EXM-1)."""
    return Step(RULE, "exam.no_overlap", {"papers": [str(p) for p in paper_ids]}, reason=True)


# ---------------------------------------------------------------- sitting times


def window_end(closes_on: date) -> datetime:
    """The first moment after the window's last day."""
    return datetime.combine(closes_on + timedelta(days=1), time.min)


def deadline(started_at: datetime, limit_minutes: int, closes_on: date) -> datetime:
    """Started plus the time limit, never later than the end of the window (R-EXM-1)."""
    return min(started_at + timedelta(minutes=limit_minutes), window_end(closes_on))


def in_time(now: datetime, due: datetime) -> bool:
    """An answer counts up to and including the deadline, not after it."""
    return now <= due


def may_start(now: datetime, opens_on: date, closes_on: date) -> str | None:
    """Why a sitting cannot start now (``not_open`` / ``closed``), or None when it can."""
    if now.date() < opens_on:
        return "not_open"
    if now >= window_end(closes_on):
        return "closed"
    return None


# ---------------------------------------------------------------- grading


@dataclass(frozen=True)
class KeyedQuestion:
    """A question on a paper as grading sees it."""

    position: int
    question_id: int
    kind: str
    exam_kind: str
    points: Decimal
    options: tuple[str, ...]
    key: tuple[str, ...]
    """Option letters (single, multiple) or accepted answers (fill); empty otherwise."""
    reference: str | None = None


@dataclass(frozen=True)
class Graded:
    """One question's points (None: waiting for a marker) and why."""

    points: Decimal | None
    step: Step


def normalise_fill(text: str) -> str:
    """A fill-in answer as compared: NFKC, case folded, no white space or punctuation.

    A decimal point between two digits is kept, so 1.5 and 15 stay different.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = []
    for i, ch in enumerate(folded):
        if ch.isspace():
            continue
        if unicodedata.category(ch).startswith("P"):
            between_digits = (
                ch == "." and 0 < i < len(folded) - 1 and folded[i - 1].isdigit()
            ) and folded[i + 1].isdigit()
            if not between_digits:
                continue
        kept.append(ch)
    return "".join(kept)


def letters(response: Iterable[str]) -> tuple[str, ...]:
    """Chosen option letters, upper case, each once, in order: "c", "A", "A" → ("A", "C")."""
    found = {unicodedata.normalize("NFKC", r).strip().upper() for r in response}
    return tuple(sorted(x for x in found if x))


def grade(
    q: KeyedQuestion,
    response: Sequence[str] | None,
    multiple_mode: str,
    marked: tuple[Decimal, str, str] | None = None,
) -> Graded:
    """One question's points and why: objective ones by the key, the others by their marker.

    ``marked`` is (points, comment, marker) once a marker has marked the answer.
    """
    base: dict[str, TraceValue] = {
        "n": q.position,
        "kind": q.kind,
        "exam_kind": q.exam_kind,
        "points": num(q.points),
        "answer": _answer_text(q, response),
        "key": _key_text(q),
    }
    if not auto_graded(q.kind, q.exam_kind):
        if marked is not None:
            given, comment, marker = marked
            args = base | {"earned": num(given), "comment": comment, "marker": marker}
            return Graded(given, Step(RULE, "exam.marked", args))
        if q.exam_kind == AUTO_EXAM_KIND and not _answered(response):
            return Graded(ZERO, Step(RULE, "exam.unanswered", base | {"earned": "0"}, reason=True))
        return Graded(None, Step(RULE, "exam.awaiting_marking", base, reason=True))
    if not _answered(response):
        return Graded(ZERO, Step(RULE, "exam.unanswered", base | {"earned": "0"}, reason=True))
    assert response is not None
    if q.kind == "single":
        return _grade_single(q, response, base)
    if q.kind == "multiple":
        return _grade_multiple(q, response, base, multiple_mode)
    return _grade_fill(q, response, base)


def _answered(response: Sequence[str] | None) -> bool:
    return response is not None and any(r.strip() for r in response)


def _grade_single(q: KeyedQuestion, response: Sequence[str], base: dict[str, TraceValue]) -> Graded:
    chosen = letters(response)
    if chosen == letters(q.key):
        return Graded(q.points, Step(RULE, "exam.right", base | {"earned": num(q.points)}))
    return Graded(ZERO, Step(RULE, "exam.wrong", base | {"earned": "0"}, reason=True))


def _grade_multiple(
    q: KeyedQuestion, response: Sequence[str], base: dict[str, TraceValue], mode: str
) -> Graded:
    if mode not in MULTIPLE_MODES:
        raise KefuError(f"exams.multiple_choice 应为 {' / '.join(MULTIPLE_MODES)}，而不是 {mode}")
    chosen, key = set(letters(response)), set(letters(q.key))
    if chosen == key:
        return Graded(q.points, Step(RULE, "exam.right", base | {"earned": num(q.points)}))
    wrong = sorted(chosen - key)
    missed = sorted(key - chosen)
    args = base | {"wrong": wrong, "missed": missed, "mode": mode, "earned": "0"}
    if wrong or mode == "all_or_nothing":
        return Graded(ZERO, Step(RULE, "exam.multiple_wrong", args, reason=True))
    share = Fraction(len(chosen), len(key))
    earned = _decimal(Fraction(q.points) * share)
    args |= {"earned": num(earned), "chosen": len(chosen), "of": len(key)}
    return Graded(earned, Step(RULE, "exam.multiple_partial", args, reason=True))


def _grade_fill(q: KeyedQuestion, response: Sequence[str], base: dict[str, TraceValue]) -> Graded:
    given = normalise_fill(" ".join(response))
    for accepted in q.key:
        if given and given == normalise_fill(accepted):
            args = base | {"earned": num(q.points), "matched": accepted}
            return Graded(q.points, Step(RULE, "exam.fill_right", args))
    args = base | {"earned": "0", "normalised": given}
    return Graded(ZERO, Step(RULE, "exam.fill_wrong", args, reason=True))


def _answer_text(q: KeyedQuestion, response: Sequence[str] | None) -> str:
    if not _answered(response):
        return ""
    assert response is not None
    if q.kind in CHOICE_KINDS:
        return "".join(letters(response))
    return "\n".join(r for r in response if r.strip())


def _key_text(q: KeyedQuestion) -> str:
    if q.kind in CHOICE_KINDS:
        return "".join(letters(q.key))
    if q.kind == "fill":
        return " | ".join(q.key)
    return q.reference or ""


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


# ---------------------------------------------------------------- the score


@dataclass(frozen=True)
class Outcome:
    """A sitting's result: earned points, the score out of 100, passed; and why."""

    earned: Decimal | None
    total: Decimal
    score: Decimal | None
    passed: bool | None
    final: bool
    questions: tuple[Graded, ...]
    steps: tuple[Step, ...] = field(default=())

    @property
    def waiting(self) -> int:
        """How many answers still wait for a marker."""
        return sum(1 for g in self.questions if g.points is None)


def round_score(value: Decimal, display: Display) -> Decimal:
    """A score rounded as the policy's display section says (R-EXM-1)."""
    quantum = Decimal(1).scaleb(-display.score_decimals)
    mode = ROUND_HALF_UP if display.rounding == "half_up" else ROUND_HALF_EVEN
    return value.quantize(quantum, rounding=mode)


def outcome(
    graded: Sequence[Graded],
    total: Decimal,
    pass_mark: Decimal,
    display: Display,
    timed_out: bool = False,
) -> Outcome:
    """The score out of 100 = earned ÷ total × 100, rounded by display; passed at the mark."""
    if total <= 0:
        raise KefuError("试卷总分必须大于 0 (a paper's total points must be above 0)")
    steps: list[Step] = []
    if timed_out:
        steps.append(Step(RULE, "exam.timed_out", {}, reason=True))
    waiting = sum(1 for g in graded if g.points is None)
    if waiting:
        steps.append(Step(RULE, "exam.waiting", {"count": waiting}, reason=True))
        return Outcome(None, total, None, None, False, tuple(graded), tuple(steps))
    earned = sum((g.points for g in graded if g.points is not None), ZERO)
    exact = Fraction(earned) / Fraction(total) * Fraction(SCALE_TOP)
    score = round_score(_decimal(exact), display)
    passed = score >= pass_mark
    steps.append(
        Step(
            RULE,
            "exam.score",
            {
                "earned": num(earned),
                "total": num(total),
                "exact": score_text(_decimal(exact)),
                "score": str(score),
                "decimals": display.score_decimals,
                "rounding": display.rounding,
            },
        )
    )
    code = "exam.passed" if passed else "exam.failed"
    steps.append(Step(RULE, code, {"score": str(score), "pass_mark": num(pass_mark)}, reason=True))
    return Outcome(earned, total, score, passed, True, tuple(graded), tuple(steps))


def check_marks(points: Decimal, full: Decimal) -> Decimal:
    """A marker gives from 0 to the question's points (R-EXM-1)."""
    if not points.is_finite() or points < 0 or points > full:
        raise KefuError(
            f"评分应在 0 到本题分值 {num(full)} 分之间，而不是 {points} "
            f"(a mark lies between 0 and the question's {num(full)} points)"
        )
    return ZERO if points == 0 else points


# ---------------------------------------------------------------- results feeding on


@dataclass(frozen=True)
class ExamScore:
    """A final exam score of one person on one day (for the assessment and the ladder)."""

    sitting_id: int
    taken_on: date
    score: Decimal


def lowest_of_month(scores: Sequence[ExamScore]) -> ExamScore | None:
    """The lowest final score among a month's monthly exams (earliest sitting on a tie)."""
    return min(scores, key=lambda s: (s.score, s.taken_on, s.sitting_id), default=None)


def merged_min_exam(
    imported: Decimal | None, from_exams: ExamScore | None
) -> tuple[Decimal | None, Step | None]:
    """最低考试成绩 of a month: the lower of the imported value and kefu's exams, and why."""
    if from_exams is None:
        return imported, None
    args: dict[str, TraceValue] = {
        "sitting": from_exams.sitting_id,
        "taken_on": from_exams.taken_on.isoformat(),
        "exam": score_text(from_exams.score),
        "imported": score_text(imported),
    }
    if imported is None:
        return from_exams.score, Step(RULE, "exam.evidence_from_exams", args)
    if from_exams.score < imported:
        return from_exams.score, Step(RULE, "exam.evidence_exams_lower", args)
    return imported, Step(RULE, "exam.evidence_imported_lower", args)


def newest(scores: Sequence[ExamScore]) -> ExamScore | None:
    """The newest final exam (latest day, then latest sitting)."""
    return max(scores, key=lambda s: (s.taken_on, s.sitting_id), default=None)


# ---------------------------------------------------------------- small parsers


_SPLIT = re.compile(r"[|｜\n]+")


def split_accepted(text: str) -> tuple[str, ...]:
    """The accepted answers of a fill-in, separated by | (or ｜ or new lines)."""
    return tuple(a.strip() for a in _SPLIT.split(text) if a.strip())


# ---------------------------------------------------------------- a question as written


@dataclass(frozen=True)
class QuestionIn:
    """A question as a form, the API or a bank sheet gives it (before it is stored)."""

    topic: str
    kind: str
    exam_kind: str
    difficulty: int
    stem: str
    options: tuple[str, ...]
    key: tuple[str, ...]
    """Option letters (choice) or accepted answers (fill-in); empty for the marked kinds."""
    reference: str | None
    points: Decimal


# input limits of the bank's columns, not policy
TOPIC_MAX = 64
STEM_MAX = 4000
OPTION_MAX = 500
ANSWER_MAX = 200
REFERENCE_MAX = 4000
MAX_ACCEPTED = 20
POINTS_MAX = Decimal(100)
POINTS_DECIMALS = 4


def question_problems(q: QuestionIn) -> list[tuple[str, str]]:
    """What is wrong with a question: (field, reason in Chinese) for each problem found."""
    out: list[tuple[str, str]] = []
    if not q.topic.strip():
        out.append(("topic", "知识点不能为空"))
    elif len(q.topic) > TOPIC_MAX:
        out.append(("topic", f"知识点最多 {TOPIC_MAX} 个字"))
    if q.kind not in KINDS:
        out.append(("kind", f"题型应为 {'、'.join(n['zh'] for n in KIND_NAMES.values())}"))
    if q.exam_kind not in EXAM_KINDS:
        out.append(
            ("exam_kind", f"考试形式应为 {'、'.join(n['zh'] for n in EXAM_KIND_NAMES.values())}")
        )
    if q.difficulty not in DIFFICULTIES:
        out.append(("difficulty", f"难度应为 {DIFFICULTIES[0]}–{DIFFICULTIES[-1]} 的整数"))
    if not q.stem.strip():
        out.append(("stem", "题干不能为空"))
    elif len(q.stem) > STEM_MAX:
        out.append(("stem", f"题干最多 {STEM_MAX} 个字"))
    if q.reference is not None and len(q.reference) > REFERENCE_MAX:
        out.append(("reference", f"解析最多 {REFERENCE_MAX} 个字"))
    if not q.points.is_finite() or not ZERO < q.points <= POINTS_MAX:
        out.append(("points", f"分值应大于 0 且不超过 {num(POINTS_MAX)}"))
    elif q.points != q.points.quantize(Decimal(1).scaleb(-POINTS_DECIMALS)):
        out.append(("points", f"分值最多 {POINTS_DECIMALS} 位小数"))
    out += _key_problems(q)
    return out


def _key_problems(q: QuestionIn) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if q.kind in CHOICE_KINDS:
        if len(q.options) < 2:
            out.append(("options", "选择题至少要有两个选项(从选项A起连续填写)"))
        if len(q.options) > len(OPTION_LETTERS):
            out.append(("options", f"选择题最多 {len(OPTION_LETTERS)} 个选项"))
        if any(not o.strip() for o in q.options):
            out.append(("options", "选项应从选项A起连续填写，中间不能留空"))
        if any(len(o) > OPTION_MAX for o in q.options):
            out.append(("options", f"每个选项最多 {OPTION_MAX} 个字"))
        chosen = letters(q.key)
        allowed = OPTION_LETTERS[: len(q.options)]
        if not chosen:
            out.append(("key", "选择题要填写正确选项的字母，例如 B 或 ACD"))
        elif any(c not in allowed for c in chosen):
            out.append(("key", f"答案只能是已有选项 {'、'.join(allowed)} 中的字母"))
        elif q.kind == "single" and len(chosen) != 1:
            out.append(("key", "单选题只有一个正确选项"))
        elif q.kind == "multiple" and len(chosen) < 2:
            out.append(("key", "多选题至少有两个正确选项(只有一个时请改为单选题)"))
        return out
    if q.options:
        out.append(("options", "只有选择题才有选项"))
    if q.kind == "fill":
        if not q.key:
            out.append(("key", "填空题要填写可接受的答案，多个答案用 | 分隔"))
        elif len(q.key) > MAX_ACCEPTED:
            out.append(("key", f"填空题最多 {MAX_ACCEPTED} 个可接受的答案"))
        elif any(len(a) > ANSWER_MAX for a in q.key):
            out.append(("key", f"每个可接受的答案最多 {ANSWER_MAX} 个字"))
        elif any(not normalise_fill(a) for a in q.key):
            out.append(("key", "可接受的答案去掉空格和标点后不能为空"))
    elif q.key:
        out.append(("key", "简答和论述题由阅卷人评分，参考答案请填在「解析」或「答案」中"))
    return out


def cleaned(q: QuestionIn) -> QuestionIn:
    """A question with its text trimmed and its key in the stored form."""
    key = letters(q.key) if q.kind in CHOICE_KINDS else tuple(a.strip() for a in q.key)
    reference = (q.reference or "").strip() or None
    return QuestionIn(
        topic=q.topic.strip(),
        kind=q.kind,
        exam_kind=q.exam_kind,
        difficulty=q.difficulty,
        stem=q.stem.strip(),
        options=tuple(o.strip() for o in q.options),
        key=key,
        reference=reference,
        points=ZERO if q.points == 0 else q.points,
    )


def question_error(problems: Sequence[tuple[str, str]]) -> KefuError:
    """The problems of a question typed in a form or sent to the API, as one refusal."""
    lines = "；".join(reason for _, reason in problems)
    return KefuError(f"试题有误:{lines} (the question is not valid)")
