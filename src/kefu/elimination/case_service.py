"""Use cases of the standby and dismissal cases (待岗培训, 末位淘汰辞退; R-BOT-1, R-PAY-3).

The cases move through kefu.workflow's flows (HR opens → 经理审批 → 公示 → 申诉 → 生效,
R-PUB-1); their final step writes the register (R-ORG-4): ``standby`` from the first day of
the next month, back to ``regular`` after a passed re-entry exam, ``left`` with the reason
``dismissed_performance`` after a dismissal. The pay close pays a standby month's base only
(kefu.pay, R-PAY-3): it reads the register.

A case is judged by the policy in force in the month it opened (standby months, notice days,
pass mark). Each change beside the workflow's moves is appended to ``data["log"]`` with who and
when. Nothing here commits: the request or the CLI command owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.bonuses.rules import display_score
from kefu.elimination import rules
from kefu.elimination.flows import CHOOSERS, DISMISSAL, FLOWS, OPENERS, STANDBY
from kefu.elimination.models import ReEntryExam, StandbyPeriod
from kefu.elimination.service import (
    LEFT,
    STANDBY_STATUS,
    Entry,
    bottom_policy,
    newest_closes,
    person_entry,
    weak_areas,
)
from kefu.errors import Forbidden, KefuError, NotFound, PeriodNotClosed
from kefu.exams import service as exams
from kefu.explain.messages import render
from kefu.explain.trace import num, score_text
from kefu.people.models import EmployeeRecord
from kefu.people.service import current_record, record_change
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import BottomElimination, Display
from kefu.workflow import service as cases
from kefu.workflow.models import Case, Objection
from kefu.workflow.rules import FINAL, REJECTED, WITHDRAWN, Calendar, Decision, Flow

RULE = rules.RULE
LEFT_REASON = "dismissed_performance"  # 绩效不佳 (kefu.imports.sheets.LEAVE_REASONS)
REGULAR = "regular"
TITLE_MAX = 200
Choice = Literal["extend", "dismiss"]


def policy_of(session: Session, case: Case) -> tuple[BottomElimination, LoadedPolicy]:
    """The policy a case is judged by: the one in force in the month it opened."""
    return bottom_policy(session, Month.of(date.fromisoformat(case.data["opened_on"])))


def _required_int(section: BottomElimination, loaded: LoadedPolicy, name: str) -> int:
    """A day or month count the step needs: [X] or unset is refused, naming it."""
    path = f"bottom_elimination.{name}"
    loaded.require(path, RULE)
    value = getattr(section, name)
    if value is None:
        raise KefuError(
            f"政策 {loaded.name} 没有设置 {path}:规则 {RULE} 需要它，请在政策文件中填写后再办理 "
            f"(policy parameter {path} is not set; rule {RULE} needs it)"
        )
    assert isinstance(value, int)
    return value


def _pass_mark(section: BottomElimination, loaded: LoadedPolicy) -> Decimal:
    path = "bottom_elimination.re_entry_pass_mark"
    loaded.require(path, RULE)
    if section.re_entry_pass_mark is None:
        raise KefuError(
            f"政策 {loaded.name} 没有设置 {path}(重新上岗考试及格分):无法判定考试结果 "
            f"(policy parameter {path} is not set; rule {RULE} needs it)"
        )
    return Decimal(section.re_entry_pass_mark)


# ---------------------------------------------------------------- cases


def _area_rows(areas: Sequence[rules.Area], display: Display | None) -> list[dict[str, Any]]:
    """The weak areas as the plan shows them: means rounded as the policy shows scores."""

    def shown(value: Decimal) -> str | None:
        return display_score(value, display) if display is not None else score_text(value)

    return [
        {
            "component": a.component,
            "own": shown(a.own),
            "center": shown(a.center),
            "gap": ("−" if a.gap < 0 else "+") + str(shown(abs(a.gap))),
            "months": a.months,
            "weak": a.gap < 0,
        }
        for a in areas
    ]


# ---------------------------------------------------------------- cases


def flow_of(case: Case) -> Flow:
    for flow in FLOWS:
        if flow.kind == case.kind:
            return flow
    raise NotFound(f"没有编号为 {case.id} 的末位淘汰案件 (no bottom-elimination case {case.id})")


def get_case(session: Session, case_id: int) -> Case:
    """A standby or dismissal case."""
    case = session.get(Case, case_id)
    if case is None or case.kind not in {f.kind for f in FLOWS}:
        raise NotFound(
            f"没有编号为 {case_id} 的末位淘汰案件 (no bottom-elimination case {case_id})"
        )
    return case


def all_cases(session: Session) -> list[Case]:
    """Every standby and dismissal case, newest first."""
    return list(
        session.scalars(
            select(Case).where(Case.kind.in_([f.kind for f in FLOWS])).order_by(Case.id.desc())
        )
    )


def may_see(viewer: Viewer, case: Case) -> bool:
    """The person themselves; HR, managers and the person's team leader; everyone on staff
    while the case is on public notice (R-PUB-1, R-PRV-1)."""
    if viewer.employee_no is not None and viewer.employee_no == case.subject_no:
        return True
    if case.state == "notice" and viewer.can("cases.object"):
        return True
    return viewer.can("bottom.view") and viewer.sees(
        case.subject_no or "", case.department, case.team
    )


def standby_of(session: Session, case_id: int) -> StandbyPeriod | None:
    return session.scalar(select(StandbyPeriod).where(StandbyPeriod.case_id == case_id))


def exams_of(session: Session, case_id: int) -> list[ReEntryExam]:
    return list(
        session.scalars(
            select(ReEntryExam).where(ReEntryExam.case_id == case_id).order_by(ReEntryExam.id)
        )
    )


def _may_open(viewer: Viewer, employee_no: str) -> None:
    if viewer.role not in OPENERS or not viewer.can("bottom.manage"):
        raise Forbidden("待岗培训和末位淘汰辞退由人事发起 (HR opens standby and dismissal cases)")
    if not employee_no:
        raise KefuError("请填写工号 (an employee number is required)")
    if viewer.employee_no is not None and viewer.employee_no == employee_no:
        raise Forbidden("不能为自己发起案件 (nobody opens their own case)")


def _not_involved(viewer: Viewer, case: Case, what: str) -> None:
    if viewer.employee_no is not None and viewer.employee_no in case.involved:
        raise Forbidden(f"不能{what}与自己有关的案件 (nobody acts on their own case)")


def _logged(case: Case, viewer: Viewer, action: str, today: date, **detail: Any) -> list[Any]:
    entry = {
        "action": action,
        "by": viewer.username,
        "role": viewer.role,
        "on": today.isoformat(),
        "version": case.version + 1,
        **detail,
    }
    return [*case.data.get("log", []), entry]


def _newest_closed(session: Session, today: date) -> Month:
    closes = newest_closes(session, Month.of(today))
    if not closes:
        raise PeriodNotClosed("还没有结算过的月份:无法认定末位 (no month closed yet)")
    return Month.parse(closes[-1].period)


def _here(session: Session, employee_no: str, today: date) -> EmployeeRecord:
    record = current_record(session, employee_no)
    if record is None:
        raise NotFound(f"系统中没有工号 {employee_no} (no such employee)")
    if record.status == LEFT or (record.left_on is not None and record.left_on <= today):
        raise KefuError(f"{rules.who(record.name, employee_no)} 已离职，不能发起案件 (has left)")
    return record


def _refusal(entry: Entry, outcome: str) -> KefuError:
    words = "；".join(render(s).split(": ", 1)[-1] for s in entry.run.reasons[-2:])
    return KefuError(
        f"{rules.who(entry.name, entry.employee_no)} 截至 {entry.run.through} 不符合{outcome}的条件 "
        f"({RULE}): {words} (not due for {outcome}; {RULE})"
    )


def _run_data(entry: Entry) -> dict[str, Any]:
    run = entry.run
    return {
        "months": [str(m) for m in run.months],
        "due_months": [str(m) for m in run.due_months],
        "after_return": run.after_return,
        "figures": [
            {
                "month": f.month,
                "revision": f.revision,
                "rank": f.rank,
                "pool": f.pool,
                "score": f.score,
                "in_last": f.in_last,
                "why": list(f.why),
            }
            for f in entry.figures
        ],
        "explanation": [s.as_dict() for s in run.steps],
    }


def open_standby(
    session: Session, viewer: Viewer, employee_no: str, *, note: str = "", today: date
) -> Case:
    """HR opens a standby case for a person due (R-BOT-1): three months running in the last
    places. Refused, citing the rule, for anyone not due; the retraining plan's weak areas
    are worked out from the run's months."""
    employee_no = employee_no.strip()
    _may_open(viewer, employee_no)
    record = _here(session, employee_no, today)
    section, loaded = bottom_policy(session, Month.of(today))
    _required_int(section, loaded, "standby_months")
    through = _newest_closed(session, today)
    entry = person_entry(session, employee_no, through, today=today)
    if entry.open_case is not None:
        raise KefuError(
            f"{rules.who(record.name, employee_no)} 已有正在办理的案件 #{entry.open_case.id} "
            f"(a case is already open)"
        )
    if record.status == STANDBY_STATUS:
        raise KefuError(f"{rules.who(record.name, employee_no)} 正在待岗 (already on standby)")
    if entry.run.due != "standby":
        raise _refusal(entry, "待岗培训")
    areas, area_steps = weak_areas(session, employee_no, [str(m) for m in entry.run.due_months])
    data: dict[str, Any] = {
        "opened_on": today.isoformat(),
        "through": str(through),
        "run": _run_data(entry),
        "weak_areas": _area_rows(areas, loaded.model.display),
        "weak_steps": [s.as_dict() for s in area_steps],
        "focus": rules.training_focus(areas),
        "note": note.strip(),
        "standby": None,
        "exams": [],
        "choices": [],
        "log": [],
    }
    return cases.open_case(
        session,
        STANDBY,
        viewer,
        title=f"{record.name} ({employee_no}) 待岗培训"[:TITLE_MAX],
        subject_no=employee_no,
        involved=[employee_no],
        department=record.department,
        team=record.team,
        data=data,
        policy_name=loaded.label,
        today=today,
    )


