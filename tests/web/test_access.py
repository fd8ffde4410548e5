"""R-PRV-1 on the server: every route called as every role, and no list or export leaks people.

The matrix names every route of the app; a new route without a row here fails the suite.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import openpyxl
import pytest
from fastapi.testclient import TestClient

from kefu.db import engine_for, unit_of_work
from kefu.people import service as people
from kefu.web.app import create_app
from tests.web import (
    MONTH,
    QUARTER,
    access_rows_autoqa,
    access_rows_conduct,
    access_rows_meetings,
    access_rows_qa,
    access_rows_qa_reports,
    csrf_of,
    make_demo_database,
    sign_in,
)
from tests.web.test_eagle_pages import make_passed_plan

ROLES = ("agent", "leader", "qa", "hr", "manager", "admin")
EVERYONE = frozenset(ROLES)
RESULTS = frozenset({"agent", "leader", "qa", "hr", "manager"})
CENTER = frozenset({"hr", "manager"})
MARKERS = CENTER | {"qa"}
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Team:
    """The demo's people as the matrix needs them."""

    agent: str
    leader: str
    qa: str
    teammate: str  # in the agent's (and the leader's) team
    outsider: str  # an agent of another department
    eagle_plan: int  # a final Eagle plan whose member, the agent, passed both exams


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_access"))


@pytest.fixture(scope="module")
def team(database_url: str) -> Team:
    with unit_of_work(engine_for(database_url)) as session:
        roster = dict(people.roster(session))
        from kefu.accounts.service import users

        linked = {u.username: u.employee_no for u in users(session)}
    agent, leader, qa = linked["agent"], linked["leader"], linked["qa"]
    assert agent and leader and qa
    home = roster[agent]
    teammate = next(
        no
        for no, r in roster.items()
        if no != agent
        and r.role == "csr"
        and (r.department, r.team) == (home.department, home.team)
        and r.status != "left"
    )
    outsider = next(
        no
        for no, r in roster.items()
        if r.role == "csr" and r.department != home.department and r.status == "regular"
    )
    return Team(agent, leader, qa, teammate, outsider, make_passed_plan(database_url))


@pytest.fixture(scope="module")
def clients(database_url: str) -> Iterator[dict[str, TestClient]]:
    app = create_app(database_url)
    out: dict[str, TestClient] = {}
    for role in ROLES:
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        out[role] = sign_in(client, role)
    yield out
    for client in out.values():
        client.__exit__(None, None, None)


