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
from tests.web import MONTH, QUARTER, csrf_of, make_demo_database, sign_in

ROLES = ("agent", "leader", "qa", "hr", "manager", "admin")
EVERYONE = frozenset(ROLES)
RESULTS = frozenset({"agent", "leader", "qa", "hr", "manager"})
CENTER = frozenset({"hr", "manager"})


@dataclass(frozen=True)
class Team:
    """The demo's people as the matrix needs them."""

    agent: str
    leader: str
    qa: str
    teammate: str  # in the agent's (and the leader's) team
    outsider: str  # an agent of another department


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
    return Team(agent, leader, qa, teammate, outsider)


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
    return {
        "sign_in": ("GET", "/sign-in", EVERYONE),
        "sign_in_post": ("POST", "/sign-in", frozenset()),  # see the sign-in tests
        "sign_out": ("POST", "/sign-out", EVERYONE),
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
    }


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
            answer = client.post(path, headers={"X-CSRF-Token": csrf}, follow_redirects=False)
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
