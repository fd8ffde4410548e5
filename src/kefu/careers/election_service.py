"""Use cases of the team-leader election (组长竞聘, R-ELE-1, R-PUB-1): open, candidates,
scores, ranking, tie-break, the two reviews, the notice, objections, final, probation.

The composite and the ranking are the pure rules of kefu.careers.election; the case moves
through ELECTION's reviews (评分录入 by HR → 经理审定 by a manager), then the public notice
(公示) in working days and objections (申诉), all by kefu.workflow. On final the winner is
entered in the register as team leader of the election's team from the next day and serves
the policy's probation (试用期); after it a manager confirms them or not — not confirmed puts
their role back from the day after the probation.

Everything an election holds lives in its ``Case.data`` (JSON), changed only through
``_save``: the version the form saw must still be the case's, else nothing is written
(Conflict), exactly like a decision. Each change is appended to ``data["log"]`` with who and
when (and audited), so the scores' history stays with the case.

Decisions where the seed is silent:

* An election is judged by the policy in force in the month it opened (weights, PM points,
  notice days, probation months): the rules are announced with the election.
* Candidates may come from any department (an election can bring a leader from another
  team); only regular (转正) staff stand, checked when they join and again for the winner
  when HR submits the result.
* The sign-up deadline binds staff signing themselves up; HR may still add a candidate during
  scoring (a paper 报名表 handed in on time).
* HR enters the scores; nobody standing in an election enters scores, breaks its tie, decides,
  answers its objections or makes it final.
* A tie for first is decided by HR with a reason (平局裁定); the decision holds only while the
  same candidates are tied at the same score — a change of scores makes it lapse.
* Scores are shown to HR and managers, each candidate sees their own, and once the result is
  on notice everyone on staff sees the candidates, the ranking and the explanation; the names
  of interviewers and peers stay with HR and managers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.careers import election as rules
from kefu.careers.flows import ELECTION
from kefu.errors import Forbidden, KefuError, NotFound
from kefu.explain.trace import Step, num, score_text
from kefu.people.models import EmployeeRecord
from kefu.people.rules import STATUS_NAMES
from kefu.people.service import RECORD_FIELDS, current_record, records_of
from kefu.periods import Month
from kefu.policy.lint import SCALE_TOP
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import Election
from kefu.policy.service import policy_for
from kefu.workflow import service as cases
from kefu.workflow.models import Case, Objection
from kefu.workflow.rules import ENDS, FINAL, Calendar, Decision

RULE = rules.RULE
SCORING = "scoring"
APPROVAL = "approval"
LEADER_ROLE = "team_leader"  # the register's role code of 业务组长 (kefu.people.rules)
CONFIRMED = "confirmed"
TITLE_MAX = 200  # the case's title column holds 255 characters
# input limits of a score, not policy: exact enough for a mean, short enough to store
SCORE_DECIMALS = 6
SCORE_TEXT_MAX = 16
NOT_CONFIRMED = "not_confirmed"


# ---------------------------------------------------------------- scores as entered


@dataclass(frozen=True)
class NamedScore:
    """One interviewer's or colleague's score out of 100, with their name."""

    who: str
    score: Decimal


@dataclass(frozen=True)
class Scores:
    """A candidate's five parts as HR enters them (每项满分 100)."""

    ability: Decimal | None = None
    pm_scores: tuple[Decimal, ...] = ()
    interviews: tuple[NamedScore, ...] = ()
    manager_score: Decimal | None = None
    peers: tuple[NamedScore, ...] = ()


def parse_score(text: str, what: str = "成绩") -> Decimal:
    """One score from text: a finite number from 0 to 100, else a refusal naming it."""
    cleaned = text.strip()
    if len(cleaned) > SCORE_TEXT_MAX:
        raise KefuError(f"{what}「{cleaned[:SCORE_TEXT_MAX]}…」不是分数 (not a score)")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise KefuError(f"{what}「{cleaned}」不是数字 (not a number)") from None
    return check_score(value, what)


def check_score(value: Decimal, what: str = "成绩") -> Decimal:
    """A score must be a finite number on the 0–100 scale (R-ELE-1), at most 6 decimals."""
    if not value.is_finite() or not Decimal(0) <= value <= SCALE_TOP:
        raise KefuError(
            f"{what}应在 0–{num(SCALE_TOP)} 分之间，而不是 {value} "
            f"(a score from 0 to {num(SCALE_TOP)})"
        )
    if value == 0:
        return Decimal(0)
    if _decimals(value) > SCORE_DECIMALS:
        raise KefuError(
            f"{what}最多 {SCORE_DECIMALS} 位小数，而不是 {value} "
            f"(a score has at most {SCORE_DECIMALS} decimals)"
        )
    return value


