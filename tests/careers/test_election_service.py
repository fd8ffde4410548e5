"""Team-leader elections end to end on a real database (SQLite and PostgreSQL): candidates,
scores, the ranking, a tie-break, HR's and the manager's reviews, a notice in working days,
an objection, final, the register from the next day and the probation decision (R-ELE-1,
R-PUB-1)."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kefu.accounts.rules import AccessRole, Viewer
from kefu.audit.models import AuditEvent
from kefu.careers import election_service as elections
from kefu.careers.election_service import NamedScore, Scores
from kefu.db import unit_of_work
from kefu.errors import Forbidden, KefuError, PolicyParameterMissing
from kefu.explain.messages import render
from kefu.explain.trace import num
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.service import histories
from kefu.periods import Month
from kefu.policy.service import use_policy
from kefu.workdays.calendar import WorkCalendar
from kefu.workflow import service as cases
from kefu.workflow.rules import Conflict

FAST = settings(max_examples=200, deadline=None)
CALENDAR = WorkCalendar()
OPENED = date(2026, 11, 24)  # a Tuesday: a 3-working-day notice runs 24, 25, 26 November
D = Decimal
DEPARTMENT, TEAM = "客服一部", "客服一部2组"
PEOPLE: dict[str, tuple[str, str, str, AccessRole, str, str | None]] = {
    # username: (工号, name, role of the record, access role, status, team)
    "agent": ("1001", "王芳", "csr", "agent", "regular", "客服一部1组"),
    "agent2": ("1002", "孙丽", "csr", "agent", "regular", "客服一部1组"),
    "newbie": ("1003", "周洋", "csr", "agent", "probation", "客服一部1组"),
    "hr": ("3001", "张敏", "csr", "hr", "regular", None),
    "hr2": ("3002", "赵静", "csr", "hr", "regular", None),
    "boss": ("4001", "刘伟", "manager", "manager", "regular", None),
    "colleague": ("5001", "陈杰", "csr", "agent", "regular", TEAM),
}


def make_center(session: Session, preset: str = "demo") -> None:
    """Seven people of 客服一部 in the register and the policy from January 2026."""
    use_policy(session, preset, Month(2026, 1), "test")
    for no, name, role, _, status, team in PEOPLE.values():
        emp = Employee(employee_no=no, name=name)
        session.add(emp)
        session.flush()
        session.add(
            EmployeeRecord(
                employee_id=emp.id,
                effective_on=date(2023, 1, 5),
                name=name,
                department=DEPARTMENT,
                team=team,
                role=role,
                level="中级客服",
                status=status,
                hired_on=date(2023, 1, 5),
                converted_on=date(2023, 4, 5) if status == "regular" else None,
                recorded_by="test",
                source="test",
            )
        )
    session.flush()


def as_(username: str) -> Viewer:
    no, name, _, access, _, team = PEOPLE[username]
    return Viewer(username, access, no, DEPARTMENT, team, name)


def open_election(session: Session, **extra: object) -> int:
    case = elections.open_election(
        session,
        as_("hr"),
        department=DEPARTMENT,
        team=TEAM,
        today=OPENED,
        **extra,  # type: ignore[arg-type]
    )
    return case.id


def version(session: Session, case_id: int) -> int:
    return cases.get_case(session, case_id).version


def add(session: Session, case_id: int, employee_no: str, on: date = OPENED) -> None:
    elections.add_candidate(session, as_("hr"), case_id, employee_no, version(session, case_id), on)


def full(pm: str = "85", interview: str = "80") -> Scores:
    """Every part present: 36 + 10 + 24 + 9 + 8.5 = 87.5 with the defaults."""
    return Scores(
        ability=D(90),
        pm_scores=(D(pm),),
        interviews=(NamedScore("面试官甲", D(interview)), NamedScore("面试官乙", D(interview))),
        manager_score=D(90),
        peers=(NamedScore("同事甲", D(80)), NamedScore("同事乙", D(90))),
    )


def score(session: Session, case_id: int, employee_no: str, scores: Scores, by: str = "hr") -> None:
    elections.put_scores(
        session, as_(by), case_id, employee_no, scores, version(session, case_id), OPENED
    )


def decide(session: Session, case_id: int, by: str, on: date = OPENED) -> None:
    elections.decide(
        session,
        as_(by),
        case_id,
        "approve",
        f"{by} 同意",
        version(session, case_id),
        on,
        CALENDAR,
    )


def role_on(session: Session, employee_no: str, day: date) -> tuple[str, str | None]:
    """The register's role and team of a person on a day."""
    records = histories(session, day)[employee_no][1]
    return records[-1].role, records[-1].team


