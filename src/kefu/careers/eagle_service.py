"""Use cases of the Eagle plan (雏鹰计划, R-EGL-1..3, R-PUB-1): announce, apply, screen,
shortlist, interview and group, notice, exams, certificate, transfer, the leader.

One plan is one case of the EAGLE flow: 报名 (HR closes the applications) → 初审筛选 (HR
picks the shortlist) → 面试评审 (the manager records the panel and the group of four with
its leader) → public notice (公示) in working days → objections answered → final. After
final HR records each member's two exams; those who pass get a certificate and, confirmed by
HR, a register record in the VIP department from the next day. Members may complain about
the leader; valid complaints from more than the policy's share of members replace them.

Everything a plan holds lives in its ``Case.data`` (JSON), changed only through ``_save``:
the version the form saw must still be the case's, else nothing is written (Conflict),
exactly like a decision. Each change is appended to ``data["log"]`` with who and when (and
audited), so the plan's history stays with the case.

Decisions where the seeds are silent:

* A plan is judged by the policy in force on the day it was announced (the rules are
  announced with the plan).
* Applications are taken through the deadline day; applications close (HR's decision at 报名)
  on the deadline day at the earliest, and not without an application.
* Everyone who applies in time is a candidate (在规定申请时间内，提出申请者，均被列为候选人):
  qualification is judged at screening, not at the application.
* Awards are the themes won in the newest revision of each closed month among the 12 months
  up to the application month, plus any other company award HR enters (its theme must be
  weighed by ``eagle_plan.award_weights``). Major complaints are entered by HR: a shortlist
  is refused while a shortlisted applicant has none entered. The conversion-exam score may be
  stated by the applicant or entered by HR; the page says who entered it.
* Only qualified applicants may be shortlisted, and the group is chosen from the shortlist.
  The panel's four seats (总经理, 副总, 客服总监, 人事经理) are all named before approval.
* Schedule days outside the windows are flagged on the page, never refused (R-EGL-1).
* Exams, the certificate, the transfer and the leader's replacement happen once the plan is
  final (the group exists). A member who passed is transferred once; HR confirms it.
* Nobody who applied decides, answers an objection on, or makes final their own plan; HR does
  not enter their own figures or exams, nor judge a complaint by or about themselves.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.careers import eagle as rules
from kefu.careers.election import refuse_open, who
from kefu.careers.flows import EAGLE
from kefu.closing import repository as closes
from kefu.errors import Forbidden, KefuError, NotFound
from kefu.explain.trace import Step, num
from kefu.people.models import EmployeeRecord
from kefu.people.service import RECORD_FIELDS, records_of
from kefu.periods import Month
from kefu.policy.lint import SCALE_TOP
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import EaglePlan
from kefu.policy.service import policy_for
from kefu.workflow import service as cases
from kefu.workflow.models import Case, Objection
from kefu.workflow.rules import FINAL, Calendar, Decision

APPLYING = "applying"
SCREENING = "screening"
INTERVIEW = "interview"
PANEL_SEATS: dict[str, tuple[str, str]] = {
    "gm": ("总经理", "general manager"),
    "deputy_gm": ("副总经理", "deputy general manager"),
    "cs_director": ("客服总监", "customer-service director"),
    "hr_manager": ("人事经理", "HR manager"),
}
MAX_NAME = 64
LEFT = "left"


# ---------------------------------------------------------------- policy and cases


def eagle_policy(session: Session, on: date) -> tuple[EaglePlan, LoadedPolicy]:
    """The eagle_plan section of the policy in force on ``on``, or a refusal naming it."""
    loaded = policy_for(session, Month(on.year, on.month)).policy
    section = loaded.model.eagle_plan
    if section is None:
        raise KefuError(
            f"政策 {loaded.name} 没有雏鹰计划 (eagle_plan) 一节:无法办理雏鹰计划 (R-EGL-1)"
        )
    return section, loaded


def policy_of(session: Session, case: Case) -> tuple[EaglePlan, LoadedPolicy]:
    """The policy a plan is judged by: the one in force on the day it was announced."""
    return eagle_policy(session, date.fromisoformat(case.data["announced_on"]))


def get_plan(session: Session, case_id: int) -> Case:
    return cases.get_case(session, case_id, EAGLE.kind)


def plans(session: Session) -> list[Case]:
    """Every Eagle plan, newest first."""
    return list(
        session.scalars(select(Case).where(Case.kind == EAGLE.kind).order_by(Case.id.desc()))
    )


def deadline_of(case: Case) -> date:
    return date.fromisoformat(case.data["deadline"])


def announce(
    session: Session,
    viewer: Viewer,
    *,
    title: str,
    deadline: date,
    notes: str,
    today: date,
) -> Case:
    """HR or a manager announces a plan (发布公告) with its application deadline (R-EGL-1)."""
    if not viewer.can("eagle.manage"):
        raise Forbidden("雏鹰计划由人事或客服经理发布 (HR or a manager announces the plan)")
    title = title.strip()
    if not title:
        raise KefuError("请填写公告标题 (the announcement needs a title)")
    if deadline < today:
        raise KefuError(
            f"申请截止日 {deadline.isoformat()} 早于今天 {today.isoformat()} "
            f"(the application deadline is in the past)"
        )
    plan, loaded = eagle_policy(session, today)
    shortlist_by, interview_from, interview_to = rules.proposed_schedule(plan, deadline)
    data: dict[str, Any] = {
        "announced_on": today.isoformat(),
        "deadline": deadline.isoformat(),
        "notes": notes.strip(),
        "proposed": {
            "shortlist_by": shortlist_by.isoformat(),
            "interview_from": interview_from.isoformat(),
            "interview_to": interview_to.isoformat(),
        },
        "applications": [],
        "shortlist": None,
        "screening": None,
        "group": None,
        "leaders": [],
        "exams": {},
        "transfers": {},
        "complaints": [],
        "log": [],
    }
    return cases.open_case(
        session,
        EAGLE,
        viewer,
        title=title,
        subject_no=None,
        involved=[],
        department=None,
        team=None,
        data=data,
        policy_name=loaded.label,
        today=today,
    )


def _draft(case: Case, seen_version: int, state: str) -> dict[str, Any]:
    """A copy of the data to change, once the version and the state are right."""
    if case.version != seen_version:
        raise cases.conflict(EAGLE, case)
    if case.state != state:
        raise KefuError(
            f"雏鹰计划当前为「{EAGLE.state_name(case.state)}」，不能办理此事项 "
            f"(the plan is {EAGLE.state_name(case.state, 'en')}: not now)"
        )
    return copy.deepcopy(case.data)


def _log(
    data: dict[str, Any], case: Case, viewer: Viewer, action: str, today: date, **detail: Any
) -> None:
    """Append who did what, on which day, at which version."""
    data["log"] = [
        *data.get("log", []),
        {
            "action": action,
            "by": viewer.username,
            "role": viewer.role,
            "on": today.isoformat(),
            "version": case.version + 1,
            **detail,
        },
    ]


def _audit(session: Session, viewer: Viewer, action: str, case: Case, **detail: Any) -> None:
    audit.record(session, viewer.username, f"{EAGLE.kind}.{action}", f"case:{case.id}", detail)


def _manager_of_plan(viewer: Viewer, case: Case, what: str) -> None:
    """HR and managers act on a plan; nobody acts on one they applied to."""
    if not viewer.can("eagle.manage"):
        raise Forbidden(f"{what}由人事或客服经理办理 (HR or a manager does this)")
    if viewer.employee_no is not None and viewer.employee_no in case.involved:
        raise Forbidden(f"申请人不能{what} (applicants do not act on their own plan)")


def _text(value: str, what_zh: str, what_en: str) -> str:
    value = value.strip()
    if not value:
        raise KefuError(f"请填写{what_zh} (the {what_en} is required)")
    return value


def check_score(value: Decimal | None, what: str) -> Decimal | None:
    """A score from 0 to 100, or None."""
    if value is not None and (not value.is_finite() or not 0 <= value <= SCALE_TOP):
        raise KefuError(f"{what} {value} 不在 0–{num(SCALE_TOP)} 分之间 (a score from 0 to 100)")
    return value


# ---------------------------------------------------------------- applications


def application_of(case: Case, employee_no: str) -> dict[str, Any] | None:
    for entry in case.data.get("applications", []):
        if entry["employee_no"] == employee_no:
            return dict(entry)
    return None


def _application(case: Case, employee_no: str) -> dict[str, Any]:
    found = application_of(case, employee_no)
    if found is None:
        raise NotFound(f"雏鹰计划 {case.id} 没有工号 {employee_no} 的申请 (no such application)")
    return found


def _regular_since(history: Sequence[EmployeeRecord], sources: Sequence[str]) -> date | None:
    """Since when the person has been in a regular CS department without a break; None: from
    hire (their first record already is in one), or not in one now."""
    since: date | None = None
    for index in range(len(history) - 1, -1, -1):
        if history[index].department not in sources:
            break
        since = None if index == 0 else history[index].effective_on
    return since


def awards_won(
    session: Session, employee_no: str, on: date, months: int | None
) -> list[dict[str, str]]:
    """The award themes won in closed months (newest revision each): those of ``on``'s month
    and the ``months`` − 1 before it (the policy's ``awards_within_months``), or all of them."""
    last = Month(on.year, on.month)
    first = str(last.shift(1 - months)) if months is not None else ""
    out = []
    for month, _revision, row in closes.person_results(session, employee_no):
        if first <= month <= str(last):
            out += [{"month": month, "theme": str(a["theme"])} for a in row.awards or []]
    return out


def apply(
    session: Session,
    viewer: Viewer,
    case_id: int,
    *,
    results_summary: str,
    supervisor_comment: str,
    progress: str,
    method: str,
    exam_dates: str,
    plan_months: Decimal,
    conversion_exam_score: Decimal | None,
    seen_version: int,
    today: date,
) -> Case:
    """A staff member applies by the deadline (申请书, R-EGL-1): hire date, level and awards
    come from the register and the closed months; the rest is the applicant's own."""
    if viewer.employee_no is None:
        raise Forbidden("只有登记在册的员工可以申请 (only staff apply)")
    case = get_plan(session, case_id)
    if case.state != APPLYING:
        raise KefuError(
            f"雏鹰计划当前为「{EAGLE.state_name(case.state)}」，已不接受申请 "
            f"(the plan no longer takes applications)"
        )
    deadline = deadline_of(case)
    if today > deadline:
        raise KefuError(
            f"申请已于 {deadline.isoformat()} 截止 (applications closed on {deadline.isoformat()})"
        )
    data = _draft(case, seen_version, APPLYING)
    no = viewer.employee_no
    if application_of(case, no) is not None:
        raise KefuError("您已申请本期雏鹰计划 (you have already applied)")
    history = [r for r in records_of(session, no) if r.effective_on <= today]
    if not history:
        raise NotFound(f"员工名册中没有工号 {no} (no such employee)")
    current = history[-1]
    if current.left_on is not None and current.left_on <= today:
        raise KefuError(f"{current.name} ({no}) 已于 {current.left_on} 离职 (has left)")
    if not plan_months.is_finite() or plan_months <= 0:
        raise KefuError("计划所需时间应大于 0 个月 (the study plan must take some months)")
    plan, _ = policy_of(session, case)
    entry: dict[str, Any] = {
        "employee_no": no,
        "name": current.name,
        "department": current.department,
        "team": current.team,
        "level": current.level or "",
        "status": current.status,
        "hired_on": current.hired_on.isoformat(),
        "regular_since": _iso(_regular_since(history, plan.source_departments)),
        "applied_on": today.isoformat(),
        "results_summary": _text(results_summary, "业绩情况", "results summary"),
        "supervisor_comment": _text(supervisor_comment, "上级评语", "supervisor's comment"),
        "progress": _text(progress, "学习进度", "study progress"),
        "method": _text(method, "学习方式", "study method"),
        "exam_dates": _text(exam_dates, "考试时间", "exam dates"),
        "plan_months": num(plan_months),
        "conversion_exam_score": num(check_score(conversion_exam_score, "转正考试成绩")),
        "conversion_exam_by": "self" if conversion_exam_score is not None else None,
        "major_complaints": None,
        "major_complaints_by": None,
        "awards": awards_won(session, no, today, plan.awards_within_months),
        "extra_awards": [],
        "extra_awards_by": None,
    }
    data["applications"] = [*data["applications"], entry]
    _log(data, case, viewer, "apply", today, employee_no=no)
    cases.save_data(session, EAGLE, case, seen_version, data, [*case.involved, no])
    _audit(session, viewer, "apply", case, employee_no=no)
    return case


def record_figures(
    session: Session,
    viewer: Viewer,
    case_id: int,
    employee_no: str,
    *,
    major_complaints: int | None,
    conversion_exam_score: Decimal | None,
    extra_awards: Sequence[str],
    seen_version: int,
    today: date,
) -> Case:
    """HR enters what kefu does not know: major complaints, the conversion-exam score, other
    company awards (R-EGL-1 screening criteria). A changed figure names who entered it."""
    case = get_plan(session, case_id)
    _manager_of_plan(viewer, case, "录入申请人的筛选数据")
    if case.state not in (APPLYING, SCREENING):
        raise KefuError(
            "初审结束后不能再修改申请人的数据 (figures change only until screening ends)"
        )
    data = _draft(case, seen_version, case.state)
    entry = _application(case, employee_no)
    if major_complaints is not None and major_complaints < 0:
        raise KefuError("重大投诉次数不能为负 (major complaints cannot be negative)")
    check_score(conversion_exam_score, "转正考试成绩")
    themes = [t.strip() for t in extra_awards if t.strip()]
    if themes:
        plan, loaded = policy_of(session, case)
        refuse_open(loaded.open_parameters, "eagle_plan.award_weights", rules.RULE_SCREEN)
        weighed = plan.award_weights or {}
        unknown = [t for t in themes if t not in weighed]
        if unknown:
            raise KefuError(
                f"奖项「{'、'.join(unknown)}」在 eagle_plan.award_weights 中没有权重，"
                f"可选: {'、'.join(weighed) or '(无)'} (awards without a weight)"
            )
    if major_complaints != entry["major_complaints"]:
        entry["major_complaints"] = major_complaints
        entry["major_complaints_by"] = viewer.username
    score = num(conversion_exam_score)
    if score != entry["conversion_exam_score"]:
        entry["conversion_exam_score"] = score
        entry["conversion_exam_by"] = viewer.username
    if themes != entry["extra_awards"]:
        entry["extra_awards"] = themes
        entry["extra_awards_by"] = viewer.username
    data["applications"] = [
        entry if a["employee_no"] == employee_no else a for a in data["applications"]
    ]
    _log(data, case, viewer, "figures", today, employee_no=employee_no)
    cases.save_data(session, EAGLE, case, seen_version, data)
    _audit(session, viewer, "scores", case, employee_no=employee_no)
    return case


def to_application(entry: Mapping[str, Any]) -> rules.Application:
    """A stored application as the rules read it (complaints not entered count as none)."""
    score = entry.get("conversion_exam_score")
    return rules.Application(
        employee_no=entry["employee_no"],
        name=entry["name"],
        department=entry["department"],
        level=entry["level"],
        status=entry["status"],
        hired_on=date.fromisoformat(entry["hired_on"]),
        regular_since=_day(entry.get("regular_since")),
        applied_on=date.fromisoformat(entry["applied_on"]),
        major_complaints=entry.get("major_complaints") or 0,
        awards=tuple([a["theme"] for a in entry.get("awards", [])] + entry.get("extra_awards", [])),
        conversion_exam_score=Decimal(score) if score is not None else None,
        plan_months=Decimal(entry["plan_months"]),
        progress=entry.get("progress", ""),
        method=entry.get("method", ""),
        exam_dates=entry.get("exam_dates", ""),
        supervisor_comment=entry.get("supervisor_comment", ""),
        results_summary=entry.get("results_summary", ""),
    )


# ---------------------------------------------------------------- screening and shortlist


@dataclass(frozen=True)
class Screening:
    """The applicants screened and ranked (R-EGL-1), or why that cannot be done."""

    rows: tuple[rules.Screened, ...]
    missing_complaints: tuple[str, ...]
    """Applicants HR has not entered major complaints for (counted as none meanwhile)."""
    problem: str | None


def screening(session: Session, case: Case) -> Screening:
    """Every applicant qualified or not with the reasons, the qualified in their order."""
    entries = case.data.get("applications", [])
    missing = tuple(e["employee_no"] for e in entries if e.get("major_complaints") is None)
    try:
        plan, loaded = policy_of(session, case)
        rows = rules.screen(plan, loaded.open_parameters, [to_application(e) for e in entries])
    except KefuError as exc:
        return Screening((), missing, exc.message)
    return Screening(rows, missing, None)


def schedule_steps(session: Session, case: Case) -> tuple[Step, ...]:
    """The shortlist and interview days against the windows: flags, never refusals."""
    plan, _ = policy_of(session, case)
    shortlist = case.data.get("shortlist") or {}
    return rules.check_schedule(
        plan,
        deadline_of(case),
        _day(shortlist.get("on")),
        _day(shortlist.get("interview_on")),
    )


def _screened_or_refuse(session: Session, case: Case) -> tuple[rules.Screened, ...]:
    found = screening(session, case)
    if found.problem is not None:
        raise KefuError(found.problem)
    return found.rows


def _check_shortlist(
    case: Case, rows: Sequence[rules.Screened], members: Sequence[str]
) -> list[str]:
    by_no = {r.employee_no: r for r in rows}
    if not members:
        raise KefuError("入围名单不能为空 (the shortlist is empty)")
    if len(set(members)) != len(members):
        raise KefuError("入围名单中有重复的工号 (someone is listed twice)")
    unknown = [no for no in members if no not in by_no]
    if unknown:
        raise KefuError(
            f"{'、'.join(unknown)} 没有申请本期雏鹰计划 (not applicants: {', '.join(unknown)})"
        )
    unqualified = [by_no[no] for no in members if not by_no[no].qualified]
    if unqualified:
        raise KefuError(
            "只有初审合格的候选人可以入围: "
            + "、".join(who(r.name, r.employee_no) for r in unqualified)
            + " 初审不合格 (only qualified applicants are shortlisted)"
        )
    missing = [
        no for no in members if (application_of(case, no) or {}).get("major_complaints") is None
    ]
    if missing:
        raise KefuError(
            f"请先录入 {'、'.join(missing)} 的重大投诉情况 (major complaints not entered yet)"
        )
    return list(members)


def set_shortlist(
    session: Session,
    viewer: Viewer,
    case_id: int,
    *,
    members: Sequence[str] | None,
    shortlist_on: date,
    interview_on: date,
    seen_version: int,
    today: date,
) -> Case:
    """HR picks the shortlist (default: every qualified applicant) and the interview day;
    days outside the windows are flagged on the page (R-EGL-1)."""
    case = get_plan(session, case_id)
    cases.check_may_decide(session, EAGLE, case, viewer)
    data = _draft(case, seen_version, SCREENING)
    rows = _screened_or_refuse(session, case)
    chosen = [r.employee_no for r in rows if r.qualified] if members is None else list(members)
    chosen = _check_shortlist(case, rows, [no.strip() for no in chosen])
    plan, _ = policy_of(session, case)
    flags = rules.check_schedule(plan, deadline_of(case), shortlist_on, interview_on)
    data["shortlist"] = {
        "members": chosen,
        "on": shortlist_on.isoformat(),
        "interview_on": interview_on.isoformat(),
        "by": viewer.username,
        "recorded_on": today.isoformat(),
        "schedule": [s.as_dict() for s in flags],
    }
    _log(data, case, viewer, "shortlist", today, members=chosen)
    cases.save_data(session, EAGLE, case, seen_version, data)
    _audit(session, viewer, "scores", case, shortlist=chosen)
    return case


# ---------------------------------------------------------------- interview and group


def _members_of(case: Case) -> list[dict[str, Any]]:
    group = case.data.get("group") or {}
    return list(group.get("members", []))


def member_numbers(case: Case) -> list[str]:
    return [m["employee_no"] for m in _members_of(case)]


def current_leader(case: Case) -> str | None:
    """The leader now: the newest of the leaders after final, else the group's."""
    leaders = case.data.get("leaders") or []
    if leaders:
        return str(leaders[-1]["employee_no"])
    group = case.data.get("group") or {}
    leader = group.get("leader")
    return str(leader) if leader else None


def record_group(
    session: Session,
    viewer: Viewer,
    case_id: int,
    *,
    panel: Mapping[str, str],
    members: Sequence[str],
    leader: str,
    seen_version: int,
    today: date,
) -> Case:
    """The panel (总经理, 副总, 客服总监, 人事经理) and the group chosen from the shortlist:
    its seats by department and its leader must match the policy (R-EGL-2)."""
    case = get_plan(session, case_id)
    cases.check_may_decide(session, EAGLE, case, viewer)
    data = _draft(case, seen_version, INTERVIEW)
    names = {}
    for seat, (zh, en) in PANEL_SEATS.items():
        name = (panel.get(seat) or "").strip()
        if not name:
            raise KefuError(f"请填写面试官小组的{zh} (the panel's {en} is missing)")
        if len(name) > MAX_NAME:
            raise KefuError(f"{zh}的姓名过长 (the {en}'s name is too long)")
        names[seat] = name
    chosen = [no.strip() for no in members if no.strip()]
    shortlisted = (case.data.get("shortlist") or {}).get("members", [])
    outside = [no for no in chosen if no not in shortlisted]
    if outside:
        raise KefuError(f"{'、'.join(outside)} 不在入围名单中，不能入选小组 (not on the shortlist)")
    leader = leader.strip()
    if not leader:
        raise KefuError("请指定组长 (the group needs a leader, R-EGL-2)")
    plan, _ = policy_of(session, case)
    entries = [_application(case, no) for no in chosen]
    steps = rules.check_group(plan, [(e["employee_no"], e["department"]) for e in entries], leader)
    data["group"] = {
        "panel": names,
        "members": [
            {"employee_no": e["employee_no"], "name": e["name"], "department": e["department"]}
            for e in entries
        ],
        "leader": leader,
        "by": viewer.username,
        "recorded_on": today.isoformat(),
        "steps": [s.as_dict() for s in steps],
    }
    _log(data, case, viewer, "group", today, members=chosen, leader=leader)
    cases.save_data(session, EAGLE, case, seen_version, data)
    _audit(session, viewer, "group", case, members=chosen, leader=leader)
    return case


# ---------------------------------------------------------------- the flow


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
    """报名 → 初审筛选 → 面试评审 → 公示 (R-EGL-1, R-PUB-1).

    Closing the applications: from the deadline day, with at least one application. Approving
    the screening: the shortlist is checked again and the screening frozen. The manager
    approving the interview puts the group on notice for the policy's working days.
    Rejecting at any stage ends the plan, with its reason.
    """
    case = get_plan(session, case_id)
    if case.version != seen_version:
        raise cases.conflict(EAGLE, case)
    frozen: dict[str, Any] = {}
    action_data: dict[str, Any] = {}
    notice_days = None
    if decision == "approve" and case.state == APPLYING:
        cases.check_may_decide(session, EAGLE, case, viewer)
        deadline = deadline_of(case)
        if today < deadline:
            raise KefuError(
                f"申请截止日为 {deadline.isoformat()}，截止日起才能结束报名 "
                f"(applications close on {deadline.isoformat()} at the earliest)"
            )
        if not case.data.get("applications"):
            raise KefuError(
                "没有人申请本期雏鹰计划:可驳回以取消 (nobody applied; reject to cancel)"
            )
        action_data = {"applications": len(case.data["applications"])}
    if decision == "approve" and case.state == SCREENING:
        cases.check_may_decide(session, EAGLE, case, viewer)
        shortlist = case.data.get("shortlist")
        if not shortlist:
            raise KefuError("请先确定入围名单和面试日期 (set the shortlist and the interview day)")
        rows = _screened_or_refuse(session, case)
        _check_shortlist(case, rows, shortlist["members"])
        frozen["screening"] = [_screened_dict(r) for r in rows]
        action_data = {"shortlist": shortlist["members"]}
    if decision == "approve" and case.state == INTERVIEW:
        cases.check_may_decide(session, EAGLE, case, viewer)
        group = case.data.get("group")
        if not group:
            raise KefuError("请先记录面试官小组和入选的小组成员 (record the panel and the group)")
        plan, loaded = policy_of(session, case)
        rules.check_group(
            plan, [(m["employee_no"], m["department"]) for m in group["members"]], group["leader"]
        )
        loaded.require("eagle_plan.public_notice_working_days", "R-PUB-1")
        if plan.public_notice_working_days is None:
            raise KefuError(
                f"政策 {loaded.name} 没有设置 eagle_plan.public_notice_working_days(公示期):"
                f"无法公示雏鹰计划的结果 (R-EGL-1, R-PUB-1)"
            )
        notice_days = plan.public_notice_working_days
        action_data = {"members": member_numbers(case), "leader": group["leader"]}
    cases.decide(
        session,
        EAGLE,
        case_id,
        viewer,
        decision,
        opinion,
        seen_version,
        today,
        calendar=calendar,
        notice_days=notice_days,
        data=action_data,
    )
    if frozen:
        # the decision above moved the version; this transaction holds the row
        case.data = {**case.data, **frozen}
        session.flush()
    return case


def _screened_dict(row: rules.Screened) -> dict[str, Any]:
    return {
        "employee_no": row.employee_no,
        "name": row.name,
        "qualified": row.qualified,
        "place": row.place,
        "award_points": num(row.award_points),
        "flagged": row.flagged,
        "steps": [s.as_dict() for s in row.steps],
    }


def object_to(session: Session, viewer: Viewer, case_id: int, text: str, today: date) -> Objection:
    """Anyone on staff objects to the group during its notice (R-PUB-1)."""
    return cases.file_objection(session, EAGLE, case_id, viewer, text, today)


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
    """HR investigates and answers; an upheld objection rejects the result."""
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    case = get_plan(session, objection.case_id)
    if viewer.employee_no is not None and viewer.employee_no in case.involved:
        raise Forbidden("申请人不能答复本期计划的申诉 (applicants do not answer objections)")
    return cases.answer_objection(
        session,
        EAGLE,
        objection_id,
        viewer,
        upheld=upheld,
        finding=finding,
        answer=reply,
        today=today,
    )


def finalize(session: Session, viewer: Viewer, case_id: int, today: date) -> Case:
    """After the notice with no open objection: the group exists, its leader leads."""
    case = get_plan(session, case_id)
    if viewer.employee_no is not None and viewer.employee_no in case.involved:
        raise Forbidden("申请人不能确认本期计划生效 (applicants do not make it final)")
    return cases.finalize(session, EAGLE, case_id, viewer, today, on_final=_form_group)


def _form_group(session: Session, case: Case, today: date) -> None:
    group = case.data.get("group")
    if not group:
        raise KefuError(f"雏鹰计划 {case.id} 没有入选的小组 (no group recorded)")
    case.data = {
        **case.data,
        "formed_on": today.isoformat(),
        "leaders": [{"employee_no": group["leader"], "since": today.isoformat(), "by": None}],
    }
    session.flush()


# ---------------------------------------------------------------- exams, certificate, transfer


def _member(case: Case, employee_no: str) -> dict[str, Any]:
    for m in _members_of(case):
        if m["employee_no"] == employee_no:
            return dict(m)
    raise NotFound(f"雏鹰计划 {case.id} 的小组没有成员 {employee_no} (not a member)")


def _final_draft(case: Case, seen_version: int) -> dict[str, Any]:
    if case.state != FINAL:
        raise KefuError(
            f"雏鹰计划当前为「{EAGLE.state_name(case.state)}」，小组确定(生效)后才能办理 "
            f"(only once the group is final)"
        )
    return _draft(case, seen_version, FINAL)


def record_exams(
    session: Session,
    viewer: Viewer,
    case_id: int,
    employee_no: str,
    *,
    soso_score: Decimal | None,
    gap_score: Decimal | None,
    prior_gap: tuple[date, Decimal] | None,
    seen_version: int,
    today: date,
) -> rules.ExamOutcome:
    """HR records a member's SOSO upgrade exam and GAP exam, or the prior GAP score that
    exempts them; kefu says exempt or not and passed, failed or pending (R-EGL-3)."""
    case = get_plan(session, case_id)
    _manager_of_plan(viewer, case, "录入考试成绩")
    data = _final_draft(case, seen_version)
    member = _member(case, employee_no)
    if employee_no in data["transfers"]:
        raise KefuError(f"{member['name']} 已调入新部门，成绩不能再改 (already transferred)")
    plan, _ = policy_of(session, case)
    applied_on = date.fromisoformat(_application(case, employee_no)["applied_on"])
    outcome = rules.exam_outcome(plan, applied_on, soso_score, gap_score, prior_gap)
    data["exams"][employee_no] = {
        "soso": num(soso_score),
        "gap": num(gap_score),
        "prior_gap_on": prior_gap[0].isoformat() if prior_gap else None,
        "prior_gap_score": num(prior_gap[1]) if prior_gap else None,
        "gap_exempt": outcome.gap_exempt,
        "passed": outcome.passed,
        "steps": [s.as_dict() for s in outcome.steps],
        "completion": rules.completion_step(plan, outcome).as_dict(),
        "by": viewer.username,
        "on": today.isoformat(),
    }
    _log(data, case, viewer, "exams", today, employee_no=employee_no, passed=outcome.passed)
    cases.save_data(session, EAGLE, case, seen_version, data)
    _audit(session, viewer, "exams", case, employee_no=employee_no, passed=outcome.passed)
    return outcome


@dataclass(frozen=True)
class Certificate:
    """奖状: a member who passed both exams (R-EGL-3)."""

    case_id: int
    plan_title: str
    employee_no: str
    name: str
    soso_score: str
    gap_score: str | None
    gap_exempt: bool
    prior_gap_score: str | None
    prior_gap_on: str | None
    issued_on: str
    department: str
    transferred_on: str | None


def certificate(session: Session, viewer: Viewer, case_id: int, employee_no: str) -> Certificate:
    """The certificate of a member who passed; the member and HR or managers see it."""
    case = get_plan(session, case_id)
    if viewer.employee_no != employee_no and not viewer.can("eagle.manage"):
        raise NotFound(f"没有 {employee_no} 的证书 (no certificate)")
    exams = case.data.get("exams", {}).get(employee_no)
    if case.state != FINAL or not exams or exams.get("passed") is not True:
        raise NotFound(
            f"{employee_no} 没有雏鹰计划证书:两项考试均合格才颁发 (no certificate: not passed)"
        )
    member = _member(case, employee_no)
    plan, _ = policy_of(session, case)
    transfer = case.data.get("transfers", {}).get(employee_no)
    return Certificate(
        case_id=case.id,
        plan_title=case.title,
        employee_no=employee_no,
        name=member["name"],
        soso_score=exams["soso"],
        gap_score=exams["gap"],
        gap_exempt=bool(exams["gap_exempt"]),
        prior_gap_score=exams["prior_gap_score"],
        prior_gap_on=exams["prior_gap_on"],
        issued_on=exams["on"],
        department=rules.transfer_department(plan),
        transferred_on=transfer["effective_on"] if transfer else None,
    )


def transfer(
    session: Session,
    viewer: Viewer,
    case_id: int,
    employee_no: str,
    seen_version: int,
    today: date,
) -> EmployeeRecord:
    """HR confirms the transfer of a member who passed: a register record in the target
    department from the next day, other fields as they are, no team yet (R-EGL-3)."""
    case = get_plan(session, case_id)
    _manager_of_plan(viewer, case, "确认调动")
    data = _final_draft(case, seen_version)
    member = _member(case, employee_no)
    exams = data["exams"].get(employee_no)
    if not exams or exams.get("passed") is not True:
        raise KefuError(
            f"{who(member['name'], employee_no)} 尚未通过两项考试，不能调动 (has not passed)"
        )
    if employee_no in data["transfers"]:
        raise KefuError(
            f"{who(member['name'], employee_no)} 已调动 (already transferred, "
            f"{data['transfers'][employee_no]['effective_on']})"
        )
    history = records_of(session, employee_no)
    if not history:
        raise NotFound(f"员工名册中没有工号 {employee_no} (no such employee)")
    current = history[-1]
    starts = today + timedelta(days=1)
    if current.status == LEFT or (current.left_on is not None and current.left_on <= starts):
        raise KefuError(f"{who(current.name, employee_no)} 已离职，不能调动 (has left)")
    plan, _ = policy_of(session, case)
    department = rules.transfer_department(plan)
    values = {f: getattr(current, f) for f in RECORD_FIELDS}
    values |= {"department": department, "team": None}
    record = EmployeeRecord(
        employee_id=current.employee_id,
        effective_on=starts,
        recorded_by=f"eagle:{case.id}",
        source=f"雏鹰计划 {case.id}",
        **values,
    )
    session.add(record)
    data["transfers"][employee_no] = {
        "effective_on": starts.isoformat(),
        "department": department,
        "from_department": current.department,
        "by": viewer.username,
        "on": today.isoformat(),
    }
    _log(data, case, viewer, "transfer", today, employee_no=employee_no, department=department)
    cases.save_data(session, EAGLE, case, seen_version, data)
    _audit(
        session,
        viewer,
        "final",
        case,
        transfer=employee_no,
        department=department,
        effective_on=starts.isoformat(),
    )
    return record


# ---------------------------------------------------------------- the leader


def complaint(case: Case, complaint_id: int) -> dict[str, Any]:
    for c in case.data.get("complaints", []):
        if c["id"] == complaint_id:
            return dict(c)
    raise NotFound(f"没有编号为 {complaint_id} 的投诉 (no complaint {complaint_id})")


def file_complaint(
    session: Session,
    viewer: Viewer,
    case_id: int,
    reasons: str,
    seen_version: int,
    today: date,
) -> dict[str, Any]:
    """A member complains about the current leader, with the reasons (R-EGL-2)."""
    case = get_plan(session, case_id)
    data = _final_draft(case, seen_version)
    no = viewer.employee_no
    if no is None or no not in member_numbers(case):
        raise Forbidden("只有小组成员可以投诉组长 (only members complain about the leader)")
    leader = current_leader(case)
    if leader == no:
        raise KefuError("组长不能投诉自己 (the leader does not complain about themselves)")
    entry = {
        "id": max((c["id"] for c in data["complaints"]), default=0) + 1,
        "by": no,
        "name": _member(case, no)["name"],
        "leader": leader,
        "filed_on": today.isoformat(),
        "reasons": _text(reasons, "投诉理由", "complaint's reasons"),
        "valid": None,
        "judged_by": None,
        "judged_on": None,
        "note": "",
    }
    data["complaints"] = [*data["complaints"], entry]
    _log(data, case, viewer, "complaint", today, complaint=entry["id"])
    cases.save_data(session, EAGLE, case, seen_version, data)
    _audit(session, viewer, "complaint", case, complaint=entry["id"])
    return entry


def judge_complaint(
    session: Session,
    viewer: Viewer,
    case_id: int,
    complaint_id: int,
    *,
    valid: bool,
    note: str,
    seen_version: int,
    today: date,
) -> dict[str, Any]:
    """HR decides whether a complaint's reasons hold (投诉理由得当)."""
    case = get_plan(session, case_id)
    _manager_of_plan(viewer, case, "认定投诉")
    data = _final_draft(case, seen_version)
    entry = complaint(case, complaint_id)
    if viewer.employee_no is not None and viewer.employee_no in (entry["by"], entry["leader"]):
        raise Forbidden("不能认定与自己有关的投诉 (nobody judges a complaint by or about them)")
    if entry["valid"] is not None:
        raise KefuError(f"投诉 {complaint_id} 已认定 (already judged)")
    entry |= {
        "valid": valid,
        "judged_by": viewer.username,
        "judged_on": today.isoformat(),
        "note": _text(note, "认定意见", "finding"),
    }
    data["complaints"] = [entry if c["id"] == complaint_id else c for c in data["complaints"]]
    _log(data, case, viewer, "judge", today, complaint=complaint_id, valid=valid)
    cases.save_data(session, EAGLE, case, seen_version, data)
    _audit(session, viewer, "complaint", case, complaint=complaint_id, valid=valid)
    return entry


def leader_status(session: Session, case: Case) -> rules.LeaderReplacement | None:
    """Whether valid complaints about the current leader replace them (R-EGL-2)."""
    leader = current_leader(case)
    members = member_numbers(case)
    if case.state != FINAL or leader is None or not members:
        return None
    valid = {
        c["by"]
        for c in case.data.get("complaints", [])
        if c["leader"] == leader and c["valid"] is True and c["by"] in members
    }
    plan, _ = policy_of(session, case)
    return rules.leader_must_be_replaced(plan, len(members), valid)


def replace_leader(
    session: Session,
    viewer: Viewer,
    case_id: int,
    new_leader: str,
    seen_version: int,
    today: date,
) -> Case:
    """HR records the new leader, a member, once the complaints say so (另立组长, R-EGL-2)."""
    case = get_plan(session, case_id)
    _manager_of_plan(viewer, case, "另立组长")
    data = _final_draft(case, seen_version)
    status = leader_status(session, case)
    if status is None or not status.must_replace:
        raise KefuError(
            "有效投诉未超过半数小组成员，不能另立组长 "
            "(valid complaints do not come from more than the share of members, R-EGL-2)"
        )
    new_leader = new_leader.strip()
    old = current_leader(case)
    if new_leader == old:
        raise KefuError("新组长不能是被投诉的组长本人 (the new leader must be someone else)")
    plan, _ = policy_of(session, case)
    members = _members_of(case)
    rules.check_group(plan, [(m["employee_no"], m["department"]) for m in members], new_leader)
    data["leaders"] = [
        *data["leaders"],
        {"employee_no": new_leader, "since": today.isoformat(), "by": viewer.username},
    ]
    _log(data, case, viewer, "leader", today, leader=new_leader, replaced=old)
    cases.save_data(session, EAGLE, case, seen_version, data)
    _audit(session, viewer, "leader", case, leader=new_leader, replaced=old)
    return case


# ---------------------------------------------------------------- helpers


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text)
