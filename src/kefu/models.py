"""Every table, imported in one place for Alembic and for tests."""

from kefu.accounts.models import ApiToken, LoginSession, User
from kefu.audit.models import AuditEvent
from kefu.closing.models import MonthlyResult, PeriodClose, QuarterlyResult
from kefu.db import Base
from kefu.people.models import Employee, EmployeeRecord
from kefu.policy.models import PolicyAssignment, PolicyVersion
from kefu.scores.models import AttendanceSummary, AwardEvidence, InputChange, MonthlyScore

__all__ = [
    "ApiToken",
    "AttendanceSummary",
    "AuditEvent",
    "AwardEvidence",
    "Base",
    "Employee",
    "EmployeeRecord",
    "InputChange",
    "LoginSession",
    "MonthlyResult",
    "MonthlyScore",
    "PeriodClose",
    "PolicyAssignment",
    "PolicyVersion",
    "QuarterlyResult",
    "User",
]