def elected(session: Session, *, on_notice: bool = True) -> int:
    """An election with two complete candidates, 王芳 first; on notice from 24 November."""
    case_id = open_election(session)
    add(session, case_id, "1001")
    elections.sign_up(session, as_("agent2"), case_id, version(session, case_id), OPENED)
    score(session, case_id, "1001", full())
    score(session, case_id, "1002", full(pm="65"))
    decide(session, case_id, "hr")
    if on_notice:
        decide(session, case_id, "boss")
    return case_id


def finalized(session: Session) -> int:
    case_id = elected(session)
    elections.finalize(session, as_("hr"), case_id, date(2026, 11, 27))
    return case_id


def test_R_ELE_1_a_candidate_who_is_not_regular_staff_is_refused_citing_the_rule(
    session: Session,
) -> None:
    make_center(session)
    case_id = open_election(session)
    with pytest.raises(KefuError, match="只有转正员工才能参加组长竞聘"):
        add(session, case_id, "1003")
    with pytest.raises(KefuError, match="试用"):
        elections.sign_up(session, as_("newbie"), case_id, version(session, case_id), OPENED)
    assert cases.get_case(session, case_id).data["candidates"] == []


@pytest.mark.parametrize(
    ("pm_scores", "points"),
    [(("60",), "6"), (("55", "65"), "6"), (("59.99",), "0"), (("70",), "8"), (("80",), "10")],
)
def test_R_ELE_1_the_mean_pm_score_picks_its_band_lower_edge_inclusive(
    session: Session, pm_scores: tuple[str, ...], points: str
) -> None:
    make_center(session)
    case_id = open_election(session)
    add(session, case_id, "1001")
    scores = Scores(
        ability=D(80),
        pm_scores=tuple(D(p) for p in pm_scores),
        interviews=(NamedScore("面试官甲", D(80)),),
        manager_score=D(80),
        peers=(NamedScore("同事甲", D(80)),),
    )
    score(session, case_id, "1001", scores)
    (ranked,) = elections.standing(session, cases.get_case(session, case_id)).ranked
    pm = next(s for s in ranked.steps if s.code == "election.pm_points")
    assert pm.args["points"] == points
    # 80 × (40% + 30% + 10% + 10%) = 72, plus the PM points
    assert ranked.score == D(72) + D(points)
    assert f"计 {points} 分" in render(pm, "zh")


def test_R_ELE_1_a_tie_for_first_blocks_the_result_until_hr_decides_it(session: Session) -> None:
    make_center(session)
    case_id = open_election(session)
    add(session, case_id, "1001")
    add(session, case_id, "1002")
    add(session, case_id, "5001")
    score(session, case_id, "1001", full())
    score(session, case_id, "1002", full())
    score(session, case_id, "5001", full(pm="50"))
    with pytest.raises(KefuError, match="并列第一"):
        decide(session, case_id, "hr")
    with pytest.raises(KefuError, match="只能在并列第一的候选人中选择"):
        elections.break_tie(
            session, as_("hr"), case_id, "5001", "得分较低", version(session, case_id), OPENED
        )
    with pytest.raises(KefuError, match="理由"):
        elections.break_tie(
            session, as_("hr"), case_id, "1002", " ", version(session, case_id), OPENED
        )
    elections.break_tie(
        session,
        as_("hr"),
        case_id,
        "1002",
        "面试考评小组复议，孙丽带教经验更丰富",
        version(session, case_id),
        OPENED,
    )
    found = elections.standing(session, cases.get_case(session, case_id))
    assert found.tie_break_applies and found.winner is not None
    assert found.winner.employee_no == "1002"
    decide(session, case_id, "hr")
    case = cases.get_case(session, case_id)
    assert case.state == "approval"
    assert case.data["result"]["winner"] == "1002" and case.data["result"]["by_tie_break"]