# route name → (method, path, roles allowed). Allowed roles must not get 401/403/404; the
# others must get 403 (not permitted) or 404 (a person outside their scope: nothing leaks).
def matrix(t: Team) -> dict[str, tuple[str, str, frozenset[str]]]:
    e = t.eagle_plan
    return {
        "sign_in": ("GET", "/sign-in", EVERYONE),
        "sign_in_post": ("POST", "/sign-in", frozenset()),  # see the sign-in tests
        "sign_out": ("POST", "/sign-out", EVERYONE),
        "account_password": ("GET", "/account/password", EVERYONE),
        "account_password_post": ("POST", "/account/password", EVERYONE),
        "home": ("GET", "/", EVERYONE),
        "roles": ("GET", "/roles", EVERYONE),
        "closed_periods": ("GET", "/periods", RESULTS),
        "month": ("GET", f"/months/{MONTH}", RESULTS),
        "month_xlsx": ("GET", f"/months/{MONTH}/bonus-sheet.xlsx", RESULTS),
        "person_month": ("GET", f"/months/{MONTH}/people/{t.outsider}", CENTER),
        "quarter": ("GET", f"/quarters/{QUARTER}", RESULTS),
        "awards": ("GET", "/awards", RESULTS),
        "dashboard": ("GET", "/dashboard", CENTER | {"leader"}),
        "roster": ("GET", "/people", CENTER | {"leader"}),
        "person": ("GET", f"/people/{t.outsider}", CENTER),
        "monitoring": ("GET", "/monitoring", CENTER | {"leader", "qa"}),
        "imports": ("GET", "/imports", CENTER | {"qa"}),
        "import_preview": ("POST", "/imports/preview", CENTER | {"qa"}),
        "import_confirm": ("POST", "/imports/confirm", CENTER | {"qa"}),
        "close_page": ("GET", "/close", CENTER),
        "close_post": ("POST", f"/close/monthly/{MONTH}", CENTER),
        "policy_page": ("GET", "/policy", EVERYONE),
        "policy_adopt": ("POST", "/policy/adopt", frozenset({"manager", "admin"})),
        "audit_page": ("GET", "/audit", frozenset({"manager", "admin"})),
        "users_page": ("GET", "/users", frozenset({"admin"})),
        "user_add": ("POST", "/users", frozenset({"admin"})),
        "user_change": ("POST", "/users/hr", frozenset({"admin"})),
        "whatif_page": ("GET", "/whatif", CENTER),
        "whatif_run": ("POST", "/whatif", CENTER),
        "whatif_adopt": ("POST", "/whatif/adopt", frozenset({"manager"})),
        "api_health": ("GET", "/api/v1/health", EVERYONE),
        "api_me": ("GET", "/api/v1/me", EVERYONE),
        "api_people": ("GET", "/api/v1/people", CENTER | {"leader"}),
        "api_person": ("GET", f"/api/v1/people/{t.outsider}", CENTER),
        "api_import": ("POST", "/api/v1/imports", CENTER | {"qa"}),
        "api_closes": ("GET", "/api/v1/closes", RESULTS),
        "api_close_month": ("POST", f"/api/v1/closes/monthly/{MONTH}", CENTER),
        "api_close_quarter": ("POST", f"/api/v1/closes/quarterly/{QUARTER}", CENTER),
        "api_month_results": ("GET", f"/api/v1/months/{MONTH}/results", RESULTS),
        "api_person_explain": (
            "GET",
            f"/api/v1/months/{MONTH}/people/{t.outsider}/explain",
            CENTER,
        ),
        "api_quarter_results": ("GET", f"/api/v1/quarters/{QUARTER}/results", RESULTS),
        "api_policies": ("GET", "/api/v1/policies", EVERYONE),
        "api_policy_in_force": ("GET", f"/api/v1/policies/in-force?month={MONTH}", EVERYONE),
        "api_policy_adopt": ("POST", "/api/v1/policies", frozenset({"manager", "admin"})),
        "api_whatif": ("POST", "/api/v1/whatif", CENTER),
        "api_audit": ("GET", "/api/v1/audit", frozenset({"manager", "admin"})),
        "api_users": ("GET", "/api/v1/users", frozenset({"admin"})),
        "api_user_add": ("POST", "/api/v1/users", frozenset({"admin"})),
        # shifts, attendance, leave, hours, the calendar; pay is seen by oneself, HR, managers
        "shifts": ("GET", "/shifts", RESULTS),
        "shifts_save": ("POST", "/shifts", CENTER | {"leader"}),
        "attendance": ("GET", f"/attendance/{t.outsider}", CENTER),
        "hours": ("GET", f"/hours/{t.outsider}?through={MONTH}", CENTER),
        "leave": ("GET", "/leave", RESULTS),
        "leave_request": ("POST", "/leave", RESULTS),
        # the demo's first request is the agent's own: only the agent may withdraw it
        "leave_cancel": ("POST", "/leave/1/cancel", frozenset({"agent"})),
        "leave_decide": ("POST", "/leave/1/decision", CENTER | {"leader"}),
        "calendar": ("GET", f"/calendar?month={MONTH}", EVERYONE),
        "pay_page": ("GET", "/pay", CENTER),
        "pay_close": ("POST", "/pay/closes", CENTER),
        "pay_month": ("GET", f"/pay/{MONTH}", RESULTS),
        "pay_xlsx": ("GET", f"/pay/{MONTH}.xlsx", RESULTS),
        "pay_person": ("GET", f"/pay/{MONTH}/{t.outsider}", CENTER),
        "pay_history": ("GET", f"/people/{t.outsider}/pay", CENTER),
        "api_shifts": ("GET", f"/api/v1/shifts?month={MONTH}", RESULTS),
        "api_shifts_save": ("PUT", "/api/v1/shifts", CENTER | {"leader"}),
        "api_attendance": ("GET", f"/api/v1/attendance/{t.outsider}?month={MONTH}", CENTER),
        "api_leave": ("GET", "/api/v1/leave", RESULTS),
        "api_leave_request": ("POST", "/api/v1/leave", RESULTS),
        "api_leave_decide": ("POST", "/api/v1/leave/1/decision", CENTER | {"leader"}),
        "api_leave_cancel": ("POST", "/api/v1/leave/1/cancel", frozenset({"agent"})),
        "api_comp_time": ("GET", f"/api/v1/comp-time/{t.outsider}?through={MONTH}", CENTER),
        "api_pay_close": ("POST", "/api/v1/pay/closes", CENTER),
        "api_pay_month": ("GET", f"/api/v1/pay/{MONTH}", RESULTS),
        "api_pay_person": ("GET", f"/api/v1/pay/{MONTH}/{t.outsider}", CENTER),
        "api_calendar": ("GET", f"/api/v1/calendar/{MONTH}", EVERYONE),
        # careers: the ladder and one's own next level for staff; eligibility for leaders and
        # up; the demo holds no promotion case, so case 999999 is nobody's (403 or 404) — a
        # reviewer's empty form is refused (400/422) before the case is looked up
        "careers": ("GET", "/careers", RESULTS),
        "careers_me": ("GET", "/careers/me", RESULTS),
        "promotion_apply": ("POST", "/careers/apply", RESULTS),
        "careers_eligible": ("GET", "/careers/eligible", CENTER | {"leader"}),
        "promotion_cases": ("GET", "/promotions", RESULTS),
        "promotion_case": ("GET", "/promotions/999999", NOBODY),
        "promotion_decide": ("POST", "/promotions/999999/decision", CENTER | {"leader"}),
        "promotion_object": ("POST", "/promotions/999999/objections", NOBODY),
        "promotion_answer": ("POST", "/promotions/objections/999999/answer", CENTER | {"leader"}),
        "promotion_final": ("POST", "/promotions/999999/final", NOBODY),
        "promotion_withdraw": ("POST", "/promotions/999999/withdraw", NOBODY),
        "inbox": ("GET", "/inbox", RESULTS),
        "promotion_round_open": ("POST", "/promotions/rounds", CENTER),
        "api_promotion_rounds": ("GET", "/api/v1/promotions/rounds", RESULTS),
        "api_promotion_round_open": ("POST", "/api/v1/promotions/rounds", CENTER | {"leader"}),
        "api_careers_ladder": ("GET", "/api/v1/careers/ladder", RESULTS),
        "api_careers_standing": (
            "GET",
            f"/api/v1/careers/standing/{t.agent}",
            CENTER | {"agent", "leader"},
        ),
        "api_careers_eligible": ("GET", "/api/v1/careers/eligible", CENTER | {"leader"}),
        "api_promotions": ("GET", "/api/v1/promotions", RESULTS),
        "api_promotion_apply": ("POST", "/api/v1/promotions", RESULTS),
        "api_promotion": ("GET", "/api/v1/promotions/999999", NOBODY),
        "api_promotion_decide": ("POST", "/api/v1/promotions/999999/decision", CENTER | {"leader"}),
        "api_promotion_object": ("POST", "/api/v1/promotions/999999/objections", RESULTS),
        "api_promotion_answer": (
            "POST",
            "/api/v1/promotions/objections/999999/answer",
            CENTER | {"leader"},
        ),
        "api_promotion_final": ("POST", "/api/v1/promotions/999999/final", NOBODY),
        "api_inbox": ("GET", "/api/v1/inbox", RESULTS),
        # team-leader elections: staff sign up and object; HR and managers run them
        "elections": ("GET", "/elections", RESULTS),
        "election_open": ("POST", "/elections", CENTER),
        "election_case": ("GET", "/elections/999999", NOBODY),
        "election_add_candidate": ("POST", "/elections/999999/candidates", CENTER),
        "election_sign_up": ("POST", "/elections/999999/sign-up", RESULTS),
        "election_remove_candidate": (
            "POST",
            "/elections/999999/candidates/1005/withdraw",
            RESULTS,
        ),
        "election_scores": ("POST", "/elections/999999/candidates/1005/scores", CENTER),
        "election_tie_break": ("POST", "/elections/999999/tie-break", CENTER),
        "election_decide": ("POST", "/elections/999999/decision", CENTER),
        "election_object": ("POST", "/elections/999999/objections", NOBODY),
        "election_answer": ("POST", "/elections/objections/999999/answer", CENTER),
        "election_final": ("POST", "/elections/999999/final", NOBODY),
        "election_probation": ("POST", "/elections/999999/probation", CENTER),
        "api_elections": ("GET", "/api/v1/elections", RESULTS),
        "api_election_open": ("POST", "/api/v1/elections", CENTER),
        "api_election": ("GET", "/api/v1/elections/999999", NOBODY),
        "api_election_candidate": ("POST", "/api/v1/elections/999999/candidates", RESULTS),
        "api_election_withdraw": (
            "POST",
            "/api/v1/elections/999999/candidates/1005/withdraw",
            RESULTS,
        ),
        "api_election_scores": ("PUT", "/api/v1/elections/999999/candidates/1005/scores", CENTER),
        "api_election_tie_break": ("POST", "/api/v1/elections/999999/tie-break", CENTER),
        "api_election_decide": ("POST", "/api/v1/elections/999999/decision", CENTER),
        "api_election_object": ("POST", "/api/v1/elections/999999/objections", RESULTS),
        "api_election_answer": ("POST", "/api/v1/elections/objections/999999/answer", CENTER),
        "api_election_final": ("POST", "/api/v1/elections/999999/final", NOBODY),
        "api_election_probation": ("POST", "/api/v1/elections/999999/probation", CENTER),
        # the Eagle plan: a final plan of the demo whose member 1005 (the agent) passed
        "eagle_plans": ("GET", "/eagle", RESULTS),
        "eagle_announce": ("POST", "/eagle", CENTER),
        "eagle_case": ("GET", f"/eagle/{e}", RESULTS),
        "eagle_apply": ("POST", f"/eagle/{e}/apply", RESULTS),
        "eagle_figures": ("POST", f"/eagle/{e}/applications/1005", CENTER),
        "eagle_shortlist": ("POST", f"/eagle/{e}/shortlist", CENTER),
        "eagle_group": ("POST", f"/eagle/{e}/group", CENTER),
        "eagle_decide": ("POST", f"/eagle/{e}/decision", CENTER),
        "eagle_object": ("POST", f"/eagle/{e}/objections", RESULTS),
        "eagle_answer": ("POST", "/eagle/objections/1/answer", CENTER),
        "eagle_final": ("POST", f"/eagle/{e}/final", frozenset({"hr"})),
        "eagle_exams": ("POST", f"/eagle/{e}/exams/1005", CENTER),
        "eagle_certificate": ("GET", f"/eagle/{e}/certificate/1005", CENTER | {"agent"}),
        "eagle_transfer": ("POST", f"/eagle/{e}/transfers/1005", CENTER),
        "eagle_complain": ("POST", f"/eagle/{e}/complaints", RESULTS),
        "eagle_judge": ("POST", f"/eagle/{e}/complaints/1", CENTER),
        "eagle_leader": ("POST", f"/eagle/{e}/leader", CENTER),
        "api_eagle_plans": ("GET", "/api/v1/eagle", RESULTS),
        "api_eagle_announce": ("POST", "/api/v1/eagle", CENTER),
        "api_eagle_plan": ("GET", f"/api/v1/eagle/{e}", RESULTS),
        "api_eagle_apply": ("POST", f"/api/v1/eagle/{e}/applications", RESULTS),
        "api_eagle_figures": ("POST", f"/api/v1/eagle/{e}/applications/1005/figures", CENTER),
        "api_eagle_shortlist": ("POST", f"/api/v1/eagle/{e}/shortlist", CENTER),
        "api_eagle_group": ("POST", f"/api/v1/eagle/{e}/group", CENTER),
        "api_eagle_decide": ("POST", f"/api/v1/eagle/{e}/decision", CENTER),
        "api_eagle_object": ("POST", f"/api/v1/eagle/{e}/objections", RESULTS),
        "api_eagle_answer": ("POST", "/api/v1/eagle/objections/1/answer", CENTER),
        "api_eagle_final": ("POST", f"/api/v1/eagle/{e}/final", frozenset({"hr"})),
        "api_eagle_exams": ("POST", f"/api/v1/eagle/{e}/exams/1005", CENTER),
        "api_eagle_certificate": (
            "GET",
            f"/api/v1/eagle/{e}/certificate/1005",
            CENTER | {"agent"},
        ),
        "api_eagle_transfer": ("POST", f"/api/v1/eagle/{e}/transfers/1005", CENTER),
        "api_eagle_complain": ("POST", f"/api/v1/eagle/{e}/complaints", RESULTS),
        "api_eagle_judge": ("POST", f"/api/v1/eagle/{e}/complaints/1/judgement", CENTER),
        "api_eagle_leader": ("POST", f"/api/v1/eagle/{e}/leader", CENTER),
        # exams: everyone sits their own; QA, HR and managers keep the bank and mark
        "exams": ("GET", "/exams", RESULTS),
        "exam_sitting": ("GET", "/exams/sittings/999999", NOBODY),
        "exam_sitting_start": ("POST", "/exams/sittings/999999/start", NOBODY),
        "exam_sitting_save": ("POST", "/exams/sittings/999999/answers", NOBODY),
        "exam_sitting_hand_in": ("POST", "/exams/sittings/999999/hand-in", NOBODY),
        "exam_mark": ("POST", "/exams/sittings/999999/marks", MARKERS),
        "exam_marking": ("GET", "/exams/marking", MARKERS),
        "exam_bank": ("GET", "/exams/bank", MARKERS),
        "exam_bank_template": ("GET", "/exams/bank/template", MARKERS),
        "exam_bank_import": ("POST", "/exams/bank/import", MARKERS),
        "exam_question_add": ("POST", "/exams/bank", MARKERS),
        "exam_question": ("GET", "/exams/bank/1", MARKERS),
        "exam_question_revise": ("POST", "/exams/bank/1", MARKERS),
        "exam_question_retire": ("POST", "/exams/bank/999999/retire", NOBODY),
        "exam_papers": ("GET", "/exams/papers", MARKERS),
        "exam_paper_draw": ("POST", "/exams/papers", MARKERS),
        "exam_paper": ("GET", "/exams/papers/1", MARKERS),
        "exam_paper_assign": ("POST", "/exams/papers/1/assign", MARKERS),
        "exam_paper_results": ("GET", "/exams/papers/1/results", MARKERS),
        "api_exam_sittings": ("GET", "/api/v1/exams/sittings", RESULTS),
        "api_exam_sitting": ("GET", "/api/v1/exams/sittings/999999", NOBODY),
        "api_exam_start": ("POST", "/api/v1/exams/sittings/999999/start", NOBODY),
        "api_exam_answers": ("PUT", "/api/v1/exams/sittings/999999/answers", RESULTS),
        "api_exam_hand_in": ("POST", "/api/v1/exams/sittings/999999/hand-in", RESULTS),
        "api_exam_mark": ("POST", "/api/v1/exams/sittings/999999/marks", MARKERS),
        "api_exam_marking": ("GET", "/api/v1/exams/marking", MARKERS),
        "api_exam_questions": ("GET", "/api/v1/exams/questions", MARKERS),
        "api_exam_question_add": ("POST", "/api/v1/exams/questions", MARKERS),
        "api_exam_question": ("GET", "/api/v1/exams/questions/1", MARKERS),
        "api_exam_question_revise": ("PUT", "/api/v1/exams/questions/1", MARKERS),
        "api_exam_question_retire": (
            "POST",
            "/api/v1/exams/questions/999999/retire",
            NOBODY,
        ),
        "api_exam_import": ("POST", "/api/v1/exams/questions/import", MARKERS),
        "api_exam_papers": ("GET", "/api/v1/exams/papers", MARKERS),
        "api_exam_draw": ("POST", "/api/v1/exams/papers", MARKERS),
        "api_exam_paper": ("GET", "/api/v1/exams/papers/1", MARKERS),
        "api_exam_assign": ("POST", "/api/v1/exams/papers/1/sittings", MARKERS),
        "api_exam_results": ("GET", "/api/v1/exams/results", MARKERS),
        # new-hire training: the demo cohort is 1, its trainee 1 is 8801 (mentored by the demo
        # agent); trainers (QA, HR, managers) act, the manager decides after a failed re-exam
        "training": ("GET", "/training", RESULTS),
        "training_me": ("GET", "/training/me", RESULTS),
        "training_open_cohort": ("POST", "/training/cohorts", MARKERS),
        "training_cohort": ("GET", "/training/cohorts/1", MARKERS),
        "training_add_trainee": ("POST", "/training/cohorts/1/trainees", MARKERS),
        "training_edit_day": ("POST", "/training/cohorts/1/plan/2", MARKERS),
        "training_trainee": ("GET", "/training/trainees/1", MARKERS | {"agent"}),
        "training_mentor": ("POST", "/training/trainees/1/mentor", MARKERS),
        "training_score": ("POST", "/training/trainees/1/scores", MARKERS),
        "training_adopt": ("POST", "/training/trainees/1/exam-results", MARKERS),
        "training_warn": ("POST", "/training/trainees/1/warnings", MARKERS),
        "training_criterion": ("POST", "/training/trainees/1/criteria", MARKERS),
        "training_withdraw_criterion": ("POST", "/training/criteria/999999/withdraw", NOBODY),
        "training_convert": ("POST", "/training/trainees/1/conversion", MARKERS),
        "training_decide": ("POST", "/training/trainees/1/decision", frozenset({"manager"})),
        "training_open_case": ("POST", "/training/trainees/1/elimination", MARKERS),
        "training_case": ("GET", "/training/cases/999999", NOBODY),
        "training_talk": ("POST", "/training/cases/999999/talk", MARKERS),
        "training_object": ("POST", "/training/cases/999999/objections", NOBODY),
        "training_answer": ("POST", "/training/cases/objections/999999/answer", MARKERS),
        "training_final": ("POST", "/training/cases/999999/final", NOBODY),
        "training_checklist": ("POST", "/training/cases/999999/checklist", MARKERS),
        "training_exit": ("POST", "/training/cases/999999/exit", MARKERS),
        "api_training": ("GET", "/api/v1/training", RESULTS),
        "api_training_cohorts": ("GET", "/api/v1/training/cohorts", MARKERS),
        "api_training_open_cohort": ("POST", "/api/v1/training/cohorts", MARKERS),
        "api_training_cohort": ("GET", "/api/v1/training/cohorts/1", MARKERS),
        "api_training_preliminary": ("GET", "/api/v1/training/preliminary", MARKERS),
        "api_training_trainee": ("GET", "/api/v1/training/trainees/1", MARKERS | {"agent"}),
        "api_training_cases": ("GET", "/api/v1/training/cases", RESULTS),
        "api_training_case": ("GET", "/api/v1/training/cases/999999", NOBODY),
        "api_training_add_trainee": ("POST", "/api/v1/training/cohorts/1/trainees", MARKERS),
        "api_training_edit_day": ("PUT", "/api/v1/training/cohorts/1/plan/2", MARKERS),
        "api_training_exam": ("POST", "/api/v1/training/cohorts/1/exams", MARKERS),
        "api_training_mentor": ("PUT", "/api/v1/training/trainees/1/mentor", MARKERS),
        "api_training_score": ("POST", "/api/v1/training/trainees/1/scores", MARKERS),
        "api_training_adopt": ("POST", "/api/v1/training/trainees/1/exam-results", MARKERS),
        "api_training_warn": ("POST", "/api/v1/training/trainees/1/warnings", MARKERS),
        "api_training_criterion": ("POST", "/api/v1/training/trainees/1/criteria", MARKERS),
        "api_training_withdraw_criterion": (
            "POST",
            "/api/v1/training/criteria/999999/withdraw",
            MARKERS,
        ),
        "api_training_convert": ("POST", "/api/v1/training/trainees/1/conversion", MARKERS),
        "api_training_re_exam_paper": (
            "POST",
            "/api/v1/training/trainees/1/re-exam-paper",
            MARKERS,
        ),
        "api_training_decide": (
            "POST",
            "/api/v1/training/trainees/1/decision",
            frozenset({"manager"}),
        ),
        "api_training_open_case": ("POST", "/api/v1/training/trainees/1/elimination", MARKERS),
        "api_training_talk": ("POST", "/api/v1/training/cases/999999/talk", MARKERS),
        "api_training_object": ("POST", "/api/v1/training/cases/999999/objections", RESULTS),
        "api_training_answer": (
            "POST",
            "/api/v1/training/cases/objections/999999/answer",
            MARKERS,
        ),
        "api_training_final": ("POST", "/api/v1/training/cases/999999/final", MARKERS),
        "api_training_checklist": ("POST", "/api/v1/training/cases/999999/checklist", MARKERS),
        "api_training_exit": ("POST", "/api/v1/training/cases/999999/exit", MARKERS),
        # bottom elimination: the list for leaders (their team), HR and managers; HR opens
        "bottom_list": ("GET", "/bottom", CENTER | {"leader"}),
        "bottom_person": ("GET", f"/bottom/people/{t.outsider}", CENTER),
        "bottom_standby_open": ("POST", "/bottom/standby", frozenset({"hr"})),
        "bottom_dismissal_open": ("POST", "/bottom/dismissal", frozenset({"hr"})),
        "bottom_standby_case": ("GET", "/bottom/standby/999999", NOBODY),
        "bottom_dismissal_case": ("GET", "/bottom/dismissal/999999", NOBODY),
        "bottom_decide": ("POST", "/bottom/cases/999999/decision", CENTER),
        "bottom_object": ("POST", "/bottom/cases/999999/objections", NOBODY),
        "bottom_answer": ("POST", "/bottom/objections/999999/answer", CENTER),
        "bottom_final": ("POST", "/bottom/cases/999999/final", NOBODY),
        "bottom_re_entry": ("POST", "/bottom/standby/999999/re-entry", CENTER),
        "bottom_after_exam": ("POST", "/bottom/standby/999999/after-exam", CENTER),
        "api_bottom_list": ("GET", "/api/v1/bottom", CENTER | {"leader"}),
        "api_bottom_person": ("GET", f"/api/v1/bottom/people/{t.outsider}", CENTER),
        "api_bottom_cases": ("GET", "/api/v1/bottom/cases", RESULTS),
        "api_bottom_case": ("GET", "/api/v1/bottom/cases/999999", NOBODY),
        "api_bottom_standby_open": ("POST", "/api/v1/bottom/standby", CENTER),
        "api_bottom_dismissal_open": ("POST", "/api/v1/bottom/dismissal", CENTER),
        "api_bottom_decide": ("POST", "/api/v1/bottom/cases/999999/decision", CENTER),
        "api_bottom_object": ("POST", "/api/v1/bottom/cases/999999/objections", RESULTS),
        "api_bottom_answer": ("POST", "/api/v1/bottom/objections/999999/answer", CENTER),
        "api_bottom_final": ("POST", "/api/v1/bottom/cases/999999/final", NOBODY),
        "api_bottom_re_entry": ("POST", "/api/v1/bottom/cases/999999/re-entry", CENTER),
        "api_bottom_after_exam": ("POST", "/api/v1/bottom/cases/999999/after-exam", CENTER),
        # recruitment: applicants are not staff, only HR and managers see them (candidate 1
        # is one of the demo's)
        "recruitment": ("GET", "/recruitment", CENTER),
        "recruitment_add": ("POST", "/recruitment/candidates", CENTER),
        "recruitment_candidate": ("GET", "/recruitment/candidates/1", CENTER),
        "recruitment_results": ("POST", "/recruitment/candidates/1/results", CENTER),
        "recruitment_interview": ("POST", "/recruitment/candidates/1/interview", CENTER),
        "recruitment_move": ("POST", "/recruitment/candidates/1/move", CENTER),
        "recruitment_reserve": ("GET", "/recruitment/reserve", CENTER),
        "recruitment_template": ("GET", "/recruitment/import/template", CENTER),
        "recruitment_import": ("POST", "/recruitment/import", CENTER),
        "api_recruitment_candidates": ("GET", "/api/v1/recruitment/candidates", CENTER),
        "api_recruitment_add": ("POST", "/api/v1/recruitment/candidates", CENTER),
        "api_recruitment_candidate": ("GET", "/api/v1/recruitment/candidates/1", CENTER),
        "api_recruitment_results": ("POST", "/api/v1/recruitment/candidates/1/results", CENTER),
        "api_recruitment_interview": (
            "POST",
            "/api/v1/recruitment/candidates/1/interview",
            CENTER,
        ),
        "api_recruitment_move": ("POST", "/api/v1/recruitment/candidates/1/move", CENTER),
        "api_recruitment_reserve": ("GET", "/api/v1/recruitment/reserve", CENTER),
    } | quality_rows(t)


