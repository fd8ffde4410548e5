"""Training scores, warnings and recorded criteria, and where a trainee stands: the plan,
the scores with their feedback and the automatic elimination flags (R-NEW-2, R-NEW-3).

Theory and practical scores are typed in by the trainer or taken from a graded exam sitting
of kefu.exams assigned to the cohort (purposes training_theory / training_practical, context
{"cohort": id}); the flags are computed whenever they are read, so each appears the moment it
holds. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.db import claim
from kefu.errors import Conflict, KefuError, NotFound
from kefu.exams.service import ExamResult
from kefu.explain.trace import Step, num
from kefu.training import rules
from kefu.training.exams_link import exam_results, result_of
from kefu.training.models import Cohort, CohortDay, Criterion, Reminder, Trainee, TrainingScore
from kefu.training.rules import Calendar, Check, DayOnCalendar
from kefu.training.service import (
    CONVERTED,
    ELIMINATED,
    EXAM_PURPOSES,
    EXTENDED,
    OCCASIONS,
    RE_EXAM,
    RUNNING,
    STAGES,
    TRAINING,
    check_manages,
    cleaned_text,
    cohort_days,
    cohorts,
    get_cohort,
    get_trainee,
    laid_out,
    not_self,
    policy_of,
    trainees,
)

# ---------------------------------------------------------------- scores (R-NEW-2)


@dataclass(frozen=True)
class ScoreEntry:
    """A trainee's score as the pages and the rules see it: typed in, or from an exam."""

    ref: str
    score_id: int | None
    kind: str
    taken_on: date
    score: Decimal
    parts: dict[str, Decimal] | None
    occasion: str
    plan_day: int | None
    feedback: str
    source: str
    sitting_id: int | None
    paper_id: int | None
    paper_label: str | None
    recorded_by: str | None
    steps: tuple[Step, ...] = field(default=())


def _entry(row: TrainingScore) -> ScoreEntry:
    parts = None
    if row.kind == rules.CONDUCT:
        assert row.attendance is not None and row.attitude is not None
        assert row.teamwork is not None
        parts = {"attendance": row.attendance, "attitude": row.attitude, "teamwork": row.teamwork}
    return ScoreEntry(
        ref=f"score:{row.id}",
        score_id=row.id,
        kind=row.kind,
        taken_on=row.taken_on,
        score=row.score,
        parts=parts,
        occasion=row.occasion,
        plan_day=row.plan_day,
        feedback=row.feedback,
        source=row.source,
        sitting_id=row.sitting_id,
        paper_id=row.paper_id,
        paper_label=row.paper_label,
        recorded_by=row.recorded_by,
        steps=tuple(Step.from_dict(s) for s in row.steps),
    )


def score_rows(session: Session, trainee_ids: Sequence[int]) -> list[TrainingScore]:
    if not trainee_ids:
        return []
    return list(
        session.scalars(
            select(TrainingScore)
            .where(TrainingScore.trainee_id.in_(list(trainee_ids)))
            .order_by(TrainingScore.taken_on, TrainingScore.id)
        )
    )


def scores_of(
    session: Session, trainee: Trainee, results: Sequence[ExamResult] | None = None
) -> list[ScoreEntry]:
    """A trainee's scores in the order taken: the typed ones still in force (a correction
    replaces the score it corrects) and the graded exam sittings of the cohort."""
    rows = score_rows(session, [trainee.id])
    corrected = {r.corrects_id for r in rows if r.corrects_id is not None}
    entries = [_entry(r) for r in rows if r.id not in corrected]
    kept = {e.sitting_id for e in entries if e.sitting_id is not None}
    found = exam_results(session, [trainee]) if results is None else results
    for result in found:
        if result.employee_no != trainee.employee_no or result.sitting_id in kept:
            continue
        entries.append(_exam_entry(result))
    entries.sort(key=lambda e: e.taken_on)
    return entries