def test_R_ELE_1_a_tie_break_lapses_when_the_scores_change(session: Session) -> None:
    make_center(session)
    case_id = open_election(session)
    add(session, case_id, "1001")
    add(session, case_id, "1002")
    score(session, case_id, "1001", full())
    score(session, case_id, "1002", full())
    elections.break_tie(
        session, as_("hr"), case_id, "1002", "复议", version(session, case_id), OPENED
    )
    score(session, case_id, "1002", full(interview="70"))  # 1001 now leads alone
    found = elections.standing(session, cases.get_case(session, case_id))
    assert not found.tie_break_applies and found.winner is not None
    assert found.winner.employee_no == "1001"


def test_R_ELE_1_incomplete_scores_block_the_result_naming_what_is_missing(
    session: Session,
) -> None:
    make_center(session)
    case_id = open_election(session)
    add(session, case_id, "1001")
    add(session, case_id, "1002")
    score(session, case_id, "1001", full())
    score(session, case_id, "1002", Scores(ability=D(95), manager_score=D(90)))
    found = elections.standing(session, cases.get_case(session, case_id))
    (incomplete,) = found.incomplete
    assert elections.missing_parts(incomplete) == ["pm", "interview", "peers"]
    with pytest.raises(KefuError, match="孙丽 \\(1002\\) 缺少PM成绩、面试考评、同事打分"):
        decide(session, case_id, "hr")
    assert cases.get_case(session, case_id).state == "scoring"


def test_R_ELE_1_the_whole_way_to_final_with_an_objection_on_the_last_notice_day(
    session: Session,
) -> None:
    make_center(session)
    case_id = elected(session)
    case = cases.get_case(session, case_id)
    assert case.state == "notice"
    assert (case.notice_first_day, case.notice_last_day) == (OPENED, date(2026, 11, 26))
    assert case.data["result"]["winner"] == "1001"
    objection = elections.object_to(
        session, as_("agent2"), case_id, "我的PM成绩少录了一个月", date(2026, 11, 26)
    )
    with pytest.raises(KefuError, match="申诉未答复"):
        elections.finalize(session, as_("hr"), case_id, date(2026, 11, 27))
    with pytest.raises(Forbidden):  # a candidate who is HR would not answer either
        elections.answer(
            session,
            as_("agent"),
            objection.id,
            upheld=False,
            finding="-",
            reply="-",
            today=date(2026, 11, 27),
        )
    elections.answer(
        session,
        as_("hr2"),
        objection.id,
        upheld=False,
        finding="核对 PM 成绩表，九月成绩已计入平均",
        reply="经核实您的 PM 成绩完整，排名不变",
        today=date(2026, 11, 27),
    )
    elections.finalize(session, as_("hr"), case_id, date(2026, 11, 27))
    case = cases.get_case(session, case_id)
    assert case.state == "final"
    assert case.data["leader"]["starts_on"] == "2026-11-28"
    assert case.data["leader"]["ends_on"] == "2026-12-27"
    steps = [a.action for a in cases.actions(session, case_id)]
    moves = [a for a in steps if a in cases.MOVES]
    assert moves == ["open", "decide", "decide", "publish", "object", "answer", "finalize"]
    logged = [entry["action"] for entry in case.data["log"]]
    assert logged == ["added", "signed_up", "scores", "scores"]
    # every edit is in the case's record too, in the order it was made
    assert [a for a in steps if a not in cases.MOVES] == logged


def test_R_ELE_1_the_register_shows_the_winner_as_team_leader_from_the_next_day(
    session: Session,
) -> None:
    make_center(session)
    finalized(session)
    assert role_on(session, "1001", date(2026, 11, 27)) == ("csr", "客服一部1组")
    assert role_on(session, "1001", date(2026, 11, 28)) == ("team_leader", TEAM)
    assert role_on(session, "1002", date(2026, 11, 28)) == ("csr", "客服一部1组")


