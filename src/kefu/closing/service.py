"""Use cases of closing (结算): gather a period's inputs, run the pure rules, freeze the results.

A close is all-or-nothing and never changes an earlier revision (R-AUD-1): closing again after
inputs or the policy changed writes a new revision with the list of what changed for whom.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kefu.attendance import service as attendance_service
from kefu.audit import service as audit
from kefu.bonuses import feeds
from kefu.bonuses.awards import AwardEvidence, clean_streak
from kefu.bonuses.monthly import MonthlyOutcome, PersonMonth, StarWageDue, compute_month
from kefu.bonuses.rules import AttendanceSummary, StatusFacts
from kefu.bonuses.stars import PersonQuarter, compute_quarter
from kefu.closing import repository as repo
from kefu.closing.models import MonthlyResult, PeriodClose, QuarterlyResult
from kefu.closing.repository import RawJSON
from kefu.conduct import rules as conduct_rules
from kefu.conduct import service as conduct_service
from kefu.errors import CloseRefused
from kefu.exams import service as exam_feed
from kefu.exams.rules import merged_min_exam
from kefu.explain.trace import Step, num
from kefu.people import service as people
from kefu.people.rules import month_state
from kefu.periods import Month, Quarter
from kefu.policy.models import PolicyVersion
from kefu.policy.service import PolicyInForce, load_version, policy_for
from kefu.qa import service as qa_feed

CLOSE_ROLES = ("csr", "qa", "team_leader")
ZERO = Decimal(0)
NOT_CLOSED: tuple[int | None, int] = (None, 0)  # not in last month's close: no rank, no streak
STREAK_LOOKBACK_MONTHS = 36  # only when the previous month was never closed


@dataclass
class CloseReport:
    """What a close did: the revision written (or kept) and what changed since the last one."""

    kind: str
    period: str
    revision: int
    created: bool
    people: int
    policy_label: str
    input_changes: list[dict[str, Any]] = field(default_factory=list)
    result_changes: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, str] = field(default_factory=dict)


def _dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _person_inputs(x: PersonMonth, shared: dict[int, Any] | None = None) -> dict[str, Any]:
    """A person's inputs as JSON-safe data, frozen with the result.

    ``shared`` (by object id) reuses the frozen form of objects many people share; the caller
    keeps those objects alive while it is in use.
    """
    cache: dict[int, Any] = {} if shared is None else shared
    a, ev, star, facts, note = x.attendance, x.evidence, x.star_wage, x.facts, x.star_note
    frozen_facts = cache.get(id(facts))
    if frozen_facts is None:
        frozen_facts = cache[id(facts)] = {
            "probation": facts.probation,
            "dismissed_for_performance": facts.dismissed_for_performance,
            "notice_period": facts.notice_period,
            "standby": facts.standby,
        }
    attendance = None
    if a is not None:
        attendance = cache.get(id(a))
        if attendance is None:
            attendance = cache[id(a)] = [
                num(a.absence_days),
                num(a.personal_leave_days),
                num(a.sick_leave_days),
                a.late_count,
                a.early_leave_count,
                a.shift_swap_count,
                num(a.unapproved_absence_days),
            ]
    evidence = None
    if ev is not None:
        evidence = cache.get(id(ev))
        if evidence is None:
            evidence = cache[id(ev)] = [
                ev.commendations,
                ev.erroneous_work_orders,
                ev.erroneous_refunds,
                num(ev.min_monitoring_score),
                num(ev.min_exam_score),
            ]
    star_note = None
    if note is not None:
        star_note = cache.get(id(note))
        if star_note is None:
            star_note = cache[id(note)] = note.as_dict()
    frozen = {
        "name": x.name,
        "role": x.role,
        "department": x.department,
        "team": x.team,
        "status": x.status,
        "facts": frozen_facts,
        "components": {k: num(v) for k, v in x.components.items()},
        "attendance": attendance,
        "evidence": evidence,
        "previous_rank": x.previous_rank,
        "clean_streak": x.clean_streak,
        "star_wage": None if star is None else [star.quarter, star.stars, num(star.amount)],
        "star_note": star_note,
    }
    # the optional keys only when set, so that older frozen inputs read the same
    if x.attendance_source is not None:
        frozen["attendance_source"] = x.attendance_source
    if x.exam_note is not None:
        frozen["exam_note"] = x.exam_note.as_dict()
    if x.notes:
        frozen["notes"] = [n.as_dict() for n in x.notes]
    return frozen


def person_from_inputs(employee_no: str, d: dict[str, Any]) -> PersonMonth:
    """Rebuild a person's close inputs from their frozen form (the inverse of _person_inputs)."""
    f, a, ev, star = d["facts"], d["attendance"], d["evidence"], d["star_wage"]
    return PersonMonth(
        employee_no=employee_no,
        name=d["name"],
        role=d["role"],
        department=d["department"],
        team=d["team"],
        components={k: _dec(v) for k, v in d["components"].items()},
        facts=StatusFacts(
            f["probation"], f["dismissed_for_performance"], f["notice_period"], f["standby"]
        ),
        attendance=None
        if a is None
        else AttendanceSummary(
            Decimal(a[0]), Decimal(a[1]), Decimal(a[2]), a[3], a[4], a[5], Decimal(a[6])
        ),
        evidence=None
        if ev is None
        else AwardEvidence(ev[0], ev[1], ev[2], _dec(ev[3]), _dec(ev[4])),
        previous_rank=d["previous_rank"],
        clean_streak=d["clean_streak"],
        star_wage=None if star is None else StarWageDue(star[0], star[1], Decimal(star[2])),
        status=d["status"],
        star_note=None if d["star_note"] is None else Step.from_dict(d["star_note"]),
        attendance_source=d.get("attendance_source"),
        exam_note=Step.from_dict(d["exam_note"]) if d.get("exam_note") else None,
        notes=tuple(Step.from_dict(n) for n in d.get("notes", ())),
    )


