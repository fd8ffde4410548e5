"""Use cases of QA monitoring (监控, R-QA-1): scorecards, contacts, evaluations, the agent's
acknowledgement or dispute and its second review, calibration, and the month's feed.

The rules are kefu.qa.rules; this module reads and writes the tables and never commits (the
request or the CLI command owns the transaction).

Decisions where the seed is silent:

* QA and managers score (qa.evaluate); agents see their own submitted evaluations, leaders
  their team's, QA every agent's (R-PRV-1, monitoring scope), HR and managers the center.
  Drafts are seen by the evaluators only; calibration scorings never reach the agent.
* Acknowledging makes an evaluation final at its score; a dispute goes to a second reviewer
  (qa.review, never the evaluator), who upholds the score or re-scores with new marks, with a
  written answer; either way it is then final. A submitted evaluation whose window passed
  unanswered is final as it stands (``settle``, run whenever lists are shown or a month fed).
* Accepting the automatic check's suggestion takes its suggested score as the evaluation's.
* A calibration's month is the month of the day it closes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.accounts.service import get_user
from kefu.audit import service as audit
from kefu.db import claim
from kefu.errors import Forbidden, KefuError, NotFound, PolicyParameterMissing
from kefu.explain.trace import Step, num
from kefu.people.identifiers import normalize_staff_no
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.service import current_record
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import Monitoring
from kefu.policy.service import policy_for
from kefu.qa import rules
from kefu.qa.models import QaCalibration, QaContact, QaEvaluation, QaEvaluationEvent, QaScorecard
from kefu.qa.rules import CALIBRATION, DISPUTED, DRAFT, FINAL, MONITORING, RULE, SUBMITTED, Mark
from kefu.workflow.rules import Calendar, Conflict

PRESETS = Path(__file__).parent / "scorecards"
FORMATS = ("text", "json", "csv")
TRANSCRIPT_MAX = 200_000
REFERENCE_MAX = 128
REASON_MAX = 2000
TITLE_MAX = 128


def _audit(session: Session, actor: str, action: str, target: str, detail: dict[str, Any]) -> None:
    audit.record(session, actor, action, target, detail)


# ---------------------------------------------------------------- policy and calendar


def monitoring_policy(session: Session, on: date) -> tuple[Monitoring, LoadedPolicy]:
    """The monitoring section of the policy in force on ``on``, or a refusal naming it."""
    loaded = policy_for(session, Month.of(on)).policy
    section = loaded.model.monitoring
    if section is None:
        raise KefuError(f"政策 {loaded.name} 没有监控 (monitoring) 一节:无法评分 ({RULE})")
    return section, loaded


def work_calendar() -> Calendar:
    """The statutory calendar with the center's own schedule files."""
    from kefu.attendance.service import work_calendar as calendar

    return calendar()


def window_days(session: Session, on: date) -> int:
    """The working days an agent has to answer, or a refusal naming the open parameter."""
    section, loaded = monitoring_policy(session, on)
    if section.acknowledge_working_days is None:
        raise PolicyParameterMissing(loaded.name, "monitoring.acknowledge_working_days", RULE)
    return section.acknowledge_working_days


# ---------------------------------------------------------------- scorecards


@dataclass(frozen=True)
class ScorecardIn:
    """A scorecard version as given (a file, a form)."""

    family: str
    channel: str
    title: str
    card: rules.Card


def read_scorecard(text: str, source: str = "评分表") -> ScorecardIn:
    """A scorecard YAML (family, channel, title, sections), checked strictly."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise rules.ScorecardInvalid([f"{source} 不是有效的 YAML {where}".strip()]) from None
    if not isinstance(data, dict):
        raise rules.ScorecardInvalid([f"{source} 应为键值表 (family, channel, title, sections)"])
    problems: list[str] = []
    for extra in sorted(set(data) - {"family", "channel", "title", "sections"}, key=str):
        problems.append(f"{extra}: 未知的键")
    family = data.get("family")
    if not isinstance(family, str) or not family or len(family) > 64:
        problems.append("family: 应为评分表的键 (例如 phone)")
    elif any(c not in rules.KEY_PATTERN for c in family):
        problems.append(f"family「{family}」: 只能用小写字母、数字、_ 和 -")
    channel = data.get("channel")
    if channel not in rules.CHANNELS:
        problems.append(f"channel「{channel}」: 应为 {' | '.join(rules.CHANNELS)}")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > TITLE_MAX:
        problems.append(f"title: 应为非空文字，最多 {TITLE_MAX} 字")
    try:
        card = rules.parse_card({"sections": data.get("sections")})
    except rules.ScorecardInvalid as exc:
        problems += exc.problems
    if problems:
        raise rules.ScorecardInvalid(problems)
    assert isinstance(family, str) and isinstance(channel, str) and isinstance(title, str)
    return ScorecardIn(family, channel, title.strip(), card)


def read_family(text: str) -> str | None:
    """The family a scorecard YAML names, if it can be read at all (to show its page again)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    family = data.get("family") if isinstance(data, dict) else None
    return family if isinstance(family, str) and family else None