def chosen_dismissal(session: Session, employee_no: str) -> Case | None:
    """The person's standby case whose manager chose dismissal after a failed re-entry exam,
    with no dismissal case opened on that choice yet."""
    for period in session.scalars(
        select(StandbyPeriod)
        .where(StandbyPeriod.employee_no == employee_no, StandbyPeriod.outcome == "dismissal")
        .order_by(StandbyPeriod.id.desc())
    ):
        case = session.get(Case, period.case_id)
        if case is not None and not _dismissals_on(session, case, len(case.data["choices"])):
            return case
    return None


def open_dismissal(
    session: Session, viewer: Viewer, employee_no: str, *, note: str = "", today: date
) -> Case:
    """HR opens a dismissal case (R-BOT-1): after a return, three months running in the last
    places again — or the manager chose dismissal after a failed re-entry exam."""
    employee_no = employee_no.strip()
    _may_open(viewer, employee_no)
    record = _here(session, employee_no, today)
    _, loaded = bottom_policy(session, Month.of(today))
    through = _newest_closed(session, today)
    entry = person_entry(session, employee_no, through, today=today)
    if entry.open_case is not None:
        raise KefuError(
            f"{rules.who(record.name, employee_no)} 已有正在办理的案件 #{entry.open_case.id} "
            f"(a case is already open)"
        )
    standby_case = chosen_dismissal(session, employee_no)
    grounds = None
    if standby_case is not None:
        grounds = "re_entry_failed"
    elif entry.run.due == "dismissal":
        grounds = "second_run"
    else:
        raise _refusal(entry, "末位淘汰辞退")
    data: dict[str, Any] = {
        "opened_on": today.isoformat(),
        "through": str(through),
        "grounds": grounds,
        "standby_case": standby_case.id if standby_case is not None else None,
        "standby_choice": len(standby_case.data["choices"]) if standby_case is not None else None,
        "run": _run_data(entry),
        "note": note.strip(),
        "dismissal": None,
        "log": [],
    }
    return cases.open_case(
        session,
        DISMISSAL,
        viewer,
        title=f"{record.name} ({employee_no}) 末位淘汰辞退"[:TITLE_MAX],
        subject_no=employee_no,
        involved=[employee_no],
        department=record.department,
        team=record.team,
        data=data,
        policy_name=loaded.label,
        today=today,
    )


