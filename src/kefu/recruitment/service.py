"""Use cases of recruitment (招聘, R-REC-1): candidates, their test results, the moves from
报名 to 初试, 复试 and 培训 (or out: 未录用, 放弃), the hire into the register, reserve staffing.

The pass marks and the moves are the pure rules of kefu.recruitment.rules; this module reads
and writes the tables and never commits (the request or the command owns the transaction).

Decisions where the seed is silent:

* Results are judged by the policy in force on the day they are looked at, and a move by the
  policy in force on the day it is made: the pass marks HR applies are today's.
* A test's results are recorded while the candidate is in the test's stage (上机测试 and
  朗读测试 in 初试, 面试 in 复试); once the candidate moves on they stay as the move saw them.
  A retest is a new result: the newest of each item (and of each interviewer and dimension)
  counts, the earlier ones stay in the history.
* An interviewer's sheet scores every dimension of the policy, 0–100 each.
* The move into training hires the candidate (入职): HR gives the staff number (refused when
  the register already has it), the department (one the register knows) and optionally a
  team of it; the person is a customer-service agent (客服代表) at the first level of the
  ladder, on probation (试用), hired on the training's first day, which is not before the day
  they entered the second test.
* Leaving (未录用 / 放弃) needs a reason; a forward move may carry a note, and always carries
  the tests it was decided on.
* Only HR and managers (recruitment.manage) see or change candidates: applicants are not staff.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.careers.ladder import LEVEL_CODES, ladder_text
from kefu.db import claim
from kefu.errors import Forbidden, KefuError, NotFound
from kefu.explain.trace import Step
from kefu.people.identifiers import as_staff_no, check_person_name, normalize_staff_no
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.service import histories
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import Recruitment
from kefu.policy.service import policy_for
from kefu.recruitment import rules
from kefu.recruitment.models import RecruitCandidate, RecruitMove, RecruitResult
from kefu.recruitment.rules import InterviewSheet, Item, Stage
from kefu.training import service as training
from kefu.training.models import Trainee
from kefu.workflow.rules import Conflict

RULE = rules.RULE
PERMISSION = "recruitment.manage"
# input limits of the text fields (the columns' lengths)
NAME_MAX = 64
CONTACT_MAX = 128
NOTES_MAX = 2000
DEFAULT_POSITION = "座席代表"  # the seed's word for the post recruited (座席代表的招聘)


class NumberTaken(KefuError):
    """The staff number HR gave is already in the register."""

    http_status = 409


@dataclass(frozen=True)
class Hire:
    """What HR gives when a candidate moves into training: the register's new record."""

    employee_no: str
    department: str
    starts_on: date
    team: str | None = None
    cohort: int | None = None
    """The training cohort (培训班) the new hire joins, if one is chosen."""


@dataclass(frozen=True)
class Standing:
    """A candidate's tests judged by the policy in force on a day, and the move open to them."""

    candidate: RecruitCandidate
    policy: str
    marks: rules.PassMarks
    checks: Mapping[Stage, rules.StageCheck]
    sheets: tuple[InterviewSheet, ...]
    next_stage: Stage | None
    blocked: str | None
    """Why the next move is refused now (the rule's words), or None when it is open."""


# ---------------------------------------------------------------- policy and reading


def recruitment_policy(session: Session, on: date) -> tuple[Recruitment, LoadedPolicy]:
    """The recruitment section of the policy in force on ``on``, or a refusal naming it."""
    loaded = policy_for(session, Month(on.year, on.month)).policy
    section = loaded.model.recruitment
    if section is None:
        raise KefuError(
            f"政策 {loaded.name} 没有招聘 (recruitment) 一节:无法判定招聘测试 (R-REC-1) "
            f"(the policy has no recruitment section)"
        )
    return section, loaded


def pass_marks(session: Session, on: date) -> rules.PassMarks:
    section, loaded = recruitment_policy(session, on)
    return rules.PassMarks.of(section, loaded.name)


def may_manage(viewer: Viewer) -> None:
    if not viewer.can(PERMISSION):
        raise Forbidden("招聘由人事或客服经理办理 (HR or a manager handles recruitment)")


def get_candidate(session: Session, candidate_id: int) -> RecruitCandidate:
    found = session.get(RecruitCandidate, candidate_id)
    if found is None:
        raise NotFound(f"没有编号为 {candidate_id} 的应聘者 (no candidate {candidate_id})")
    return found


