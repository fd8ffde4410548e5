"""The JSON API (/api/v1): the same services as the pages, the same permissions and scopes.

Programs authenticate with ``Authorization: Bearer <token>`` (``kefu user token``); the pages'
own scripts may use the session cookie with the X-CSRF-Token header on unsafe requests.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from kefu.accounts import service as accounts
from kefu.accounts.rules import PERMISSIONS, ROLE_NAMES, Viewer
from kefu.audit import service as audit
from kefu.closing import repository as repo
from kefu.closing import results
from kefu.closing.service import CloseReport, close_month, close_quarter, policy_of_close
from kefu.errors import ImportRejected, NotFound
from kefu.people import service as people
from kefu.periods import Month, Quarter
from kefu.policy import service as policies
from kefu.web import imports_web, uploads
from kefu.web.deps import ApiLang, OptionalStaffNo, SessionDep, StaffNoPath
from kefu.web.pages_people import person_history, roster_rows
from kefu.web.pages_results import matching, person_of_month, visible
from kefu.web.security import CurrentViewer, must_see, require
from kefu.whatif.rules import apply_edits
from kefu.whatif.service import closed_month, what_if

api = APIRouter(prefix="/api/v1", tags=["kefu"])

Results = Annotated[Viewer, Depends(require("results.view"))]
Roster = Annotated[Viewer, Depends(require("roster.view"))]
Closer = Annotated[Viewer, Depends(require("close"))]
Adopter = Annotated[Viewer, Depends(require("policy.adopt"))]
PolicyReader = Annotated[Viewer, Depends(require("policy.view"))]
Auditor = Annotated[Viewer, Depends(require("audit.view"))]
Admin = Annotated[Viewer, Depends(require("users.manage"))]
Importer = Annotated[Viewer, Depends(imports_web.importer)]
Planner = Annotated[Viewer, Depends(require("whatif"))]
MonthText = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")]
# Path parameters: bounded, so a giant value is a 422 before any query runs.
MonthPath = Annotated[str, Path(max_length=16, description="YYYY-MM, e.g. 2026-10")]
QuarterPath = Annotated[str, Path(max_length=16, description="YYYYQn, e.g. 2026Q3")]
EmployeePath = StaffNoPath
# The largest revision or offset a database integer column holds (PostgreSQL INTEGER).
INT_MAX = 2**31 - 1
ApiRevision = Annotated[
    int | None, Query(ge=1, le=INT_MAX, description="a revision; default: the newest")
]


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("不能含有控制字符 NUL (\\x00)")
    return text


# Text that reaches the database: PostgreSQL cannot store NUL, so it is refused with a 422.
# (Pydantic itself refuses a lone surrogate such as "\ud800" in the JSON: string_unicode.)
Text = Annotated[str, AfterValidator(_no_nul)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PolicyIn(Strict):
    """A policy file's text to put in force from a month."""

    text: Text = Field(min_length=1, max_length=1_000_000)
    from_month: MonthText | None = None
    source: Text = Field("api", max_length=128)


class UserIn(Strict):
    """A new account: its role, and the 工号 of its staff member (agents, leaders and QA)."""

    username: Text = Field(min_length=1, max_length=64)
    password: Text = Field(min_length=1, max_length=256)
    role: Literal["agent", "team_leader", "qa", "hr", "manager", "admin"]
    display_name: Text = Field("", max_length=64)
    employee_no: OptionalStaffNo | None = Field(None, max_length=32)


class WhatIfIn(Strict):
    """A draft of a closed month's policy: the numbers to change, by dotted path."""

    month: MonthText
    edits: dict[Annotated[str, Field(max_length=200)], Text] = Field(
        default_factory=dict,
        max_length=200,
        description='path → new value, e.g. {"monthly_bonus.bands.0.amount": "600"}',
    )
    revision: int | None = Field(None, ge=1, le=INT_MAX)


def _report(report: CloseReport) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "period": report.period,
        "revision": report.revision,
        "created": report.created,
        "people": report.people,
        "policy": report.policy_label,
        "totals": report.totals,
        "input_changes": report.input_changes,
        "result_changes": report.result_changes,
    }


@api.get("/health", name="api_health")
def health() -> dict[str, str]:
    """Liveness: the app answers (no sign-in needed)."""
    return {"status": "ok"}


@api.get("/me", name="api_me")
def me(viewer: CurrentViewer) -> dict[str, Any]:
    """The account making the request: role, linked 工号, scope and permissions."""
    return {
        "username": viewer.username,
        "display_name": viewer.display_name,
        "role": viewer.role,
        "role_name": ROLE_NAMES[viewer.role]["zh"],
        "employee_no": viewer.employee_no,
        "department": viewer.department,
        "team": viewer.team,
        "scope": viewer.scope,
        "permissions": sorted(a for a in PERMISSIONS if viewer.can(a)),
    }