def decide(
    session: Session,
    viewer: Viewer,
    case_id: int,
    decision: Decision,
    opinion: str,
    seen_version: int,
    today: date,
    calendar: Calendar,
) -> Case:
    """The manager approves (→ public notice of the policy's working days) or rejects."""
    case = get_case(session, case_id)
    flow = flow_of(case)
    notice_days = None
    if decision == "approve":
        cases.check_may_decide(session, flow, case, viewer)
        section, loaded = policy_of(session, case)
        if flow is STANDBY:
            _required_int(section, loaded, "standby_months")
        notice_days = _required_int(section, loaded, "public_notice_working_days")
    return cases.decide(
        session,
        flow,
        case_id,
        viewer,
        decision,
        opinion,
        seen_version,
        today,
        calendar=calendar,
        notice_days=notice_days,
    )


def object_to(session: Session, viewer: Viewer, case_id: int, text: str, today: date) -> Objection:
    """Anyone on staff — the person first — objects during the notice (申诉, R-PUB-1)."""
    case = get_case(session, case_id)
    return cases.file_objection(session, flow_of(case), case_id, viewer, text, today)


def answer(
    session: Session,
    viewer: Viewer,
    objection_id: int,
    *,
    upheld: bool,
    finding: str,
    reply: str,
    today: date,
) -> Objection:
    """HR investigates and answers; an upheld objection rejects the case."""
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    case = get_case(session, objection.case_id)
    _not_involved(viewer, case, "答复")
    return cases.answer_objection(
        session,
        flow_of(case),
        objection_id,
        viewer,
        upheld=upheld,
        finding=finding,
        answer=reply,
        today=today,
    )