def candidates(session: Session, *, stage: str = "", search: str = "") -> list[RecruitCandidate]:
    """Candidates, newest application first; at one stage, or matching a name, contact or 工号."""
    stmt = select(RecruitCandidate)
    if stage:
        if stage not in rules.STAGES:
            raise KefuError(f"没有「{stage}」这个招聘阶段 (no such stage)")
        stmt = stmt.where(RecruitCandidate.stage == stage)
    text = search.strip()
    if text:
        like = f"%{text}%"
        stmt = stmt.where(
            or_(
                RecruitCandidate.name.like(like),
                RecruitCandidate.contact.like(like),
                RecruitCandidate.employee_no.like(like),
            )
        )
    stmt = stmt.order_by(RecruitCandidate.applied_on.desc(), RecruitCandidate.id.desc())
    return list(session.scalars(stmt))


def stage_counts(session: Session) -> dict[str, int]:
    """How many candidates are at each stage (every stage listed, zero included)."""
    counts: dict[str, int] = dict.fromkeys(rules.STAGES, 0)
    for (stage,) in session.execute(select(RecruitCandidate.stage)):
        counts[stage] = counts.get(stage, 0) + 1
    return counts


def results_of(session: Session, candidate_id: int) -> list[RecruitResult]:
    """Every result of a candidate, oldest first (retests included)."""
    return list(
        session.scalars(
            select(RecruitResult)
            .where(RecruitResult.candidate_id == candidate_id)
            .order_by(RecruitResult.id)
        )
    )


def moves_of(session: Session, candidate_id: int) -> list[RecruitMove]:
    """A candidate's history of stages, oldest first."""
    return list(
        session.scalars(
            select(RecruitMove)
            .where(RecruitMove.candidate_id == candidate_id)
            .order_by(RecruitMove.id)
        )
    )


def latest_values(results: Sequence[RecruitResult]) -> dict[Item, Decimal]:
    """The newest figure of each single-figure item (a retest replaces the earlier one)."""
    out: dict[Item, Decimal] = {}
    for r in results:
        if r.item in rules.SCORED_ITEMS:
            out[item_of(r.item)] = r.value
    return out


def interview_sheets(results: Sequence[RecruitResult]) -> tuple[InterviewSheet, ...]:
    """Each interviewer's newest score of each dimension, interviewers in the order they came."""
    by_interviewer: dict[str, dict[str, Decimal]] = {}
    for r in results:
        if r.item == "interview" and r.interviewer is not None and r.dimension is not None:
            by_interviewer.setdefault(r.interviewer, {})[r.dimension] = r.value
    return tuple(InterviewSheet(name, scores) for name, scores in by_interviewer.items())


def item_of(code: str) -> Item:
    for item in rules.ITEMS:
        if item == code:
            return item
    raise KefuError(f"没有「{code}」这个测试项目 (no such test item)")


def stage_of(code: str) -> Stage:
    for stage in rules.STAGES:
        if stage == code:
            return stage
    raise KefuError(f"没有「{code}」这个招聘阶段 (no such stage)")


def who(candidate: RecruitCandidate) -> str:
    return f"{candidate.name} (#{candidate.id})"


def standing(session: Session, candidate: RecruitCandidate, on: date) -> Standing:
    """The candidate's tests judged by the policy in force on ``on``, and their next move."""
    section, loaded = recruitment_policy(session, on)
    marks = rules.PassMarks.of(section, loaded.name)
    results = results_of(session, candidate.id)
    values = latest_values(results)
    sheets = interview_sheets(results)
    checks = {stage: rules.check_stage(marks, stage, values, sheets) for stage in rules.STAGE_ITEMS}
    current = stage_of(candidate.stage)
    following = rules.next_stage(current)
    blocked = None
    if following is not None:
        try:
            rules.check_move(
                current, following, checks.get(current), who=who(candidate), policy=loaded.name
            )
        except KefuError as exc:
            blocked = exc.message
    return Standing(candidate, loaded.label, marks, checks, sheets, following, blocked)


# ---------------------------------------------------------------- changing


def _text(value: str, what: str, limit: int, *, required: bool = False) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise KefuError(f"请填写{what} ({what} is required)")
    if len(cleaned) > limit:
        raise KefuError(f"{what}最多 {limit} 个字 (at most {limit} characters)")
    return cleaned