def gather_month(session: Session, month: Month, policy: PolicyInForce) -> list[PersonMonth]:
    """Everyone the month's close covers, with all their inputs, loaded in a few bulk queries."""
    m = str(month)
    hist = people.histories(session, month.last_day)
    scores = repo.scores_for(session, m)
    attendance = repo.attendance_for(session, m)
    # people rostered in the cycle: the summary comes from their shifts and records (R-BON-5)
    computed = attendance_service.computed_summaries(session, month)
    previous = month.shift(-1)
    prev_close = repo.latest_close(session, "monthly", str(previous))
    standing = repo.monthly_standing(session, prev_close.id) if prev_close else {}
    back = [str(month.shift(-i)) for i in range(STREAK_LOOKBACK_MONTHS - 1, -1, -1)]
    if prev_close is not None:
        evidence = repo.evidence_for(session, [m])
    else:
        evidence = repo.evidence_for(session, back)
    stars_due, star_note = _stars_due(session, month, policy)
    # the month's final monthly exams of kefu's own (R-EXM-1) feed the lowest exam score
    exam_lows = exam_feed.monthly_exam_lows(session, month)
    # the month's final QA evaluations make 通话评估成绩 when the policy says so (R-QA-1)
    monitoring = policy.policy.model.monitoring
    finals: dict[str, list[Decimal]] = {}
    disputed: dict[str, int] = {}
    if monitoring is not None and monitoring.call_quality_from == "evaluations":
        # the attendance cycle is refused first, as the close itself would (R-BON-5)
        policy.policy.require("attendance_cycle", "R-BON-5")
        policy.policy.require("monitoring.min_evaluations", feeds.RULE)
        finals = qa_feed.month_final_scores(session, m, date.today())
        disputed = qa_feed.open_disputes(session, m)
    else:
        monitoring = None
    every_agent = monitoring is not None and monitoring.below_minimum == "missing"
    # the month's conduct points reduce 综合工作表现 by the policy's mapping (R-DIS-1)
    conduct = policy.policy.model.conduct
    points = conduct_service.month_conduct(session, m) if conduct is not None else {}
    everyone = conduct is not None and conduct.overall_conduct.mode == "replace"

    # status facts, attendance and evidence take few distinct values (the reads share equal
    # decimals, so these keys hash cheaply): one object for each value
    att_cache: dict[tuple[Any, ...], AttendanceSummary] = {}
    ev_cache: dict[tuple[Any, ...], AwardEvidence] = {}
    facts_cache: dict[tuple[bool, ...], StatusFacts] = {}
    no_scores = (None, None, None)
    out: list[PersonMonth] = []
    for no, (emp_id, records) in hist.items():
        state = month_state(no, records, month)
        if state is None or not state.employed or state.current.role not in CLOSE_ROLES:
            continue
        cur = state.current
        # the reads give decimals (or None) for every decimal column
        comps = scores.get(emp_id, no_scores)
        components = {
            "call_quality": comps[0],
            "work_ability": comps[1],
            "overall_conduct": comps[2],
        }
        att_row = attendance.get(emp_id)
        att = computed.get(emp_id)
        if att is None and att_row is not None:
            att = att_cache.get(att_row)
            if att is None:
                att = att_cache[att_row] = _attendance(att_row)
        ev_row = evidence.get((emp_id, m))
        ev = None
        if ev_row is not None:
            ev = ev_cache.get(ev_row)
            if ev is None:
                ev = ev_cache[ev_row] = AwardEvidence(*ev_row)
        exam_note = None
        low = exam_lows.get(no)
        if ev is not None and low is not None:
            exam_score, exam_note = merged_min_exam(ev.min_exam_score, low)
            ev = replace(ev, min_exam_score=exam_score)
        notes: tuple[Step, ...] = ()
        if monitoring is not None and cur.role == "csr":
            own = finals.get(no)
            pending = disputed.get(no, 0)
            if own or pending or every_agent:
                value, step = feeds.call_quality(comps[0], own or (), pending, monitoring)
                components["call_quality"] = value
                notes = (step,)
            if own and ev is not None:
                lowest, low_step = feeds.lowest_monitoring(ev.min_monitoring_score, own)
                if low_step is not None:
                    ev = replace(ev, min_monitoring_score=lowest)
                    notes += (low_step,)
        charged = points.get(no)
        if conduct is not None and (charged is not None or everyone):
            value, step = conduct_rules.overall_conduct(
                comps[2], charged.points if charged else 0, conduct.overall_conduct
            )
            components["overall_conduct"] = value
            notes += (charged.step(m), step) if charged else (step,)
        previous_rank, previous_streak = standing.get(no, NOT_CLOSED)
        if prev_close is not None:
            streak = previous_streak + 1 if ev is not None and ev.error_free else 0
        else:
            rows = [evidence.get((emp_id, b)) for b in back]
            streak = clean_streak([None if r is None else (r[1] == 0 and r[2] == 0) for r in rows])
        flags = (
            state.probation,
            state.dismissed_for_performance,
            state.notice_period,
            state.standby,
        )
        facts = facts_cache.get(flags)
        if facts is None:
            facts = facts_cache[flags] = StatusFacts(*flags)
        out.append(
            PersonMonth(
                employee_no=no,
                name=cur.name,
                role=cur.role,  # type: ignore[arg-type]
                department=cur.department,
                team=cur.team,
                components=components,
                facts=facts,
                attendance=att,
                evidence=ev,
                previous_rank=previous_rank,
                clean_streak=streak,
                star_wage=stars_due.get(no),
                status=cur.status,
                star_note=star_note if cur.role == "csr" and no not in stars_due else None,
                attendance_source="records" if emp_id in computed else None,
                exam_note=exam_note,
                notes=notes,
            )
        )
    return out


