"""The JSON API of the question bank and exams (/api/v1/exams, R-EXM-1).

The same builders and services as the pages (kefu.web.pages_exams), the same permissions:
everyone with a staff number sits and reads their own sittings; QA, HR and managers keep the
bank, draw, assign, mark and read every result. Answers after the deadline are refused (409).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path as FilePath
from tempfile import TemporaryDirectory
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Path, Query, UploadFile
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.exams import service as exams
from kefu.exams.rules import QuestionIn
from kefu.web import pages_exams as views
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import ApiLang, SessionDep, StaffNo
from kefu.web.security import require
from kefu.web.uploads import clean_name

api = APIRouter(prefix="/api/v1", tags=["kefu"])

Sitter = Annotated[Viewer, Depends(require("exams.sit"))]
Manager = Annotated[Viewer, Depends(require("exams.manage"))]
Marker = Annotated[Viewer, Depends(require("exams.mark"))]
SittingPath = Annotated[int, Path(ge=1, le=INT_MAX, description="考试编号")]
PaperPath = Annotated[int, Path(ge=1, le=INT_MAX, description="试卷编号")]
QuestionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="试题编号")]
Points = Annotated[Decimal, Field(ge=0, le=1000, max_digits=12, decimal_places=4)]
Kind = Literal["single", "multiple", "fill", "short", "essay"]
ExamKind = Literal["written", "oral", "practical"]
Purpose = Literal[
    "monthly",
    "training_theory",
    "training_practical",
    "conversion",
    "re_exam",
    "re_entry",
    "practice",
]
Response = Annotated[list[Annotated[Text, Field(max_length=4000)]], Field(max_length=20)]
Answers = Annotated[dict[Annotated[int, Field(ge=1, le=INT_MAX)], Response], Field(max_length=500)]


class QuestionBody(Strict):
    """A question: options and key for choice questions, accepted answers for fill-ins."""

    topic: Text = Field(min_length=1, max_length=64)
    kind: Kind
    exam_kind: ExamKind = "written"
    difficulty: int = Field(ge=1, le=5)
    points: Points
    stem: Text = Field(min_length=1, max_length=4000)
    options: list[Annotated[Text, Field(max_length=500)]] = Field(
        default_factory=list, max_length=8
    )
    key: list[Annotated[Text, Field(max_length=200)]] = Field(
        default_factory=list, max_length=20, description="option letters, or accepted answers"
    )
    reference: Text | None = Field(None, max_length=4000)

    def question(self) -> QuestionIn:
        return QuestionIn(
            topic=self.topic,
            kind=self.kind,
            exam_kind=self.exam_kind,
            difficulty=self.difficulty,
            stem=self.stem,
            options=tuple(self.options),
            key=tuple(self.key),
            reference=self.reference,
            points=self.points,
        )


class DrawIn(Strict):
    """Draw a paper: counts by topic, an optional difficulty mix, papers to exclude."""

    title: Text = Field(min_length=1, max_length=200)
    exam_kind: ExamKind = "written"
    purpose: Purpose = "monthly"
    topics: dict[
        Annotated[Text, Field(min_length=1, max_length=64)], Annotated[int, Field(ge=0, le=500)]
    ] = Field(min_length=1, max_length=50)
    difficulty: (
        dict[Annotated[int, Field(ge=1, le=5)], Annotated[int, Field(ge=0, le=500)]] | None
    ) = None
    exclude_papers: list[Annotated[int, Field(ge=1, le=INT_MAX)]] = Field(
        default_factory=list, max_length=50
    )
    time_limit_minutes: int | None = Field(None, ge=1, le=exams.TIME_LIMIT_MAX)
    pass_mark: Decimal | None = Field(None, ge=0, le=100, max_digits=9, decimal_places=4)
    seed: int | None = Field(None, ge=0, le=exams.SEED_MAX)


class AssignIn(Strict):
    """Assign a paper to people (工号), to sit within a window."""

    employee_nos: list[Annotated[StaffNo, Field(min_length=1, max_length=32)]] = Field(
        min_length=1, max_length=exams.ASSIGN_MAX
    )
    opens_on: date
    closes_on: date
    purpose: Purpose | None = None
    context: dict[Annotated[str, Field(max_length=64)], Text | int | None] = Field(
        default_factory=dict, max_length=20
    )


class AnswersIn(Strict):
    """Answers by question id: option letters, or one text."""

    answers: Answers = Field(default_factory=dict)


class MarkIn(Strict):
    """A marker's points for one question (within its points) and the comment why."""

    question_id: int = Field(ge=1, le=INT_MAX)
    points: Points
    comment: Text = Field(min_length=1, max_length=2000)