def quality_rows(t: Team) -> dict[str, tuple[str, str, frozenset[str]]]:
    """The rows of QA, automatic checks, QA reports, conduct and meetings, kept beside them."""
    rows: dict[str, tuple[str, str, frozenset[str]]] = {}
    for module in (
        access_rows_qa,
        access_rows_autoqa,
        access_rows_qa_reports,
        access_rows_conduct,
        access_rows_meetings,
    ):
        rows |= module.rows(t)
    return rows


def test_the_matrix_names_every_route_of_the_app(database_url: str, team: Team) -> None:
    app = create_app(database_url)
    assert set(app.state.route_params) == set(matrix(team))


@pytest.mark.parametrize("role", ROLES)
def test_r_prv_1_every_route_answers_each_role_as_the_matrix_says(
    clients: dict[str, TestClient], team: Team, role: str
) -> None:
    client = clients[role]
    csrf = csrf_of(client)
    wrong = []
    for name, (method, path, allowed) in matrix(team).items():
        if name in ("sign_in_post", "sign_out"):
            continue  # they change the client's own session; tested on their own
        if method == "GET":
            answer = client.get(path, follow_redirects=False)
        else:
            # an empty form or body: a permitted role gets past the check (then 4xx for the
            # missing fields, or an unchanged re-close), a forbidden one gets 403 first
            answer = client.request(
                method, path, headers={"X-CSRF-Token": csrf}, follow_redirects=False
            )
        if role in allowed:
            ok = answer.status_code not in (401, 403, 404)
        else:
            ok = answer.status_code in (403, 404)
        if not ok:
            wrong.append((name, path, answer.status_code))
    assert wrong == []