def finalize(session: Session, viewer: Viewer, case_id: int, today: date) -> Case:
    """After the notice, every objection answered: standby starts next month, or the person
    leaves the next day (R-BOT-1)."""
    case = get_case(session, case_id)
    _not_involved(viewer, case, "确认生效")
    flow = flow_of(case)
    on_final = _start_standby if flow is STANDBY else _dismiss
    return cases.finalize(session, flow, case_id, viewer, today, on_final=on_final)


def _start_standby(session: Session, case: Case, today: date) -> None:
    """待岗 in the register from the first day of next month, for the policy's months."""
    section, loaded = policy_of(session, case)
    months = _required_int(section, loaded, "standby_months")
    starts, ends = rules.standby_period(today, months)
    assert case.subject_no is not None
    record_change(
        session,
        case.subject_no,
        starts,
        {"status": STANDBY_STATUS},
        recorded_by=f"{case.kind}:{case.id}",
        source=f"待岗培训 #{case.id}",
    )
    session.add(
        StandbyPeriod(
            case_id=case.id,
            employee_no=case.subject_no,
            starts_on=starts,
            ends_on=ends,
            months=months,
            recorded_by=f"{case.kind}:{case.id}",
        )
    )
    step = rules.standby_step(starts, ends, months)
    case.data = {
        **case.data,
        "standby": {
            "starts_on": starts.isoformat(),
            "ends_on": ends.isoformat(),
            "months": months,
            "step": step.as_dict(),
        },
    }
    session.flush()


def _dismiss(session: Session, case: Case, today: date) -> None:
    """离职 in the register from the next day, reason 绩效不佳 (dismissed_performance)."""
    left_on = rules.dismissal_day(today)
    assert case.subject_no is not None
    record_change(
        session,
        case.subject_no,
        left_on,
        {"status": LEFT, "left_on": left_on, "leave_reason": LEFT_REASON},
        recorded_by=f"{case.kind}:{case.id}",
        source=f"末位淘汰辞退 #{case.id}",
    )
    standby_id = case.data.get("standby_case")
    if standby_id is not None:
        period = standby_of(session, standby_id)
        if period is not None:
            period.outcome = "dismissed"
    step = rules.dismissal_step(left_on, case.data["grounds"])
    case.data = {
        **case.data,
        "dismissal": {"left_on": left_on.isoformat(), "step": step.as_dict()},
    }
    session.flush()


# ---------------------------------------------------------------- re-entry exam and return


