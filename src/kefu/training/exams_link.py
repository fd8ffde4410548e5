"""The programme's exams on the question bank (kefu.exams, R-EXM-1): the trainer sets a paper
for the cohort, the graded sittings come back as training scores, and the re-exam after a
failed conversion exam is drawn with no question of the failed paper.

A sitting belongs to the programme by its purpose (training_theory, training_practical,
conversion, re_exam) and its context {"cohort": id} (with "plan_day": N for a plan exam).
Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.errors import KefuError, NotFound
from kefu.exams import service as exams
from kefu.exams.models import Paper, Sitting
from kefu.exams.service import ExamResult
from kefu.training import rules
from kefu.training.models import Trainee, TrainingScore
from kefu.training.service import (
    EXAM_PURPOSES,
    EXTENDED,
    RE_EXAM,
    RUNNING,
    TRAINING,
    check_manages,
    cohort_days,
    get_cohort,
    get_trainee,
    not_self,
    trainees,
)

# which trainees a paper of each purpose is for
_STAGES_FOR = {
    "training_theory": RUNNING,
    "training_practical": RUNNING,
    "conversion": frozenset({TRAINING}),
    "re_exam": frozenset({RE_EXAM, EXTENDED}),
}


def exam_results(session: Session, people_here: Sequence[Trainee]) -> list[ExamResult]:
    """The graded sittings of these trainees that belong to their cohort (oldest first)."""
    if not people_here:
        return []
    cohort_of = {t.employee_no: t.cohort_id for t in people_here}
    found = exams.results(
        session, employee_nos=list(cohort_of), purposes=list(EXAM_PURPOSES), final_only=True
    )
    return [
        r
        for r in found
        if r.score is not None and r.context.get("cohort") == cohort_of.get(r.employee_no)
    ]


def result_of(session: Session, trainee: Trainee, sitting_id: int) -> ExamResult:
    """One graded sitting of the trainee in their cohort, or NotFound."""
    for result in exam_results(session, [trainee]):
        if result.sitting_id == sitting_id:
            return result
    raise NotFound(
        f"{trainee.name} 在本培训班没有已评分的考试 {sitting_id} (no graded sitting {sitting_id})"
    )


def failed_conversion(session: Session, trainee: Trainee) -> TrainingScore:
    """The trainee's last conversion exam or re-exam (the failed one the next paper follows)."""
    row = session.scalar(
        select(TrainingScore)
        .where(
            TrainingScore.trainee_id == trainee.id,
            TrainingScore.kind.in_([rules.CONVERSION, rules.RE_EXAM]),
        )
        .order_by(TrainingScore.id.desc())
        .limit(1)
    )
    if row is None:
        raise KefuError(f"{trainee.name} 没有转正考试的记录 (no conversion exam recorded)")
    return row


def paper_of(session: Session, paper_id: int | None, label: str) -> rules.Paper:
    """A paper as the re-exam rule compares it: a bank paper with its questions, or a name."""
    if paper_id is None:
        return rules.Paper(None, label)
    return rules.Paper(paper_id, label, exams.paper_question_ids(session, paper_id))


def assign_exam(
    session: Session,
    viewer: Viewer,
    cohort_id: int,
    paper_id: int,
    *,
    purpose: str,
    opens_on: date,
    closes_on: date,
    employee_nos: Sequence[str] = (),
    plan_day: int | None = None,
    today: date,
) -> list[Sitting]:
    """The trainer sets a paper of the bank for the cohort's trainees (all those it is for, or
    the ones named): a theory or practical exam, the conversion exam or the re-exam. A re-exam
    paper that repeats a question of a trainee's failed paper is refused (R-NEW-1, R-EXM-1)."""
    cohort = get_cohort(session, cohort_id)
    check_manages(viewer, cohort)
    if purpose not in _STAGES_FOR:
        raise KefuError(
            f"考试用途「{purpose}」不是培训考试，应为 {', '.join(_STAGES_FOR)} (not a training purpose)"
        )
    if plan_day is not None:
        day = next((d for d in cohort_days(session, cohort.id) if d.number == plan_day), None)
        if day is None or day.exam is None:
            raise KefuError(f"计划第 {plan_day} 天没有考试 (that plan day holds no exam)")
    stages = _STAGES_FOR[purpose]
    everyone = {t.employee_no: t for t in trainees(session, cohort.id)}
    wanted = list(employee_nos) or [no for no, t in everyone.items() if t.stage in stages]
    if not wanted:
        raise KefuError("没有可以参加这场考试的学员 (no trainee this exam is for)")
    paper = exams.get_paper(session, paper_id)
    for no in wanted:
        trainee = everyone.get(no)
        if trainee is None:
            raise NotFound(f"培训班 {cohort.id} 没有学员 {no} (not a trainee of the cohort)")
        not_self(viewer, trainee, "安排")
        if trainee.stage not in stages:
            raise KefuError(f"{trainee.name} ({no}) 现在不参加这类考试 (not at that stage)")
        if purpose == "re_exam":
            failed = failed_conversion(session, trainee)
            rules.check_re_exam_paper(
                paper_of(session, failed.paper_id, failed.paper_label or ""),
                paper_of(session, paper.id, paper.title),
            )
    context: dict[str, int] = {"cohort": cohort.id}
    if plan_day is not None:
        context["plan_day"] = plan_day
    return exams.assign(
        session,
        viewer,
        paper.id,
        wanted,
        opens_on=opens_on,
        closes_on=closes_on,
        purpose=purpose,
        context=dict(context),
        today=today,
    )


def draw_re_exam_paper(
    session: Session,
    viewer: Viewer,
    trainee_id: int,
    *,
    topics: dict[str, int],
    exam_kind: str = "written",
    title: str = "",
    seed: int | None = None,
    today: date,
) -> Paper:
    """A re-exam paper drawn from the bank without the failed paper's questions (考试题目与上次
    不同): the failed conversion paper, when it was a bank paper, is excluded."""
    trainee = get_trainee(session, trainee_id)
    check_manages(viewer, get_cohort(session, trainee.cohort_id))
    not_self(viewer, trainee, "安排")
    failed = failed_conversion(session, trainee)
    return exams.draw_paper(
        session,
        viewer,
        title=title.strip() or f"{trainee.name} 转正补考",
        exam_kind=exam_kind,
        purpose="re_exam",
        topics=topics,
        exclude_papers=[failed.paper_id] if failed.paper_id is not None else [],
        seed=seed,
        today=today,
    )


def sittings_for(session: Session, trainee: Trainee) -> list[Sitting]:
    """The trainee's exam sittings set for their cohort (any state), newest first."""
    return [
        s
        for s in exams.sittings_of(session, trainee.employee_no)
        if s.purpose in _STAGES_FOR and s.context.get("cohort") == trainee.cohort_id
    ]