def _exam_entry(result: ExamResult) -> ScoreEntry:
    kind = EXAM_PURPOSES[result.purpose]
    assert result.score is not None  # exam_results keeps the graded ones
    return ScoreEntry(
        ref=f"sitting:{result.sitting_id}",
        score_id=None,
        kind=kind,
        taken_on=result.taken_on,
        score=result.score,
        parts=None,
        occasion="conversion" if kind in (rules.CONVERSION, rules.RE_EXAM) else "exam",
        plan_day=result.context.get("plan_day"),
        feedback="",
        source="exam",
        sitting_id=result.sitting_id,
        paper_id=result.paper_id,
        paper_label=None,
        recorded_by=None,
    )


def check_running(trainee: Trainee) -> None:
    if trainee.stage in (ELIMINATED, CONVERTED):
        zh, en = STAGES[trainee.stage]
        raise KefuError(f"{trainee.name} ({trainee.employee_no}) {zh}，培训已结束 ({en})")


def check_day(cohort: Cohort, taken_on: date, today: date) -> None:
    if taken_on < cohort.starts_on:
        raise KefuError(
            f"成绩日期 {taken_on.isoformat()} 早于开班日 {cohort.starts_on.isoformat()} "
            f"(a score is taken after the cohort starts)"
        )
    if taken_on > today:
        raise KefuError(
            f"成绩日期 {taken_on.isoformat()} 晚于今天 {today.isoformat()} "
            f"(a score is not taken in the future)"
        )


def _occasion(occasion: str, plan: list[CohortDay], plan_number: int | None) -> None:
    if occasion not in OCCASIONS or occasion == "conversion":
        raise KefuError(f"评估类别「{occasion}」不存在 (unknown occasion)")
    if occasion == "exam":
        day = next((d for d in plan if d.number == plan_number), None)
        if day is None or day.exam is None:
            raise KefuError(
                f"计划第 {plan_number} 天没有考试：请选择有考试的一天 (that plan day holds no exam)"
            )


def record_score(
    session: Session,
    viewer: Viewer,
    trainee_id: int,
    *,
    kind: str,
    taken_on: date,
    feedback: str,
    score: Decimal | None = None,
    parts: dict[str, Decimal] | None = None,
    occasion: str = "periodic",
    plan_number: int | None = None,
    corrects: int | None = None,
    reason: str = "",
    today: date,
) -> TrainingScore:
    """The trainer enters a theory or practical score out of 100, or daily conduct by its
    three parts, with feedback to the trainee (R-NEW-2)."""
    trainee = get_trainee(session, trainee_id)
    cohort = get_cohort(session, trainee.cohort_id)
    check_manages(viewer, cohort)
    not_self(viewer, trainee, "录入")
    check_running(trainee)
    if kind not in (rules.THEORY, rules.PRACTICAL, rules.CONDUCT):
        raise KefuError(
            f"成绩类别「{kind}」不存在：理论 theory、实践 practical 或日常表现 conduct "
            f"(转正考试请用「转正考试」记录) (unknown score kind)"
        )
    feedback = cleaned_text(feedback, "给学员的反馈")
    check_day(cohort, taken_on, today)
    _occasion(occasion, cohort_days(session, cohort.id), plan_number)
    loaded = policy_of(session, cohort)
    pass_mark = Decimal(rules.setting(loaded, "pass_mark", rules.SCORE_RULE))
    values: dict[str, Decimal | None] = {"attendance": None, "attitude": None, "teamwork": None}
    if kind == rules.CONDUCT:
        maxima = rules.setting(loaded, "conduct_parts", rules.SCORE_RULE)
        if parts is None:
            raise KefuError("日常表现须填写出勤、态度、协作三项得分 (the three conduct parts)")
        step = rules.conduct_total(parts, maxima)
        total = sum(parts.values(), Decimal(0))
        values = {p: parts[p] for p in rules.CONDUCT_PARTS}
        steps = [step]
    else:
        if score is None:
            raise KefuError("请填写成绩 (a score is required)")
        total = rules.check_mark(score, rules.SCORE_KINDS[kind][0])
        mark = rules.Mark("new", taken_on, total)
        steps = [rules.mark_step(kind, mark, pass_mark)]
    if corrects is not None:
        _correctable(session, trainee, corrects, kind)
        reason = cleaned_text(reason, "更正原因")
    row = TrainingScore(
        trainee_id=trainee.id,
        kind=kind,
        taken_on=taken_on,
        score=total,
        occasion=occasion,
        plan_day=plan_number if occasion == "exam" else None,
        feedback=feedback if corrects is None else f"{feedback}\n（更正原因：{reason}）",
        source="typed",
        sitting_id=None,
        paper_id=None,
        paper_label=None,
        pass_mark=pass_mark,
        steps=[s.as_dict() for s in steps],
        corrects_id=corrects,
        recorded_by=viewer.username,
        recorded_on=today,
        **values,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        viewer.username,
        "training.score",
        f"trainee:{trainee.id}",
        {"kind": kind, "score": num(total), "on": taken_on.isoformat(), "corrects": corrects},
    )
    return row