@dataclass(frozen=True)
class SittingResult:
    """A graded re-entry sitting of kefu.exams, as this domain uses it."""

    sitting_id: int
    taken_on: date
    score: Decimal | None
    final: bool


def re_entry_sittings(session: Session, employee_no: str, since: date) -> list[SittingResult]:
    """The person's ended ``re_entry`` exam sittings since ``since`` (kefu.exams), oldest first;
    those still waiting for a marker have no score yet."""
    found = exams.results(
        session, employee_nos=[employee_no], purposes=["re_entry"], since=since, final_only=False
    )
    return [SittingResult(r.sitting_id, r.taken_on, r.score, r.final) for r in found]


def _sitting(session: Session, employee_no: str, sitting_id: int, since: date) -> SittingResult:
    for found in re_entry_sittings(session, employee_no, since):
        if found.sitting_id == sitting_id:
            if not found.final or found.score is None:
                raise KefuError(
                    f"考试 #{sitting_id} 尚未评完分 (sitting {sitting_id} is not graded yet)"
                )
            return found
    raise NotFound(
        f"没有 {employee_no} 自 {since.isoformat()} 起的重新上岗考试 #{sitting_id} "
        f"(no re-entry sitting {sitting_id} of {employee_no} since {since.isoformat()})"
    )


def _standby_case(session: Session, case_id: int) -> tuple[Case, StandbyPeriod]:
    case = get_case(session, case_id)
    period = standby_of(session, case_id) if case.kind == STANDBY.kind else None
    if case.state != FINAL or period is None:
        raise KefuError(f"案件 #{case_id} 不是已生效的待岗培训 (not a standby in force)")
    return case, period


def awaiting_choice(session: Session, case: Case) -> bool:
    """The latest re-entry exam failed and the manager has not chosen yet — or chose dismissal
    and the dismissal case opened on that choice ended without effect."""
    exams = case.data.get("exams", [])
    if not exams or exams[-1]["passed"]:
        return False
    choices = case.data.get("choices", [])
    if not choices or choices[-1]["exam"] != len(exams):
        return True
    if choices[-1]["choice"] != "dismiss":
        return False
    return any(
        d.state in (REJECTED, WITHDRAWN) for d in _dismissals_on(session, case, len(choices))
    )


def _dismissals_on(session: Session, case: Case, choice: int) -> list[Case]:
    """The dismissal cases opened on a standby case's ``choice``-th choice (1-based)."""
    return [
        d
        for d in session.scalars(
            select(Case).where(Case.kind == DISMISSAL.kind, Case.subject_no == case.subject_no)
        )
        if d.data.get("standby_case") == case.id and d.data.get("standby_choice") == choice
    ]


