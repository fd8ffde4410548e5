"""The demo center's recruitment (招聘, R-REC-1): six applicants of October 2026 at different
stages, recorded and moved by HR through the service, as a visitor would.

Nobody is hired into the register here (the demo's register is what the other pages count):
the candidate who passed the interview waits at the second test, ready for training.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.recruitment import service
from kefu.recruitment.models import RecruitCandidate
from kefu.recruitment.rules import InterviewSheet, Item

HR = Viewer("hr", "hr")
FIRST_TEST: tuple[Item, ...] = (
    "chinese_typing",
    "digit_typing",
    "office_software",
    "reading_clarity",
    "reading_accuracy",
)


def _add(
    session: Session, name: str, contact: str, applied: date, source: str, today: date
) -> RecruitCandidate:
    return service.add_candidate(
        session, HR, name=name, contact=contact, applied_on=applied, source=source, today=today
    )


def _move(
    session: Session, candidate: RecruitCandidate, to: str, on: date, reason: str = ""
) -> None:
    service.move(
        session, HR, candidate.id, to, seen_version=candidate.version, today=on, reason=reason
    )


def _first_test(
    session: Session, candidate: RecruitCandidate, on: date, figures: tuple[int, ...]
) -> None:
    values = {item: Decimal(v) for item, v in zip(FIRST_TEST, figures, strict=True)}
    service.record_results(session, HR, candidate.id, values, taken_on=on, today=on)


def _interview(
    session: Session,
    candidate: RecruitCandidate,
    on: date,
    interviewer: str,
    scores: tuple[int, ...],
) -> None:
    dimensions = service.pass_marks(session, on).dimensions
    # one score a dimension, whatever dimensions the policy names
    sheet = InterviewSheet(
        interviewer, {d: Decimal(scores[i % len(scores)]) for i, d in enumerate(dimensions)}
    )
    service.record_interview(session, HR, candidate.id, sheet, taken_on=on, today=on)


def load(session: Session, today: date) -> list[str]:
    """Add the demo's recruitment data as of ``today``; one line a thing done, for the log."""
    year = today.year
    october = [date(year, 10, d) for d in range(1, 32)]

    def day(n: int) -> date:
        return october[n - 1]

    # ready for training: both tests passed, the interview mean above the pass mark
    song = _add(session, "宋佳", "139 1234 5601", day(8), "社会招聘", today)
    _move(session, song, "first_test", day(12))
    _first_test(session, song, day(12), (65, 190, 85, 88, 90))
    _move(session, song, "second_test", day(19), "初试合格，通知复试")
    _interview(session, song, day(26), "张敏", (80, 85, 78, 82, 84, 75, 88, 80))
    _interview(session, song, day(26), "刘伟", (76, 80, 74, 85, 80, 72, 86, 78))

    # failed the reading test: not hired
    zheng = _add(session, "郑凯", "137 5555 0102", day(8), "校园招聘", today)
    _move(session, zheng, "first_test", day(12))
    _first_test(session, zheng, day(12), (62, 175, 70, 60, 74))
    _move(session, zheng, "rejected", day(14), "朗读测试发音清晰度未达及格线")

    # passed the first test, waiting for the interview
    ma = _add(session, "马超", "135 8888 0103", day(12), "内部推荐", today)
    _move(session, ma, "first_test", day(16))
    _first_test(session, ma, day(16), (58, 172, 80, 76, 81))
    _move(session, ma, "second_test", day(23), "初试合格，通知复试")

    # the typing test below the mark: cannot move on until a retest passes
    he = _add(session, "何静", "136 2222 0104", day(15), "社会招聘", today)
    _move(session, he, "first_test", day(20))
    _first_test(session, he, day(20), (42, 168, 75, 82, 78))

    # took another offer
    wu = _add(session, "吴婷", "138 6666 0105", day(20), "招聘网站", today)
    _move(session, wu, "withdrew", day(22), "已接受其他公司的录用")

    # just applied
    _add(session, "林晓", "134 7777 0106", day(30), "校园招聘", today)
    counts = service.stage_counts(session)
    return [
        f"招聘: {sum(counts.values())} 名应聘者(初试 {counts['first_test']}、复试 "
        f"{counts['second_test']}、报名 {counts['applied']})；人员储备见 kefu recruit reserve"
    ]
