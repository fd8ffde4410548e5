"""Every table, imported in one place for Alembic and for tests."""

from kefu.closing.models import MonthlyResult, PeriodClose, QuarterlyResult
from kefu.db import Base
from kefu.people.models import Employee, EmployeeRecord
from kefu.policy.models import PolicyAssignment, PolicyVersion
from kefu.scores.models import AttendanceSummary, AwardEvidence, InputChange, MonthlyScore

__all__ = [
    "AttendanceSummary",
    "AwardEvidence",
    "Base",
    "Employee",
    "EmployeeRecord",
    "InputChange",
    "MonthlyResult",
    "MonthlyScore",
    "PeriodClose",
    "PolicyAssignment",
    "PolicyVersion",
    "QuarterlyResult",
]
