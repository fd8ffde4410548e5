"""Use cases of the case mechanism: open, decide, publish, object, answer, finalize, inbox.

Each domain (promotion, election, Eagle plan) brings its Flow and what happens on its
final step; the moves, the checks and the record of who did what when live here once.
Nothing here commits: the request or the CLI command owns the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.db import claim
from kefu.errors import Forbidden, KefuError, NotFound
from kefu.people.models import Employee
from kefu.workflow.models import Case, CaseAction, Objection
from kefu.workflow.rules import (
    ENDS,
    FINAL,
    NOTICE,
    REJECTED,
    WITHDRAWN,
    Calendar,
    Conflict,
    Decision,
    Flow,
    NoticeWindow,
    check_actor,
    check_final,
    check_objection,
    next_state,
    notice_window,
)

# the actions that move a case or touch its notice; edits recorded through save_data's log
# carry their own names (scores, shortlist …) and pages list them with the case's log
MOVES = frozenset({"open", "decide", "publish", "object", "answer", "finalize", "withdraw"})

OBJECTION_OPEN = "open"
OBJECTION_UPHELD = "upheld"
OBJECTION_DISMISSED = "dismissed"

OnFinal = Callable[[Session, Case, date], None]


def get_case(session: Session, case_id: int, kind: str | None = None) -> Case:
    case = session.get(Case, case_id)
    if case is None or (kind is not None and case.kind != kind):
        raise NotFound(f"没有编号为 {case_id} 的案件 (no case {case_id})")
    return case


def open_case(
    session: Session,
    flow: Flow,
    actor: Viewer,
    *,
    title: str,
    subject_no: str | None,
    involved: Sequence[str],
    department: str | None,
    team: str | None,
    data: dict[str, Any],
    policy_name: str | None,
    today: date,
) -> Case:
    """A new case waiting at the flow's first stage; the opening is its first action.

    A person has at most one open case of a kind: of two opened for them at once, the second
    waits for the first and gets a 409 naming it.
    """
    if subject_no is not None:
        _no_open_case(session, flow, subject_no)
    case = Case(
        kind=flow.kind,
        title=title,
        subject_no=subject_no,
        involved=list(involved),
        department=department,
        team=team,
        state=flow.first_state,
        version=1,
        data=data,
        policy_name=policy_name,
        opened_by=actor.username,
    )
    session.add(case)
    session.flush()
    _act(session, case, actor, "open", today, state_before=None, state_after=case.state)
    audit.record(session, actor.username, f"{flow.kind}.open", f"case:{case.id}", {"title": title})
    return case


def _no_open_case(session: Session, flow: Flow, subject_no: str) -> None:
    person = session.scalar(select(Employee).where(Employee.employee_no == subject_no))
    if person is not None:
        # take the person's row first: an opening at the same moment waits here, then sees
        # the case this one opens
        claim(session, person, {}, {"employee_no": person.employee_no}, None)
    already = session.scalar(
        select(Case.id)
        .where(
            Case.kind == flow.kind,
            Case.subject_no == subject_no,
            Case.state.not_in(list(ENDS)),
        )
        .limit(1)
    )
    if already is not None:
        raise Conflict(
            f"{subject_no} 已有正在办理的{flow.name_zh} #{already}，请刷新后查看 "
            f"(a {flow.name_en.lower()} case is already open for {subject_no})"
        )


def actions(session: Session, case_id: int) -> list[CaseAction]:
    return list(
        session.scalars(
            select(CaseAction).where(CaseAction.case_id == case_id).order_by(CaseAction.id)
        )
    )


def objections(session: Session, case_id: int) -> list[Objection]:
    return list(
        session.scalars(
            select(Objection).where(Objection.case_id == case_id).order_by(Objection.id)
        )
    )


def deciders(session: Session, case_id: int) -> set[str]:
    """Everyone who already decided a stage of the case."""
    return {a.actor for a in actions(session, case_id) if a.action == "decide"}


def check_may_decide(session: Session, flow: Flow, case: Case, viewer: Viewer) -> None:
    """Refuse unless the viewer may decide the case's current stage (role, team, own case)."""
    check_actor(
        flow,
        case.state,
        role=viewer.role,
        actor=viewer.username,
        actor_no=viewer.employee_no,
        subject_nos=case.involved,
        earlier_actors=deciders(session, case.id),
    )
    stage = flow.stage(case.state)
    if (
        stage.team_scope
        and viewer.role == "team_leader"
        and (
            viewer.team is None or viewer.team != case.team or viewer.department != case.department
        )
    ):
        raise Forbidden(
            f"「{stage.name_zh}」只能由本组组长办理 (a team leader decides their own team's cases)"
        )