def _decimals(value: Decimal) -> int:
    """How many decimals a finite value needs (trailing zeros don't count), without rounding."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + trailing))


def parse_scores(text: str, what: str = "成绩") -> tuple[Decimal, ...]:
    """Scores separated by commas, spaces or new lines: "72, 65 80" → (72, 65, 80)."""
    return tuple(parse_score(part, what) for part in re.split(r"[\s,，、;；]+", text) if part)


def parse_named_scores(text: str, what: str) -> tuple[NamedScore, ...]:
    """One "name score" per line ("张三 85", "李四：90", "王五=88")."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        found = re.fullmatch(r"(.+?)\s*[\s:：=,，]\s*([^\s:：=,，]+)", line)
        if found is None:
            raise KefuError(
                f"{what}「{line}」应写成「姓名 分数」，每行一人 (one 'name score' per line)"
            )
        out.append(NamedScore(found.group(1).strip(), parse_score(found.group(2), what)))
    return tuple(out)


def _stored_scores(scores: Scores, label: str) -> dict[str, Any]:
    """Scores as the case keeps them (exact text), checked: range, names given, no repeats."""
    if scores.ability is not None:
        check_score(scores.ability, f"{label} 的能力表现")
    for value in scores.pm_scores:
        check_score(value, f"{label} 的PM成绩")
    if scores.manager_score is not None:
        check_score(scores.manager_score, f"{label} 的经理评分")
    for part, named in (("面试考评", scores.interviews), ("同事打分", scores.peers)):
        seen: set[str] = set()
        for entry in named:
            name = entry.who.strip()
            if not name:
                raise KefuError(f"{label} 的{part}缺少打分人姓名 (each score names its giver)")
            if name in seen:
                raise KefuError(
                    f"{label} 的{part}中「{name}」出现了两次:每人只打一次分 (one score per person)"
                )
            seen.add(name)
            check_score(entry.score, f"{label} 的{part}（{name}）")
    return {
        "ability": num(scores.ability),
        "pm": [num(v) for v in scores.pm_scores],
        "interviews": [{"who": e.who.strip(), "score": num(e.score)} for e in scores.interviews],
        "manager": num(scores.manager_score),
        "peers": [{"who": e.who.strip(), "score": num(e.score)} for e in scores.peers],
    }


EMPTY_SCORES: dict[str, Any] = {
    "ability": None,
    "pm": [],
    "interviews": [],
    "manager": None,
    "peers": [],
}