# ---------------------------------------------------------------- sittings


@api.get("/exams/sittings", name="api_exam_sittings")
def api_exam_sittings(
    session: SessionDep, viewer: Sitter, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """我的考试: the caller's own sittings, newest first."""
    return views.my_sittings(session, viewer, lang, views.now())


@api.get("/exams/sittings/{sitting_id}", name="api_exam_sitting")
def api_exam_sitting(
    session: SessionDep, viewer: Sitter, sitting_id: SittingPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One sitting as its viewer may see it: questions while sitting, the result and why."""
    sitting = exams.sitting_in_view(session, viewer, sitting_id)
    return views.sitting_view(session, viewer, sitting, lang, views.now())


@api.post("/exams/sittings/{sitting_id}/start", name="api_exam_start")
def api_exam_start(
    session: SessionDep, viewer: Sitter, sitting_id: SittingPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Start one's own sitting: the time limit runs from now."""
    exams.sitting_in_view(session, viewer, sitting_id)
    at = views.now()
    sitting = exams.start(session, viewer, sitting_id, at)
    return views.sitting_view(session, viewer, sitting, lang, at)


@api.put("/exams/sittings/{sitting_id}/answers", name="api_exam_answers")
def api_exam_answers(
    session: SessionDep, viewer: Sitter, sitting_id: SittingPath, body: AnswersIn
) -> dict[str, Any]:
    """Save answers as they are given; 409 after the deadline (nothing is saved then)."""
    exams.sitting_in_view(session, viewer, sitting_id)
    at = views.now()
    saved = exams.save_answers(session, viewer, sitting_id, body.answers, at)
    return {"saved": saved, "saved_at": at.isoformat(sep=" ", timespec="seconds")}


@api.post("/exams/sittings/{sitting_id}/hand-in", name="api_exam_hand_in")
def api_exam_hand_in(
    session: SessionDep,
    viewer: Sitter,
    sitting_id: SittingPath,
    body: AnswersIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """交卷: the last answers are saved, objective questions graded, the result returned."""
    exams.sitting_in_view(session, viewer, sitting_id)
    at = views.now()
    sitting = exams.hand_in(session, viewer, sitting_id, at, body.answers)
    return views.sitting_view(session, viewer, sitting, lang, at)


@api.post("/exams/sittings/{sitting_id}/marks", name="api_exam_mark")
def api_exam_mark(
    session: SessionDep,
    viewer: Marker,
    sitting_id: SittingPath,
    body: MarkIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """A marker's points and comment for one subjective answer; never one's own sitting."""
    exams.sitting_in_view(session, viewer, sitting_id)
    at = views.now()
    sitting = exams.mark(
        session, viewer, sitting_id, body.question_id, body.points, body.comment, at
    )
    return views.sitting_view(session, viewer, sitting, lang, at)


@api.get("/exams/marking", name="api_exam_marking")
def api_exam_marking(
    session: SessionDep, viewer: Marker, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """Sittings with answers waiting for a marker, oldest first."""
    exams.close_expired(session, views.now())
    return views.queue_rows(session, viewer, lang)


# ---------------------------------------------------------------- the bank


@api.get("/exams/questions", name="api_exam_questions")
def api_exam_questions(
    session: SessionDep,
    viewer: Manager,
    topic: Annotated[str, Query(max_length=64)] = "",
    kind: Kind | None = None,
    exam_kind: ExamKind | None = None,
    difficulty: Annotated[int | None, Query(ge=1, le=5)] = None,
    include_retired: bool = False,
    lang: ApiLang = "zh",
) -> list[dict[str, Any]]:
    """The bank's questions (in use, or every version), by topic, kind and difficulty."""
    found = exams.questions(
        session,
        topic=topic or None,
        kind=kind,
        exam_kind=exam_kind,
        difficulty=difficulty,
        include_retired=include_retired,
    )
    return [views.question_row(q, lang) for q in found]


@api.post("/exams/questions", name="api_exam_question_add", status_code=201)
def api_exam_question_add(
    session: SessionDep, viewer: Manager, body: QuestionBody, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Add a question to the bank."""
    added = exams.add_question(session, viewer, body.question(), views.today(), source="API")
    return views.question_view(session, added, lang)


@api.get("/exams/questions/{question_id}", name="api_exam_question")
def api_exam_question(
    session: SessionDep, viewer: Manager, question_id: QuestionPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One question with its versions and the papers each is on."""
    return views.question_view(session, exams.get_question(session, question_id), lang)


@api.put("/exams/questions/{question_id}", name="api_exam_question_revise")
def api_exam_question_revise(
    session: SessionDep,
    viewer: Manager,
    question_id: QuestionPath,
    body: QuestionBody,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Edit a question: a new version is made, the old one retired; papers keep theirs."""
    new = exams.revise_question(session, viewer, question_id, body.question(), views.today())
    return views.question_view(session, new, lang)


@api.post("/exams/questions/{question_id}/retire", name="api_exam_question_retire")
def api_exam_question_retire(
    session: SessionDep, viewer: Manager, question_id: QuestionPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Take a question out of the bank; papers keep it."""
    old = exams.retire_question(session, viewer, question_id, views.today())
    return views.question_view(session, old, lang)


@api.post("/exams/questions/import", name="api_exam_import", status_code=201)
def api_exam_import(
    session: SessionDep,
    viewer: Manager,
    file: Annotated[UploadFile, File(description="题库 .xlsx")],
) -> dict[str, Any]:
    """Import a 题库 sheet: all or nothing; 422 lists each bad row (sheet, row, column, value)."""
    name = clean_name(file.filename) or "题库.xlsx"
    suffix = FilePath(name).suffix.lower()[:8] or ".xlsx"
    with TemporaryDirectory(prefix="kefu-exam-bank-") as folder:
        path = FilePath(folder) / f"upload{suffix}"
        path.write_bytes(file.file.read())
        done = exams.import_bank(session, viewer, path, views.today(), name)
    return {"source": done.source, "added": done.added, "topics": done.topics}


# ---------------------------------------------------------------- papers and results


@api.get("/exams/papers", name="api_exam_papers")
def api_exam_papers(
    session: SessionDep, viewer: Manager, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """Every paper, newest first."""
    return [views.paper_row(p, lang) for p in exams.papers(session)]


@api.post("/exams/papers", name="api_exam_draw", status_code=201)
def api_exam_draw(
    session: SessionDep, viewer: Manager, body: DrawIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Draw a paper from the bank; 409 naming each topic or difficulty that falls short."""
    paper = exams.draw_paper(
        session,
        viewer,
        title=body.title,
        exam_kind=body.exam_kind,
        purpose=body.purpose,
        topics=dict(body.topics),
        difficulty=dict(body.difficulty) if body.difficulty else None,
        exclude_papers=body.exclude_papers,
        time_limit_minutes=body.time_limit_minutes,
        pass_mark=body.pass_mark,
        seed=body.seed,
        today=views.today(),
    )
    return views.paper_view(session, paper, lang)


@api.get("/exams/papers/{paper_id}", name="api_exam_paper")
def api_exam_paper(
    session: SessionDep, viewer: Manager, paper_id: PaperPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One paper: how it was drawn, its questions and keys, its sittings."""
    exams.close_expired(session, views.now())
    return views.paper_view(session, exams.get_paper(session, paper_id), lang)


@api.post("/exams/papers/{paper_id}/sittings", name="api_exam_assign", status_code=201)
def api_exam_assign(
    session: SessionDep,
    viewer: Manager,
    paper_id: PaperPath,
    body: AssignIn,
    lang: ApiLang = "zh",
) -> list[dict[str, Any]]:
    """Assign a paper to people within a window (one sitting per person and paper)."""
    paper = exams.get_paper(session, paper_id)
    sittings = exams.assign(
        session,
        viewer,
        paper_id,
        body.employee_nos,
        opens_on=body.opens_on,
        closes_on=body.closes_on,
        purpose=body.purpose or paper.purpose,
        context=dict(body.context),
        today=views.today(),
    )
    return [views.sitting_row(s, paper, lang) for s in sittings]


@api.get("/exams/results", name="api_exam_results")
def api_exam_results(
    session: SessionDep,
    viewer: Manager,
    paper_id: Annotated[int | None, Query(ge=1, le=INT_MAX)] = None,
    purpose: Purpose | None = None,
    final_only: bool = False,
    lang: ApiLang = "zh",
) -> list[dict[str, Any]]:
    """Every ended sitting (newest first), by paper or purpose: score, pass mark, passed."""
    return views.results_rows(
        session, lang, paper_id=paper_id, purpose=purpose, final_only=final_only, at=views.now()
    )