def decide(
    session: Session,
    flow: Flow,
    case_id: int,
    viewer: Viewer,
    decision: Decision,
    opinion: str,
    seen_version: int,
    today: date,
    *,
    calendar: Calendar | None = None,
    notice_days: int | None = None,
    data: dict[str, Any] | None = None,
    on_final: OnFinal | None = None,
) -> Case:
    """Record a decision at the current stage and move the case on (R-PRO-3).

    ``seen_version`` is the version the reviewer looked at: if the case moved since, the
    decision is refused with a conflict and nothing is written. A rejection needs its reason.
    """
    case = get_case(session, case_id, flow.kind)
    if case.version != seen_version:
        raise conflict(flow, case)
    check_may_decide(session, flow, case, viewer)
    opinion = opinion.strip()
    if not opinion:
        raise KefuError("请填写审批意见（驳回时写明原因）(an opinion is required)")
    before = case.state
    after = next_state(flow, before, decision)
    window: NoticeWindow | None = None
    if after == NOTICE:
        if calendar is None or notice_days is None:
            raise KefuError("公示期未设置，无法发布公示 (no notice period)")
        window = notice_window(calendar, today, notice_days)
    _move(session, flow, case, seen_version, after, today, window)
    _act(
        session,
        case,
        viewer,
        "decide",
        today,
        stage=before,
        decision=decision,
        opinion=opinion,
        state_before=before,
        state_after=after,
        data=data,
    )
    if window is not None:
        _act(session, case, viewer, "publish", today, state_before=after, state_after=after)
    audit.record(
        session,
        viewer.username,
        f"{flow.kind}.decide",
        f"case:{case.id}",
        {"stage": before, "decision": decision, "state": after},
    )
    if after == FINAL and on_final is not None:
        on_final(session, case, today)
    return case


def withdraw(session: Session, flow: Flow, case_id: int, viewer: Viewer, today: date) -> Case:
    """The applicant takes their case back before it goes on notice."""
    case = get_case(session, case_id, flow.kind)
    if case.subject_no is None or viewer.employee_no != case.subject_no:
        raise Forbidden("只有申请人本人可以撤回 (only the applicant withdraws)")
    if case.state in ENDS or case.state == NOTICE:
        raise KefuError(
            f"案件当前为「{flow.state_name(case.state)}」，不能撤回 (too late to withdraw)"
        )
    before = case.state
    _move(session, flow, case, case.version, WITHDRAWN, today, None)
    _act(session, case, viewer, "withdraw", today, state_before=before, state_after=WITHDRAWN)
    audit.record(session, viewer.username, f"{flow.kind}.withdraw", f"case:{case.id}", {})
    return case


def window_of(case: Case) -> NoticeWindow:
    assert case.notice_published_on and case.notice_first_day and case.notice_last_day
    assert case.notice_working_days is not None
    return NoticeWindow(
        case.notice_published_on,
        case.notice_first_day,
        case.notice_last_day,
        case.notice_working_days,
    )