def test_unsigned_requests_go_to_sign_in_or_get_401(database_url: str, team: Team) -> None:
    with TestClient(create_app(database_url), base_url="https://testserver") as anonymous:
        for name, (method, path, _) in matrix(team).items():
            if name in ("sign_in", "sign_in_post", "api_health"):
                continue
            answer = anonymous.request(method, path, follow_redirects=False)
            if path.startswith("/api/"):
                assert answer.status_code == 401, (name, answer.status_code)
            else:
                assert answer.status_code == 303, (name, answer.status_code)
                assert answer.headers["location"].startswith("/sign-in?next=")


# ---------------------------------------------------------------- lists and exports


def _xlsx_numbers(content: bytes) -> set[str]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    sheet = book.worksheets[0]
    numbers = set()
    for row in sheet.iter_rows(values_only=True):
        if row and isinstance(row[0], str) and row[0].isdigit():
            numbers.add(row[0])
    return numbers


def _team_of(database_url: str, no: str) -> tuple[str, str | None]:
    with unit_of_work(engine_for(database_url)) as session:
        record = people.current_record(session, no)
        assert record is not None
        return record.department, record.team


def test_a_team_leader_lists_and_exports_only_their_team(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    leader = clients["leader"]
    home = _team_of(database_url, team.leader)
    rows = leader.get(f"/api/v1/months/{MONTH}/results").json()
    assert rows and all((r["department"], r["team"]) == home for r in rows)
    assert {team.agent, team.teammate, team.leader} <= {r["employee_no"] for r in rows}
    assert team.outsider not in {r["employee_no"] for r in rows}
    listed = leader.get("/api/v1/people").json()
    assert {(p["department"], p["team"]) for p in listed} == {home}
    exported = _xlsx_numbers(leader.get(f"/months/{MONTH}/bonus-sheet.xlsx").content)
    assert exported == {r["employee_no"] for r in rows}
    stars = leader.get(f"/api/v1/quarters/{QUARTER}/results").json()
    assert all((r["department"], r["team"]) == home for r in stars)
    page = leader.get(f"/months/{MONTH}").text
    assert team.outsider not in page
    assert team.teammate in page


def test_an_agent_lists_and_exports_only_themselves(
    clients: dict[str, TestClient], team: Team
) -> None:
    agent = clients["agent"]
    rows = agent.get(f"/api/v1/months/{MONTH}/results").json()
    assert [r["employee_no"] for r in rows] == [team.agent]
    exported = _xlsx_numbers(agent.get(f"/months/{MONTH}/bonus-sheet.xlsx").content)
    assert exported == {team.agent}
    assert agent.get(f"/people/{team.agent}").status_code == 200
    for path in (
        f"/people/{team.teammate}",
        f"/months/{MONTH}/people/{team.teammate}",
        f"/api/v1/people/{team.teammate}",
        f"/api/v1/months/{MONTH}/people/{team.teammate}/explain",
    ):
        assert agent.get(path).status_code == 404, path
    closes = agent.get("/api/v1/closes").json()
    assert closes and all(c["totals"] is None for c in closes)


def test_qa_monitors_every_agent_but_sees_only_their_own_pay(
    clients: dict[str, TestClient], team: Team
) -> None:
    qa = clients["qa"]
    monitoring = qa.get("/monitoring").text
    assert team.agent in monitoring and team.outsider in monitoring
    rows = qa.get(f"/api/v1/months/{MONTH}/results").json()
    assert [r["employee_no"] for r in rows] == [team.qa]


def test_a_leader_sees_a_teammates_explanation_but_not_an_outsiders(
    clients: dict[str, TestClient], team: Team
) -> None:
    leader = clients["leader"]
    assert leader.get(f"/months/{MONTH}/people/{team.teammate}").status_code == 200
    assert leader.get(f"/months/{MONTH}/people/{team.outsider}").status_code == 404


def test_the_dashboard_of_a_leader_counts_only_their_team(
    clients: dict[str, TestClient], database_url: str, team: Team
) -> None:
    leader_rows = clients["leader"].get(f"/api/v1/months/{MONTH}/results").json()
    page = clients["leader"].get("/dashboard").text
    assert f'<div class="big">{len(leader_rows)}</div>' in page
    assert team.outsider not in page