@api.get("/people", name="api_people")
def api_people(
    session: SessionDep,
    viewer: Roster,
    q: Annotated[str, Query(max_length=64)] = "",
    department: Annotated[str, Query(max_length=64)] = "",
    status: Annotated[str, Query(max_length=16)] = "",
) -> list[dict[str, Any]]:
    """The roster's current records the viewer may see."""
    return [
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
        for row in roster_rows(session, viewer, q, department, status)
    ]


@api.get("/people/{employee_no}", name="api_person")
def api_person(session: SessionDep, viewer: Results, employee_no: EmployeePath) -> dict[str, Any]:
    """One person's register history and figures of every closed month."""
    records = people.records_of(session, employee_no)
    if not records:
        raise NotFound(f"没有工号 {employee_no} 的员工")
    must_see(viewer, employee_no, records[-1].department, records[-1].team)
    return {
        "employee_no": employee_no,
        "records": [
            {
                "effective_on": r.effective_on.isoformat(),
                "name": r.name,
                "department": r.department,
                "team": r.team,
                "role": r.role,
                "level": r.level,
                "status": r.status,
                "hired_on": r.hired_on.isoformat(),
                "converted_on": r.converted_on.isoformat() if r.converted_on else None,
                "left_on": r.left_on.isoformat() if r.left_on else None,
                "leave_reason": r.leave_reason,
            }
            for r in records
        ],
        "months": person_history(session, employee_no),
    }