def add_candidate(
    session: Session,
    viewer: Viewer,
    *,
    name: str,
    applied_on: date,
    today: date,
    contact: str = "",
    position: str = "",
    source: str = "",
    notes: str = "",
) -> RecruitCandidate:
    """HR records an applicant (报名): the first stage of R-REC-1."""
    may_manage(viewer)
    if applied_on > today:
        raise KefuError(
            f"报名日期 {applied_on.isoformat()} 晚于今天 {today.isoformat()} "
            f"(the application date is in the future)"
        )
    candidate = RecruitCandidate(
        name=check_person_name(name, limit=NAME_MAX),
        contact=_text(contact, "联系方式", CONTACT_MAX),
        applied_on=applied_on,
        position=_text(position, "应聘岗位", NAME_MAX) or DEFAULT_POSITION,
        source=_text(source, "来源", NAME_MAX),
        notes=_text(notes, "备注", NOTES_MAX),
        stage="applied",
        stage_since=applied_on,
        version=1,
        created_by=viewer.username,
    )
    session.add(candidate)
    session.flush()
    session.add(
        RecruitMove(
            candidate_id=candidate.id,
            from_stage=None,
            to_stage="applied",
            moved_on=applied_on,
            moved_by=viewer.username,
            reason="",
            steps=[],
        )
    )
    session.flush()
    _audit(session, viewer, "recruitment.add", candidate, {"name": candidate.name})
    return candidate


def _in_stage_of(candidate: RecruitCandidate, item: Item) -> None:
    stage = rules.ITEM_STAGE[item]
    if candidate.stage != stage:
        raise KefuError(
            f"{who(candidate)} 现处于「{rules.stage_zh(candidate.stage)}」:"
            f"{rules.item_zh(item)}在「{rules.stage_zh(stage)}」阶段录入 "
            f"(R-REC-1: {item} is recorded while the candidate is at {stage})"
        )


def _taken_on(candidate: RecruitCandidate, taken_on: date, today: date) -> None:
    if taken_on > today:
        raise KefuError(
            f"测试日期 {taken_on.isoformat()} 晚于今天 {today.isoformat()} (a test date in the future)"
        )
    if taken_on < candidate.applied_on:
        raise KefuError(
            f"测试日期 {taken_on.isoformat()} 早于报名日期 {candidate.applied_on.isoformat()} "
            f"(a test date before the application)"
        )


def record_results(
    session: Session,
    viewer: Viewer,
    candidate_id: int,
    values: Mapping[Item, Decimal],
    *,
    taken_on: date,
    today: date,
) -> list[RecruitResult]:
    """HR records figures of the first test (上机测试, 朗读测试); each a new result (R-REC-1)."""
    may_manage(viewer)
    candidate = get_candidate(session, candidate_id)
    if not values:
        raise KefuError("请至少填写一项测试成绩 (enter at least one result)")
    _taken_on(candidate, taken_on, today)
    rows = []
    for item, value in values.items():
        if item not in rules.SCORED_ITEMS:
            raise KefuError(
                f"{rules.item_zh(item)}按面试官逐项录入 (the interview is recorded per interviewer)"
            )
        _in_stage_of(candidate, item)
        rows.append(
            RecruitResult(
                candidate_id=candidate.id,
                item=item,
                interviewer=None,
                dimension=None,
                value=rules.check_value(item, value),
                taken_on=taken_on,
                recorded_by=viewer.username,
            )
        )
    session.add_all(rows)
    _bump(session, candidate, in_stage=candidate.stage)
    _audit(
        session,
        viewer,
        "recruitment.result",
        candidate,
        {str(item): str(value) for item, value in values.items()},
    )
    return rows


def record_interview(
    session: Session,
    viewer: Viewer,
    candidate_id: int,
    sheet: InterviewSheet,
    *,
    taken_on: date,
    today: date,
) -> list[RecruitResult]:
    """HR records one interviewer's sheet (面试): a score 0–100 for every dimension of the
    policy in force today; a second sheet of the same interviewer replaces the first."""
    may_manage(viewer)
    candidate = get_candidate(session, candidate_id)
    _in_stage_of(candidate, "interview")
    _taken_on(candidate, taken_on, today)
    interviewer = _text(sheet.interviewer, "面试官", NAME_MAX, required=True)
    dimensions = pass_marks(session, today).dimensions
    unknown = [d for d in sheet.scores if d not in dimensions]
    if unknown:
        raise KefuError(
            f"「{'、'.join(unknown)}」不是政策规定的面试考察内容，应为: {'、'.join(dimensions)} "
            f"(not an interview dimension of the policy)"
        )
    missing = [d for d in dimensions if d not in sheet.scores]
    if missing:
        raise KefuError(
            f"面试官「{interviewer}」的评分缺少: {'、'.join(missing)}；每项考察内容都要打分 "
            f"(an interviewer scores every dimension)"
        )
    rows = [
        RecruitResult(
            candidate_id=candidate.id,
            item="interview",
            interviewer=interviewer,
            dimension=dimension,
            value=_interview_score(sheet.scores[dimension], dimension),
            taken_on=taken_on,
            recorded_by=viewer.username,
        )
        for dimension in dimensions
    ]
    session.add_all(rows)
    _bump(session, candidate, in_stage=candidate.stage)
    _audit(
        session,
        viewer,
        "recruitment.result",
        candidate,
        {"interviewer": interviewer, **{d: str(sheet.scores[d]) for d in dimensions}},
    )
    return rows


