"""Who may do and see what (R-PRV-1) — pure: no database, no web.

An account has one access role. What each role may do is the table PERMISSIONS; which people's
records it sees is its Scope: the whole center, a team (the team leader's own department and
team, and the leader), or only the person the account belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

AccessRole = Literal["agent", "team_leader", "qa", "hr", "manager", "admin"]
ACCESS_ROLES: tuple[AccessRole, ...] = ("agent", "team_leader", "qa", "hr", "manager", "admin")

ROLE_NAMES: dict[str, dict[str, str]] = {
    "agent": {"zh": "客服代表", "en": "Agent"},
    "team_leader": {"zh": "业务组长", "en": "Team leader"},
    "qa": {"zh": "QA 质检", "en": "QA"},
    "hr": {"zh": "人事", "en": "HR"},
    "manager": {"zh": "客服经理", "en": "Manager"},
    "admin": {"zh": "系统管理员", "en": "Administrator"},
}

# action → the roles allowed to take it. Seeing people's records is further limited by scope.
PERMISSIONS: dict[str, frozenset[str]] = {
    "results.view": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "monitoring.view": frozenset({"qa", "team_leader", "hr", "manager"}),
    "roster.view": frozenset({"team_leader", "hr", "manager"}),
    "import.roster": frozenset({"hr", "manager"}),
    "import.attendance": frozenset({"hr", "manager"}),
    "import.monthly-scores": frozenset({"qa", "hr", "manager"}),
    "import.award-evidence": frozenset({"qa", "hr", "manager"}),
    "import.performance-indicators": frozenset({"qa", "hr", "manager"}),
    "close": frozenset({"hr", "manager"}),
    "dashboard.view": frozenset({"team_leader", "hr", "manager"}),
    "policy.view": frozenset(ACCESS_ROLES),
    "policy.adopt": frozenset({"manager", "admin"}),
    "whatif": frozenset({"hr", "manager"}),
    "audit.view": frozenset({"manager", "admin"}),
    "users.manage": frozenset({"admin"}),
    "shifts.view": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "shifts.edit": frozenset({"team_leader", "hr", "manager"}),
    "attendance.view": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "leave.request": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "leave.decide": frozenset({"team_leader", "hr", "manager"}),
    "pay.view": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "pay.close": frozenset({"hr", "manager"}),
    "calendar.view": frozenset(ACCESS_ROLES),
    "careers.view": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "careers.overview": frozenset({"team_leader", "hr", "manager"}),
    "promotion.review": frozenset({"team_leader", "hr", "manager"}),
    "cases.object": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "election.manage": frozenset({"hr", "manager"}),
    "eagle.manage": frozenset({"hr", "manager"}),
    # exams (R-EXM-1): everyone sits their own; QA (品管培训岗) and HR keep the bank and mark
    "exams.sit": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "exams.manage": frozenset({"qa", "hr", "manager"}),
    "exams.mark": frozenset({"qa", "hr", "manager"}),
    # new-hire training (R-NEW-1..4): QA is the trainer; mentors and trainees see their own
    "training.view": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "training.manage": frozenset({"qa", "hr", "manager"}),
    "training.decide": frozenset({"manager"}),
    # bottom elimination (R-BOT-1)
    "bottom.view": frozenset({"team_leader", "hr", "manager"}),
    "bottom.manage": frozenset({"hr", "manager"}),
    # recruitment (R-REC-1)
    "recruitment.manage": frozenset({"hr", "manager"}),
    # QA monitoring (R-QA-1): agents see their own evaluations, leaders their team's, QA all
    "qa.view": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "qa.evaluate": frozenset({"qa", "manager"}),
    "qa.review": frozenset({"qa", "manager"}),
    "qa.scorecards": frozenset({"qa", "manager"}),
    "qa.calibrate": frozenset({"qa", "manager"}),
    "qa.reports": frozenset({"team_leader", "qa", "hr", "manager"}),
    "qa.plans": frozenset({"team_leader", "qa", "manager"}),
    # automatic checking of transcripts (R-QA-2)
    "autoqa.check": frozenset({"qa", "team_leader", "manager"}),
    "autoqa.library": frozenset({"qa", "manager"}),
    # conduct points (R-DIS-1): leaders record; everyone sees their own
    "conduct.view": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "conduct.record": frozenset({"team_leader", "hr", "manager"}),
    # meetings and handover (R-MTG-1)
    "meetings.view": frozenset({"agent", "team_leader", "qa", "hr", "manager"}),
    "meetings.manage": frozenset({"team_leader", "qa", "hr", "manager"}),
    "handover.write": frozenset({"team_leader", "manager"}),
}

# which people's records each role sees (results, explanations, history, roster, monitoring)
ROLE_SCOPES: dict[str, Literal["center", "team", "own", "none"]] = {
    "agent": "own",
    "team_leader": "team",
    "qa": "own",
    "hr": "center",
    "manager": "center",
    "admin": "none",
}


@dataclass(frozen=True)
class Viewer:
    """A signed-in account: its role, and the staff member it belongs to (if any)."""

    username: str
    role: AccessRole
    employee_no: str | None = None
    department: str | None = None
    team: str | None = None
    display_name: str = ""

    def can(self, action: str) -> bool:
        """Whether the role may take the action at all (scope aside)."""
        if action not in PERMISSIONS:
            raise KeyError(f"unknown action {action!r}")
        return self.role in PERMISSIONS[action]

    @property
    def scope(self) -> Literal["center", "team", "own", "none"]:
        return ROLE_SCOPES[self.role]

    def sees(self, employee_no: str, department: str | None, team: str | None) -> bool:
        """Whether this account may see a person's records (R-PRV-1).

        A team leader sees the people of their own department and team; everyone linked to a
        staff member sees their own records; HR and managers see the center.
        """
        if self.employee_no is not None and employee_no == self.employee_no:
            return True
        if self.scope == "center":
            return True
        if self.scope == "team":
            return self.team is not None and team == self.team and department == self.department
        return False

    def sees_pay(self, employee_no: str) -> bool:
        """Pay is confidential: one's own, and the center for HR and managers (R-PRV-1).

        Decision: a team leader sees their team's shifts, attendance and leave, not its pay.
        """
        if self.employee_no is not None and employee_no == self.employee_no:
            return True
        return self.role in ("hr", "manager")

    def monitoring_scope(self) -> Literal["center", "team", "own", "none"]:
        """QA monitors every agent; otherwise the role's own scope."""
        return "center" if self.role == "qa" else self.scope


def backoff_seconds(failures: int, free: int, base: int, cap: int) -> int:
    """How long a sign-in key must wait after its ``failures``-th recent failure.

    The first ``free`` - 1 failures cost nothing; the ``free``-th makes the next attempt wait
    ``base`` seconds, and each further one doubles the wait, never beyond ``cap``.
    """
    if failures < free:
        return 0
    doublings = min(failures - free, 32)  # 2^32 × base is past any cap
    return min(cap, base * (1 << doublings))


def sign_in_throttled(
    now: datetime,
    address_until: datetime | None,
    account_until: datetime | None,
    pair_failures: int,
) -> bool:
    """Whether a sign-in attempt must wait, without its password being checked.

    An address that failed too often waits, whatever name it tries. An account that failed too
    often makes only the addresses that already failed for it wait: its owner, signing in from
    anywhere else, still gets in.
    """
    if address_until is not None and now < address_until:
        return True
    return account_until is not None and now < account_until and pair_failures > 0
