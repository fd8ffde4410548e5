"""The conversion exam (转正考试) and what follows (R-NEW-1): pass → regular from the next day
in the register; fail → targeted training and a re-exam on a paper with no question in common;
the re-exam's pass → regular after a probation; its fail → the manager's recorded choice:
eliminate (the elimination case opens) or extend the probation. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.errors import Forbidden, KefuError
from kefu.explain.trace import Step, num
from kefu.people import service as people
from kefu.training import elimination_service, rules
from kefu.training.exams_link import failed_conversion, paper_of, result_of
from kefu.training.models import Trainee, TrainingScore
from kefu.training.rules import Calendar
from kefu.training.scores import ScoreEntry, check_day
from kefu.training.service import (
    CONVERTED,
    DECISION,
    EXAM_PURPOSES,
    EXTENDED,
    RE_EXAM,
    REGULAR,
    STAGES,
    TRAINING,
    check_manages,
    cleaned_text,
    get_cohort,
    get_trainee,
    laid_out,
    move_stage,
    not_self,
    policy_of,
)

# ---------------------------------------------------------------- conversion (R-NEW-1)


def conversion_scores(scores: Sequence[ScoreEntry]) -> list[ScoreEntry]:
    return [s for s in scores if s.kind in (rules.CONVERSION, rules.RE_EXAM) and s.score_id]


def record_conversion(
    session: Session,
    viewer: Viewer,
    trainee_id: int,
    *,
    taken_on: date,
    feedback: str,
    score: Decimal | None = None,
    paper_label: str = "",
    sitting_id: int | None = None,
    calendar: Calendar,
    today: date,
) -> TrainingScore:
    """The conversion exam's result (转正考试), or the re-exam's once it failed, or the exam that
    ends an extended probation; applied at once: pass → regular in the register from the next
    day (after a passed re-exam: after the probation); fail → targeted training and the re-exam
    date; a failed re-exam → the manager chooses."""
    trainee = get_trainee(session, trainee_id)
    cohort = get_cohort(session, trainee.cohort_id)
    check_manages(viewer, cohort)
    not_self(viewer, trainee, "录入")
    if trainee.stage not in (TRAINING, RE_EXAM, EXTENDED):
        zh, en = STAGES[trainee.stage]
        raise KefuError(f"{trainee.name} 现为「{zh}」，不能再记录转正考试 (stage: {en})")
    feedback = cleaned_text(feedback, "给学员的反馈")
    attempt = rules.CONVERSION if trainee.stage == TRAINING else rules.RE_EXAM
    loaded = policy_of(session, cohort)
    pass_mark = Decimal(rules.setting(loaded, "conversion_pass_mark", rules.PLAN_RULE))
    paper_id = None
    if sitting_id is not None:
        result = result_of(session, trainee, sitting_id)
        if EXAM_PURPOSES[result.purpose] != attempt:
            raise KefuError(
                f"考试 {sitting_id} 不是{rules.SCORE_KINDS[attempt][0]} (not the {attempt})"
            )
        score, taken_on, paper_id = result.score, result.taken_on, result.paper_id
        paper_label = paper_label.strip() or f"试卷 #{paper_id}"
    if score is None:
        raise KefuError("请填写成绩 (a score is required)")
    paper_label = cleaned_text(paper_label, "试卷名称", limit=200)
    check_day(cohort, taken_on, today)
    steps: list[Step] = []
    if attempt == rules.CONVERSION:
        scheduled = rules.conversion_day(laid_out(session, cohort, calendar))
        if scheduled is None:
            raise KefuError(
                f"培训班「{cohort.name}」的计划没有转正考试日 (the plan has no conversion exam)"
            )
        steps.append(rules.check_exam_day(attempt, taken_on, scheduled.on))
        days = int(rules.setting(loaded, "re_exam_after_days", rules.PLAN_RULE))
        outcome = rules.conversion_outcome(score, pass_mark, taken_on, days, calendar)
    else:
        # the re-exam sits on its day; after an extended probation, at its end
        scheduled_on = trainee.re_exam_on if trainee.stage == RE_EXAM else trainee.extended_until
        assert scheduled_on is not None
        steps.append(rules.check_exam_day(attempt, taken_on, scheduled_on))
        failed = failed_conversion(session, trainee)
        steps.append(
            rules.check_re_exam_paper(
                paper_of(session, failed.paper_id, failed.paper_label or ""),
                paper_of(session, paper_id, paper_label),
            )
        )
        if trainee.stage == RE_EXAM:
            months = int(rules.setting(loaded, "probation_after_re_exam_months", rules.PLAN_RULE))
            outcome = rules.re_exam_outcome(score, pass_mark, taken_on, months)
        else:
            outcome = rules.extension_outcome(score, pass_mark, taken_on)
    steps += outcome.steps
    row = TrainingScore(
        trainee_id=trainee.id,
        kind=attempt,
        taken_on=taken_on,
        score=score,
        occasion="conversion",
        plan_day=None,
        feedback=feedback,
        source="typed" if sitting_id is None else "exam",
        sitting_id=sitting_id,
        paper_id=paper_id,
        paper_label=paper_label,
        pass_mark=pass_mark,
        steps=[s.as_dict() for s in steps],
        corrects_id=None,
        recorded_by=viewer.username,
        recorded_on=today,
    )
    session.add(row)
    session.flush()
    if outcome.passed:
        assert outcome.regular_from is not None
        move_stage(
            session, trainee, trainee.stage, stage=CONVERTED, regular_from=outcome.regular_from
        )
        people.record_change(
            session,
            trainee.employee_no,
            outcome.regular_from,
            {"status": REGULAR, "converted_on": outcome.regular_from},
            recorded_by=viewer.username,
            source=f"新员工培训 {cohort.name} {rules.SCORE_KINDS[attempt][0]}通过",
        )
    elif attempt == rules.CONVERSION:
        move_stage(session, trainee, TRAINING, stage=RE_EXAM, re_exam_on=outcome.re_exam_on)
    else:  # the manager chooses (again)
        move_stage(
            session,
            trainee,
            trainee.stage,
            stage=DECISION,
            decision=None,
            decided_by=None,
            decided_on=None,
            decision_reason=None,
        )
    audit.record(
        session,
        viewer.username,
        "training.conversion" if attempt == rules.CONVERSION else "training.re_exam",
        f"trainee:{trainee.id}",
        {"score": num(score), "passed": outcome.passed, "on": taken_on.isoformat()},
    )
    return row


def decide(
    session: Session,
    viewer: Viewer,
    trainee_id: int,
    choice: str,
    reason: str,
    *,
    until: date | None = None,
    calendar: Calendar,
    today: date,
) -> Trainee:
    """After a failed re-exam the manager chooses, with the reason: eliminate (the elimination
    case opens) or extend the probation to a day (R-NEW-1)."""
    if not viewer.can("training.decide"):
        raise Forbidden("补考未通过后由客服经理决定 (a manager decides after a failed re-exam)")
    trainee = get_trainee(session, trainee_id)
    not_self(viewer, trainee, "决定")
    if trainee.stage != DECISION:
        zh, en = STAGES[trainee.stage]
        raise KefuError(f"{trainee.name} 现为「{zh}」，没有待决定的事项 (stage: {en})")
    reason = cleaned_text(reason, "决定的理由")
    if choice == "extend":
        if until is None:
            raise KefuError("请填写延长试用期至哪一天 (extend to which day)")
        rules.check_extension(until, today, reason)
        move_stage(
            session,
            trainee,
            DECISION,
            stage=EXTENDED,
            extended_until=until,
            decision="extend",
            decided_by=viewer.username,
            decided_on=today,
            decision_reason=reason,
        )
    elif choice == "eliminate":
        move_stage(
            session,
            trainee,
            DECISION,
            decision="eliminate",
            decided_by=viewer.username,
            decided_on=today,
            decision_reason=reason,
        )
        elimination_service.open_case(
            session, viewer, trainee.id, calendar=calendar, today=today, reason=reason
        )
    else:
        raise KefuError(f"决定应为 eliminate (淘汰) 或 extend (延长试用期)，而不是「{choice}」")
    audit.record(
        session,
        viewer.username,
        "training.decision",
        f"trainee:{trainee.id}",
        {"choice": choice, "until": until.isoformat() if until else None},
    )
    return trainee


def waiting_decisions(session: Session) -> list[Trainee]:
    """Trainees who failed the re-exam and wait for the manager's choice."""
    return list(
        session.scalars(select(Trainee).where(Trainee.stage == DECISION).order_by(Trainee.id))
    )