def _interview_score(value: Decimal, dimension: str) -> Decimal:
    try:
        return rules.check_value("interview", value)
    except KefuError as exc:
        raise KefuError(f"面试「{dimension}」: {exc.message}") from None


def move(
    session: Session,
    viewer: Viewer,
    candidate_id: int,
    target: str,
    *,
    seen_version: int,
    today: date,
    reason: str = "",
    hire: Hire | None = None,
) -> RecruitMove:
    """Move a candidate to ``target`` (R-REC-1): forward one stage when the current stage's
    tests are all recorded and passed, or out (未录用, 放弃) with a reason; into training also
    hires them into the register (``hire``)."""
    may_manage(viewer)
    candidate = get_candidate(session, candidate_id)
    if candidate.version != seen_version:
        raise _conflict(candidate)
    to = stage_of(target)
    current = stage_of(candidate.stage)
    reason = _text(reason, "原因", NOTES_MAX)
    if today < candidate.stage_since:
        raise KefuError(
            f"变更日期 {today.isoformat()} 早于 {who(candidate)} 进入「{rules.stage_zh(current)}」"
            f"的日期 {candidate.stage_since.isoformat()} (a move cannot predate the last one)"
        )
    if to in rules.LEAVING:
        step = rules.check_move(current, to, None, who=who(candidate))
        if not reason:
            raise KefuError(
                f"「{rules.stage_zh(to)}」须写明原因 (R-REC-1: leaving needs its reason)"
            )
        steps = _tests_so_far(session, candidate, current, today)
    elif current in rules.STAGE_ITEMS:
        found = standing(session, candidate, today)
        check = found.checks[current]
        step = rules.check_move(current, to, check, who=who(candidate), policy=found.marks.policy)
        steps = list(check.steps)
    else:  # out of 报名: no test to pass, no pass mark needed
        step = rules.check_move(current, to, None, who=who(candidate))
        steps = []
    steps.append(step)
    changes: dict[str, Any] = {"stage": to, "stage_since": today}
    if to == "training":
        if hire is None:
            raise KefuError(
                "进入培训即录用入职:请填写工号、部门和培训开始日期 "
                "(moving into training hires: staff number, department and start day)"
            )
        steps.append(_hire(session, viewer, candidate, hire))
        if hire.cohort is not None:
            # the new hire joins the cohort's programme (R-NEW-1) from the register record
            training.add_trainee(
                session, viewer, hire.cohort, as_staff_no(hire.employee_no), today=today
            )
        changes |= {
            "employee_no": as_staff_no(hire.employee_no),
            "department": hire.department.strip(),
            "team": (hire.team or "").strip() or None,
            "training_starts_on": hire.starts_on,
            "cohort": str(hire.cohort) if hire.cohort is not None else None,
        }
    elif hire is not None:
        raise KefuError("只有进入培训时才录用入职 (only the move into training hires)")
    _bump(session, candidate, seen_version, **changes)
    moved = RecruitMove(
        candidate_id=candidate.id,
        from_stage=current,
        to_stage=to,
        moved_on=today,
        moved_by=viewer.username,
        reason=reason,
        steps=[s.as_dict() for s in steps],
    )
    session.add(moved)
    session.flush()
    _audit(
        session,
        viewer,
        "recruitment.move",
        candidate,
        {"from": current, "to": to, "reason": reason, "employee_no": candidate.employee_no},
    )
    return moved


def _tests_so_far(
    session: Session, candidate: RecruitCandidate, current: Stage, today: date
) -> list[Step]:
    """The current stage's tests as they stand when a candidate leaves (none without a policy)."""
    if current not in rules.STAGE_ITEMS:
        return []
    try:
        found = standing(session, candidate, today)
    except KefuError:  # leaving needs no policy: the reason says why
        return []
    return list(found.checks[current].steps)