def scorecard_yaml(card: QaScorecard) -> str:
    """A stored version as the YAML one edits to make the next version."""
    data = {
        "family": card.family,
        "channel": card.channel,
        "title": card.title,
        "sections": card.definition["sections"],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


def ensure_presets(session: Session, actor: str = "kefu") -> list[QaScorecard]:
    """The shipped scorecards, loaded for every family that has none yet."""
    added = []
    have = set(session.scalars(select(QaScorecard.family).distinct()))
    for path in sorted(PRESETS.glob("*.yaml")):
        given = read_scorecard(path.read_text(encoding="utf-8"), path.name)
        if given.family not in have:
            added.append(_store_scorecard(session, given, actor))
    return added


def _store_scorecard(session: Session, given: ScorecardIn, actor: str) -> QaScorecard:
    latest = session.scalar(
        select(func.max(QaScorecard.version)).where(QaScorecard.family == given.family)
    )
    session.execute(
        update(QaScorecard).where(QaScorecard.family == given.family).values(active=False)
    )
    row = QaScorecard(
        family=given.family,
        version=(latest or 0) + 1,
        channel=given.channel,
        title=given.title,
        definition=given.card.definition(),
        active=True,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    return row


def save_scorecard(
    session: Session, viewer: Viewer, text: str, source: str = "评分表"
) -> QaScorecard:
    """A new version of a scorecard family (the newest becomes the one in use)."""
    if not viewer.can("qa.scorecards"):
        raise Forbidden("评分表由 QA 或客服经理维护 (QA or a manager)")
    given = read_scorecard(text, source)
    current = active_scorecard(session, given.family, required=False)
    if current is not None and current.channel != given.channel:
        raise KefuError(
            f"评分表 {given.family} 属于渠道 {current.channel}，新版本不能改为 {given.channel}"
        )
    if (
        current is not None
        and current.definition == given.card.definition()
        and (current.title == given.title)
    ):
        raise Conflict(f"与正在使用的第 {current.version} 版相同，没有新版本 (nothing changed)")
    row = _store_scorecard(session, given, viewer.username)
    _audit(
        session,
        viewer.username,
        "qa.scorecard",
        f"{row.family} v{row.version}",
        {"family": row.family, "version": row.version, "channel": row.channel},
    )
    return row


def scorecards(session: Session) -> list[QaScorecard]:
    """The versions in use, one per family."""
    ensure_presets(session)
    return list(
        session.scalars(
            select(QaScorecard).where(QaScorecard.active.is_(True)).order_by(QaScorecard.family)
        )
    )


def scorecard_versions(session: Session, family: str) -> list[QaScorecard]:
    """Every version of a family, newest first."""
    found = list(
        session.scalars(
            select(QaScorecard)
            .where(QaScorecard.family == family)
            .order_by(QaScorecard.version.desc())
        )
    )
    if not found:
        raise NotFound(f"没有评分表 {family} (no scorecard {family})")
    return found


def has_family(session: Session, family: str) -> bool:
    return (
        session.scalar(select(QaScorecard.id).where(QaScorecard.family == family).limit(1))
        is not None
    )


def get_scorecard(session: Session, scorecard_id: int) -> QaScorecard:
    found = session.get(QaScorecard, scorecard_id)
    if found is None:
        raise NotFound(f"没有编号为 {scorecard_id} 的评分表")
    return found


def scorecard_version(session: Session, family: str, version: int | None) -> QaScorecard:
    """One version of a family (default: the one in use)."""
    if version is None:
        found = active_scorecard(session, family, required=True)
        assert found is not None
        return found
    row = session.scalar(
        select(QaScorecard).where(QaScorecard.family == family, QaScorecard.version == version)
    )
    if row is None:
        raise NotFound(f"评分表 {family} 没有第 {version} 版")
    return row


def active_scorecard(session: Session, family: str, *, required: bool) -> QaScorecard | None:
    ensure_presets(session)
    row = session.scalar(
        select(QaScorecard).where(QaScorecard.family == family, QaScorecard.active.is_(True))
    )
    if row is None and required:
        raise NotFound(f"没有评分表 {family} (no scorecard {family})")
    return row


def card_of(scorecard: QaScorecard) -> rules.Card:
    return rules.parse_card(scorecard.definition)


# ---------------------------------------------------------------- contacts


def _may_evaluate(viewer: Viewer) -> None:
    if not viewer.can("qa.evaluate"):
        raise Forbidden("监控评分由 QA 或客服经理进行 (QA or a manager)")


def add_contact(
    session: Session,
    viewer: Viewer,
    *,
    employee_no: str,
    channel: str,
    contact_at: datetime,
    reference: str = "",
    transcript: str | None = None,
    transcript_format: str = "text",
) -> QaContact:
    """A monitored contact of one agent; its transcript is checked automatically (R-QA-2)."""
    _may_evaluate(viewer)
    employee_no = normalize_staff_no(employee_no)
    record = current_record(session, employee_no)
    if record is None:
        raise NotFound(f"没有工号 {employee_no} 的人员")
    if channel not in rules.CHANNELS:
        raise KefuError(f"渠道「{channel}」应为 {' | '.join(rules.CHANNELS)}")
    if transcript_format not in FORMATS:
        raise KefuError(f"记录格式「{transcript_format}」应为 {' | '.join(FORMATS)}")
    if len(reference) > REFERENCE_MAX:
        raise KefuError(f"录音编号/单号最多 {REFERENCE_MAX} 个字符")
    text = (transcript or "").strip()
    if len(text) > TRANSCRIPT_MAX:
        raise KefuError(f"通话记录最多 {TRANSCRIPT_MAX} 个字符")
    contact = QaContact(
        employee_no=employee_no,
        channel=channel,
        contact_at=contact_at,
        reference=reference.strip(),
        transcript=text or None,
        transcript_format=transcript_format if text else None,
        created_by=viewer.username,
    )
    session.add(contact)
    session.flush()
    _audit(
        session,
        viewer.username,
        "qa.contact",
        f"#{contact.id}",
        {"employee_no": contact.employee_no, "channel": channel, "reference": contact.reference},
    )
    from kefu.autoqa import service as autoqa

    autoqa.check_contact(session, contact)
    return contact


def get_contact(session: Session, contact_id: int) -> QaContact:
    found = session.get(QaContact, contact_id)
    if found is None:
        raise NotFound(f"没有编号为 {contact_id} 的监控联络")
    return found


def contact_in_view(session: Session, viewer: Viewer, contact_id: int) -> QaContact:
    """A contact for those who score (QA, managers); 404 for everyone else."""
    contact = get_contact(session, contact_id)
    if not (viewer.can("qa.evaluate") or viewer.can("qa.calibrate")):
        raise NotFound(f"没有编号为 {contact_id} 的监控联络")
    return contact


def latest_check(session: Session, contact_id: int) -> Any | None:
    """The automatic check of a contact, if any (R-QA-2)."""
    from kefu.autoqa import service as autoqa

    return autoqa.latest_check(session, contact_id)


def contacts_to_do(session: Session, viewer: Viewer, limit: int = 200) -> list[QaContact]:
    """Contacts with no monitoring evaluation yet, newest first."""
    _may_evaluate(viewer)
    scored = select(QaEvaluation.contact_id).where(QaEvaluation.purpose == MONITORING)
    return list(
        session.scalars(
            select(QaContact)
            .where(QaContact.id.not_in(scored))
            .order_by(QaContact.contact_at.desc(), QaContact.id.desc())
            .limit(limit)
        )
    )


# ---------------------------------------------------------------- evaluations


def get_evaluation(session: Session, evaluation_id: int) -> QaEvaluation:
    found = session.get(QaEvaluation, evaluation_id)
    if found is None:
        raise NotFound(f"没有编号为 {evaluation_id} 的监控评分")
    return found


def sees_person(viewer: Viewer, employee_no: str, department: str | None, team: str | None) -> bool:
    """Monitoring is seen by QA for every agent; otherwise by the role's scope (R-PRV-1)."""
    if viewer.monitoring_scope() == "center":
        return True
    return viewer.sees(employee_no, department, team)


def _visible(viewer: Viewer, e: QaEvaluation) -> bool:
    if e.purpose != MONITORING or not viewer.can("qa.view"):
        return False
    if e.state == DRAFT:
        return viewer.can("qa.evaluate")
    return sees_person(viewer, e.employee_no, e.department, e.team)


def evaluation_in_view(session: Session, viewer: Viewer, evaluation_id: int) -> QaEvaluation:
    """An evaluation the viewer may see, or 404 (nothing leaks, R-PRV-1)."""
    found = session.get(QaEvaluation, evaluation_id)
    if found is None or not _visible(viewer, found):
        raise NotFound(f"没有编号为 {evaluation_id} 的监控评分")
    return found


def _scoped(stmt: Select[Any], viewer: Viewer) -> Select[Any]:
    scope = viewer.monitoring_scope()
    if scope == "center":
        return stmt
    own = QaEvaluation.employee_no == (viewer.employee_no or "")
    if scope == "team" and viewer.team is not None:
        return stmt.where(
            or_(
                own,
                (QaEvaluation.department == viewer.department) & (QaEvaluation.team == viewer.team),
            )
        )
    return stmt.where(own)


def evaluations(
    session: Session,
    viewer: Viewer,
    today: date,
    *,
    month: str | None = None,
    employee_no: str | None = None,
    team: str | None = None,
    state: str | None = None,
    contact_id: int | None = None,
    limit: int = 1000,
) -> list[QaEvaluation]:
    """Monitoring evaluations the viewer sees (cut to scope before anything else), newest first."""
    if not viewer.can("qa.view"):
        raise Forbidden("您的角色无权查看监控评分 (R-PRV-1)")
    settle(session, today)
    stmt = _scoped(select(QaEvaluation).where(QaEvaluation.purpose == MONITORING), viewer)
    if not viewer.can("qa.evaluate"):
        stmt = stmt.where(QaEvaluation.state != DRAFT)
    if month:
        stmt = stmt.where(QaEvaluation.month == str(Month.parse(month)))
    if employee_no:
        stmt = stmt.where(QaEvaluation.employee_no == employee_no)
    if team:
        stmt = stmt.where(QaEvaluation.team == team)
    if state:
        stmt = stmt.where(QaEvaluation.state == state)
    if contact_id is not None:
        stmt = stmt.where(QaEvaluation.contact_id == contact_id)
    stmt = stmt.order_by(QaEvaluation.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def history(session: Session, evaluation_id: int) -> list[QaEvaluationEvent]:
    """Who did what to an evaluation, oldest first."""
    return list(
        session.scalars(
            select(QaEvaluationEvent)
            .where(QaEvaluationEvent.evaluation_id == evaluation_id)
            .order_by(QaEvaluationEvent.id)
        )
    )


def _event(
    session: Session, e: QaEvaluation, action: str, actor: str, on: date, note: str = ""
) -> None:
    score = e.final_score if e.state == FINAL else e.score
    session.add(
        QaEvaluationEvent(
            evaluation_id=e.id, action=action, actor=actor, on=on, note=note, score=score
        )
    )
    session.flush()


def _seen(e: QaEvaluation, seen_version: int | None) -> None:
    if seen_version is not None and e.version != seen_version:
        raise Conflict(
            f"监控评分 #{e.id} 已被他人修改 (第 {e.version} 版)，请刷新后再操作 (changed meanwhile)"
        )


def _bump(e: QaEvaluation) -> None:
    e.version += 1


def _claim(session: Session, e: QaEvaluation, state: str, values: Mapping[str, object]) -> None:
    """Move the evaluation on only while it is still ``state`` at the version read (one winner).

    Of two people acting on one evaluation at once (two reviewers of a dispute, the agent's
    answer and a second click), the first moves it and the others get a 409 naming what it is
    now; nothing of theirs is written.
    """
    seen = e.version

    def refusal(now: QaEvaluation) -> Conflict:
        return Conflict(
            f"监控评分 #{now.id} 已被他人处理，现为「{rules.STATE_NAMES[now.state]['zh']}」"
            f"(第 {now.version} 版)，请刷新后查看 (someone acted on it first: it is now "
            f"{rules.STATE_NAMES[now.state]['en']})"
        )

    claim(
        session,
        e,
        {"state": state, "version": seen},
        {"version": seen + 1, **values},
        refusal,
    )


def scored(
    session: Session,
    card: rules.Card,
    marks: Mapping[str, Mark],
    on: date,
    check: Any | None = None,
) -> rules.Scored:
    """Score marks under the policy in force on ``on``, or take the check's suggestion."""
    if check is not None:
        return rules.accepted_suggestion(Decimal(check.suggested_score), int(check.id))
    section, _ = monitoring_policy(session, on)
    return rules.score(card, marks, section.critical_failure_score)


def evaluate(
    session: Session,
    viewer: Viewer,
    contact_id: int,
    marks: Mapping[str, Mark],
    today: date,
    *,
    evaluation_id: int | None = None,
    scorecard_id: int | None = None,
    accept_check: bool = False,
    seen_version: int | None = None,
) -> QaEvaluation:
    """Score a contact (a new draft, or the evaluator's own draft again)."""
    _may_evaluate(viewer)
    contact = get_contact(session, contact_id)
    check = None
    if accept_check:
        check = latest_check(session, contact.id)
        if check is None:
            raise KefuError("该联络没有自动质检结果，无法采纳建议分 (no automatic check)")
    if evaluation_id is not None:
        e = get_evaluation(session, evaluation_id)
        if e.contact_id != contact.id or e.purpose != MONITORING:
            raise NotFound(f"没有编号为 {evaluation_id} 的监控评分")
        _seen(e, seen_version)
        if e.state != DRAFT:
            raise Conflict(f"监控评分 #{e.id} 已提交，不能再修改 (already submitted)")
        if e.evaluator != viewer.username:
            raise Forbidden("只能修改自己的评分草稿 (only your own draft)")
        card_row = get_scorecard(session, e.scorecard_id)
    else:
        # take the contact first: a second evaluator scoring it at the same moment waits here,
        # then finds the first one's evaluation
        claim(session, contact, {}, {"channel": contact.channel}, None)
        already = session.scalar(
            select(QaEvaluation.id).where(
                QaEvaluation.contact_id == contact.id, QaEvaluation.purpose == MONITORING
            )
        )
        if already is not None:
            raise Conflict(f"联络 #{contact.id} 已有监控评分 #{already} (already scored)")
        card_row = (
            get_scorecard(session, scorecard_id)
            if scorecard_id is not None
            else _card_for_channel(session, contact.channel)
        )
        if card_row.channel != contact.channel:
            raise KefuError(
                f"评分表 {card_row.family} 用于{rules.CHANNEL_NAMES[card_row.channel]['zh']}，"
                f"与联络渠道不符"
            )
    result = scored(session, card_of(card_row), marks, contact.contact_at.date(), check)
    record = current_record(session, contact.employee_no)
    if evaluation_id is None:
        e = QaEvaluation(
            contact_id=contact.id,
            scorecard_id=card_row.id,
            employee_no=contact.employee_no,
            department=record.department if record else None,
            team=record.team if record else None,
            month=str(Month.of(contact.contact_at.date())),
            evaluator=viewer.username,
            purpose=MONITORING,
            marks={},
            critical_failed=False,
            state=DRAFT,
            version=1,
        )
        session.add(e)
    else:
        _claim(session, e, DRAFT, {})
    e.marks = rules.stored_marks(marks)
    e.score = result.score
    e.critical_failed = result.critical_failed
    e.auto_check_id = int(check.id) if check is not None else None
    session.flush()
    _event(session, e, "save", viewer.username, today)
    _audit(
        session,
        viewer.username,
        "qa.evaluate",
        f"#{e.id}",
        {"contact": contact.id, "employee_no": e.employee_no, "score": num(e.score)},
    )
    return e


def _card_for_channel(session: Session, channel: str) -> QaScorecard:
    ensure_presets(session)
    row = session.scalar(
        select(QaScorecard)
        .where(QaScorecard.channel == channel, QaScorecard.active.is_(True))
        .order_by(QaScorecard.family)
        .limit(1)
    )
    if row is None:
        raise NotFound(f"渠道 {channel} 没有在用的评分表")
    return row


def submit(
    session: Session,
    viewer: Viewer,
    evaluation_id: int,
    now: datetime,
    seen_version: int | None = None,
    calendar: Calendar | None = None,
) -> QaEvaluation:
    """Send a draft to the agent: they answer by the window's last working day (R-QA-1)."""
    _may_evaluate(viewer)
    e = get_evaluation(session, evaluation_id)
    if e.purpose != MONITORING:
        raise NotFound(f"没有编号为 {evaluation_id} 的监控评分")
    _seen(e, seen_version)
    if e.state != DRAFT:
        raise Conflict(f"监控评分 #{e.id} 已提交 (already submitted)")
    if e.evaluator != viewer.username:
        raise Forbidden("只能提交自己的评分 (only your own evaluation)")
    days = window_days(session, now.date())
    respond_by = rules.respond_by(calendar or work_calendar(), now.date(), days)
    _claim(session, e, DRAFT, {"respond_by": respond_by, "submitted_at": now, "state": SUBMITTED})
    _event(session, e, "submit", viewer.username, now.date())
    _audit(
        session,
        viewer.username,
        "qa.submit",
        f"#{e.id}",
        {"employee_no": e.employee_no, "respond_by": respond_by.isoformat()},
    )
    return e


def _own_open(session: Session, viewer: Viewer, evaluation_id: int, today: date) -> QaEvaluation:
    """The agent's own evaluation awaiting their answer, within its window."""
    settle(session, today)
    e = evaluation_in_view(session, viewer, evaluation_id)
    if viewer.employee_no is None or e.employee_no != viewer.employee_no:
        raise Forbidden("只有被评分的客服代表本人可以确认或申诉 (only the agent evaluated)")
    if e.state == FINAL and e.respond_by is not None and today > e.respond_by:
        rules.in_window(e.respond_by, today)
    if e.state != SUBMITTED:
        raise Conflict(f"监控评分 #{e.id} 当前为「{rules.STATE_NAMES[e.state]['zh']}」，无需再确认")
    assert e.respond_by is not None
    rules.in_window(e.respond_by, today)
    return e


def acknowledge(
    session: Session, viewer: Viewer, evaluation_id: int, today: date, seen_version: int | None
) -> QaEvaluation:
    """The agent accepts the evaluation: it is final at its score."""
    e = _own_open(session, viewer, evaluation_id, today)
    _seen(e, seen_version)
    _claim(session, e, SUBMITTED, {"state": FINAL, "final_score": e.score, "final_on": today})
    _event(session, e, "acknowledge", viewer.username, today)
    _audit(session, viewer.username, "qa.acknowledge", f"#{e.id}", {"score": num(e.score)})
    return e


def dispute(
    session: Session,
    viewer: Viewer,
    evaluation_id: int,
    reason: str,
    today: date,
    seen_version: int | None,
) -> QaEvaluation:
    """The agent disputes the evaluation with a reason; a second reviewer decides it."""
    reason = reason.strip()
    e = _own_open(session, viewer, evaluation_id, today)
    _seen(e, seen_version)
    if not reason:
        raise KefuError("请写明申诉理由 (a reason is required)")
    if len(reason) > REASON_MAX:
        raise KefuError(f"申诉理由最多 {REASON_MAX} 字")
    _claim(session, e, SUBMITTED, {"state": DISPUTED})
    _event(session, e, "dispute", viewer.username, today, reason)
    _audit(session, viewer.username, "qa.dispute", f"#{e.id}", {"reason": reason})
    return e


def review(
    session: Session,
    viewer: Viewer,
    evaluation_id: int,
    answer: str,
    today: date,
    seen_version: int | None,
    marks: Mapping[str, Mark] | None = None,
) -> QaEvaluation:
    """A second reviewer decides a dispute: upholds the score, or re-scores with new marks."""
    if not viewer.can("qa.review"):
        raise Forbidden("申诉由 QA 或客服经理复核 (QA or a manager)")
    e = evaluation_in_view(session, viewer, evaluation_id)
    _seen(e, seen_version)
    if e.state != DISPUTED:
        raise Conflict(f"监控评分 #{e.id} 没有待复核的申诉 (no open dispute)")
    if e.evaluator == viewer.username:
        raise Forbidden(
            "申诉须由评分人以外的第二位复核人处理 (a second reviewer, not the evaluator)"
        )
    answer = answer.strip()
    if not answer:
        raise KefuError("请写明复核答复 (a written answer is required)")
    if len(answer) > REASON_MAX:
        raise KefuError(f"复核答复最多 {REASON_MAX} 字")
    action = "uphold"
    values: dict[str, object] = {"state": FINAL, "final_score": e.score, "final_on": today}
    if marks is not None:
        contact = get_contact(session, e.contact_id)
        result = scored(
            session,
            card_of(get_scorecard(session, e.scorecard_id)),
            marks,
            contact.contact_at.date(),
        )
        values |= {
            "marks": rules.stored_marks(marks),
            "score": result.score,
            "final_score": result.score,
            "critical_failed": result.critical_failed,
            "auto_check_id": None,
        }
        action = "rescore"
    _claim(session, e, DISPUTED, values)
    _event(session, e, action, viewer.username, today, answer)
    _audit(
        session,
        viewer.username,
        "qa.review",
        f"#{e.id}",
        {"decision": action, "score": num(e.final_score), "answer": answer},
    )
    return e


def disputes_to_review(session: Session, viewer: Viewer) -> list[QaEvaluation]:
    """Open disputes the viewer may decide (not their own evaluations), oldest first."""
    if not viewer.can("qa.review"):
        raise Forbidden("申诉由 QA 或客服经理复核 (QA or a manager)")
    stmt = _scoped(
        select(QaEvaluation).where(
            QaEvaluation.purpose == MONITORING,
            QaEvaluation.state == DISPUTED,
            QaEvaluation.evaluator != viewer.username,
        ),
        viewer,
    )
    return list(session.scalars(stmt.order_by(QaEvaluation.id)))


def settle(session: Session, today: date) -> int:
    """Make final every submitted evaluation whose window has passed unanswered (idempotent)."""
    lapsed = list(
        session.scalars(
            select(QaEvaluation).where(
                QaEvaluation.purpose == MONITORING,
                QaEvaluation.state == SUBMITTED,
                QaEvaluation.respond_by < today,
            )
        )
    )
    settled = 0
    for e in lapsed:
        assert e.respond_by is not None
        # two pages settling at once: the second finds it final already and writes nothing
        values = {"state": FINAL, "final_score": e.score, "final_on": e.respond_by}
        seen = {"state": SUBMITTED, "version": e.version}
        if claim(session, e, seen, {"version": e.version + 1, **values}, None):
            _event(session, e, "lapse", "kefu", e.respond_by)
            settled += 1
    return settled


def explain(session: Session, e: QaEvaluation) -> list[Step]:
    """How an evaluation's score was reached (R-EXP-1), recomputed from its stored marks."""
    card_row = get_scorecard(session, e.scorecard_id)
    steps = [
        Step(
            RULE,
            "qa.scorecard",
            {"family": card_row.family, "version": card_row.version, "title": card_row.title},
        )
    ]
    if e.auto_check_id is not None and e.score is not None and not e.marks:
        return [*steps, *rules.accepted_suggestion(e.score, e.auto_check_id).steps]
    if not e.marks:
        return steps
    contact = get_contact(session, e.contact_id)
    result = scored(
        session, card_of(card_row), rules.parse_marks(e.marks), contact.contact_at.date()
    )
    steps += list(result.steps)
    if e.state == FINAL and e.final_score is not None:
        steps.append(
            Step(
                RULE,
                "qa.final",
                {"score": num(e.final_score), "on": e.final_on.isoformat() if e.final_on else None},
                reason=True,
            )
        )
    return steps


# ---------------------------------------------------------------- the month's feed


def month_final_scores(session: Session, month: str, today: date) -> dict[str, list[Decimal]]:
    """工号 → the month's final monitoring scores (lapsed submitted ones count at their score)."""
    key = str(Month.parse(month))
    rows = session.execute(
        select(
            QaEvaluation.employee_no,
            QaEvaluation.state,
            QaEvaluation.final_score,
            QaEvaluation.score,
        )
        .where(
            QaEvaluation.month == key,
            QaEvaluation.purpose == MONITORING,
            or_(
                QaEvaluation.state == FINAL,
                (QaEvaluation.state == SUBMITTED) & (QaEvaluation.respond_by < today),
            ),
        )
        .order_by(QaEvaluation.employee_no, QaEvaluation.id)
    ).all()
    out: dict[str, list[Decimal]] = {}
    for no, state, final_score, score in rows:
        value = final_score if state == FINAL else score
        if value is not None:
            out.setdefault(no, []).append(Decimal(value))
    return out


def evaluation_months(session: Session) -> list[str]:
    """Months with monitoring evaluations, newest first."""
    return list(
        session.scalars(
            select(QaEvaluation.month)
            .where(QaEvaluation.purpose == MONITORING)
            .distinct()
            .order_by(QaEvaluation.month.desc())
        )
    )


def open_disputes(session: Session, month: str) -> dict[str, int]:
    """工号 → how many of the month's evaluations are disputed and not yet decided."""
    rows = session.execute(
        select(QaEvaluation.employee_no, func.count())
        .where(
            QaEvaluation.month == str(Month.parse(month)),
            QaEvaluation.purpose == MONITORING,
            QaEvaluation.state == DISPUTED,
        )
        .group_by(QaEvaluation.employee_no)
    ).all()
    return {no: int(n) for no, n in rows}


# ---------------------------------------------------------------- calibration


def _may_calibrate(viewer: Viewer) -> None:
    if not viewer.can("qa.calibrate"):
        raise Forbidden("校准由 QA 或客服经理组织 (QA or a manager)")


def get_calibration(session: Session, calibration_id: int) -> QaCalibration:
    found = session.get(QaCalibration, calibration_id)
    if found is None:
        raise NotFound(f"没有编号为 {calibration_id} 的校准")
    return found


def open_calibration(
    session: Session,
    viewer: Viewer,
    contact_id: int,
    participants: Sequence[str],
    reference: str,
    today: date,
    scorecard_id: int | None = None,
) -> QaCalibration:
    """A calibration session on a contact: the participants score blind, one is the reference."""
    _may_calibrate(viewer)
    contact = get_contact(session, contact_id)
    names = list(dict.fromkeys(p.strip() for p in participants if p.strip()))
    reference = reference.strip()
    if reference and reference not in names:
        names.insert(0, reference)
    if len(names) < 2:
        raise KefuError("校准至少需要两位评分人 (at least two scorers)")
    if not reference:
        raise KefuError("请指定参照评分人 (a reference evaluator is required)")
    for name in names:
        user = get_user(session, name)
        if user.role not in ("qa", "manager"):
            raise KefuError(f"账号 {name} 不是 QA 或客服经理，不能参加校准")
    card_row = (
        get_scorecard(session, scorecard_id)
        if scorecard_id is not None
        else _card_for_channel(session, contact.channel)
    )
    row = QaCalibration(
        contact_id=contact.id,
        scorecard_id=card_row.id,
        reference_evaluator=reference,
        participants=names,
        state="open",
        opened_by=viewer.username,
        opened_on=today,
        version=1,
    )
    session.add(row)
    session.flush()
    _audit(
        session,
        viewer.username,
        "qa.calibration",
        f"#{row.id}",
        {"do": "open", "contact": contact.id, "participants": names, "reference": reference},
    )
    return row


def calibration_scorings(session: Session, calibration_id: int) -> list[QaEvaluation]:
    return list(
        session.scalars(
            select(QaEvaluation)
            .where(QaEvaluation.calibration_id == calibration_id)
            .order_by(QaEvaluation.evaluator)
        )
    )


def calibration_score(
    session: Session,
    viewer: Viewer,
    calibration_id: int,
    marks: Mapping[str, Mark],
    today: date,
) -> QaEvaluation:
    """A participant's blind scoring (again: it replaces their earlier one while open)."""
    _may_calibrate(viewer)
    cal = get_calibration(session, calibration_id)
    if viewer.username not in cal.participants:
        raise Forbidden("您不是本次校准的评分人 (not a participant)")
    if cal.state != "open":
        raise Conflict(f"校准 #{cal.id} 已结束 (closed)")
    # scorings take turns with each other and with the close: none is added once it closed
    claim(
        session,
        cal,
        {"state": "open"},
        {"state": "open"},
        lambda now: Conflict(f"校准 #{now.id} 已由他人结束 (someone closed it first)"),
    )
    contact = get_contact(session, cal.contact_id)
    result = scored(
        session, card_of(get_scorecard(session, cal.scorecard_id)), marks, contact.contact_at.date()
    )
    mine = next(
        (e for e in calibration_scorings(session, cal.id) if e.evaluator == viewer.username), None
    )
    if mine is None:
        record = current_record(session, contact.employee_no)
        mine = QaEvaluation(
            contact_id=contact.id,
            scorecard_id=cal.scorecard_id,
            employee_no=contact.employee_no,
            department=record.department if record else None,
            team=record.team if record else None,
            month=str(Month.of(contact.contact_at.date())),
            evaluator=viewer.username,
            purpose=CALIBRATION,
            calibration_id=cal.id,
            marks={},
            critical_failed=False,
            state=SUBMITTED,
            version=1,
        )
        session.add(mine)
    else:
        _bump(mine)
    mine.marks = rules.stored_marks(marks)
    mine.score = result.score
    mine.critical_failed = result.critical_failed
    mine.submitted_at = datetime.combine(today, datetime.min.time())
    session.flush()
    _audit(
        session,
        viewer.username,
        "qa.calibration",
        f"#{cal.id}",
        {"do": "score", "score": num(mine.score)},
    )
    return mine


def close_calibration(
    session: Session, viewer: Viewer, calibration_id: int, today: date
) -> QaCalibration:
    """Close the session: the marks are shown and each deviation from the reference with them."""
    _may_calibrate(viewer)
    cal = get_calibration(session, calibration_id)
    if cal.state != "open":
        raise Conflict(f"校准 #{cal.id} 已结束 (closed)")
    if viewer.username not in (cal.opened_by, cal.reference_evaluator) and viewer.role != "manager":
        raise Forbidden("校准由发起人、参照评分人或客服经理结束")
    done = {e.evaluator for e in calibration_scorings(session, cal.id)}
    if cal.reference_evaluator not in done:
        raise KefuError(f"参照评分人 {cal.reference_evaluator} 还没有评分，不能结束校准")
    if len(done) < 2:
        raise KefuError("至少还需要一位评分人评分才能结束校准")
    claim(
        session,
        cal,
        {"state": "open"},
        {"state": "closed", "closed_on": today, "version": cal.version + 1},
        lambda now: Conflict(f"校准 #{now.id} 已由他人结束 (someone closed it first)"),
    )
    _audit(session, viewer.username, "qa.calibration", f"#{cal.id}", {"do": "close"})
    return cal


@dataclass(frozen=True)
class CalibrationView:
    calibration: QaCalibration
    scorecard: QaScorecard
    contact: QaContact
    scored_by: list[str]
    mine: QaEvaluation | None
    scorings: list[QaEvaluation]
    """Every scoring once closed; only the viewer's own while open (blind)."""
    deviations: list[rules.Deviation]
    tolerance: Decimal | None


def calibration_view(session: Session, viewer: Viewer, calibration_id: int) -> CalibrationView:
    """A session as the viewer may see it: blind while open, with deviations once closed."""
    _may_calibrate(viewer)
    cal = get_calibration(session, calibration_id)
    every = calibration_scorings(session, cal.id)
    mine = next((e for e in every if e.evaluator == viewer.username), None)
    contact = get_contact(session, cal.contact_id)
    devs: list[rules.Deviation] = []
    tolerance = None
    if cal.state == "closed":
        section, _ = monitoring_policy(session, cal.closed_on or cal.opened_on)
        tolerance = section.calibration_tolerance
        devs = _deviations(every, cal.reference_evaluator, tolerance)
    return CalibrationView(
        cal,
        get_scorecard(session, cal.scorecard_id),
        contact,
        [e.evaluator for e in every],
        mine,
        every if cal.state == "closed" else ([mine] if mine else []),
        devs,
        tolerance,
    )


def _deviations(
    every: Sequence[QaEvaluation], reference: str, tolerance: Decimal
) -> list[rules.Deviation]:
    ref = next((e for e in every if e.evaluator == reference), None)
    if ref is None or ref.score is None:
        return []
    ref_marks = rules.parse_marks(ref.marks)
    return [
        rules.deviation(
            e.evaluator,
            rules.parse_marks(e.marks),
            Decimal(e.score),
            ref_marks,
            Decimal(ref.score),
            tolerance,
        )
        for e in every
        if e.evaluator != reference and e.score is not None
    ]


def calibrations(session: Session, viewer: Viewer) -> list[QaCalibration]:
    _may_calibrate(viewer)
    return list(session.scalars(select(QaCalibration).order_by(QaCalibration.id.desc())))


@dataclass(frozen=True)
class DriftRow:
    """One evaluator's calibration in one month: mean absolute deviation, flagged or not."""

    evaluator: str
    month: str
    sessions: int
    mean_absolute: Decimal
    tolerance: Decimal
    flagged: bool


def calibration_over_time(session: Session, viewer: Viewer) -> list[DriftRow]:
    """Per evaluator and month (of the close): mean absolute deviation from the reference."""
    _may_calibrate(viewer)
    closed = list(
        session.scalars(
            select(QaCalibration).where(QaCalibration.state == "closed").order_by(QaCalibration.id)
        )
    )
    totals: dict[tuple[str, str], list[Decimal]] = {}
    tolerances: dict[str, Decimal] = {}
    for cal in closed:
        assert cal.closed_on is not None
        month = str(Month.of(cal.closed_on))
        if month not in tolerances:
            tolerances[month] = monitoring_policy(session, cal.closed_on)[0].calibration_tolerance
        for d in _deviations(
            calibration_scorings(session, cal.id), cal.reference_evaluator, tolerances[month]
        ):
            totals.setdefault((d.evaluator, month), []).append(d.total)
    out = []
    for (evaluator, month), values in sorted(totals.items()):
        mad = rules.mean_absolute(values)
        out.append(
            DriftRow(evaluator, month, len(values), mad, tolerances[month], mad > tolerances[month])
        )
    return out


# ---------------------------------------------------------------- names


def names_of(session: Session, employee_nos: Sequence[str]) -> dict[str, str]:
    """工号 → the person's newest name."""
    if not employee_nos:
        return {}
    rows = session.execute(
        select(Employee.employee_no, EmployeeRecord.name)
        .join(EmployeeRecord, EmployeeRecord.employee_id == Employee.id)
        .where(Employee.employee_no.in_(sorted(set(employee_nos))))
        .order_by(EmployeeRecord.effective_on, EmployeeRecord.id)
    ).all()
    return {no: name for no, name in rows}
