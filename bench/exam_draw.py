"""Benchmark: drawing exam papers and their re-exam papers (R-EXM-1) from a large bank.

Builds a bank of N questions (default 20,000: 10 topics × 5 difficulties, one family each),
then draws P pairs (default 1,000): a paper of 20 questions by topic counts and a difficulty
mix, and its re-exam paper drawn with every question of the first one excluded. It checks that
no pair shares a question and that every paper meets its counts, and prints the time per pair
and its ratio to the 5 ms target. In the same run it draws a few pairs through the service on
a SQLite database holding the same bank (the bank read from the database each time), for
comparison.

    python bench/exam_draw.py                   # 20,000 questions, 1,000 pairs
    python bench/exam_draw.py --questions 50000 --pairs 200 --service-pairs 0
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert

from kefu.accounts.rules import Viewer
from kefu.db import make_engine, migrate, unit_of_work
from kefu.exams import rules
from kefu.exams import service as exams
from kefu.exams.models import Question
from kefu.periods import Month
from kefu.policy.service import use_policy

TARGET_MS = 5.0
TOPICS = tuple(f"知识点{i + 1:02d}" for i in range(10))
MIX = {1: 4, 2: 4, 3: 6, 4: 4, 5: 2}
PER_TOPIC = 4
TOPICS_PER_PAPER = 5
DAY = date(2026, 11, 20)


def make_bank(size: int) -> list[rules.BankQuestion]:
    """``size`` questions spread evenly over the topics and difficulties."""
    out = []
    for i in range(size):
        topic = TOPICS[i % len(TOPICS)]
        level = rules.DIFFICULTIES[(i // len(TOPICS)) % len(rules.DIFFICULTIES)]
        out.append(rules.BankQuestion(i + 1, i + 1, topic, level))
    return out


def request_for(pair: int, exclude: frozenset[int] = frozenset()) -> rules.DrawRequest:
    """Five of the ten topics, four questions each, rotating with the pair."""
    chosen = [TOPICS[(pair + k) % len(TOPICS)] for k in range(TOPICS_PER_PAPER)]
    return rules.DrawRequest(dict.fromkeys(chosen, PER_TOPIC), dict(MIX), exclude)


def check(bank: list[rules.BankQuestion], drawn: rules.Drawn, request: rules.DrawRequest) -> None:
    by_id = {q.id: q for q in bank}
    picked = [by_id[i] for i in drawn.question_ids]
    for topic, count in request.topics.items():
        assert sum(1 for q in picked if q.topic == topic) == count
    assert request.difficulty is not None
    for level, count in request.difficulty.items():
        assert sum(1 for q in picked if q.difficulty == level) == count


def pure_pairs(bank: list[rules.BankQuestion], pairs: int, seed: int) -> tuple[float, float]:
    """(seconds to index the bank, seconds for the pairs); every pair checked afterwards."""
    t = time.perf_counter()
    indexed = rules.Bank(bank)
    index_s = time.perf_counter() - t
    drawn = []
    t = time.perf_counter()
    for pair in range(pairs):
        first = rules.draw(indexed, request_for(pair), seed + 2 * pair)
        again = rules.draw(indexed, request_for(pair, first.families), seed + 2 * pair + 1)
        drawn.append((pair, first, again))
    pairs_s = time.perf_counter() - t
    for pair, first, again in drawn:
        assert not set(first.question_ids) & set(again.question_ids), pair
        check(bank, first, request_for(pair))
        check(bank, again, request_for(pair))
    return index_s, pairs_s


def service_pairs(bank: list[rules.BankQuestion], pairs: int, folder: Path) -> float:
    """Seconds for ``pairs`` pairs drawn through kefu.exams.service on a SQLite database."""
    engine = make_engine(f"sqlite:///{folder / 'bench.sqlite3'}")
    migrate(engine)
    with unit_of_work(engine) as session:
        use_policy(session, "demo", Month(2026, 1), "bench")
        rows = [
            {
                "family_id": q.family,
                "version": 1,
                "topic": q.topic,
                "kind": "single",
                "exam_kind": "written",
                "difficulty": q.difficulty,
                "stem": f"题目 {q.id}",
                "options": ["甲", "乙", "丙", "丁"],
                "key": ["A"],
                "reference": None,
                "points": Decimal(2),
                "created_by": "bench",
                "created_on": DAY,
                "source": "bench",
            }
            for q in bank
        ]
        session.execute(insert(Question), rows)
    qa = Viewer(username="bench", role="qa")
    t = time.perf_counter()
    with unit_of_work(engine) as session:
        for pair in range(pairs):
            request = request_for(pair)
            first = exams.draw_paper(
                session,
                qa,
                title=f"月考 {pair}",
                exam_kind="written",
                purpose="monthly",
                topics=dict(request.topics),
                difficulty=dict(MIX),
                seed=2 * pair,
                today=DAY,
            )
            again = exams.draw_paper(
                session,
                qa,
                title=f"补考 {pair}",
                exam_kind="written",
                purpose="re_exam",
                topics=dict(request.topics),
                difficulty=dict(MIX),
                exclude_papers=[first.id],
                seed=2 * pair + 1,
                today=DAY,
            )
            shared = exams.paper_question_ids(session, first.id) & exams.paper_question_ids(
                session, again.id
            )
            assert not shared, pair
    elapsed = time.perf_counter() - t
    engine.dispose()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=1_000)
    parser.add_argument("--service-pairs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    bank = make_bank(args.questions)
    random.Random(args.seed).shuffle(bank)
    print(
        f"bank: {args.questions:,} questions ({len(TOPICS)} topics × {len(rules.DIFFICULTIES)} "
        f"difficulties); a paper: {TOPICS_PER_PAPER} topics × {PER_TOPIC}, mix {MIX}"
    )
    index_s, pairs_s = pure_pairs(bank, args.pairs, args.seed)
    per_pair_ms = pairs_s / args.pairs * 1000
    print(f"indexing the bank once: {index_s * 1000:.1f} ms")
    print(f"{args.pairs:,} pairs drawn, none overlapping, every count met: {pairs_s:.2f} s")
    print()
    print("drawing               pairs   per pair   target   ratio (per pair / target)")
    print(
        f"rules (indexed bank) {args.pairs:>6,}  {per_pair_ms:>7.3f} ms  "
        f"{TARGET_MS:.0f} ms   {per_pair_ms / TARGET_MS:.3f}"
    )
    if args.service_pairs:
        with tempfile.TemporaryDirectory(prefix="kefu-bench-exams-") as folder:
            service_s = service_pairs(bank, args.service_pairs, Path(folder))
        service_ms = service_s / args.service_pairs * 1000
        print(
            f"service (SQLite)     {args.service_pairs:>6,}  {service_ms:>7.1f} ms  "
            f"   —     (reads the bank and writes both papers each time)"
        )
    return 0 if per_pair_ms <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