def _hire(session: Session, viewer: Viewer, candidate: RecruitCandidate, hire: Hire) -> Step:
    """The candidate into the register: a customer-service agent on probation (R-REC-1)."""
    number = normalize_staff_no(hire.employee_no, "新员工的工号")
    taken = session.scalar(select(Employee.name).where(Employee.employee_no == number))
    if taken is not None:
        raise NumberTaken(
            f"工号 {number} 已被 {taken} 使用，请另行分配 (staff number {number} is taken)"
        )
    department = _text(hire.department, "部门", NAME_MAX, required=True)
    team = _text(hire.team or "", "组别", NAME_MAX) or None
    known = session.scalar(
        select(EmployeeRecord.id).where(EmployeeRecord.department == department).limit(1)
    )
    if known is None:
        raise KefuError(f"员工名册中没有「{department}」这个部门 (no such department)")
    if team is not None:
        in_team = session.scalar(
            select(EmployeeRecord.id)
            .where(EmployeeRecord.department == department, EmployeeRecord.team == team)
            .limit(1)
        )
        if in_team is None:
            raise KefuError(
                f"员工名册中「{department}」没有「{team}」这个组 (no such team in the department)"
            )
    if hire.starts_on < candidate.stage_since:
        raise KefuError(
            f"培训开始日期 {hire.starts_on.isoformat()} 早于进入复试的日期 "
            f"{candidate.stage_since.isoformat()} (training starts after the second test)"
        )
    employee = Employee(employee_no=number, name=candidate.name)
    session.add(employee)
    try:
        session.flush()
    except IntegrityError:
        # another hire took the number between the check and this insert
        raise NumberTaken(
            f"工号 {number} 已被使用，请另行分配 (staff number {number} is taken)"
        ) from None
    session.add(
        EmployeeRecord(
            employee_id=employee.id,
            effective_on=hire.starts_on,
            name=candidate.name,
            department=department,
            team=team,
            role=rules.AGENT_ROLE,
            level=ladder_text()[LEVEL_CODES[0]].name,
            status=rules.PROBATION,
            hired_on=hire.starts_on,
            converted_on=None,
            left_on=None,
            leave_reason=None,
            recorded_by=viewer.username,
            source=f"招聘 应聘者 #{candidate.id}",
        )
    )
    session.flush()
    return Step(
        RULE,
        "recruit.hired",
        {
            "employee_no": number,
            "department": department,
            "team": team,
            "starts_on": hire.starts_on.isoformat(),
        },
        reason=True,
    )


def _bump(
    session: Session,
    candidate: RecruitCandidate,
    seen_version: int | None = None,
    in_stage: str | None = None,
    **values: Any,
) -> None:
    """One more version of the candidate (with ``values``), only if nobody changed it since
    ``seen_version`` when one is given (two people moving the same candidate at once), or moved
    it out of ``in_stage`` (results recorded for a stage the candidate left meanwhile)."""
    seen: dict[str, object] = {} if seen_version is None else {"version": seen_version}
    if in_stage is not None:
        seen["stage"] = in_stage
    claim(session, candidate, seen, {"version": RecruitCandidate.version + 1, **values}, _conflict)


def _conflict(candidate: RecruitCandidate) -> Conflict:
    return Conflict(
        f"应聘者 {who(candidate)} 已被他人更新，现处于「{rules.stage_zh(candidate.stage)}」:"
        f"请刷新后再办理 (someone else changed candidate {candidate.id} first)"
    )


def _audit(
    session: Session,
    viewer: Viewer,
    action: str,
    candidate: RecruitCandidate,
    detail: dict[str, Any],
) -> None:
    """Into the audit log (R-AUD-1)."""
    audit.record(session, viewer.username, action, f"candidate:{candidate.id}", detail)


# ---------------------------------------------------------------- reserve staffing


def reserve(session: Session, on: date) -> rules.Reserve:
    """人员储备 on ``on`` (R-REC-1): target, the reserve (trainees of a cohort and recruits in
    training, still on probation that day) and the gap; seats from the policy, else the
    register's agents."""
    section, loaded = recruitment_policy(session, on)
    history = histories(session, on)
    recruits = set(
        session.scalars(
            select(RecruitCandidate.employee_no).where(
                RecruitCandidate.stage == "training", RecruitCandidate.employee_no.is_not(None)
            )
        )
    )
    trainees = set(session.scalars(select(Trainee.employee_no)))
    people: list[str] = []
    in_reserve: set[str] = set()
    for number in sorted(n for n in recruits | trainees if n is not None):
        found = history.get(number)
        if found is None:  # training starts later: not in the register yet that day
            continue
        record = found[1][-1]
        if rules.in_reserve(record, on):
            in_reserve.add(number)
            people.append(f"{record.name} ({number})")
    seats = sum(
        1
        for number, (_, records) in history.items()
        if number not in in_reserve and rules.holds_a_seat(records[-1], on)
    )
    return rules.reserve(section, loaded.name, on, seats, people)
