"""Every table, imported in one place for Alembic and for tests."""

from kefu.accounts.models import ApiToken, LoginSession, User
from kefu.attendance.models import AttendanceEvent, CompTimeEntry, LeaveRequest, ShiftAssignment
from kefu.audit.models import AuditEvent
from kefu.autoqa import models as autoqa_models  # noqa: F401
from kefu.careers.models import PerformanceIndicator, PromotionRound
from kefu.closing.models import MonthlyResult, PeriodClose, QuarterlyResult
from kefu.conduct import models as conduct_models  # noqa: F401
from kefu.db import Base
from kefu.elimination import models as elimination_models  # noqa: F401
from kefu.exams import models as exam_models  # noqa: F401
from kefu.meetings import models as meeting_models  # noqa: F401
from kefu.pay.models import PayAdjustment, PayResult
from kefu.people.models import Employee, EmployeeRecord
from kefu.policy.models import PolicyAssignment, PolicyVersion
from kefu.qa import models as qa_models  # noqa: F401
from kefu.qa_reports import models as qa_report_models  # noqa: F401
from kefu.recruitment import models as recruitment_models  # noqa: F401
from kefu.scores.models import AttendanceSummary, AwardEvidence, InputChange, MonthlyScore
from kefu.training import models as training_models  # noqa: F401
from kefu.workflow.models import Case, CaseAction, Objection

__all__ = [
    "ApiToken",
    "AttendanceEvent",
    "AttendanceSummary",
    "AuditEvent",
    "AwardEvidence",
    "Base",
    "Case",
    "CaseAction",
    "CompTimeEntry",
    "Employee",
    "EmployeeRecord",
    "InputChange",
    "LeaveRequest",
    "LoginSession",
    "MonthlyResult",
    "MonthlyScore",
    "Objection",
    "PayAdjustment",
    "PayResult",
    "PerformanceIndicator",
    "PeriodClose",
    "PolicyAssignment",
    "PolicyVersion",
    "PromotionRound",
    "QuarterlyResult",
    "ShiftAssignment",
    "User",
]