@api.post("/imports", name="api_import")
def api_import(
    request: Request,
    viewer: Importer,
    file: Annotated[UploadFile, File(description=".xlsx workbook or .csv (with kind)")],
    kind: Annotated[
        Literal[
            "roster", "monthly-scores", "attendance", "award-evidence", "performance-indicators"
        ]
        | None,
        Form(),
    ] = None,
    correct: Annotated[bool, Form()] = False,
    dry_run: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Import a workbook: all rows or none; 422 lists every problem (sheet, row, column …)."""
    token, path = uploads.save(file)
    try:
        source = file.filename or path.name
        engine = request.app.state.engine
        if dry_run:
            found = imports_web.preview(engine, viewer, path, source, kind, correct)
            if found.problems:
                raise ImportRejected(found.problems, found.problem_count - len(found.problems))
            assert found.report is not None
            report = found.report
        else:
            report = imports_web.apply(engine, viewer, path, source, kind, correct)
    finally:
        uploads.discard(token)
    return {
        "rows": report.rows,
        "counts": report.counts,
        "corrections": report.corrections,
        "written": not dry_run,
    }


@api.get("/closes", name="api_closes")
def api_closes(
    session: SessionDep,
    viewer: Results,
    kind: Literal["monthly", "quarterly"] | None = None,
) -> list[dict[str, Any]]:
    """Every close (newest first): period, revision, who, when, policy; totals for the center."""
    return [
        {
            "kind": c.kind,
            "period": c.period,
            "revision": c.revision,
            "closed_at": c.closed_at.isoformat(timespec="seconds") if c.closed_at else None,
            "closed_by": c.closed_by,
            "people": c.summary.get("people"),
            "totals": c.summary.get("totals") if viewer.scope == "center" else None,
        }
        for c in repo.closes(session, kind)
    ]


@api.post("/closes/monthly/{month}", name="api_close_month")
def api_close_month(session: SessionDep, viewer: Closer, month: MonthPath) -> dict[str, Any]:
    """Close a month (a new revision only when inputs or policy changed)."""
    return _report(close_month(session, Month.parse(month), viewer.username))


@api.post("/closes/quarterly/{quarter}", name="api_close_quarter")
def api_close_quarter(session: SessionDep, viewer: Closer, quarter: QuarterPath) -> dict[str, Any]:
    """Close a quarter's stars (R-STAR-1)."""
    return _report(close_quarter(session, Quarter.parse(quarter), viewer.username))


@api.get("/months/{month}/results", name="api_month_results")
def api_month_results(
    session: SessionDep,
    viewer: Results,
    month: MonthPath,
    lang: ApiLang = "zh",
    revision: ApiRevision = None,
    department: Annotated[str, Query(max_length=64)] = "",
    team: Annotated[str, Query(max_length=64)] = "",
    group: Literal["", "csr", "leader_qa"] = "",
    q: Annotated[str, Query(max_length=64)] = "",
) -> JSONResponse:
    """The month's rows the viewer may see, as `kefu results monthly -f json` prints them."""
    period = results.monthly(session, Month.parse(month), lang, revision)
    return JSONResponse(matching(visible(viewer, period.rows), department, group, q, team))


@api.get("/months/{month}/people/{employee_no}/explain", name="api_person_explain")
def api_person_explain(
    session: SessionDep,
    viewer: Results,
    month: MonthPath,
    employee_no: EmployeePath,
    lang: ApiLang = "zh",
    revision: ApiRevision = None,
) -> dict[str, list[str]]:
    """The explanation lines of one person's month (R-EXP-1)."""
    m = Month.parse(month)
    person_of_month(session, viewer, m, employee_no, revision)
    return {"lines": results.explain(session, m, employee_no, lang, revision)}


@api.get("/quarters/{quarter}/results", name="api_quarter_results")
def api_quarter_results(
    session: SessionDep,
    viewer: Results,
    quarter: QuarterPath,
    lang: ApiLang = "zh",
    revision: ApiRevision = None,
) -> JSONResponse:
    """The quarter's rows the viewer may see, as `kefu results quarterly -f json` prints them."""
    period = results.quarterly(session, Quarter.parse(quarter), lang, revision)
    return JSONResponse(visible(viewer, period.rows))


@api.get("/policies", name="api_policies")
def api_policies(session: SessionDep, viewer: PolicyReader) -> list[dict[str, Any]]:
    """Every adoption: from which month, which version, who adopted it and when."""
    return [
        {
            "from_month": a.from_month,
            "name": v.name,
            "version": v.version,
            "sha256": v.sha256,
            "assigned_by": a.assigned_by,
            "assigned_at": a.assigned_at.isoformat(timespec="seconds") if a.assigned_at else None,
        }
        for a, v in policies.assignments(session)
    ]


@api.get("/policies/in-force", name="api_policy_in_force")
def api_policy_in_force(
    session: SessionDep,
    viewer: PolicyReader,
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$")],
) -> dict[str, Any]:
    """The policy in force in a month: its label, start month and exact text."""
    found = policies.policy_for(session, Month.parse(month))
    return {
        "label": found.policy.label,
        "from_month": found.from_month,
        "sha256": found.policy.sha256,
        "text": found.policy.text,
    }


@api.post("/policies", name="api_policy_adopt", status_code=201)
def api_policy_adopt(session: SessionDep, viewer: Adopter, body: PolicyIn) -> dict[str, Any]:
    """Put a policy text in force from a month (validated strictly; audited)."""
    start = Month.parse(body.from_month) if body.from_month else None
    found = policies.use_policy_text(session, body.text, body.source, start, viewer.username)
    return {
        "label": found.policy.label,
        "from_month": found.from_month,
        "sha256": found.policy.sha256,
    }


@api.post("/whatif", name="api_whatif")
def api_whatif(session: SessionDep, viewer: Planner, body: WhatIfIn) -> dict[str, Any]:
    """假设测算: a closed month under its own policy and under the edited draft; writes nothing."""
    month = Month.parse(body.month)
    close = closed_month(session, month, body.revision)
    draft = policy_of_close(session, close).policy.text
    if body.edits:
        draft = apply_edits(draft, body.edits)
    result = what_if(session, month, draft, body.revision, source="api")
    session.rollback()  # a what-if never writes
    return result.as_dict()


@api.get("/audit", name="api_audit")
def api_audit(
    session: SessionDep,
    viewer: Auditor,
    action: Annotated[str, Query(max_length=32)] = "",
    actor: Annotated[str, Query(max_length=64)] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=INT_MAX)] = 0,
) -> dict[str, Any]:
    """The audit log, newest first."""
    events, total = audit.events(session, action, actor, limit, offset)
    return {
        "total": total,
        "events": [
            {
                "id": e.id,
                "at": e.at.isoformat(timespec="seconds") if e.at else None,
                "actor": e.actor,
                "action": e.action,
                "target": e.target,
                "detail": e.detail,
            }
            for e in events
        ],
    }


@api.get("/users", name="api_users")
def api_users(session: SessionDep, viewer: Admin) -> list[dict[str, Any]]:
    """Every account (never a password or its hash), and until when its sign-in is slowed."""
    waits = accounts.sign_in_waits(session)
    return [
        {
            "username": u.username,
            "display_name": u.display_name,
            "role": u.role,
            "employee_no": u.employee_no,
            "active": u.active,
            "sign_in_wait_until": (waits[u.username].isoformat() if u.username in waits else None),
        }
        for u in accounts.users(session)
    ]


@api.post("/users", name="api_user_add", status_code=201)
def api_user_add(session: SessionDep, viewer: Admin, body: UserIn) -> dict[str, Any]:
    """Add an account (audited)."""
    user = accounts.add_user(
        session,
        viewer.username,
        body.username,
        body.password,
        body.role,
        body.display_name,
        body.employee_no,
    )
    return {"username": user.username, "role": user.role, "employee_no": user.employee_no}