def _correctable(session: Session, trainee: Trainee, score_id: int, kind: str) -> None:
    old = session.get(TrainingScore, score_id)
    if old is None or old.trainee_id != trainee.id:
        raise NotFound(f"{trainee.name} 没有编号为 {score_id} 的成绩 (no such score)")
    if old.kind != kind:
        raise KefuError("更正的成绩类别应与原成绩相同 (a correction keeps the kind)")
    # take the score first: a second correction at the same moment waits, then finds the first
    claim(session, old, {}, {"kind": old.kind}, None)
    later = session.scalar(select(TrainingScore.id).where(TrainingScore.corrects_id == score_id))
    if later is not None:
        raise Conflict(f"成绩 {score_id} 已被更正过 (already corrected by {later})")


def adopt_exam_result(
    session: Session,
    viewer: Viewer,
    trainee_id: int,
    sitting_id: int,
    feedback: str,
    today: date,
) -> TrainingScore:
    """The trainer adds feedback to a graded exam sitting of the cohort; the result is kept
    beside the typed scores (R-NEW-2)."""
    trainee = get_trainee(session, trainee_id)
    cohort = get_cohort(session, trainee.cohort_id)
    check_manages(viewer, cohort)
    not_self(viewer, trainee, "录入")
    feedback = cleaned_text(feedback, "给学员的反馈")
    result = result_of(session, trainee, sitting_id)
    kind = EXAM_PURPOSES[result.purpose]
    if kind not in (rules.THEORY, rules.PRACTICAL):
        raise KefuError(
            "转正考试与补考的结果请用「转正考试」记录 (record conversion results there)"
        )
    kept = session.scalar(
        select(TrainingScore.id).where(
            TrainingScore.trainee_id == trainee.id, TrainingScore.sitting_id == sitting_id
        )
    )
    if kept is not None:
        raise KefuError(f"考试 {sitting_id} 的结果已经记录 (already recorded)")
    pass_mark = Decimal(rules.setting(policy_of(session, cohort), "pass_mark", rules.SCORE_RULE))
    assert result.score is not None  # exam_results keeps the graded ones
    step = rules.mark_step(kind, rules.Mark("new", result.taken_on, result.score), pass_mark)
    row = TrainingScore(
        trainee_id=trainee.id,
        kind=kind,
        taken_on=result.taken_on,
        score=result.score,
        occasion="exam",
        plan_day=result.context.get("plan_day"),
        feedback=feedback,
        source="exam",
        sitting_id=result.sitting_id,
        paper_id=result.paper_id,
        paper_label=None,
        pass_mark=pass_mark,
        steps=[step.as_dict()],
        corrects_id=None,
        recorded_by=viewer.username,
        recorded_on=today,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, viewer.username, "training.score", f"trainee:{trainee.id}", {"sitting": sitting_id}
    )
    return row


# ---------------------------------------------------------------- warnings and criteria


def warn(
    session: Session, viewer: Viewer, trainee_id: int, note: str, given_on: date, today: date
) -> Reminder:
    """提醒: the trainer warns a trainee, with a note (counted by the conduct flag, R-NEW-3)."""
    trainee = get_trainee(session, trainee_id)
    cohort = get_cohort(session, trainee.cohort_id)
    check_manages(viewer, cohort)
    not_self(viewer, trainee, "提醒")
    check_running(trainee)
    check_day(cohort, given_on, today)
    row = Reminder(
        trainee_id=trainee.id,
        given_on=given_on,
        note=cleaned_text(note, "提醒内容"),
        given_by=viewer.username,
    )
    session.add(row)
    session.flush()
    audit.record(session, viewer.username, "training.warn", f"trainee:{trainee.id}", {})
    return row