def scores_of(entry: dict[str, Any]) -> Scores:
    """A stored candidate's scores back as values."""
    stored = entry.get("scores") or EMPTY_SCORES

    def dec(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    return Scores(
        ability=dec(stored["ability"]),
        pm_scores=tuple(Decimal(v) for v in stored["pm"]),
        interviews=tuple(NamedScore(e["who"], Decimal(e["score"])) for e in stored["interviews"]),
        manager_score=dec(stored["manager"]),
        peers=tuple(NamedScore(e["who"], Decimal(e["score"])) for e in stored["peers"]),
    )


# ---------------------------------------------------------------- policy and cases


def election_policy(session: Session, on: date) -> tuple[Election, LoadedPolicy]:
    """The election section of the policy in force on ``on``, or a refusal naming it."""
    loaded = policy_for(session, Month(on.year, on.month)).policy
    section = loaded.model.election
    if section is None:
        raise KefuError(f"政策 {loaded.name} 没有组长竞聘 (election) 一节:无法办理竞聘 (R-ELE-1)")
    return section, loaded


def policy_of(session: Session, case: Case) -> tuple[Election, LoadedPolicy]:
    """The policy an election is judged by: the one in force when it opened."""
    return election_policy(session, date.fromisoformat(case.data["opened_on"]))


def get_election(session: Session, case_id: int) -> Case:
    return cases.get_case(session, case_id, ELECTION.kind)


def elections(session: Session) -> list[Case]:
    """Every election, newest first."""
    return list(
        session.scalars(select(Case).where(Case.kind == ELECTION.kind).order_by(Case.id.desc()))
    )


def open_election(
    session: Session,
    viewer: Viewer,
    *,
    department: str,
    team: str,
    title: str = "",
    sign_up_until: date | None = None,
    today: date,
) -> Case:
    """HR or a manager opens an election for a team of the register (R-ELE-1)."""
    if not viewer.can("election.manage"):
        raise Forbidden("组长竞聘由人事或客服经理发起 (HR or a manager opens an election)")
    department, team, title = department.strip(), team.strip(), title.strip()
    if len(title) > TITLE_MAX:
        raise KefuError(f"标题最多 {TITLE_MAX} 个字 (a title of at most {TITLE_MAX} characters)")
    if not department or not team:
        raise KefuError("请填写竞聘的部门和组别 (an election is for a department and a team)")
    _, loaded = election_policy(session, today)
    known = session.scalar(
        select(EmployeeRecord.id)
        .where(EmployeeRecord.department == department, EmployeeRecord.team == team)
        .limit(1)
    )
    if known is None:
        raise KefuError(
            f"员工名册中没有「{department} {team}」这个组 (no such team in the register)"
        )
    for other in elections(session):
        if (other.department, other.team) == (department, team) and other.state not in ENDS:
            raise KefuError(
                f"「{department} {team}」已有一场正在进行的组长竞聘 #{other.id} "
                f"(an election for this team is already open)"
            )
    if sign_up_until is not None and sign_up_until < today:
        raise KefuError(
            f"报名截止日 {sign_up_until.isoformat()} 早于今天 {today.isoformat()} "
            f"(the sign-up deadline is in the past)"
        )
    data: dict[str, Any] = {
        "opened_on": today.isoformat(),
        "sign_up_until": sign_up_until.isoformat() if sign_up_until else None,
        "candidates": [],
        "tie_break": None,
        "result": None,
        "leader": None,
        "probation": None,
        "log": [],
    }
    return cases.open_case(
        session,
        ELECTION,
        viewer,
        title=title or f"{department} {team} 组长竞聘",
        subject_no=None,
        involved=[],
        department=department,
        team=team,
        data=data,
        policy_name=loaded.label,
        today=today,
    )


def _logged(case: Case, viewer: Viewer, action: str, today: date, **detail: Any) -> list[Any]:
    """The case's log with one more entry: who did what, on which day, at which version."""
    entry = {
        "action": action,
        "by": viewer.username,
        "role": viewer.role,
        "on": today.isoformat(),
        "version": case.version + 1,
        **detail,
    }
    return [*case.data.get("log", []), entry]


def _in_scoring(case: Case, seen_version: int) -> None:
    if case.version != seen_version:
        raise cases.conflict(ELECTION, case)
    if case.state != SCORING:
        raise KefuError(
            f"竞聘当前为「{ELECTION.state_name(case.state)}」，报名和评分已结束 "
            f"(candidates and scores change only while scoring)"
        )


def _may_score(viewer: Viewer, case: Case) -> None:
    """HR enters scores (评分录入); nobody standing in the election does."""
    if viewer.role not in ELECTION.stage(SCORING).roles:
        raise Forbidden("竞聘评分由人事录入 (HR enters the election's scores)")
    if viewer.employee_no is not None and viewer.employee_no in case.involved:
        raise Forbidden(
            "参加竞聘的人不能录入本场竞聘的评分 (candidates do not score their election)"
        )


def _not_involved(viewer: Viewer, case: Case, what: str) -> None:
    if viewer.employee_no is not None and viewer.employee_no in case.involved:
        raise Forbidden(f"参加竞聘的人不能{what} (candidates do not act on their own election)")


def candidate_entry(case: Case, employee_no: str) -> dict[str, Any]:
    for entry in case.data.get("candidates", []):
        if entry["employee_no"] == employee_no:
            return dict(entry)
    raise NotFound(f"竞聘 {case.id} 没有候选人 {employee_no} (no such candidate)")


def _join(
    session: Session,
    viewer: Viewer,
    case: Case,
    employee_no: str,
    seen_version: int,
    today: date,
    how: str,
) -> Case:
    _in_scoring(case, seen_version)
    record = current_record(session, employee_no)
    if record is None:
        raise NotFound(f"系统中没有工号 {employee_no} (no such employee)")
    if record.left_on is not None and record.left_on <= today:
        raise KefuError(f"{record.name} ({employee_no}) 已于 {record.left_on} 离职 (has left)")
    step = rules.may_stand(record.status, record.name, employee_no)
    if employee_no in case.involved:
        raise KefuError(f"{record.name} ({employee_no}) 已经报名本场竞聘 (already a candidate)")
    entry = {
        "employee_no": employee_no,
        "name": record.name,
        "status": record.status,
        "department": record.department,
        "team": record.team,
        "role": record.role,
        "how": how,
        "added_by": viewer.username,
        "added_on": today.isoformat(),
        "may_stand": step.as_dict(),
        "scores": dict(EMPTY_SCORES),
    }
    data = {
        **case.data,
        "candidates": [*case.data.get("candidates", []), entry],
        "log": _logged(case, viewer, how, today, employee_no=employee_no),
    }
    cases.save_data(session, ELECTION, case, seen_version, data, [*case.involved, employee_no])
    audit.record(
        session,
        viewer.username,
        f"{ELECTION.kind}.apply",
        f"case:{case.id}",
        {"employee_no": employee_no, "how": how},
    )
    return case


def add_candidate(
    session: Session,
    viewer: Viewer,
    case_id: int,
    employee_no: str,
    seen_version: int,
    today: date,
) -> Case:
    """HR (or a manager) enters a candidate; only regular staff may stand (R-ELE-1)."""
    if not viewer.can("election.manage"):
        raise Forbidden("候选人由人事登记；员工可在竞聘页面自行报名 (HR adds candidates)")
    case = get_election(session, case_id)
    if viewer.employee_no is not None and viewer.employee_no == employee_no.strip():
        return sign_up(session, viewer, case_id, seen_version, today)
    return _join(session, viewer, case, employee_no.strip(), seen_version, today, "added")


def sign_up(session: Session, viewer: Viewer, case_id: int, seen_version: int, today: date) -> Case:
    """A staff member signs themselves up (竞聘报名), by the deadline if there is one."""
    if viewer.employee_no is None:
        raise Forbidden("只有登记在册的员工可以报名 (only staff sign up)")
    case = get_election(session, case_id)
    deadline = case.data.get("sign_up_until")
    if deadline is not None and today > date.fromisoformat(deadline):
        raise KefuError(f"报名已于 {deadline} 截止 (sign-up closed on {deadline})")
    return _join(session, viewer, case, viewer.employee_no, seen_version, today, "signed_up")


def remove_candidate(
    session: Session,
    viewer: Viewer,
    case_id: int,
    employee_no: str,
    reason: str,
    seen_version: int,
    today: date,
) -> Case:
    """A candidate withdraws, or HR takes them off, while scoring; the reason is kept."""
    case = get_election(session, case_id)
    own = viewer.employee_no is not None and viewer.employee_no == employee_no
    if not own and not viewer.can("election.manage"):
        raise Forbidden("只有候选人本人或人事可以撤销报名 (the candidate or HR withdraws)")
    _in_scoring(case, seen_version)
    entry = candidate_entry(case, employee_no)
    reason = reason.strip()
    if not reason:
        raise KefuError("请写明撤销报名的原因 (a withdrawal needs its reason)")
    data = {
        **case.data,
        "candidates": [c for c in case.data["candidates"] if c["employee_no"] != employee_no],
        "log": _logged(
            case,
            viewer,
            "removed",
            today,
            employee_no=employee_no,
            name=entry["name"],
            reason=reason,
        ),
    }
    cases.save_data(
        session, ELECTION, case, seen_version, data, [n for n in case.involved if n != employee_no]
    )
    audit.record(
        session,
        viewer.username,
        f"{ELECTION.kind}.withdraw",
        f"case:{case.id}",
        {"employee_no": employee_no},
    )
    return case


def put_scores(
    session: Session,
    viewer: Viewer,
    case_id: int,
    employee_no: str,
    scores: Scores,
    seen_version: int,
    today: date,
) -> Case:
    """HR enters (or corrects) a candidate's five parts; every save is kept in the log."""
    case = get_election(session, case_id)
    _may_score(viewer, case)
    _in_scoring(case, seen_version)
    entry = candidate_entry(case, employee_no)
    stored = _stored_scores(scores, rules.who(entry["name"], employee_no))
    data = {
        **case.data,
        "candidates": [
            {**c, "scores": stored} if c["employee_no"] == employee_no else c
            for c in case.data["candidates"]
        ],
        "log": _logged(case, viewer, "scores", today, employee_no=employee_no, scores=stored),
    }
    cases.save_data(session, ELECTION, case, seen_version, data)
    audit.record(
        session,
        viewer.username,
        f"{ELECTION.kind}.scores",
        f"case:{case.id}",
        {"employee_no": employee_no, "scores": stored},
    )
    return case


# ---------------------------------------------------------------- ranking


@dataclass(frozen=True)
class Standing:
    """The election's ranking now, with the winner if there is one (R-ELE-1)."""

    ranked: tuple[rules.RankedCandidate, ...]
    winner: rules.RankedCandidate | None
    """The single first, or the one a tie-break named while it still applies."""
    tied: tuple[rules.RankedCandidate, ...]
    """Candidates tied for first (two or more), empty otherwise."""
    tie_break_applies: bool
    incomplete: tuple[rules.RankedCandidate, ...]
    winner_step: Step


def candidates_of(case: Case) -> list[rules.Candidate]:
    """The pure rule's candidates from the stored entries."""
    out = []
    for entry in case.data.get("candidates", []):
        s = scores_of(entry)
        out.append(
            rules.Candidate(
                employee_no=entry["employee_no"],
                name=entry["name"],
                status=entry["status"],
                ability=s.ability,
                pm_scores=s.pm_scores,
                interview_scores=tuple(e.score for e in s.interviews),
                manager_score=s.manager_score,
                peer_scores=tuple(e.score for e in s.peers),
            )
        )
    return out


def standing(session: Session, case: Case) -> Standing:
    """Rank the candidates by the election's policy; a tie-break decides a tie for first."""
    section, loaded = policy_of(session, case)
    ranked = rules.rank_candidates(section, loaded.open_parameters, candidates_of(case))
    first = tuple(r for r in ranked if r.rank == 1)
    tied = first if len(first) > 1 else ()
    chosen = rules.winner(ranked)
    applies = False
    tie_break = case.data.get("tie_break")
    if tied and tie_break is not None:
        applies = sorted(tie_break["tied"]) == sorted(r.employee_no for r in tied) and (
            tie_break["score"] == score_text(tied[0].score)
        )
        if applies:
            chosen = next(r for r in tied if r.employee_no == tie_break["winner"])
    incomplete = tuple(r for r in ranked if r.rank is None)
    return Standing(ranked, chosen, tied, applies, incomplete, rules.winner_step(ranked))


def break_tie(
    session: Session,
    viewer: Viewer,
    case_id: int,
    winner_no: str,
    reason: str,
    seen_version: int,
    today: date,
) -> Case:
    """HR records who of the candidates tied for first wins, and why (平局裁定)."""
    case = get_election(session, case_id)
    _may_score(viewer, case)
    _in_scoring(case, seen_version)
    found = standing(session, case)
    if not found.tied:
        raise KefuError("没有并列第一的候选人，无需平局裁定 (no tie for first to decide)")
    names = {r.employee_no: rules.who(r.name, r.employee_no) for r in found.tied}
    if winner_no not in names:
        raise KefuError(
            f"平局裁定只能在并列第一的候选人中选择: {'、'.join(names.values())} "
            f"(choose one of the candidates tied for first)"
        )
    reason = reason.strip()
    if not reason:
        raise KefuError("请写明平局裁定的理由 (a tie-break needs its reason)")
    tie_break = {
        "winner": winner_no,
        "name": names[winner_no],
        "tied": sorted(names),
        "tied_names": list(names.values()),
        "score": score_text(found.tied[0].score),
        "reason": reason,
        "by": viewer.username,
        "on": today.isoformat(),
    }
    data = {
        **case.data,
        "tie_break": tie_break,
        "log": _logged(case, viewer, "tie_break", today, employee_no=winner_no, reason=reason),
    }
    cases.save_data(session, ELECTION, case, seen_version, data)
    audit.record(
        session,
        viewer.username,
        f"{ELECTION.kind}.decide",
        f"case:{case.id}",
        {"stage": SCORING, "tie_break": winner_no},
    )
    return case


def _ready_for_approval(session: Session, case: Case) -> Standing:
    """Every candidate complete and exactly one winner, still regular staff (R-ELE-1)."""
    found = standing(session, case)
    if not found.ranked:
        raise KefuError("还没有候选人，不能提交经理审定 (no candidates yet)")
    if found.incomplete:
        missing = "；".join(
            f"{rules.who(r.name, r.employee_no)} 缺少"
            + "、".join(rules.PART_NAMES[p] for p in _missing(r))
            for r in found.incomplete
        )
        raise KefuError(
            f"以下候选人成绩不全:{missing}。补齐后才能提交经理审定 "
            f"(R-ELE-1: every candidate's scores must be complete)"
        )
    if found.winner is None:
        tied = "、".join(rules.who(r.name, r.employee_no) for r in found.tied)
        raise KefuError(
            f"{tied} 并列第一:请先记录平局裁定，写明由谁当选及理由 "
            f"(R-ELE-1: a tie for first must be decided first)"
        )
    record = current_record(session, found.winner.employee_no)
    if record is None or record.status != rules.REGULAR:
        status = record.status if record is not None else "?"
        raise KefuError(
            f"{rules.who(found.winner.name, found.winner.employee_no)} 现在的状态为"
            f"「{STATUS_NAMES.get(status, status)}」，不再是转正员工，不能当选 "
            f"(R-ELE-1: the winner must still be regular staff)"
        )
    return found


def _missing(ranked: rules.RankedCandidate) -> list[rules.Part]:
    for step in ranked.steps:
        if step.code == "election.unranked" and isinstance(step.args["missing"], list):
            return [p for p in rules.PARTS if p in step.args["missing"]]
    return []


def missing_parts(ranked: rules.RankedCandidate) -> list[str]:
    """The part codes a candidate still lacks (ability, pm, …)."""
    return list(_missing(ranked))


def _result(found: Standing, today: date) -> dict[str, Any]:
    assert found.winner is not None
    return {
        "winner": found.winner.employee_no,
        "name": found.winner.name,
        "score": score_text(found.winner.score),
        "by_tie_break": found.tie_break_applies,
        "on": today.isoformat(),
        "ranking": [
            {
                "employee_no": r.employee_no,
                "name": r.name,
                "score": score_text(r.score),
                "rank": r.rank,
                "tied": r.tied,
            }
            for r in found.ranked
        ],
    }


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
    """评分录入 → 经理审定 → 公示 (R-ELE-1, R-PUB-1).

    HR approving the scoring submits the result: refused unless every candidate is complete
    and there is one winner. The manager approving puts it on notice for the policy's
    working days. Rejecting at either stage ends the election, with its reason.
    """
    case = get_election(session, case_id)
    if case.version != seen_version:
        raise cases.conflict(ELECTION, case)
    action_data: dict[str, Any] = {}
    result: dict[str, Any] | None = None
    notice_days = None
    if decision == "approve" and case.state == SCORING:
        cases.check_may_decide(session, ELECTION, case, viewer)
        found = _ready_for_approval(session, case)
        result = _result(found, today)
        action_data = {"winner": result["winner"], "score": result["score"]}
    if decision == "approve" and case.state == APPROVAL:
        section, loaded = policy_of(session, case)
        loaded.require("election.public_notice_working_days", RULE)
        if section.public_notice_working_days is None:
            raise KefuError(
                f"政策 {loaded.name} 没有设置 election.public_notice_working_days(公示期):"
                f"无法公示竞聘结果 (R-ELE-1, R-PUB-1)"
            )
        notice_days = section.public_notice_working_days
    cases.decide(
        session,
        ELECTION,
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
    if result is not None:
        # the decision above moved the version; this transaction holds the row
        case.data = {**case.data, "result": result}
        session.flush()
    return case


def object_to(session: Session, viewer: Viewer, case_id: int, text: str, today: date) -> Objection:
    """Anyone on staff objects to the result during its notice (R-PUB-1)."""
    return cases.file_objection(session, ELECTION, case_id, viewer, text, today)


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
    _not_involved(viewer, get_election(session, objection.case_id), "答复本场竞聘的申诉")
    return cases.answer_objection(
        session,
        ELECTION,
        objection_id,
        viewer,
        upheld=upheld,
        finding=finding,
        answer=reply,
        today=today,
    )


def finalize(session: Session, viewer: Viewer, case_id: int, today: date) -> Case:
    """After the notice with no open objection: the winner leads the team from tomorrow."""
    _not_involved(viewer, get_election(session, case_id), "确认本场竞聘生效")
    return cases.finalize(session, ELECTION, case_id, viewer, today, on_final=_install)


def _install(session: Session, case: Case, today: date) -> None:
    """The winner's register record as team leader from the next day; the probation."""
    result = case.data.get("result")
    if not result:
        raise KefuError(f"竞聘 {case.id} 没有审定的当选人 (no winner recorded)")
    winner_no = result["winner"]
    history = records_of(session, winner_no)
    if not history:
        raise NotFound(f"系统中没有工号 {winner_no} (no such employee)")
    current = history[-1]
    section, _ = policy_of(session, case)
    starts = today + timedelta(days=1)
    values = {f: getattr(current, f) for f in RECORD_FIELDS}
    before = {"role": current.role, "department": current.department, "team": current.team}
    values |= {"role": LEADER_ROLE, "department": case.department, "team": case.team}
    session.add(
        EmployeeRecord(
            employee_id=current.employee_id,
            effective_on=starts,
            recorded_by=f"election:{case.id}",
            source=f"组长竞聘 {case.id}",
            **values,
        )
    )
    step = rules.probation_step(section, starts)
    case.data = {
        **case.data,
        "leader": {
            "employee_no": winner_no,
            "name": result["name"],
            "starts_on": starts.isoformat(),
            "ends_on": rules.probation_end(section, starts).isoformat(),
            "months": section.probation_months,
            "before": before,
            "step": step.as_dict(),
        },
    }
    session.flush()


def decide_probation(
    session: Session,
    viewer: Viewer,
    case_id: int,
    confirmed: bool,
    reason: str,
    seen_version: int,
    today: date,
) -> Case:
    """After the probation a manager confirms the new leader (转正) or not, with a reason.

    Not confirmed: from the day after the probation the person's role, department and team
    are back to what they were before the election (R-ELE-1).
    """
    case = get_election(session, case_id)
    if viewer.role not in ELECTION.stage(APPROVAL).roles:
        raise Forbidden("组长试用期满是否转正由客服经理决定 (a manager decides the probation)")
    leader = case.data.get("leader")
    if case.state != FINAL or not leader:
        raise KefuError(
            f"竞聘当前为「{ELECTION.state_name(case.state)}」，还没有上岗的组长 "
            f"(no new leader on probation)"
        )
    if viewer.employee_no is not None and viewer.employee_no == leader["employee_no"]:
        raise Forbidden("不能决定自己的试用期 (nobody decides their own probation)")
    if case.version != seen_version:
        raise cases.conflict(ELECTION, case)
    if case.data.get("probation"):
        raise KefuError("试用期结果已经记录 (the probation is already decided)")
    ends_on = date.fromisoformat(leader["ends_on"])
    if today <= ends_on:
        raise KefuError(
            f"试用期到 {ends_on.isoformat()} 才结束，期满后才能决定是否转正 "
            f"(the probation runs until {ends_on.isoformat()})"
        )
    reason = reason.strip()
    if not confirmed and not reason:
        raise KefuError("不予转正须写明原因 (not confirming needs its reason)")
    decision: dict[str, Any] = {
        "decision": CONFIRMED if confirmed else NOT_CONFIRMED,
        "reason": reason,
        "by": viewer.username,
        "on": today.isoformat(),
        "reverted_on": None,
    }
    if not confirmed:
        back_on = ends_on + timedelta(days=1)
        history = records_of(session, leader["employee_no"])
        if not history:
            raise NotFound(f"系统中没有工号 {leader['employee_no']} (no such employee)")
        current = history[-1]
        values = {f: getattr(current, f) for f in RECORD_FIELDS} | leader["before"]
        session.add(
            EmployeeRecord(
                employee_id=current.employee_id,
                effective_on=back_on,
                recorded_by=f"election:{case.id}",
                source=f"组长竞聘 {case.id} 试用期未转正",
                **values,
            )
        )
        decision["reverted_on"] = back_on.isoformat()
    data = {
        **case.data,
        "probation": decision,
        "log": _logged(
            case,
            viewer,
            "probation",
            today,
            employee_no=leader["employee_no"],
            decision=decision["decision"],
            reason=reason,
        ),
    }
    cases.save_data(session, ELECTION, case, seen_version, data)
    audit.record(
        session,
        viewer.username,
        f"{ELECTION.kind}.confirm",
        f"case:{case.id}",
        {"employee_no": leader["employee_no"], "decision": decision["decision"]},
    )
    return case
