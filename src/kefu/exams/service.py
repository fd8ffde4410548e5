"""Use cases of the question bank and exams (题库与考试, R-EXM-1): the bank and its import,
drawing papers, assigning sittings, sitting an exam, marking, results.

The rules are kefu.exams.rules; this module reads and writes the tables and never commits (the
request or the CLI command owns the transaction). Other domains (new-hire training, bottom
elimination) take exam results through ``results`` and assign sittings through ``assign``.

Decisions where the seed is silent:

* QA (品管培训岗), HR and managers keep the bank, draw and assign papers and mark; they see
  every sitting. Everyone else sees their own sittings only.
* A paper's pass mark is fixed when it is drawn (given, or the policy's ``exams.pass_mark``);
  its time limit is its own or, when a sitting is assigned, the policy's; the policy's grading
  rules (multiple choice, display) are fixed when a sitting is assigned.
* One sitting per person and paper; a re-exam is a new paper drawn without the failed one.
* A sitting past its deadline is closed with what was saved the next time anyone looks at it
  (a page, the API, the CLI, ``close_expired``); one never started whose window has passed is
  missed (缺考): it has no score and is not a result.
* Keys and marks are shown to the person once their sitting has ended.
* A mark is final once the last answer of a sitting is marked: the score is then of record.
"""

from __future__ import annotations

import gc
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.db import claim, fetch_rows
from kefu.errors import Forbidden, ImportProblem, ImportRejected, KefuError, NotFound
from kefu.exams import rules
from kefu.exams.imports import COLUMNS, read_bank
from kefu.exams.models import Answer, Paper, PaperQuestion, Question, Sitting
from kefu.exams.rules import QuestionIn
from kefu.explain.trace import Step, num
from kefu.people.service import current_record
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import Display, Exams
from kefu.policy.service import policy_for
from kefu.workflow.rules import Conflict

RULE = rules.RULE
PURPOSES = rules.PURPOSES
ASSIGNED, IN_PROGRESS, MARKING, GRADED, MISSED = (
    "assigned",
    "in_progress",
    "marking",
    "graded",
    "missed",
)
STATUSES = (ASSIGNED, IN_PROGRESS, MARKING, GRADED, MISSED)
STATUS_NAMES: dict[str, dict[str, str]] = {
    ASSIGNED: {"zh": "未开始", "en": "not started"},
    IN_PROGRESS: {"zh": "作答中", "en": "in progress"},
    MARKING: {"zh": "待阅卷", "en": "being marked"},
    GRADED: {"zh": "已评定", "en": "graded"},
    MISSED: {"zh": "缺考", "en": "missed"},
}
ENDED = frozenset({MARKING, GRADED})
HANDED_IN, TIMED_OUT = "handed_in", "timed_out"
# purposes whose results are the monthly assessment's exams and the ladder's skills exam
ASSESSMENT_PURPOSES = ("monthly",)
# input limits, not policy: a title, a response, a comment, a context, an assignment
TITLE_MAX = 200
RESPONSE_MAX = 4000
COMMENT_MAX = 2000
CONTEXT_MAX = 2000
ASSIGN_MAX = 2000
SEED_MAX = 2**31 - 1
PAPER_QUESTIONS_MAX = 500
TIME_LIMIT_MAX = 24 * 60


# ---------------------------------------------------------------- the API other domains use


@dataclass(frozen=True)
class ExamResult:
    """One sitting's result as other domains read it (training, bottom elimination)."""

    sitting_id: int
    paper_id: int
    employee_no: str
    purpose: str
    context: dict[str, Any]
    taken_on: date
    """The day the sitting was handed in (or timed out)."""
    score: Decimal | None
    """Out of 100; None until every subjective answer is marked."""
    pass_mark: Decimal | None
    passed: bool | None
    final: bool
    """Graded completely."""


