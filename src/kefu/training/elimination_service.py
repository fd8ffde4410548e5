"""Use cases of a training elimination (培训淘汰, R-NEW-4) on the shared case mechanism:
the preliminary list opens a case → the face-to-face talk with its reasons → the public notice
with objections → HR's final decision (the register records the leaving) → HR's offboarding
checklist → the exit feedback and career advice.

The moves and the record of who did what when are kefu.workflow's; what the case holds lives
in its ``Case.data`` (the grounds as they stood when it opened, the talk, the final decision,
the checklist, the exit talk), changed through ``save_data`` so every edit is in its log.

Decisions where the seed is silent:

* A case opens on the grounds that hold when it opens — the automatic flags with their
  evidence, the criteria recorded, or a failed re-exam the manager chose to end — and keeps
  them as they were; a case without grounds is refused.
* Ending the case at the talk (the trainer decides not to go on) or an objection upheld puts
  the trainee back where they stood; after a failed re-exam the manager chooses again.
* The final decision is HR's, after the notice with every objection answered, with its
  opinion; the person leaves on that day (left, leave reason ``eliminated``, 淘汰).
* The offboarding checklist (final pay settled, badge returned, equipment cleared) and the
  exit talk are HR's, after the final decision; each item is ticked once, with its day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.errors import Forbidden, KefuError, NotFound
from kefu.explain.trace import Step
from kefu.people import service as people
from kefu.training import rules, scores
from kefu.training import service as training
from kefu.training.flows import TALK, TRAINING_ELIMINATION
from kefu.training.models import Trainee
from kefu.workflow import service as cases
from kefu.workflow.models import Case, Objection
from kefu.workflow.rules import FINAL, REJECTED, Decision

FLOW = TRAINING_ELIMINATION
LEAVE_REASON = "eliminated"  # 淘汰: a leave reason of the register (kefu.imports.sheets)
CHECKLIST: dict[str, tuple[str, str]] = {
    "final_pay": ("结算工资", "final pay settled"),
    "badge": ("退还工作证件", "badge returned"),
    "equipment": ("清理办公设备", "equipment cleared"),
}
# the stages a trainee may be eliminated from; after a failed re-exam only by the manager
OPENABLE = frozenset({training.TRAINING, training.RE_EXAM, training.EXTENDED})


def get_case(session: Session, case_id: int) -> Case:
    return cases.get_case(session, case_id, FLOW.kind)


def all_cases(session: Session) -> list[Case]:
    """Every training elimination, newest first."""
    return list(
        session.scalars(select(Case).where(Case.kind == FLOW.kind).order_by(Case.id.desc()))
    )


def _logged(case: Case, viewer: Viewer, action: str, today: date, **detail: Any) -> list[Any]:
    entry = {
        "action": action,
        "by": viewer.username,
        "role": viewer.role,
        "on": today.isoformat(),
        **detail,
    }
    return [*case.data.get("log", []), entry]


def _not_involved(viewer: Viewer, case: Case, what: str) -> None:
    rules.not_own_case(viewer.employee_no, case.involved, what)


def grounds_of(found: scores.Standing) -> list[dict[str, Any]]:
    """The flags and the recorded criteria as the case keeps them (with their evidence)."""
    out: list[dict[str, Any]] = [
        {
            "kind": "flag",
            "code": check.kind,
            "since": check.since.isoformat() if check.since else None,
            "evidence": list(check.evidence),
            "steps": [s.as_dict() for s in check.steps],
        }
        for check in found.flags
    ]
    out += [
        {
            "kind": "criterion",
            "code": c.criterion,
            "since": c.observed_on.isoformat(),
            "evidence": [c.evidence],
            "by": c.recorded_by,
            "id": c.id,
        }
        for c in found.criteria
    ]
    return out


def open_case(
    session: Session,
    viewer: Viewer,
    trainee_id: int,
    *,
    calendar: rules.Calendar,
    today: date,
    reason: str = "",
) -> Case:
    """From the preliminary list (初步名单) the trainer opens the trainee's elimination, on the
    grounds that hold now; after a failed re-exam the manager's choice opens it (R-NEW-4)."""
    trainee = training.get_trainee(session, trainee_id)
    cohort = training.get_cohort(session, trainee.cohort_id)
    training.check_manages(viewer, cohort)
    rules.not_own_case(viewer.employee_no, [trainee.employee_no], "发起")
    grounds: list[dict[str, Any]]
    if trainee.stage == training.DECISION and trainee.decision == "eliminate":
        failed = [s for s in scores.scores_of(session, trainee, []) if s.kind == rules.RE_EXAM]
        grounds = [
            {
                "kind": "re_exam",
                "code": rules.RE_EXAM,
                "since": failed[-1].taken_on.isoformat() if failed else today.isoformat(),
                "evidence": [failed[-1].ref] if failed else [],
                "steps": [s.as_dict() for s in failed[-1].steps] if failed else [],
                "decided_by": trainee.decided_by,
                "reason": trainee.decision_reason,
            }
        ]
    elif trainee.stage in OPENABLE:
        found = scores.standing(session, trainee, calendar, today, cohort=cohort)
        grounds = grounds_of(found)
        if not grounds:
            raise KefuError(
                f"{trainee.name} ({trainee.employee_no}) 不在初步淘汰名单上：没有自动标记，也没有"
                f"记录的淘汰依据 (no grounds: not on the preliminary list)"
            )
    else:
        zh, en = training.STAGES[trainee.stage]
        raise KefuError(f"{trainee.name} 现为「{zh}」，不能发起淘汰 (stage: {en})")
    record = people.current_record(session, trainee.employee_no)
    data: dict[str, Any] = {
        "trainee": trainee.id,
        "cohort": cohort.id,
        "cohort_name": cohort.name,
        "employee_no": trainee.employee_no,
        "name": trainee.name,
        "opened_on": today.isoformat(),
        "reason": reason.strip(),
        "stage_before": trainee.stage,
        "grounds": grounds,
        "talk": None,
        "final": None,
        "left_on": None,
        "checklist": {item: None for item in CHECKLIST},
        "exit": None,
        "log": [],
    }
    case = cases.open_case(
        session,
        FLOW,
        viewer,
        title=f"{trainee.name} ({trainee.employee_no}) 培训淘汰",
        subject_no=trainee.employee_no,
        involved=[trainee.employee_no],
        department=record.department if record is not None else cohort.department,
        team=record.team if record is not None else None,
        data=data,
        policy_name=cohort.policy_name,
        today=today,
    )
    training.move_stage(
        session, trainee, trainee.stage, stage=training.ELIMINATING, case_id=case.id
    )
    return case