def test_R_ELE_1_the_probation_is_decided_only_after_its_last_day(session: Session) -> None:
    make_center(session)
    case_id = finalized(session)
    with pytest.raises(KefuError, match="试用期到 2026-12-27 才结束"):
        elections.decide_probation(
            session, as_("boss"), case_id, True, "", version(session, case_id), date(2026, 12, 27)
        )
    with pytest.raises(Forbidden):
        elections.decide_probation(
            session, as_("hr"), case_id, True, "", version(session, case_id), date(2026, 12, 28)
        )
    elections.decide_probation(
        session,
        as_("boss"),
        case_id,
        True,
        "带组一个月，组内满意度提升",
        version(session, case_id),
        date(2026, 12, 28),
    )
    case = cases.get_case(session, case_id)
    assert case.data["probation"]["decision"] == "confirmed"
    assert role_on(session, "1001", date(2027, 1, 31)) == ("team_leader", TEAM)
    with pytest.raises(KefuError, match="已经记录"):
        elections.decide_probation(
            session, as_("boss"), case_id, False, "x", version(session, case_id), date(2027, 1, 2)
        )


def test_R_ELE_1_not_confirmed_puts_the_role_back_from_the_day_after_the_probation(
    session: Session,
) -> None:
    make_center(session)
    case_id = finalized(session)
    with pytest.raises(KefuError, match="原因"):
        elections.decide_probation(
            session, as_("boss"), case_id, False, " ", version(session, case_id), date(2027, 1, 4)
        )
    elections.decide_probation(
        session,
        as_("boss"),
        case_id,
        False,
        "试用期内组内投诉率上升，带组能力有待提高",
        version(session, case_id),
        date(2027, 1, 4),
    )
    case = cases.get_case(session, case_id)
    assert case.data["probation"]["reverted_on"] == "2026-12-28"
    assert role_on(session, "1001", date(2026, 12, 27)) == ("team_leader", TEAM)
    assert role_on(session, "1001", date(2026, 12, 28)) == ("csr", "客服一部1组")