def results(
    session: Session,
    *,
    employee_nos: Sequence[str] | None = None,
    purposes: Sequence[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    final_only: bool = True,
    now: datetime | None = None,
) -> list[ExamResult]:
    """Ended sittings (oldest first): every one handed in or timed out, or only final ones.

    With ``now`` the sittings past their deadline are closed first (as every page does).
    """
    if now is not None:
        close_expired(session, now)
    stmt = (
        select(Sitting, Paper.pass_mark)
        .join(Paper, Paper.id == Sitting.paper_id)
        .where(Sitting.status.in_(ENDED))
    )
    if employee_nos is not None:
        stmt = stmt.where(Sitting.employee_no.in_(list(employee_nos)))
    if purposes is not None:
        stmt = stmt.where(Sitting.purpose.in_(list(purposes)))
    if since is not None:
        stmt = stmt.where(Sitting.taken_on >= since)
    if until is not None:
        stmt = stmt.where(Sitting.taken_on <= until)
    if final_only:
        stmt = stmt.where(Sitting.final.is_(True))
    rows = session.execute(stmt.order_by(Sitting.taken_on, Sitting.id)).all()
    return [_result(s, pass_mark) for s, pass_mark in rows]


def _result(s: Sitting, pass_mark: Decimal | None) -> ExamResult:
    assert s.taken_on is not None
    return ExamResult(
        sitting_id=s.id,
        paper_id=s.paper_id,
        employee_no=s.employee_no,
        purpose=s.purpose,
        context=dict(s.context),
        taken_on=s.taken_on,
        score=s.score,
        pass_mark=pass_mark,
        passed=s.passed,
        final=s.final,
    )


def paper_question_ids(session: Session, paper_id: int) -> frozenset[int]:
    """The questions (ids of their versions) on a paper."""
    get_paper(session, paper_id)
    return frozenset(
        session.scalars(select(PaperQuestion.question_id).where(PaperQuestion.paper_id == paper_id))
    )


# ---------------------------------------------------------------- policy


def exams_policy(session: Session, on: date) -> tuple[Exams, LoadedPolicy]:
    """The exams section of the policy in force on ``on``, or a refusal naming it."""
    loaded = policy_for(session, Month.of(on)).policy
    section = loaded.model.exams
    if section is None:
        raise KefuError(
            f"政策 {loaded.name} 没有题库与考试 (exams) 一节:无法组卷或安排考试 ({RULE})"
        )
    return section, loaded


def _may_manage(viewer: Viewer) -> None:
    if not viewer.can("exams.manage"):
        raise Forbidden("题库和试卷由品管培训岗、人事或客服经理管理 (QA, HR or a manager)")


def _audit(session: Session, actor: str, action: str, target: str, detail: dict[str, Any]) -> None:
    """Into the audit log (R-AUD-1)."""
    audit.record(session, actor, action, target, detail)


# ---------------------------------------------------------------- the bank


def get_question(session: Session, question_id: int) -> Question:
    found = session.get(Question, question_id)
    if found is None:
        raise NotFound(f"没有编号为 {question_id} 的试题 (no question {question_id})")
    return found


def questions(
    session: Session,
    *,
    topic: str | None = None,
    kind: str | None = None,
    exam_kind: str | None = None,
    difficulty: int | None = None,
    include_retired: bool = False,
    limit: int | None = None,
) -> list[Question]:
    """The bank's questions (the versions in use unless retired ones are asked for)."""
    stmt = select(Question)
    if not include_retired:
        stmt = stmt.where(Question.retired_on.is_(None))
    if topic:
        stmt = stmt.where(Question.topic == topic)
    if kind:
        stmt = stmt.where(Question.kind == kind)
    if exam_kind:
        stmt = stmt.where(Question.exam_kind == exam_kind)
    if difficulty is not None:
        stmt = stmt.where(Question.difficulty == difficulty)
    stmt = stmt.order_by(Question.topic, Question.difficulty, Question.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def bank_counts(session: Session) -> list[tuple[str, str, int, int]]:
    """(exam kind, topic, difficulty, count) of the questions in use."""
    rows = session.execute(
        select(Question.exam_kind, Question.topic, Question.difficulty, func.count())
        .where(Question.retired_on.is_(None))
        .group_by(Question.exam_kind, Question.topic, Question.difficulty)
        .order_by(Question.exam_kind, Question.topic, Question.difficulty)
    ).all()
    return [(e, t, d, n) for e, t, d, n in rows]


def topics(session: Session) -> list[str]:
    """The topics of the questions in use, by name."""
    return list(
        session.scalars(
            select(Question.topic)
            .where(Question.retired_on.is_(None))
            .distinct()
            .order_by(Question.topic)
        )
    )


def versions(session: Session, family_id: int) -> list[Question]:
    """Every version of a question, oldest first."""
    return list(
        session.scalars(
            select(Question).where(Question.family_id == family_id).order_by(Question.version)
        )
    )


def papers_with(session: Session, question_id: int) -> list[int]:
    """The papers a question version is on."""
    return list(
        session.scalars(
            select(PaperQuestion.paper_id)
            .where(PaperQuestion.question_id == question_id)
            .order_by(PaperQuestion.paper_id)
        )
    )


def _checked(q: QuestionIn) -> QuestionIn:
    problems = rules.question_problems(q)
    if problems:
        raise rules.question_error(problems)
    return rules.cleaned(q)


def _same_in_bank(session: Session, q: QuestionIn, but: int | None = None) -> Question | None:
    stmt = select(Question).where(
        Question.retired_on.is_(None),
        Question.topic == q.topic,
        Question.kind == q.kind,
        Question.stem == q.stem,
    )
    if but is not None:
        stmt = stmt.where(Question.family_id != but)
    return session.scalars(stmt.limit(1)).first()


def _store(
    session: Session,
    q: QuestionIn,
    actor: str,
    today: date,
    source: str | None,
    family: Question | None = None,
) -> Question:
    row = Question(
        family_id=family.family_id if family else 0,
        version=family.version + 1 if family else 1,
        topic=q.topic,
        kind=q.kind,
        exam_kind=q.exam_kind,
        difficulty=q.difficulty,
        stem=q.stem,
        options=list(q.options),
        key=list(q.key),
        reference=q.reference,
        points=q.points,
        created_by=actor,
        created_on=today,
        source=source[:255] if source else None,
    )
    session.add(row)
    session.flush()
    if family is None:
        row.family_id = row.id
        session.flush()
    return row


def add_question(
    session: Session, viewer: Viewer, q: QuestionIn, today: date, source: str | None = None
) -> Question:
    """A new question in the bank (R-EXM-1)."""
    _may_manage(viewer)
    q = _checked(q)
    same = _same_in_bank(session, q)
    if same is not None:
        raise Conflict(f"题库中已有相同的题目 #{same.id} (the bank already holds this question)")
    row = _store(session, q, viewer.username, today, source or "表单")
    _audit(session, viewer.username, "exam.question", f"question:{row.id}", {"version": 1})
    return row


def revise_question(
    session: Session, viewer: Viewer, question_id: int, q: QuestionIn, today: date
) -> Question:
    """Editing makes a new version and retires the old one: papers keep what they drew."""
    _may_manage(viewer)
    old = get_question(session, question_id)
    if old.retired_on is not None:
        raise Conflict(
            f"试题 #{old.id} 已于 {old.retired_on} 停用，请编辑它的最新版本 "
            f"(the question is retired: edit its newest version)"
        )
    q = _checked(q)
    same = _same_in_bank(session, q, but=old.family_id)
    if same is not None:
        raise Conflict(f"题库中已有相同的题目 #{same.id} (the bank already holds this question)")
    _retire(session, old, viewer, today)
    row = _store(session, q, viewer.username, today, f"修订 #{old.id}", family=old)
    _audit(session, viewer.username, "exam.question", f"question:{row.id}", {"replaces": old.id})
    return row


def retire_question(session: Session, viewer: Viewer, question_id: int, today: date) -> Question:
    """Take a question out of the bank: it is drawn no more; papers keep it."""
    _may_manage(viewer)
    old = get_question(session, question_id)
    if old.retired_on is not None:
        raise Conflict(f"试题 #{old.id} 已于 {old.retired_on} 停用 (already retired)")
    _retire(session, old, viewer, today)
    _audit(session, viewer.username, "exam.retire", f"question:{old.id}", {})
    return old


def _retire(session: Session, old: Question, viewer: Viewer, today: date) -> None:
    """Retire a question once: of two edits or retirements at once, the second gets a 409."""
    claim(
        session,
        old,
        {"retired_on": None},
        {"retired_on": today, "retired_by": viewer.username},
        lambda now: Conflict(
            f"试题 #{now.id} 已由 {now.retired_by} 于 {now.retired_on} 停用或修订，请刷新后查看 "
            f"(someone retired or revised it first)"
        ),
    )


@dataclass(frozen=True)
class BankImport:
    """What a bank import did: the questions added and where they came from."""

    source: str
    added: int
    topics: dict[str, int]


def import_bank(
    session: Session, viewer: Viewer, path: Path, today: date, source: str | None = None
) -> BankImport:
    """Import the 题库 sheet: every question or none, each bad row named (R-EXM-1)."""
    _may_manage(viewer)
    shown = source or path.name
    parsed = read_bank(path, shown)
    problems = list(parsed.problems)
    stem_header = next(c.header for c in COLUMNS if c.key == "stem")
    for row in parsed.rows:
        same = _same_in_bank(session, row.question)
        if same is not None:
            problems.append(
                ImportProblem(
                    row.sheet,
                    row.row,
                    stem_header,
                    row.question.stem[:100],
                    f"题库中已有相同的题目 #{same.id}(知识点、题型和题干都相同)",
                )
            )
    if problems:
        raise ImportRejected(problems)
    if not parsed.rows:
        raise ImportRejected([ImportProblem(shown, None, None, None, "工作表「题库」中没有题目")])
    counts: dict[str, int] = {}
    for row in parsed.rows:
        _store(session, row.question, viewer.username, today, f"{shown} 第 {row.row} 行")
        counts[row.question.topic] = counts.get(row.question.topic, 0) + 1
    audit.record(
        session,
        viewer.username,
        "import",
        f"exam-bank:{shown}"[:128],
        {"rows": len(parsed.rows), "topics": counts},
    )
    return BankImport(shown, len(parsed.rows), counts)


# ---------------------------------------------------------------- papers


def get_paper(session: Session, paper_id: int) -> Paper:
    found = session.get(Paper, paper_id)
    if found is None:
        raise NotFound(f"没有编号为 {paper_id} 的试卷 (no paper {paper_id})")
    return found


def papers(session: Session) -> list[Paper]:
    """Every paper, newest first."""
    return list(session.scalars(select(Paper).order_by(Paper.id.desc())))


@dataclass(frozen=True)
class PaperItem:
    """One question on a paper, in its place."""

    position: int
    points: Decimal
    question: Question


def paper_items(session: Session, paper_id: int) -> list[PaperItem]:
    rows = session.execute(
        select(PaperQuestion, Question)
        .join(Question, Question.id == PaperQuestion.question_id)
        .where(PaperQuestion.paper_id == paper_id)
        .order_by(PaperQuestion.position)
    ).all()
    return [PaperItem(pq.position, pq.points, q) for pq, q in rows]


def _families_of(session: Session, paper_ids: Sequence[int]) -> frozenset[int]:
    if not paper_ids:
        return frozenset()
    return frozenset(
        session.scalars(
            select(Question.family_id)
            .join(PaperQuestion, PaperQuestion.question_id == Question.id)
            .where(PaperQuestion.paper_id.in_(list(paper_ids)))
        )
    )


def bank_for(session: Session, exam_kind: str, topics: Sequence[str] | None = None) -> rules.Bank:
    """The questions in use of an exam kind (and of the given topics), indexed for drawing."""
    stmt = select(Question.id, Question.family_id, Question.topic, Question.difficulty).where(
        Question.retired_on.is_(None), Question.exam_kind == exam_kind
    )
    if topics is not None:
        stmt = stmt.where(Question.topic.in_(list(topics)))
    rows = fetch_rows(session, stmt)
    # tens of thousands of small tuples and no cycles: the cyclic GC would only slow this down
    enabled = gc.isenabled()
    gc.disable()
    try:
        return rules.Bank(rules.BankQuestion(i, f, t, d) for i, f, t, d in rows)
    finally:
        if enabled:
            gc.enable()


def draw_paper(
    session: Session,
    actor: Viewer,
    *,
    title: str,
    exam_kind: str,
    purpose: str,
    topics: dict[str, int],
    difficulty: dict[int, int] | None = None,
    exclude_papers: Sequence[int] = (),
    time_limit_minutes: int | None = None,
    pass_mark: Decimal | None = None,
    seed: int | None = None,
    today: date,
) -> Paper:
    """Draw a paper from the bank by topic counts and a difficulty mix (R-EXM-1).

    Questions of ``exclude_papers`` (and every version of them) are left out: a re-exam's
    paper shares no question with the failed one. Refused, naming what is short, when the
    bank cannot satisfy the request.
    """
    _may_manage(actor)
    title = title.strip()
    if not title or len(title) > TITLE_MAX:
        raise KefuError(
            f"请填写试卷标题，最多 {TITLE_MAX} 个字 (a title of 1–{TITLE_MAX} characters)"
        )
    if exam_kind not in rules.EXAM_KINDS:
        raise KefuError(f"考试形式应为 {' / '.join(rules.EXAM_KINDS)} (unknown exam kind)")
    _check_purpose(purpose)
    if time_limit_minutes is not None and not 1 <= time_limit_minutes <= TIME_LIMIT_MAX:
        raise KefuError(
            f"考试时长应为 1 到 {TIME_LIMIT_MAX} 分钟 (a time limit of 1 to {TIME_LIMIT_MAX} minutes)"
        )
    if seed is not None and not 0 <= seed <= SEED_MAX:
        raise KefuError(f"随机种子应为 0 到 {SEED_MAX} 的整数 (a seed from 0 to {SEED_MAX})")
    if sum(topics.values()) > PAPER_QUESTIONS_MAX:
        raise KefuError(
            f"一份试卷最多 {PAPER_QUESTIONS_MAX} 道题 (at most {PAPER_QUESTIONS_MAX} questions)"
        )
    section, loaded = exams_policy(session, today)
    if pass_mark is None:
        loaded.require("exams.pass_mark", RULE)
        assert section.pass_mark is not None
        pass_mark = section.pass_mark
    elif not pass_mark.is_finite() or not Decimal(0) <= pass_mark <= Decimal(100):
        raise KefuError(f"及格线应在 0 到 100 之间，而不是 {pass_mark} (a pass mark of 0–100)")
    excluded = sorted(set(exclude_papers))
    for paper_id in excluded:
        get_paper(session, paper_id)
    seed = secrets.randbelow(SEED_MAX) if seed is None else seed
    request = rules.DrawRequest(
        topics={t.strip(): n for t, n in topics.items()},
        difficulty=difficulty,
        exclude_families=_families_of(session, excluded),
        exclude_papers=tuple(excluded),
    )
    drawn = rules.draw(bank_for(session, exam_kind, list(request.topics)), request, seed)
    chosen = {
        q.id: q
        for q in session.scalars(select(Question).where(Question.id.in_(drawn.question_ids)))
    }
    total = sum((chosen[i].points for i in drawn.question_ids), Decimal(0))
    steps = list(drawn.steps)
    if excluded:
        steps.append(rules.no_overlap_step(excluded))
    paper = Paper(
        title=title,
        exam_kind=exam_kind,
        purpose=purpose,
        request={
            "topics": dict(request.topics),
            "difficulty": None
            if difficulty is None
            else {str(k): v for k, v in difficulty.items()},
            "exclude_papers": excluded,
        },
        seed=seed,
        time_limit_minutes=time_limit_minutes,
        pass_mark=pass_mark,
        total_points=total,
        steps=[s.as_dict() for s in steps],
        drawn_by=actor.username,
        drawn_on=today,
        policy_name=loaded.label[:64],
    )
    session.add(paper)
    session.flush()
    for position, question_id in enumerate(drawn.question_ids, start=1):
        session.add(
            PaperQuestion(
                paper_id=paper.id,
                position=position,
                question_id=question_id,
                points=chosen[question_id].points,
            )
        )
    session.flush()
    _audit(
        session,
        actor.username,
        "exam.draw",
        f"paper:{paper.id}",
        {"questions": len(drawn.question_ids), "seed": seed, "excluded": excluded},
    )
    return paper


def _check_purpose(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise KefuError(f"考试用途应为 {' / '.join(PURPOSES)}，而不是 {purpose} (unknown purpose)")


# ---------------------------------------------------------------- sittings


def get_sitting(session: Session, sitting_id: int) -> Sitting:
    found = session.get(Sitting, sitting_id)
    if found is None:
        raise NotFound(f"没有编号为 {sitting_id} 的考试 (no sitting {sitting_id})")
    return found


def sitting_in_view(session: Session, viewer: Viewer, sitting_id: int) -> Sitting:
    """A sitting the viewer may see: their own, or any for those who keep or mark exams."""
    sitting = get_sitting(session, sitting_id)
    if not sees(viewer, sitting):
        raise NotFound(f"没有编号为 {sitting_id} 的考试 (no sitting {sitting_id})")
    return sitting


def sees(viewer: Viewer, sitting: Sitting) -> bool:
    own = viewer.employee_no is not None and viewer.employee_no == sitting.employee_no
    return own or viewer.can("exams.manage") or viewer.can("exams.mark")


def assign(
    session: Session,
    actor: Viewer,
    paper_id: int,
    employee_nos: Sequence[str],
    *,
    opens_on: date,
    closes_on: date,
    purpose: str,
    context: dict[str, Any],
    today: date,
) -> list[Sitting]:
    """Assign a paper to people, to sit within a window under a time limit (R-EXM-1)."""
    _may_manage(actor)
    paper = get_paper(session, paper_id)
    _check_purpose(purpose)
    if closes_on < opens_on:
        raise KefuError(
            f"考试截止日 {closes_on} 早于开始日 {opens_on} (the window closes before it opens)"
        )
    if closes_on < today:
        raise KefuError(f"考试截止日 {closes_on} 已过 (the window has already closed)")
    if len(repr(context)) > CONTEXT_MAX:
        raise KefuError("考试附带信息过长 (the context is too long)")
    wanted = list(dict.fromkeys(n.strip() for n in employee_nos if n.strip()))
    if not wanted:
        raise KefuError("请至少指定一名考生 (assign the paper to someone)")
    if len(wanted) > ASSIGN_MAX:
        raise KefuError(f"一次最多安排 {ASSIGN_MAX} 人 (at most {ASSIGN_MAX} people at once)")
    section, loaded = exams_policy(session, today)
    limit = paper.time_limit_minutes
    if limit is None:
        loaded.require("exams.time_limit_minutes", RULE)
        assert section.time_limit_minutes is not None
        limit = section.time_limit_minutes
    display = loaded.model.display
    snapshot = {
        "multiple_choice": section.multiple_choice,
        "score_decimals": display.score_decimals,
        "rounding": display.rounding,
        "policy": loaded.label,
    }
    already = set(
        session.scalars(
            select(Sitting.employee_no).where(
                Sitting.paper_id == paper.id, Sitting.employee_no.in_(wanted)
            )
        )
    )
    if already:
        raise Conflict(
            f"试卷 #{paper.id} 已安排给 {'、'.join(sorted(already))}，每人每份试卷只考一次 "
            f"(one sitting per person and paper)"
        )
    out = []
    for no in wanted:
        record = current_record(session, no)
        if record is None:
            raise NotFound(f"系统中没有工号 {no} (no such employee)")
        if record.left_on is not None and record.left_on <= opens_on:
            raise KefuError(f"{record.name} ({no}) 已于 {record.left_on} 离职 (has left)")
        sitting = Sitting(
            paper_id=paper.id,
            employee_no=no,
            name=record.name,
            purpose=purpose,
            context=dict(context),
            opens_on=opens_on,
            closes_on=closes_on,
            time_limit_minutes=limit,
            rules=snapshot,
            assigned_by=actor.username,
            assigned_on=today,
            status=ASSIGNED,
            final=False,
        )
        session.add(sitting)
        out.append(sitting)
    session.flush()
    _audit(
        session,
        actor.username,
        "exam.assign",
        f"paper:{paper.id}",
        {"people": wanted, "opens_on": opens_on.isoformat(), "closes_on": closes_on.isoformat()},
    )
    return out


def sittings_of(session: Session, employee_no: str, now: datetime | None = None) -> list[Sitting]:
    """A person's sittings, newest first (past deadlines closed first when ``now`` is given)."""
    if now is not None:
        close_expired(session, now)
    return list(
        session.scalars(
            select(Sitting)
            .where(Sitting.employee_no == employee_no)
            .order_by(Sitting.opens_on.desc(), Sitting.id.desc())
        )
    )


def paper_sittings(session: Session, paper_id: int) -> list[Sitting]:
    """Every sitting of a paper, by 工号."""
    return list(
        session.scalars(
            select(Sitting).where(Sitting.paper_id == paper_id).order_by(Sitting.employee_no)
        )
    )


def close_expired(session: Session, now: datetime) -> int:
    """Close every sitting past its deadline with what was saved; mark missed ones (R-EXM-1)."""
    closed = 0
    late = session.scalars(
        select(Sitting).where(Sitting.status == IN_PROGRESS, Sitting.deadline_at < now)
    ).all()
    for sitting in late:
        assert sitting.deadline_at is not None
        # a hand-in or another page closing it at the same moment: the first one ends it
        if claim(session, sitting, {"status": IN_PROGRESS}, {"ended_how": TIMED_OUT}, None):
            _end(session, sitting, sitting.deadline_at, TIMED_OUT)
            closed += 1
    missed = session.scalars(
        select(Sitting).where(Sitting.status == ASSIGNED, Sitting.closes_on < now.date())
    ).all()
    for sitting in missed:
        values = {"status": MISSED, "ended_how": MISSED}
        if claim(session, sitting, {"status": ASSIGNED}, values, None):
            closed += 1
    if closed:
        session.flush()
    return closed


def _own(viewer: Viewer, sitting: Sitting) -> None:
    if viewer.employee_no is None or viewer.employee_no != sitting.employee_no:
        raise Forbidden("只有考生本人可以作答 (only the person sitting it answers)")


def start(session: Session, viewer: Viewer, sitting_id: int, now: datetime) -> Sitting:
    """The person starts their sitting: the clock runs from now (R-EXM-1)."""
    sitting = get_sitting(session, sitting_id)
    _own(viewer, sitting)
    close_expired(session, now)
    if sitting.status != ASSIGNED:
        if sitting.status == IN_PROGRESS:
            return sitting
        raise Conflict(
            f"这场考试已{STATUS_NAMES[sitting.status]['zh']}，不能再开始 (the sitting is "
            f"{STATUS_NAMES[sitting.status]['en']})"
        )
    why = rules.may_start(now, sitting.opens_on, sitting.closes_on)
    if why == "not_open":
        raise KefuError(
            f"考试时间为 {sitting.opens_on} 至 {sitting.closes_on}，还没有开始 (not open yet)"
        )
    if why == "closed":
        raise KefuError(f"考试已于 {sitting.closes_on} 截止 (the window has closed)")
    deadline = rules.deadline(now, sitting.time_limit_minutes, sitting.closes_on)
    values = {"started_at": now, "deadline_at": deadline, "status": IN_PROGRESS}
    if not claim(session, sitting, {"status": ASSIGNED}, values, None):
        if sitting.status == IN_PROGRESS:
            return sitting  # started from another tab at the same moment: its clock runs
        raise Conflict(
            f"这场考试已{STATUS_NAMES[sitting.status]['zh']}，不能再开始 (the sitting is "
            f"{STATUS_NAMES[sitting.status]['en']})"
        )
    return sitting


class TooLate(Conflict):
    """An answer or a hand-in after the deadline: refused, the saved answers stand."""


def _in_time(sitting: Sitting, now: datetime) -> None:
    if sitting.status != IN_PROGRESS:
        if sitting.status == ASSIGNED:
            raise KefuError("请先开始考试 (start the sitting first)")
        raise Conflict(
            f"这场考试已交卷或已结束，不能再作答 (the sitting has ended: "
            f"{STATUS_NAMES[sitting.status]['en']})"
        )
    assert sitting.deadline_at is not None
    if not rules.in_time(now, sitting.deadline_at):
        raise TooLate(
            f"已超过截止时间 {sitting.deadline_at:%Y-%m-%d %H:%M:%S}，答案未保存；"
            f"按截止前保存的答案收卷 (past the deadline: the answer was not saved)"
        )


def save_answers(
    session: Session,
    viewer: Viewer,
    sitting_id: int,
    responses: Mapping[int, Sequence[str]],
    now: datetime,
) -> int:
    """Save answers as they are given; refused after the deadline (R-EXM-1). Returns how many."""
    sitting = get_sitting(session, sitting_id)
    _own(viewer, sitting)
    _in_time(sitting, now)
    # saves from two tabs (or a save and the hand-in) take turns on the sitting, and none is
    # written once it has ended
    claim(
        session,
        sitting,
        {"status": IN_PROGRESS},
        {"status": IN_PROGRESS},
        lambda now_: Conflict(
            f"这场考试已交卷或已结束，不能再作答 (the sitting has ended: "
            f"{STATUS_NAMES[now_.status]['en']})"
        ),
    )
    items = {i.question.id: i for i in paper_items(session, sitting.paper_id)}
    existing = {
        a.question_id: a
        for a in session.scalars(select(Answer).where(Answer.sitting_id == sitting.id))
    }
    saved = 0
    for question_id, response in responses.items():
        item = items.get(question_id)
        if item is None:
            raise KefuError(f"试题 #{question_id} 不在这份试卷上 (not on this paper)")
        cleaned = _checked_response(item, response)
        answer = existing.get(question_id)
        if answer is None:
            answer = Answer(
                sitting_id=sitting.id, question_id=question_id, response=cleaned, saved_at=now
            )
            session.add(answer)
            existing[question_id] = answer
        elif answer.response != cleaned:
            answer.response, answer.saved_at = cleaned, now
        saved += 1
    session.flush()
    return saved


def _checked_response(item: PaperItem, response: Sequence[str]) -> list[str]:
    q = item.question
    if q.exam_kind != rules.AUTO_EXAM_KIND:
        raise KefuError(
            f"第 {item.position} 题是{rules.EXAM_KIND_NAMES[q.exam_kind]['zh']}题，由考官现场评分，"
            f"不在这里作答 (oral and practical items are marked by the examiner)"
        )
    if q.kind in rules.CHOICE_KINDS:
        chosen = rules.letters(response)
        allowed = rules.OPTION_LETTERS[: len(q.options)]
        if any(c not in allowed for c in chosen):
            raise KefuError(
                f"第 {item.position} 题只能选 {'、'.join(allowed)} (choose among the options)"
            )
        if q.kind == "single" and len(chosen) > 1:
            raise KefuError(f"第 {item.position} 题是单选题，只能选一项 (one option only)")
        return list(chosen)
    text = "\n".join(r for r in response).strip()
    if len(text) > RESPONSE_MAX:
        raise KefuError(
            f"第 {item.position} 题的答案最多 {RESPONSE_MAX} 个字 (at most {RESPONSE_MAX} characters)"
        )
    return [text] if text else []


def hand_in(
    session: Session,
    viewer: Viewer,
    sitting_id: int,
    now: datetime,
    responses: Mapping[int, Sequence[str]] | None = None,
) -> Sitting:
    """Hand in (交卷): the last answers are saved, objective ones graded, the rest queued."""
    sitting = get_sitting(session, sitting_id)
    _own(viewer, sitting)
    if sitting.status in ENDED:
        raise Conflict("这场考试已经交卷，不能重复交卷 (the sitting was already handed in)")
    _in_time(sitting, now)
    # handed in from two tabs at once, or as the deadline closes it: it ends once
    claim(
        session,
        sitting,
        {"status": IN_PROGRESS},
        {"ended_how": HANDED_IN},
        lambda _: Conflict("这场考试已经交卷，不能重复交卷 (the sitting was already handed in)"),
    )
    if responses:
        save_answers(session, viewer, sitting_id, responses, now)
    _end(session, sitting, now, HANDED_IN)
    return sitting


def _end(session: Session, sitting: Sitting, at: datetime, how: str) -> None:
    """End a sitting at ``at`` and grade what was saved."""
    sitting.ended_at, sitting.ended_how = at, how
    window_end = rules.window_end(sitting.closes_on)
    sitting.taken_on = sitting.closes_on if at >= window_end else at.date()
    view = grade_sitting(session, sitting)
    for item, graded in zip(view.items, view.outcome.questions, strict=True):
        if item.answer is not None and rules.auto_graded(
            item.question.kind, item.question.exam_kind
        ):
            item.answer.points = graded.points
    _record_outcome(sitting, view.outcome)
    session.flush()


def _record_outcome(sitting: Sitting, outcome: rules.Outcome) -> None:
    sitting.earned, sitting.score, sitting.passed = outcome.earned, outcome.score, outcome.passed
    sitting.final = outcome.final
    sitting.status = GRADED if outcome.final else MARKING


# ---------------------------------------------------------------- grading and the explanation


@dataclass(frozen=True)
class SittingItem:
    """One question of a sitting with its answer (if any)."""

    position: int
    points: Decimal
    question: Question
    answer: Answer | None


@dataclass(frozen=True)
class SittingView:
    """A sitting graded from what is stored: every question, the outcome and why."""

    sitting: Sitting
    paper: Paper
    items: tuple[SittingItem, ...]
    outcome: rules.Outcome

    @property
    def steps(self) -> list[Step]:
        return [g.step for g in self.outcome.questions] + list(self.outcome.steps)


def _display(sitting: Sitting) -> Display:
    return Display(
        score_decimals=sitting.rules["score_decimals"], rounding=sitting.rules["rounding"]
    )


def keyed(item: PaperItem | SittingItem) -> rules.KeyedQuestion:
    q = item.question
    return rules.KeyedQuestion(
        position=item.position,
        question_id=q.id,
        kind=q.kind,
        exam_kind=q.exam_kind,
        points=item.points,
        options=tuple(q.options),
        key=tuple(q.key),
        reference=q.reference,
    )


def grade_sitting(session: Session, sitting: Sitting) -> SittingView:
    """Grade a sitting from its saved answers and marks (R-EXM-1): pure rules, stored inputs."""
    paper = get_paper(session, sitting.paper_id)
    answers = {
        a.question_id: a
        for a in session.scalars(select(Answer).where(Answer.sitting_id == sitting.id))
    }
    items = tuple(
        SittingItem(i.position, i.points, i.question, answers.get(i.question.id))
        for i in paper_items(session, paper.id)
    )
    mode = sitting.rules["multiple_choice"]
    graded = []
    for item in items:
        a = item.answer
        marked = None
        if a is not None and a.marked_by is not None and a.points is not None:
            marked = (a.points, a.comment or "", a.marked_by)
        graded.append(rules.grade(keyed(item), None if a is None else a.response, mode, marked))
    outcome = rules.outcome(
        graded,
        paper.total_points,
        paper.pass_mark,
        _display(sitting),
        timed_out=sitting.ended_how == TIMED_OUT,
    )
    return SittingView(sitting, paper, items, outcome)


# ---------------------------------------------------------------- marking


@dataclass(frozen=True)
class QueueEntry:
    """A sitting with answers waiting for a marker."""

    sitting: Sitting
    paper: Paper
    waiting: int


def marking_queue(session: Session, viewer: Viewer) -> list[QueueEntry]:
    """Sittings waiting for marking, oldest first; never the marker's own (R-EXM-1)."""
    if not viewer.can("exams.mark"):
        raise Forbidden("阅卷由品管培训岗、人事或客服经理负责 (QA, HR or a manager marks)")
    rows = session.execute(
        select(Sitting, Paper)
        .join(Paper, Paper.id == Sitting.paper_id)
        .where(Sitting.status == MARKING)
        .order_by(Sitting.ended_at, Sitting.id)
    ).all()
    out = []
    for sitting, paper in rows:
        if viewer.employee_no is not None and viewer.employee_no == sitting.employee_no:
            continue
        out.append(QueueEntry(sitting, paper, grade_sitting(session, sitting).outcome.waiting))
    return out


def mark(
    session: Session,
    viewer: Viewer,
    sitting_id: int,
    question_id: int,
    points: Decimal,
    comment: str,
    now: datetime,
) -> Sitting:
    """A marker gives points within the question's points, with a comment (R-EXM-1)."""
    if not viewer.can("exams.mark"):
        raise Forbidden("阅卷由品管培训岗、人事或客服经理负责 (QA, HR or a manager marks)")
    sitting = get_sitting(session, sitting_id)
    if viewer.employee_no is not None and viewer.employee_no == sitting.employee_no:
        raise Forbidden("不能给自己的考试阅卷 (nobody marks their own sitting)")
    if sitting.status == GRADED:
        raise Conflict("这场考试的成绩已评定，不能再改分 (the sitting is already graded)")
    if sitting.status != MARKING:
        raise KefuError("考生交卷后才能阅卷 (marking starts once the sitting is handed in)")
    items = {i.question.id: i for i in paper_items(session, sitting.paper_id)}
    item = items.get(question_id)
    if item is None:
        raise NotFound(f"试题 #{question_id} 不在这份试卷上 (not on this paper)")
    q = item.question
    if rules.auto_graded(q.kind, q.exam_kind):
        raise KefuError(f"第 {item.position} 题是客观题，由系统自动评分 (graded automatically)")
    comment = comment.strip()
    if not comment:
        raise KefuError("请写明评分理由 (a mark needs its comment)")
    if len(comment) > COMMENT_MAX:
        raise KefuError(f"评语最多 {COMMENT_MAX} 个字 (at most {COMMENT_MAX} characters)")
    given = rules.check_marks(points, item.points)
    # markers take turns on one sitting: each outcome counts every mark given before it, and a
    # mark after the sitting was graded (by a marker at the same moment) is refused
    claim(
        session,
        sitting,
        {"status": MARKING},
        {"status": MARKING},
        lambda _: Conflict("这场考试的成绩已评定，不能再改分 (the sitting is already graded)"),
    )
    answer = session.scalars(
        select(Answer).where(Answer.sitting_id == sitting.id, Answer.question_id == question_id)
    ).first()
    if answer is None:
        answer = Answer(sitting_id=sitting.id, question_id=question_id, response=[], saved_at=now)
        session.add(answer)
    answer.points, answer.comment = given, comment
    answer.marked_by, answer.marked_at = viewer.username, now
    session.flush()
    _record_outcome(sitting, grade_sitting(session, sitting).outcome)
    session.flush()
    _audit(
        session,
        viewer.username,
        "exam.mark",
        f"sitting:{sitting.id}",
        {"question": question_id, "points": num(given)},
    )
    return sitting


# ---------------------------------------------------------------- results feeding on


def monthly_exam_lows(
    session: Session, month: Month, employee_nos: Sequence[str] | None = None
) -> dict[str, rules.ExamScore]:
    """工号 → the lowest final score of the month's monthly exams (for 最低考试成绩).

    The sittings of ``results`` (ended, final, of an assessment purpose, taken in the month),
    read as plain columns: the month's close asks this for everyone at once.
    """
    stmt = select(Sitting.employee_no, Sitting.id, Sitting.taken_on, Sitting.score).where(
        Sitting.status.in_(ENDED),
        Sitting.purpose.in_(ASSESSMENT_PURPOSES),
        Sitting.taken_on >= month.first_day,
        Sitting.taken_on <= month.last_day,
        Sitting.final.is_(True),
    )
    if employee_nos is not None:
        stmt = stmt.where(Sitting.employee_no.in_(list(employee_nos)))
    found: dict[str, list[rules.ExamScore]] = {}
    for no, sitting_id, taken_on, score in fetch_rows(session, stmt):
        assert score is not None
        found.setdefault(no, []).append(rules.ExamScore(sitting_id, taken_on, score))
    out = {}
    for no, scores in found.items():
        low = rules.lowest_of_month(scores)
        assert low is not None
        out[no] = low
    return out


def latest_skills_exams(
    session: Session, as_of: date, employee_nos: Sequence[str] | None = None
) -> dict[str, rules.ExamScore]:
    """工号 → the newest final monthly exam up to ``as_of`` (the ladder's skills exam)."""
    found: dict[str, list[rules.ExamScore]] = {}
    for r in results(session, employee_nos=employee_nos, purposes=ASSESSMENT_PURPOSES, until=as_of):
        assert r.score is not None
        found.setdefault(r.employee_no, []).append(
            rules.ExamScore(r.sitting_id, r.taken_on, r.score)
        )
    out = {}
    for no, scores in found.items():
        last = rules.newest(scores)
        assert last is not None
        out[no] = last
    return out