def record_re_entry(
    session: Session,
    viewer: Viewer,
    case_id: int,
    *,
    score: Decimal | None = None,
    sitting_id: int | None = None,
    seen_version: int,
    today: date,
) -> ReEntryExam:
    """HR records the re-entry exam (重新上岗考试): a score typed in, or a graded sitting.

    At the policy's pass mark or above the person returns — ``regular`` in the register from
    the day after the exam, not before the standby ends; below it the manager chooses.
    """
    case, period = _standby_case(session, case_id)
    if viewer.role not in OPENERS:
        raise Forbidden("重新上岗考试成绩由人事录入 (HR records the re-entry exam)")
    _not_involved(viewer, case, "录入")
    if case.version != seen_version:
        raise cases.conflict(STANDBY, case)
    if period.outcome is not None:
        raise KefuError(
            f"待岗培训 #{case_id} 已有结果，不能再录入考试 (the standby has ended: {period.outcome})"
        )
    if awaiting_choice(session, case):
        raise KefuError(
            "上次重新上岗考试未通过，须先由经理决定延长待岗或辞退 "
            "(the manager decides after the failed exam first)"
        )
    if today < period.starts_on:
        raise KefuError(
            f"待岗自 {period.starts_on.isoformat()} 开始，之后才能参加重新上岗考试 "
            f"(the standby starts on {period.starts_on.isoformat()})"
        )
    if (score is None) == (sitting_id is None):
        raise KefuError(
            "请录入成绩或选择一次已评分的在线考试 (give either a score or a graded sitting)"
        )
    assert case.subject_no is not None
    if sitting_id is not None:
        found = _sitting(session, case.subject_no, sitting_id, period.starts_on)
        assert found.score is not None
        value, taken_on, source = found.score, found.taken_on, "sitting"
    else:
        assert score is not None
        value, taken_on, source = rules.check_exam_score(score), today, "typed"
    section, loaded = policy_of(session, case)
    pass_mark = _pass_mark(section, loaded)
    verdict = rules.re_entry_verdict(value, pass_mark, taken_on, period.last_day, source)
    entry = {
        "score": num(value),
        "pass_mark": num(pass_mark),
        "taken_on": taken_on.isoformat(),
        "source": source,
        "sitting_id": sitting_id,
        "passed": verdict.passed,
        "return_on": verdict.return_on.isoformat() if verdict.return_on else None,
        "by": viewer.username,
        "on": today.isoformat(),
        "step": verdict.step.as_dict(),
    }
    data = {
        **case.data,
        "exams": [*case.data.get("exams", []), entry],
        "log": _logged(case, viewer, "re_entry", today, score=num(value), passed=verdict.passed),
    }
    cases.save_data(session, STANDBY, case, seen_version, data)
    exam = ReEntryExam(
        case_id=case.id,
        employee_no=case.subject_no,
        taken_on=taken_on,
        score=value,
        pass_mark=pass_mark,
        passed=verdict.passed,
        source=source,
        sitting_id=sitting_id,
        recorded_by=viewer.username,
    )
    session.add(exam)
    if verdict.return_on is not None:
        period.returned_on = verdict.return_on
        period.outcome = "returned"
        record_change(
            session,
            case.subject_no,
            verdict.return_on,
            {"status": REGULAR},
            recorded_by=f"{case.kind}:{case.id}",
            source=f"待岗培训 #{case.id} 重新上岗",
        )
    session.flush()
    audit.record(
        session,
        viewer.username,
        f"{STANDBY.kind}.exams",
        f"case:{case.id}",
        {"score": num(value), "passed": verdict.passed},
    )
    return exam


def decide_after_exam(
    session: Session,
    viewer: Viewer,
    case_id: int,
    choice: Choice,
    *,
    until: date | None = None,
    reason: str,
    seen_version: int,
    today: date,
) -> Case:
    """After a failed re-entry exam the manager extends the standby (to a day) or chooses
    dismissal (HR then opens the dismissal case), with a reason (R-BOT-1)."""
    case, period = _standby_case(session, case_id)
    if viewer.role not in CHOOSERS:
        raise Forbidden("重新上岗考试未通过后由客服经理决定 (the manager decides)")
    _not_involved(viewer, case, "决定")
    if case.version != seen_version:
        raise cases.conflict(STANDBY, case)
    if not awaiting_choice(session, case):
        raise KefuError(
            "没有待决定的未通过考试 (no failed re-entry exam waits for the manager's choice)"
        )
    reason = reason.strip()
    if not reason:
        raise KefuError("请写明决定的理由 (the choice needs its reason)")
    entry: dict[str, Any] = {
        "choice": choice,
        "exam": len(case.data.get("exams", [])),
        "reason": reason,
        "by": viewer.username,
        "on": today.isoformat(),
        "until": None,
        "step": None,
    }
    if choice == "extend":
        if until is None:
            raise KefuError("请填写延长待岗至哪一天 (extend to which day)")
        if until <= today:
            raise KefuError(
                f"延长待岗须到今天 {today.isoformat()} 之后 (an extension ends after today)"
            )
        step = rules.extension_step(period.last_day, until)
        period.extended_to = until
        period.outcome = None
        entry |= {"until": until.isoformat(), "step": step.as_dict()}
    else:
        period.outcome = "dismissal"
    data = {
        **case.data,
        "choices": [*case.data.get("choices", []), entry],
        "log": _logged(case, viewer, "choice", today, choice=choice, reason=reason),
    }
    cases.save_data(session, STANDBY, case, seen_version, data)
    session.flush()
    audit.record(
        session,
        viewer.username,
        f"{STANDBY.kind}.decide",
        f"case:{case.id}",
        {"choice": choice, "until": until.isoformat() if until else None},
    )
    return case
