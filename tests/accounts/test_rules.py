"""R-PRV-1: what each access role may do and whose records it sees — pure rules."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kefu.accounts.rules import (
    ACCESS_ROLES,
    PERMISSIONS,
    Viewer,
    backoff_seconds,
    sign_in_throttled,
)

NOW = datetime(2026, 11, 24, 9, 0)


def make_viewer(
    role: str, no: str | None = "A1", dept: str = "客服一部", team: str = "一组"
) -> Viewer:
    return Viewer("u", role, no, dept, team)  # type: ignore[arg-type]


def test_r_prv_1_an_agent_sees_only_their_own_records() -> None:
    agent = make_viewer("agent")
    assert agent.sees("A1", "客服一部", "一组")
    assert not agent.sees("A2", "客服一部", "一组")


def test_r_prv_1_a_team_leader_sees_their_team_and_not_the_next_team() -> None:
    leader = make_viewer("team_leader", "L1")
    assert leader.sees("A2", "客服一部", "一组")
    assert leader.sees("L1", "客服二部", "九组")  # their own records wherever they are
    assert not leader.sees("A3", "客服一部", "二组")
    assert not leader.sees("A4", "客服二部", "一组")  # same team name, other department


def test_r_prv_1_a_team_leader_without_a_team_sees_only_themselves() -> None:
    leader = Viewer("u", "team_leader", "L1", "客服一部", None)
    assert not leader.sees("A2", "客服一部", None)
    assert leader.sees("L1", "客服一部", None)


@pytest.mark.parametrize("role", ["hr", "manager"])
def test_r_prv_1_hr_and_managers_see_the_center(role: str) -> None:
    viewer = make_viewer(role, None)
    assert viewer.sees("A9", "电话中心", "五组")


def test_r_prv_1_qa_sees_own_results_but_monitors_every_agent() -> None:
    qa = make_viewer("qa", "Q1")
    assert not qa.sees("A1", "客服一部", "一组")
    assert qa.sees("Q1", "客服一部", "一组")
    assert qa.monitoring_scope() == "center"
    assert qa.can("monitoring.view") and qa.can("import.monthly-scores")
    assert not qa.can("import.roster") and not qa.can("close")


def test_r_prv_1_an_administrator_manages_users_and_policies_but_sees_no_pay() -> None:
    admin = make_viewer("admin", None)
    assert admin.can("users.manage") and admin.can("policy.adopt") and admin.can("audit.view")
    assert not admin.can("results.view")
    assert not admin.sees("A1", "客服一部", "一组")


def test_only_the_administrator_manages_users_and_everyone_reads_the_policy() -> None:
    assert PERMISSIONS["users.manage"] == {"admin"}
    assert PERMISSIONS["policy.view"] == set(ACCESS_ROLES)


def test_an_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        make_viewer("manager").can("launch.rockets")


def test_the_wait_starts_at_the_free_failures_and_doubles_up_to_the_cap() -> None:
    waits = [backoff_seconds(n, free=5, base=2, cap=300) for n in range(1, 14)]
    assert waits == [0, 0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert backoff_seconds(10_000, free=5, base=2, cap=300) == 300


def test_a_throttled_address_waits_whatever_name_it_tries() -> None:
    later = NOW + timedelta(seconds=30)
    assert sign_in_throttled(NOW, later, None, 0)
    assert not sign_in_throttled(later, later, None, 0)


def test_a_throttled_account_still_lets_its_owner_in_from_an_address_that_never_failed() -> None:
    later = NOW + timedelta(seconds=30)
    assert sign_in_throttled(NOW, None, later, pair_failures=1)
    assert not sign_in_throttled(NOW, None, later, pair_failures=0)
    assert not sign_in_throttled(later, None, later, pair_failures=3)