def _attendance(row: tuple[Any, ...]) -> AttendanceSummary:
    a, p, s, late, early, swaps, u = row
    return AttendanceSummary(
        ZERO if a is None else a,
        ZERO if p is None else p,
        ZERO if s is None else s,
        late,
        early,
        swaps,
        ZERO if u is None else u,
    )


def _stars_due(
    session: Session, month: Month, policy: PolicyInForce
) -> tuple[dict[str, StarWageDue], Step | None]:
    """Stars of the latest quarter whose payment months include this month (R-STAR-1)."""
    stars = policy.policy.model.stars
    if stars is None:
        return {}, None
    quarter = month.quarter
    for back in range(1, 5):
        index = quarter.year * 4 + quarter.number - 1 - back
        q = Quarter(index // 4, index % 4 + 1)
        if month not in q.paid_months(stars.paid_months):
            continue
        close = repo.latest_close(session, "quarterly", str(q))
        if close is None:
            return {}, Step("R-STAR-1", "star.quarter_open", {"quarter": str(q)}, reason=True)
        due = {
            r.employee_no: StarWageDue(str(q), r.stars, Decimal(r.star_wage))
            for r in repo.quarterly_rows(session, close.id)
            if r.stars > 0
        }
        return due, Step("R-STAR-1", "star.none", {"quarter": str(q)}, reason=True)
    return {}, None


def _digest(policy_sha: str, rows: list[Any]) -> str:
    # the inputs are built in a fixed key order, so no key sorting is needed
    blob = orjson.dumps([policy_sha, rows])
    return hashlib.sha256(blob).hexdigest()


def _frozen_inputs(
    policy_sha: str, people: Sequence[PersonMonth]
) -> tuple[dict[str, dict[str, Any]], dict[str, RawJSON], str]:
    """Each person's inputs, their JSON (serialised once) and the digest of them all."""
    inputs: dict[str, dict[str, Any]] = {}
    texts: dict[str, RawJSON] = {}
    digest = hashlib.sha256(policy_sha.encode("ascii"))
    # people share their facts, attendance, evidence and star note objects (see gather_month):
    # each shared object's frozen form is built once; ``people`` keeps them alive meanwhile
    shared: dict[int, Any] = {}
    for x in people:
        data = _person_inputs(x, shared)
        blob = orjson.dumps(data)
        inputs[x.employee_no] = data
        texts[x.employee_no] = RawJSON(blob.decode("utf-8"))
        digest.update(x.employee_no.encode("utf-8") + b"\x00" + blob + b"\x00")
    return inputs, texts, digest.hexdigest()


MONTHLY_COLUMNS = (
    "close_id",
    "employee_no",
    "name",
    "grp",
    "role",
    "department",
    "score",
    "rank",
    "pool_size",
    "tier",
    "bonus",
    "eligible",
    "awards",
    "star_wage",
    "clean_streak",
    "inputs",
    "reasons",
)


def _result_values(
    close_id: int,
    outcomes: Sequence[MonthlyOutcome],
    people: Sequence[PersonMonth],
    texts: dict[str, RawJSON],
) -> Iterator[tuple[Any, ...]]:
    """Each person's result row in MONTHLY_COLUMNS order, JSON columns as text, one by one
    (PostgreSQL's COPY sends the first rows while the next are built)."""
    award_texts: dict[tuple[Any, ...], str] = {}
    # many people share a step object (the star note, a theme's win): its stored form once
    stored: dict[int, list[Any]] = {}
    for o, x in zip(outcomes, people, strict=True):
        key = tuple(o.awards)
        awards = award_texts.get(key)
        if awards is None:
            awards = award_texts[key] = orjson.dumps(
                [
                    {"key": a.key, "theme": a.name, "theme_en": a.name_en, "amount": num(a.amount)}
                    for a in o.awards
                ]
            ).decode("utf-8")
        reasons = []
        for s in o.trace:
            if s.reason:
                step = stored.get(id(s))
                if step is None:
                    step = stored[id(s)] = s.as_dict()
                reasons.append(step)
        reasons_text = orjson.dumps(reasons).decode("utf-8")
        yield (
            close_id,
            o.employee_no,
            o.name,
            o.group,
            o.role,
            o.department,
            o.score,
            o.rank,
            o.pool_size,
            o.tier,
            o.bonus,
            o.eligible,
            awards,
            o.star_wage,
            x.clean_streak,
            texts[o.employee_no],
            reasons_text,
        )


RESULT_FIELDS = ("score", "rank", "tier", "bonus", "eligible", "awards", "star_wage")


def _compare(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], fields: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Per person, each field whose value differs between two revisions."""
    changes = []
    for no in sorted(set(old) | set(new)):
        before, after = old.get(no), new.get(no)
        if before is None or after is None:
            changes.append(
                {
                    "employee_no": no,
                    "field": "*",
                    "old": before is not None,
                    "new": after is not None,
                }
            )
            continue
        for f in fields:
            if before.get(f) != after.get(f):
                changes.append(
                    {"employee_no": no, "field": f, "old": before.get(f), "new": after.get(f)}
                )
    return changes


def _comparable(row: MonthlyOutcome | MonthlyResult) -> dict[str, Any]:
    """The figures compared between revisions, from a stored row or a fresh outcome."""
    if isinstance(row, MonthlyOutcome):
        awards = sorted(a.key for a in row.awards)
    else:
        awards = sorted(a["key"] for a in row.awards or [])
    return {
        "score": num(Decimal(str(row.score))) if row.score is not None else None,
        "rank": row.rank,
        "tier": row.tier,
        "bonus": num(Decimal(str(row.bonus))),
        "eligible": bool(row.eligible),
        "awards": awards,
        "star_wage": num(Decimal(str(row.star_wage))),
    }


def _flatten(prefix: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out |= _flatten(f"{prefix}.{k}" if prefix else k, v)
        return out
    return {prefix: value}


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """A close allocates millions of short-lived objects and no cycles: pause the cyclic GC.

    At 100,000 people the collector's repeated passes over the growing heap cost more than
    the close itself; reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def close_month(session: Session, month: Month, actor: str) -> CloseReport:
    """Compute and freeze a month; a new revision only when inputs or policy changed."""
    with _no_cyclic_gc():
        return _close_month(session, month, actor)


def _check_closable(session: Session, month: Month) -> None:
    """A month needs its scores, and last month closed when last month has scores."""
    if not repo.has_scores(session, str(month)):
        raise CloseRefused(f"{month} 还没有导入任何月度成绩，无法结算:请先导入该月数据")
    previous = month.shift(-1)
    if (
        repo.has_scores(session, str(previous))
        and repo.latest_close(session, "monthly", str(previous)) is None
    ):
        raise CloseRefused(
            f"上月 {previous} 已有成绩但尚未结算:请先结算 {previous}"
            "(进步奖和连续无错月数取自上月的结算结果)"
        )


def _close_month(session: Session, month: Month, actor: str) -> CloseReport:
    policy = policy_for(session, month)
    people_in = gather_month(session, month, policy)
    outcomes = compute_month(policy.policy, str(month), people_in, traced=())
    _check_closable(session, month)  # after the policy's own refusals, which say more
    inputs, texts, digest = _frozen_inputs(policy.policy.sha256, people_in)
    totals = _totals(outcomes)
    summary = {
        "people": len(outcomes),
        "totals": totals,
        "input_change_id": repo.max_input_change_id(session),
    }
    previous, close = _next_revision(session, "monthly", str(month), policy, actor, digest, summary)
    report = _report(close, previous, len(outcomes), policy, totals)
    if close is None:
        return report
    _audit_close(session, actor, close, report)
    repo.insert_values(
        session,
        MonthlyResult,
        MONTHLY_COLUMNS,
        _result_values(close.id, outcomes, people_in, texts),
    )
    if previous is not None:
        report.input_changes, report.result_changes = _changes_since(
            session, previous, outcomes, inputs
        )
        close.changes = {
            "from_revision": previous.revision,
            "input_changes": report.input_changes,
            "result_changes": report.result_changes,
            "policy_changed": previous.policy_version_id != policy.version_id,
        }
    return report


def _audit_close(session: Session, actor: str, close: PeriodClose, report: CloseReport) -> None:
    audit.record(
        session,
        actor,
        "close" if close.revision == 1 else "reclose",
        f"{close.kind} {close.period}",
        {
            "revision": close.revision,
            "people": report.people,
            "policy": report.policy_label,
            "totals": report.totals,
        },
    )


def _changes_since(
    session: Session,
    previous: PeriodClose,
    outcomes: Sequence[MonthlyOutcome],
    inputs: dict[str, dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Who changed which input since the previous revision, and whose results changed how."""
    mark = int(previous.summary.get("input_change_id", 0))
    logged = repo.input_changes_after(session, previous.period, mark)
    input_changes: list[dict[str, Any]] = [
        {
            "employee_no": c.employee_no,
            "field": f"{c.kind}.{c.field}",
            "old": c.old_value,
            "new": c.new_value,
            "by": c.changed_by,
            "at": c.changed_at.isoformat(timespec="seconds") if c.changed_at else None,
            "source": c.source,
        }
        for c in logged
    ]
    old_inputs = repo.monthly_inputs(session, previous.id)
    logged_keys = {(c["employee_no"], c["field"].split(".", 1)[1]) for c in input_changes}
    for change in _compare(
        {k: _flatten("", v) for k, v in old_inputs.items()},
        {k: _flatten("", v) for k, v in inputs.items()},
        tuple(sorted({f for v in inputs.values() for f in _flatten("", v)})),
    ):
        leaf = change["field"].rsplit(".", 1)[-1]
        if (change["employee_no"], leaf) not in logged_keys:
            input_changes.append(change | {"by": None, "at": None, "source": "register/derived"})
    old_results = {r.employee_no: _comparable(r) for r in repo.monthly_rows(session, previous.id)}
    new_results = {o.employee_no: _comparable(o) for o in outcomes}
    return input_changes, _compare(old_results, new_results, RESULT_FIELDS)


def _totals(outcomes: list[MonthlyOutcome]) -> dict[str, str]:
    bonus = sum((o.bonus for o in outcomes), Decimal(0))
    awards = sum((a.amount for o in outcomes for a in o.awards), Decimal(0))
    stars = sum((o.star_wage for o in outcomes), Decimal(0))
    return {
        "bonus": num(bonus) or "0",
        "awards": num(awards) or "0",
        "star_wage": num(stars) or "0",
        "total": num(bonus + awards + stars) or "0",
    }


def close_quarter(session: Session, quarter: Quarter, actor: str) -> CloseReport:
    """Stars for a quarter from its three closed months (R-STAR-1)."""
    with _no_cyclic_gc():
        return _close_quarter(session, quarter, actor)


def _close_quarter(session: Session, quarter: Quarter, actor: str) -> CloseReport:
    months = quarter.months
    month_closes = []
    for m in months:
        c = repo.latest_close(session, "monthly", str(m))
        if c is None:
            raise CloseRefused(f"{m} 尚未结算:季度 {quarter} 的星级需要三个月都已结算 (R-STAR-1)")
        month_closes.append(c)
    policy = policy_for(session, months[2])
    per_person: dict[str, dict[str, Any]] = {}
    for m, c in zip(months, month_closes, strict=True):
        for r in repo.monthly_rows(session, c.id):
            if r.grp != "csr":
                continue
            entry = per_person.setdefault(
                r.employee_no, {"name": r.name, "department": r.department, "months": {}}
            )
            entry["name"], entry["department"] = r.name, r.department
            entry["team"] = r.inputs.get("team")
            conduct = r.inputs.get("components", {}).get("overall_conduct")
            entry["months"][str(m)] = (
                None if r.score is None else num(Decimal(str(r.score))),
                conduct,
            )
    hist = people.histories(session, quarter.last_day)
    people_q: list[PersonQuarter] = []
    inputs: dict[str, dict[str, Any]] = {}
    for no, entry in per_person.items():
        state = month_state(no, hist[no][1], months[2]) if no in hist else None
        cur = state.current if state else None
        regular = bool(
            cur
            and cur.converted_on
            and cur.converted_on <= quarter.last_day
            and cur.status in ("regular", "notice_period")
        )
        employed = bool(
            cur and cur.status != "left" and (cur.left_on is None or cur.left_on > quarter.last_day)
        )
        monthly = tuple(
            (
                str(m),
                _dec(entry["months"].get(str(m), (None, None))[0]),
                _dec(entry["months"].get(str(m), (None, None))[1]),
            )
            for m in months
        )
        people_q.append(
            PersonQuarter(no, entry["name"], entry["department"], monthly, regular, employed)
        )
        inputs[no] = {
            "team": entry.get("team"),
            "months": {m: list(v) for m, v in entry["months"].items()},
            "regular_at_end": regular,
            "employed_at_end": employed,
            "status_at_end": cur.status if cur else None,
            "month_revisions": {
                str(m): c.revision for m, c in zip(months, month_closes, strict=True)
            },
        }
    outcomes = compute_quarter(policy.policy, people_q)
    digest = _digest(policy.policy.sha256, [[no, inputs[no]] for no in sorted(inputs)])
    total = sum((o.star_wage for o in outcomes), Decimal(0))
    totals = {"star_wage": num(total) or "0"}
    summary = {"people": len(outcomes), "totals": totals}
    previous, close = _next_revision(
        session, "quarterly", str(quarter), policy, actor, digest, summary
    )
    report = _report(close, previous, len(outcomes), policy, totals)
    if close is None:
        return report
    _audit_close(session, actor, close, report)
    rows: list[dict[str, Any]] = [
        {
            "close_id": close.id,
            "employee_no": o.employee_no,
            "name": o.name,
            "department": o.department,
            "score": o.score.quantize(Decimal("0.00000001")) if o.score is not None else None,
            "rank": o.rank,
            "pool_size": o.pool_size,
            "stars": o.stars,
            "star_wage": o.star_wage,
            "inputs": inputs[o.employee_no],
            "trace": [s.as_dict() for s in o.trace],
        }
        for o in outcomes
    ]
    repo.insert_rows(session, QuarterlyResult, rows)
    if previous is not None:
        old = {
            r.employee_no: {
                "stars": r.stars,
                "star_wage": num(Decimal(str(r.star_wage))),
                "rank": r.rank,
            }
            for r in repo.quarterly_rows(session, previous.id)
        }
        new = {
            r["employee_no"]: {
                "stars": r["stars"],
                "star_wage": num(r["star_wage"]),
                "rank": r["rank"],
            }
            for r in rows
        }
        report.result_changes = _compare(old, new, ("stars", "star_wage", "rank"))
        close.changes = {
            "from_revision": previous.revision,
            "result_changes": report.result_changes,
        }
    return report


def _next_revision(
    session: Session,
    kind: str,
    period: str,
    policy: PolicyInForce,
    actor: str,
    digest: str,
    summary: dict[str, Any],
) -> tuple[PeriodClose | None, PeriodClose | None]:
    """The period's newest revision, and the new one written (None when nothing changed)."""
    previous = repo.latest_close(session, kind, period)
    if previous is not None and previous.inputs_digest == digest:
        return previous, None
    close = PeriodClose(
        kind=kind,
        period=period,
        revision=(previous.revision + 1) if previous else 1,
        closed_by=actor,
        policy_version_id=policy.version_id,
        inputs_digest=digest,
        summary=summary,
        changes={},
    )
    _add_close(session, close)
    return previous, close


def _report(
    close: PeriodClose | None,
    previous: PeriodClose | None,
    people: int,
    policy: PolicyInForce,
    totals: dict[str, str],
) -> CloseReport:
    """What a close did: the revision written, or the one kept when nothing changed."""
    shown = close or previous
    assert shown is not None
    return CloseReport(
        shown.kind,
        shown.period,
        shown.revision,
        close is not None,
        people,
        policy.policy.label,
        totals=totals,
    )


def _add_close(session: Session, close: PeriodClose) -> None:
    """Write the close row; a concurrent close of the same period makes this one refuse."""
    session.add(close)
    try:
        session.flush()
    except IntegrityError:
        raise CloseRefused(
            f"{close.period} 的修订 {close.revision} 刚由另一次结算写入；请重新执行结算"
        ) from None


def policy_of_close(session: Session, close: PeriodClose) -> PolicyInForce:
    version = session.get(PolicyVersion, close.policy_version_id)
    assert version is not None
    return PolicyInForce(load_version(version), version.id, close.period)