def _restore(session: Session, case: Case) -> None:
    """The case ended without elimination: the trainee is back where they stood."""
    trainee = session.get(Trainee, case.data["trainee"])
    if trainee is None or trainee.stage != training.ELIMINATING:
        return
    before = case.data.get("stage_before", training.TRAINING)
    trainee.stage = before
    if before == training.DECISION:  # the manager chooses again
        trainee.decision = trainee.decided_by = trainee.decision_reason = None
        trainee.decided_on = None
    session.flush()


def talk(
    session: Session,
    viewer: Viewer,
    case_id: int,
    decision: Decision,
    reasons: str,
    response: str,
    seen_version: int,
    *,
    calendar: rules.Calendar,
    today: date,
) -> Case:
    """沟通面谈: the trainer tells the trainee the reasons and the basis, hears them, and either
    puts the elimination on public notice or ends the case (R-NEW-4)."""
    case = get_case(session, case_id)
    training.check_manages(viewer, training.get_cohort(session, case.data["cohort"]))
    if case.version != seen_version:
        raise cases.conflict(FLOW, case)
    notice_days = None
    if decision == "approve" and case.state == TALK:
        loaded = training.policy_on(session, date.fromisoformat(case.data["opened_on"]))
        notice_days = int(rules.setting(loaded, "public_notice_working_days", rules.CASE_RULE))
    reasons = reasons.strip()
    response = response.strip()
    cases.decide(
        session,
        FLOW,
        case_id,
        viewer,
        decision,
        reasons,
        seen_version,
        today,
        calendar=calendar,
        notice_days=notice_days,
        data={"response": response},
    )
    case.data = {
        **case.data,
        "talk": {
            "by": viewer.username,
            "on": today.isoformat(),
            "reasons": reasons,
            "response": response,
            "decision": decision,
        },
    }
    session.flush()
    if case.state == REJECTED:
        _restore(session, case)
    return case


def object_to(session: Session, viewer: Viewer, case_id: int, text: str, today: date) -> Objection:
    """Anyone on staff objects during the notice (申诉, R-PUB-1); the trainee too."""
    return cases.file_objection(session, FLOW, case_id, viewer, text, today)


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
    """HR investigates and answers; an upheld objection ends the case without elimination."""
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    case = get_case(session, objection.case_id)
    _not_involved(viewer, case, "答复")
    answered = cases.answer_objection(
        session,
        FLOW,
        objection_id,
        viewer,
        upheld=upheld,
        finding=finding,
        answer=reply,
        today=today,
    )
    if case.state == REJECTED:
        _restore(session, case)
    return answered