def test_R_ELE_1_two_hr_users_saving_scores_on_the_same_version_conflict(
    session: Session,
) -> None:
    make_center(session)
    case_id = open_election(session)
    add(session, case_id, "1001")
    seen = version(session, case_id)
    elections.put_scores(session, as_("hr"), case_id, "1001", full(), seen, OPENED)
    with pytest.raises(Conflict, match="已被他人处理"):
        elections.put_scores(session, as_("hr2"), case_id, "1001", full(pm="60"), seen, OPENED)
    stored = cases.get_case(session, case_id).data["candidates"][0]["scores"]
    assert stored["pm"] == ["85"]
    scored = [
        e for e in session.query(AuditEvent).filter(AuditEvent.action == "election.scores").all()
    ]
    assert [e.actor for e in scored] == ["hr"]


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_R_ELE_1_two_hr_users_saving_at_once_exactly_one_wins(engine: Engine) -> None:
    """Two transactions on the production database save the same version's scores."""
    with unit_of_work(engine) as s:
        make_center(s)
        case_id = open_election(s)
        add(s, case_id, "1001")
    with unit_of_work(engine) as s:
        seen = version(s, case_id)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(username: str, pm: str) -> None:
        try:
            with unit_of_work(engine) as s:
                cases.get_case(s, case_id)
                barrier.wait()
                elections.put_scores(s, as_(username), case_id, "1001", full(pm=pm), seen, OPENED)
            outcomes[username] = "won"
        except Conflict as exc:
            outcomes[username] = exc.message

    threads = [threading.Thread(target=act, args=args) for args in (("hr", "61"), ("hr2", "62"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(v == "won" for v in outcomes.values()) == [False, True]
    with unit_of_work(engine) as s:
        case = cases.get_case(s, case_id)
        winner = next(u for u, v in outcomes.items() if v == "won")
        assert case.version == seen + 1
        assert case.data["candidates"][0]["scores"]["pm"] == ["61" if winner == "hr" else "62"]
        assert [e["by"] for e in case.data["log"] if e["action"] == "scores"] == [winner]


def test_R_ELE_1_only_hr_outside_the_election_enters_scores(session: Session) -> None:
    make_center(session)
    case_id = open_election(session)
    add(session, case_id, "1001")
    add(session, case_id, "3002")  # an HR colleague stands herself
    for who in ("boss", "agent", "hr2"):
        with pytest.raises(Forbidden):
            score(session, case_id, "1001", full(), by=who)
    with pytest.raises(KefuError, match="0–100"):
        score(session, case_id, "1001", Scores(ability=D("100.5")))
    with pytest.raises(KefuError, match="出现了两次"):
        score(
            session,
            case_id,
            "1001",
            Scores(peers=(NamedScore("同事甲", D(80)), NamedScore("同事甲", D(90)))),
        )


def test_R_ELE_1_self_sign_up_closes_after_the_deadline_and_not_twice(session: Session) -> None:
    make_center(session)
    case_id = open_election(session, sign_up_until=date(2026, 11, 30))
    elections.sign_up(session, as_("agent"), case_id, version(session, case_id), date(2026, 11, 30))
    with pytest.raises(KefuError, match="已经报名"):
        add(session, case_id, "1001")
    with pytest.raises(KefuError, match="报名已于 2026-11-30 截止"):
        elections.sign_up(
            session, as_("agent2"), case_id, version(session, case_id), date(2026, 12, 1)
        )
    add(session, case_id, "1002", date(2026, 12, 1))  # HR enters a paper form handed in on time
    assert cases.get_case(session, case_id).involved == ["1001", "1002"]


def test_R_ELE_1_an_election_is_for_a_team_of_the_register_one_at_a_time(
    session: Session,
) -> None:
    make_center(session)
    with pytest.raises(KefuError, match="没有「客服一部 客服九组」"):
        elections.open_election(
            session, as_("hr"), department=DEPARTMENT, team="客服九组", today=OPENED
        )
    with pytest.raises(Forbidden):
        elections.open_election(
            session, as_("agent"), department=DEPARTMENT, team=TEAM, today=OPENED
        )
    open_election(session)
    with pytest.raises(KefuError, match="已有一场正在进行"):
        open_election(session)


def test_R_PUB_1_an_open_notice_period_in_the_policy_refuses_the_notice_naming_it(
    session: Session,
) -> None:
    make_center(session, preset="seed-000")
    case_id = elected(session, on_notice=False)
    with pytest.raises(PolicyParameterMissing, match=r"election\.public_notice_working_days"):
        decide(session, case_id, "boss")
    assert cases.get_case(session, case_id).state == "approval"


def test_R_ELE_1_the_winner_must_still_be_regular_when_hr_submits_the_result(
    session: Session,
) -> None:
    make_center(session)
    case_id = open_election(session)
    add(session, case_id, "1001")
    score(session, case_id, "1001", full())
    emp = session.query(Employee).filter(Employee.employee_no == "1001").one()
    session.add(
        EmployeeRecord(
            employee_id=emp.id,
            effective_on=OPENED - timedelta(days=1),
            name="王芳",
            department=DEPARTMENT,
            team="客服一部1组",
            role="csr",
            level="中级客服",
            status="notice_period",
            hired_on=date(2023, 1, 5),
            converted_on=date(2023, 4, 5),
            recorded_by="test",
            source="test",
        )
    )
    session.flush()
    with pytest.raises(KefuError, match="不再是转正员工"):
        decide(session, case_id, "hr")


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("abc", "不是数字"),
        ("-1", "0–100"),
        ("100.5", "0–100"),
        ("NaN", "0–100"),
        ("85.1234567", "最多 6 位小数"),
        ("1E-999999999", "最多 6 位小数"),
        ("12345678901234567", "不是分数"),
    ],
)
def test_R_ELE_1_a_score_is_a_number_from_0_to_100_with_at_most_six_decimals(
    text: str, refusal: str
) -> None:
    with pytest.raises(KefuError, match=refusal):
        elections.parse_score(text, "能力表现")


def test_R_ELE_1_score_lists_and_named_scores_parse_as_entered() -> None:
    assert elections.parse_scores("72, 65 80，70、60.5") == (
        D(72),
        D(65),
        D(80),
        D(70),
        D("60.5"),
    )
    assert elections.parse_named_scores("张三 85\n李四：90\n\n王五=88.5", "同事打分") == (
        NamedScore("张三", D(85)),
        NamedScore("李四", D(90)),
        NamedScore("王五", D("88.5")),
    )
    with pytest.raises(KefuError, match="姓名 分数"):
        elections.parse_named_scores("张三", "同事打分")


SCORES = st.decimals(min_value=0, max_value=100, places=6, allow_nan=False, allow_infinity=False)


@FAST
@given(st.lists(SCORES, max_size=12), st.sampled_from([", ", " ", "，", "\n", "、"]))
def test_R_ELE_1_scores_written_as_text_read_back_exactly(
    values: list[Decimal], separator: str
) -> None:
    text = separator.join(str(num(v)) for v in values)
    assert elections.parse_scores(text) == tuple(values)