def warnings_of(session: Session, trainee_ids: Sequence[int]) -> list[Reminder]:
    if not trainee_ids:
        return []
    return list(
        session.scalars(
            select(Reminder)
            .where(Reminder.trainee_id.in_(list(trainee_ids)))
            .order_by(Reminder.given_on, Reminder.id)
        )
    )


def record_criterion(
    session: Session,
    viewer: Viewer,
    trainee_id: int,
    criterion: str,
    evidence: str,
    observed_on: date,
    today: date,
) -> Criterion:
    """The trainer records an elimination criterion the system cannot see, with its evidence:
    a serious violation, still unable after coaching, a serious complaint, refusal to
    cooperate, an ability test far below the bar (R-NEW-3)."""
    trainee = get_trainee(session, trainee_id)
    cohort = get_cohort(session, trainee.cohort_id)
    check_manages(viewer, cohort)
    not_self(viewer, trainee, "记录")
    check_running(trainee)
    if criterion not in rules.CRITERIA:
        raise KefuError(
            f"淘汰标准「{criterion}」不存在，应为 {', '.join(rules.CRITERIA)} (unknown criterion)"
        )
    check_day(cohort, observed_on, today)
    row = Criterion(
        trainee_id=trainee.id,
        criterion=criterion,
        observed_on=observed_on,
        evidence=cleaned_text(evidence, "事实依据"),
        recorded_by=viewer.username,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        viewer.username,
        "training.criterion",
        f"trainee:{trainee.id}",
        {"criterion": criterion},
    )
    return row


def withdraw_criterion(
    session: Session, viewer: Viewer, criterion_id: int, reason: str, today: date
) -> Criterion:
    """A recorded criterion found wrong is withdrawn, with the reason; the record stays."""
    row = session.get(Criterion, criterion_id)
    if row is None:
        raise NotFound(f"没有编号为 {criterion_id} 的淘汰依据 (no criterion {criterion_id})")
    trainee = get_trainee(session, row.trainee_id)
    check_manages(viewer, get_cohort(session, trainee.cohort_id))
    not_self(viewer, trainee, "撤销")
    if row.withdrawn_on is not None:
        raise KefuError("该淘汰依据已撤销 (already withdrawn)")
    claim(
        session,
        row,
        {"withdrawn_on": None},
        {
            "withdrawn_by": viewer.username,
            "withdrawn_on": today,
            "withdrawn_reason": cleaned_text(reason, "撤销原因"),
        },
        lambda now: Conflict(
            f"该淘汰依据已由 {now.withdrawn_by} 撤销，请刷新后查看 (someone withdrew it first)"
        ),
    )
    audit.record(session, viewer.username, "training.withdraw", f"criterion:{row.id}", {})
    return row


def criteria_of(session: Session, trainee_ids: Sequence[int]) -> list[Criterion]:
    if not trainee_ids:
        return []
    return list(
        session.scalars(
            select(Criterion)
            .where(Criterion.trainee_id.in_(list(trainee_ids)))
            .order_by(Criterion.observed_on, Criterion.id)
        )
    )


# ---------------------------------------------------------------- where a trainee stands


@dataclass(frozen=True)
class Standing:
    """A trainee now: the plan, scores, warnings, criteria, the automatic flags (R-NEW-3)."""

    trainee: Trainee
    cohort: Cohort
    laid: tuple[DayOnCalendar, ...]
    plan_problem: str | None
    scores: list[ScoreEntry]
    warnings: list[Reminder]
    criteria: list[Criterion]
    """The recorded criteria still standing (not withdrawn)."""
    withdrawn: list[Criterion]
    checks: list[Check]
    problems: list[str]
    """Why a flag could not be judged (a policy parameter not set …)."""
    no_mentor: Step | None
    mentor_due: date | None
    conversion_on: date | None

    @property
    def flags(self) -> list[Check]:
        return [c for c in self.checks if c.held]

    @property
    def preliminary(self) -> bool:
        """On the preliminary elimination list (初步名单): a flag or a recorded criterion."""
        return self.trainee.stage in (TRAINING, RE_EXAM, EXTENDED) and bool(
            self.flags or self.criteria
        )