def finalize(session: Session, viewer: Viewer, case_id: int, opinion: str, today: date) -> Case:
    """最终决定: after the notice, every objection answered, HR decides with an opinion; the
    register records the leaving from that day (R-NEW-4)."""
    case = get_case(session, case_id)
    _not_involved(viewer, case, "决定")
    opinion = opinion.strip()
    if not opinion:
        raise KefuError("请填写最终决定的意见 (the final decision needs its opinion)")

    def leave(session: Session, case: Case, today: date) -> None:
        people.record_change(
            session,
            case.data["employee_no"],
            today,
            {"status": training.LEFT, "left_on": today, "leave_reason": LEAVE_REASON},
            recorded_by=viewer.username,
            source=f"培训淘汰 {case.id}",
        )
        trainee = session.get(Trainee, case.data["trainee"])
        if trainee is not None:
            trainee.stage = training.ELIMINATED
        session.flush()

    cases.finalize(session, FLOW, case_id, viewer, today, on_final=leave)
    final = {"by": viewer.username, "on": today.isoformat(), "opinion": opinion}
    data = {
        **case.data,
        "final": final,
        "left_on": today.isoformat(),
        "log": _logged(case, viewer, "final_decision", today, opinion=opinion),
    }
    cases.save_data(session, FLOW, case, case.version, data)
    return case


def _after_final(viewer: Viewer, case: Case, what: str) -> None:
    if viewer.role not in FLOW.answer_roles:
        raise Forbidden(f"{what}由人事办理 (HR handles it)")
    _not_involved(viewer, case, "办理")
    if case.state != FINAL:
        raise KefuError(
            f"淘汰尚未生效（现为「{FLOW.state_name(case.state)}」），生效后才能办理{what} "
            f"(only after the final decision)"
        )


def tick(
    session: Session,
    viewer: Viewer,
    case_id: int,
    item: str,
    done_on: date,
    seen_version: int,
    today: date,
) -> Case:
    """HR ticks one item of the offboarding checklist (离职手续), with its day and who."""
    case = get_case(session, case_id)
    _after_final(viewer, case, "离职手续")
    if item not in CHECKLIST:
        raise KefuError(f"离职手续没有「{item}」这一项，应为 {', '.join(CHECKLIST)} (unknown item)")
    if case.data["checklist"].get(item):
        raise KefuError(f"「{CHECKLIST[item][0]}」已经办理 (already done)")
    final_on = date.fromisoformat(case.data["left_on"])
    if not final_on <= done_on <= today:
        raise KefuError(
            f"办理日期应在 {final_on.isoformat()} 至今天之间 (a day from the final decision to today)"
        )
    if case.version != seen_version:
        raise cases.conflict(FLOW, case)
    done = {"by": viewer.username, "on": done_on.isoformat()}
    data = {
        **case.data,
        "checklist": {**case.data["checklist"], item: done},
        "log": _logged(case, viewer, "checklist", today, item=item, done_on=done_on.isoformat()),
    }
    cases.save_data(session, FLOW, case, seen_version, data)
    audit.record(session, viewer.username, "training.checklist", f"case:{case.id}", {"item": item})
    return case


def record_exit(
    session: Session,
    viewer: Viewer,
    case_id: int,
    feedback: str,
    advice: str,
    seen_version: int,
    today: date,
) -> Case:
    """HR records the exit talk: the person's view of the training and the elimination, and the
    center's evaluation and career advice (沟通与反馈、职业指导与建议)."""
    case = get_case(session, case_id)
    _after_final(viewer, case, "离职面谈")
    if case.data.get("exit"):
        raise KefuError("离职面谈已经记录 (the exit talk is already recorded)")
    feedback, advice = feedback.strip(), advice.strip()
    if not feedback or not advice:
        raise KefuError("请填写本人的意见反馈和职业建议 (the feedback and the advice)")
    if case.version != seen_version:
        raise cases.conflict(FLOW, case)
    exit_talk = {
        "by": viewer.username,
        "on": today.isoformat(),
        "feedback": feedback,
        "advice": advice,
    }
    data = {
        **case.data,
        "exit": exit_talk,
        "log": _logged(case, viewer, "exit", today, feedback=feedback, advice=advice),
    }
    cases.save_data(session, FLOW, case, seen_version, data)
    audit.record(session, viewer.username, "training.exit", f"case:{case.id}", {})
    return case


def ground_steps(ground: dict[str, Any]) -> list[Step]:
    return [Step.from_dict(s) for s in ground.get("steps", [])]