def file_objection(
    session: Session, flow: Flow, case_id: int, viewer: Viewer, text: str, today: date
) -> Objection:
    """Any staff member objects while the case is on notice, up to its last day (R-PUB-1)."""
    case = get_case(session, case_id, flow.kind)
    if case.state != NOTICE:
        raise KefuError(
            f"案件当前为「{flow.state_name(case.state)}」，不在公示期内 (not on public notice)"
        )
    check_objection(window_of(case), today, flow.rule)
    text = text.strip()
    if not text:
        raise KefuError("请写明申诉的理由 (an objection needs its reasons)")
    objection = Objection(
        case_id=case.id, filed_by=viewer.username, filed_on=today, text=text, state=OBJECTION_OPEN
    )
    session.add(objection)
    session.flush()
    # filing moves the case's version: a finalize racing an objection loses
    _move(session, flow, case, case.version, NOTICE, today, None)
    _act(
        session,
        case,
        viewer,
        "object",
        today,
        state_before=NOTICE,
        state_after=NOTICE,
        data={"objection": objection.id},
    )
    audit.record(
        session,
        viewer.username,
        f"{flow.kind}.object",
        f"case:{case.id}",
        {"objection": objection.id},
    )
    return objection


def answer_objection(
    session: Session,
    flow: Flow,
    objection_id: int,
    viewer: Viewer,
    *,
    upheld: bool,
    finding: str,
    answer: str,
    today: date,
) -> Objection:
    """Record the investigation and the answer; an upheld objection rejects the case."""
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    case = get_case(session, objection.case_id, flow.kind)
    if viewer.role not in flow.answer_roles:
        raise Forbidden("申诉由人事调查核实并答复 (HR investigates and answers objections)")
    if objection.filed_by == viewer.username:
        raise Forbidden("不能答复自己提出的申诉 (nobody answers their own objection)")
    if case.subject_no is not None and viewer.employee_no == case.subject_no:
        raise Forbidden("不能答复针对自己案件的申诉 (nobody answers objections to their own case)")
    if objection.state != OBJECTION_OPEN:
        raise Conflict(f"申诉 {objection.id} 已经答复 (already answered)")
    finding, answer = finding.strip(), answer.strip()
    if not finding or not answer:
        raise KefuError("请填写调查核实情况和答复 (the finding and the answer are required)")
    claim(
        session,
        objection,
        {"state": OBJECTION_OPEN},
        {
            "state": OBJECTION_UPHELD if upheld else OBJECTION_DISMISSED,
            "finding": finding,
            "answer": answer,
            "answered_by": viewer.username,
            "answered_on": today,
        },
        lambda now: Conflict(f"申诉 {now.id} 已由他人答复 (already answered)"),
    )
    before = case.state
    after = REJECTED if upheld and before == NOTICE else before
    _move(session, flow, case, case.version, after, today, None)
    _act(
        session,
        case,
        viewer,
        "answer",
        today,
        decision="upheld" if upheld else "dismissed",
        opinion=answer,
        state_before=before,
        state_after=after,
        data={"objection": objection.id, "finding": finding},
    )
    audit.record(
        session,
        viewer.username,
        f"{flow.kind}.answer",
        f"case:{case.id}",
        {"objection": objection.id, "upheld": upheld},
    )
    return objection


def finalize(
    session: Session,
    flow: Flow,
    case_id: int,
    viewer: Viewer,
    today: date,
    on_final: OnFinal | None = None,
) -> Case:
    """After the notice, with every objection answered, the case becomes final."""
    case = get_case(session, case_id, flow.kind)
    if viewer.role not in flow.answer_roles:
        raise Forbidden("公示结束后由人事确认生效 (HR makes the case final)")
    if case.state != NOTICE:
        raise KefuError(
            f"案件当前为「{flow.state_name(case.state)}」，不在公示期 (not on public notice)"
        )
    still_open = sum(1 for o in objections(session, case.id) if o.state == OBJECTION_OPEN)
    check_final(window_of(case), today, still_open, flow.rule)
    _move(session, flow, case, case.version, FINAL, today, None)
    _act(session, case, viewer, "finalize", today, state_before=NOTICE, state_after=FINAL)
    audit.record(session, viewer.username, f"{flow.kind}.final", f"case:{case.id}", {})
    if on_final is not None:
        on_final(session, case, today)
    return case


@dataclass(frozen=True)
class Waiting:
    """One thing in someone's inbox: a case to decide, an objection to answer, a case to close."""

    case: Case
    what: str  # "decide", "answer", "finalize"