def standing(
    session: Session,
    trainee: Trainee,
    calendar: Calendar,
    today: date,
    *,
    cohort: Cohort | None = None,
    laid: tuple[DayOnCalendar, ...] | None = None,
    results: Sequence[ExamResult] | None = None,
) -> Standing:
    """Everything the programme knows of a trainee today, with the flags that hold."""
    cohort = cohort or get_cohort(session, trainee.cohort_id)
    plan_problem = None
    if laid is None:
        try:
            laid = laid_out(session, cohort, calendar)
        except KefuError as exc:
            plan_problem, laid = exc.message, ()
    scores = scores_of(session, trainee, results)
    warned = warnings_of(session, [trainee.id])
    recorded = criteria_of(session, [trainee.id])
    checks, problems = flag_checks(session, cohort, scores, warned)
    due = rules.mentor_due(laid) if laid else None
    conversion = rules.conversion_day(laid) if laid else None
    no_mentor = None
    if due is not None and trainee.stage in RUNNING:
        no_mentor = rules.without_mentor(due, today, trainee.mentor_no is not None)
    return Standing(
        trainee=trainee,
        cohort=cohort,
        laid=laid,
        plan_problem=plan_problem,
        scores=scores,
        warnings=warned,
        criteria=[c for c in recorded if c.withdrawn_on is None],
        withdrawn=[c for c in recorded if c.withdrawn_on is not None],
        checks=checks,
        problems=problems,
        no_mentor=no_mentor,
        mentor_due=due,
        conversion_on=conversion.on if conversion else None,
    )


def flag_checks(
    session: Session, cohort: Cohort, scores: Sequence[ScoreEntry], warned: Sequence[Reminder]
) -> tuple[list[Check], list[str]]:
    """The three automatic criteria of R-NEW-3 by the cohort's policy; a criterion whose
    parameter is not set is named in the problems instead of being guessed."""
    checks: list[Check] = []
    problems: list[str] = []
    try:
        loaded = policy_of(session, cohort)
        pass_mark = Decimal(rules.setting(loaded, "pass_mark", rules.FLAG_RULE))
    except KefuError as exc:
        return [], [exc.message]
    try:
        needed = int(rules.setting(loaded, "consecutive_fails_to_eliminate", rules.FLAG_RULE))
        for kind in (rules.THEORY, rules.PRACTICAL):
            marks = [rules.Mark(s.ref, s.taken_on, s.score) for s in scores if s.kind == kind]
            checks.append(rules.fails_in_a_row(kind, marks, pass_mark, needed))
    except KefuError as exc:
        problems.append(exc.message)
    try:
        warnings_needed = int(rules.setting(loaded, "conduct_warnings_to_flag", rules.FLAG_RULE))
        conduct = [
            rules.ConductScore(s.ref, s.taken_on, s.parts or {})
            for s in scores
            if s.kind == rules.CONDUCT
        ]
        reminders = [rules.Reminder(f"warning:{w.id}", w.given_on) for w in warned]
        checks.append(rules.conduct_flag(conduct, reminders, pass_mark, warnings_needed))
    except KefuError as exc:
        problems.append(exc.message)
    return checks, problems


def cohort_standings(
    session: Session, cohort: Cohort, calendar: Calendar, today: date
) -> tuple[list[Standing], str | None]:
    """Every trainee of a cohort now, and why the plan could not be laid out (if so)."""
    problem = None
    try:
        laid = laid_out(session, cohort, calendar)
    except KefuError as exc:
        problem, laid = exc.message, ()
    people_here = trainees(session, cohort.id)
    results = exam_results(session, people_here)
    return [
        standing(session, t, calendar, today, cohort=cohort, laid=laid, results=results)
        for t in people_here
    ], problem


def preliminary_list(session: Session, calendar: Calendar, today: date) -> list[Standing]:
    """初步名单: every trainee of every cohort with a flag or a recorded criterion (R-NEW-3)."""
    out: list[Standing] = []
    for cohort in cohorts(session):
        found, _ = cohort_standings(session, cohort, calendar, today)
        out += [s for s in found if s.preliminary]
    return out