def inbox(session: Session, flows: Sequence[Flow], viewer: Viewer, today: date) -> list[Waiting]:
    """What waits on this account: stages it may decide, objections to answer, notices ended."""
    by_kind = {f.kind: f for f in flows}
    cases = list(
        session.scalars(
            select(Case)
            .where(Case.kind.in_(list(by_kind)), Case.state.not_in(list(ENDS)))
            .order_by(Case.id)
        )
    )
    if not cases:
        return []
    open_by_case: dict[int, int] = {}
    for o in session.scalars(
        select(Objection).where(
            Objection.case_id.in_([c.id for c in cases]), Objection.state == OBJECTION_OPEN
        )
    ):
        open_by_case[o.case_id] = open_by_case.get(o.case_id, 0) + 1
    out: list[Waiting] = []
    for case in cases:
        flow = by_kind[case.kind]
        if case.state == NOTICE:
            if viewer.role in flow.answer_roles and viewer.employee_no not in case.involved:
                if open_by_case.get(case.id):
                    out.append(Waiting(case, "answer"))
                elif case.notice_last_day is not None and today > case.notice_last_day:
                    out.append(Waiting(case, "finalize"))
            continue
        try:
            check_may_decide(session, flow, case, viewer)
        except KefuError:
            continue
        out.append(Waiting(case, "decide"))
    return out


def conflict(flow: Flow, case: Case) -> Conflict:
    """The refusal when someone changed the case after the version a person saw."""
    return Conflict(
        f"{flow.name_zh} {case.id} 已被他人处理，现为「{flow.state_name(case.state)}」：请刷新后再看 "
        f"(someone else acted on {flow.name_en.lower()} {case.id} first; it is now "
        f"{flow.state_name(case.state, 'en')})"
    )


def save_data(
    session: Session,
    flow: Flow,
    case: Case,
    seen_version: int,
    data: dict[str, Any],
    involved: Sequence[str] | None = None,
) -> None:
    """Replace the case's data (and who it involves) only if nobody changed it since
    ``seen_version``: scores, applications, shortlists — edits that don't move the state.

    Entries the edit adds to ``data["log"]`` (action, by, role, on …) become the case's
    actions too, so its record holds every edit beside every decision.
    """
    added = data.get("log", [])[len(case.data.get("log", [])) :]
    values: dict[str, Any] = {"version": seen_version + 1, "data": data}
    if involved is not None:
        values["involved"] = list(involved)
    claim(session, case, {"version": seen_version}, values, lambda now: conflict(flow, now))
    for entry in added:
        detail = {k: v for k, v in entry.items() if k not in ("action", "by", "role", "on")}
        session.add(
            CaseAction(
                case_id=case.id,
                on_day=date.fromisoformat(entry["on"]),
                actor=entry["by"],
                actor_role=entry["role"],
                action=str(entry["action"])[:24],
                state_before=case.state,
                state_after=case.state,
                data=detail,
            )
        )
    if added:
        session.flush()


def _move(
    session: Session,
    flow: Flow,
    case: Case,
    seen_version: int,
    state: str,
    today: date,
    window: NoticeWindow | None,
) -> None:
    """Change the case only if nobody changed it since ``seen_version`` (one winner)."""
    values: dict[str, Any] = {"state": state, "version": seen_version + 1}
    if window is not None:
        values |= {
            "notice_published_on": window.published_on,
            "notice_first_day": window.first_day,
            "notice_last_day": window.last_day,
            "notice_working_days": window.working_days,
        }
    if state in ENDS:
        values["closed_on"] = today
    claim(session, case, {"version": seen_version}, values, lambda now: conflict(flow, now))


def _act(
    session: Session,
    case: Case,
    viewer: Viewer,
    action: str,
    today: date,
    *,
    stage: str | None = None,
    decision: str | None = None,
    opinion: str | None = None,
    state_before: str | None,
    state_after: str,
    data: dict[str, Any] | None = None,
) -> CaseAction:
    row = CaseAction(
        case_id=case.id,
        on_day=today,
        actor=viewer.username,
        actor_role=viewer.role,
        action=action,
        stage=stage,
        decision=decision,
        opinion=opinion,
        state_before=state_before,
        state_after=state_after,
        data=data or {},
    )
    session.add(row)
    session.flush()
    return row
