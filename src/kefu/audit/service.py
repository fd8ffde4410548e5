"""Use cases of the audit log: record a change, read the log (R-AUD-1)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.audit.models import AuditEvent

# action key → (中文, English): what the log page shows for each kind of change
ACTIONS: dict[str, tuple[str, str]] = {
    "import": ("导入数据", "Import"),
    "import.refused": ("导入被拒绝", "Import refused"),
    "close": ("结算", "Close"),
    "reclose": ("重新结算(新修订)", "Re-close (new revision)"),
    "policy.use": ("启用政策", "Policy adopted"),
    "user.add": ("新增用户", "User added"),
    "user.change": ("修改用户", "User changed"),
    "user.password": ("修改密码", "Password changed"),
    "user.locked": ("账号锁定", "Account locked"),
    "user.token": ("创建 API 令牌", "API token created"),
    "user.token_revoke": ("撤销 API 令牌", "API token revoked"),
    "sign_in": ("登录", "Signed in"),
    "sign_in.failed": ("登录失败", "Sign-in failed"),
    "sign_out": ("退出登录", "Signed out"),
    "leave.request": ("提交请假/换休申请", "Leave requested"),
    "leave.decide": ("审批请假/换休申请", "Leave decided"),
    "leave.cancel": ("撤回请假/换休申请", "Leave request withdrawn"),
    "roster.edit": ("修改排班", "Roster edited"),
    "exam.question": ("编辑题库", "Question bank edited"),
    "exam.retire": ("停用试题", "Question retired"),
    "exam.draw": ("组卷", "Paper drawn"),
    "exam.assign": ("安排考试", "Exam assigned"),
    "exam.mark": ("阅卷评分", "Answer marked"),
    "training.cohort": ("开设培训班", "Training cohort opened"),
    "training.plan": ("修改培训计划", "Training plan edited"),
    "training.trainee": ("学员加入培训班", "Trainee added"),
    "training.mentor": ("指定导师", "Mentor assigned"),
    "training.score": ("录入培训成绩", "Training score entered"),
    "training.warn": ("培训提醒", "Training warning recorded"),
    "training.criterion": ("记录淘汰依据", "Elimination criterion recorded"),
    "training.withdraw": ("撤销淘汰依据", "Elimination criterion withdrawn"),
    "training.conversion": ("转正考试结果", "Conversion exam recorded"),
    "training.re_exam": ("转正补考结果", "Conversion re-exam recorded"),
    "training.decision": ("补考未通过的决定", "Decision after a failed re-exam"),
    "training.checklist": ("办理离职手续", "Offboarding item done"),
    "training.exit": ("离职面谈", "Exit talk recorded"),
    "training.open": ("发起培训淘汰", "Training elimination opened"),
    "training.decide": ("培训淘汰面谈", "Training elimination talk"),
    "training.object": ("对培训淘汰提出申诉", "Objection to a training elimination"),
    "training.answer": ("答复培训淘汰申诉", "Objection answered"),
    "training.final": ("培训淘汰生效", "Training elimination final"),
    "recruitment.add": ("登记应聘者", "Candidate added"),
    "recruitment.result": ("录入招聘测试成绩", "Recruitment test result recorded"),
    "recruitment.move": ("应聘者阶段变更", "Candidate moved"),
    "qa.scorecard": ("保存评分表新版本", "Scorecard version saved"),
    "qa.contact": ("登记监控联络", "Monitored contact added"),
    "qa.evaluate": ("监控评分", "Evaluation scored"),
    "qa.submit": ("提交监控评分", "Evaluation submitted"),
    "qa.acknowledge": ("确认监控评分", "Evaluation acknowledged"),
    "qa.dispute": ("对监控评分提出申诉", "Evaluation disputed"),
    "qa.review": ("复核监控评分申诉", "Dispute reviewed"),
    "qa.calibration": ("校准", "Calibration"),
    "autoqa.library": ("保存话术库新版本", "Phrase library version saved"),
    "autoqa.import": ("导入转写并自动质检", "Transcripts imported and checked"),
    "qa_plan.add": ("制定改进计划", "Improvement plan made"),
    "qa_plan.change": ("修改改进计划", "Improvement plan changed"),
    "qa_plan.follow_up": ("跟进改进计划", "Improvement plan followed up"),
    "qa_plan.comment": ("对改进计划提出意见", "Comment on an improvement plan"),
    "qa_plan.close": ("结束改进计划", "Improvement plan closed"),
    "conduct.record": ("记录扣分", "Conduct points recorded"),
    "conduct.withdraw": ("撤销扣分", "Conduct points withdrawn"),
    "conduct.object": ("对扣分提出申诉", "Objection to conduct points"),
    "conduct.answer": ("答复扣分申诉", "Conduct objection answered"),
    "meeting.add": ("记录会议", "Meeting recorded"),
    "meeting.attendance": ("修改会议出席情况", "Meeting attendance changed"),
    "meeting.follow_up": ("新增跟进事项", "Follow-up added"),
    "meeting.follow_up_done": ("完成跟进事项", "Follow-up done"),
    "handover.add": ("填写交接班记录", "Handover written"),
    "handover.ack": ("确认接班", "Handover acknowledged"),
}
_CASE_KINDS = {
    "promotion": ("晋升申请", "Promotion"),
    "election": ("组长竞聘", "Team-leader election"),
    "eagle": ("雏鹰计划", "Eagle plan"),
    "bottom_standby": ("待岗培训", "Standby retraining"),
    "bottom_dismissal": ("末位淘汰辞退", "Dismissal for last places"),
}
_CASE_ACTIONS = {
    "open": ("发起", "opened"),
    "decide": ("审批", "decided"),
    "withdraw": ("撤回", "withdrawn"),
    "object": ("提出申诉", "objection filed"),
    "answer": ("答复申诉", "objection answered"),
    "final": ("生效", "made final"),
    "scores": ("录入评分", "scores entered"),
    "apply": ("报名/申请", "application"),
    "confirm": ("试用期满确认", "probation decided"),
    "group": ("组建小组", "group formed"),
    "exams": ("录入考试成绩", "exam results entered"),
    "complaint": ("投诉组长", "complaint about the leader"),
    "leader": ("另立组长", "leader replaced"),
    "round": ("开放本期申请", "round opened"),
}
ACTIONS |= {
    f"{kind}.{action}": (f"{kz}{az}", f"{ke} {ae}")
    for kind, (kz, ke) in _CASE_KINDS.items()
    for action, (az, ae) in _CASE_ACTIONS.items()
}


def record(
    session: Session, actor: str, action: str, target: str, detail: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one event; it is written with the caller's unit of work, or not at all."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(actor=actor, action=action, target=target, detail=detail or {})
    session.add(event)
    session.flush()
    return event


def events(
    session: Session, action: str = "", actor: str = "", limit: int = 100, offset: int = 0
) -> tuple[list[AuditEvent], int]:
    """The newest events first, optionally of one action or actor, and how many match."""
    stmt = select(AuditEvent)
    count = select(func.count(AuditEvent.id))
    if action:
        stmt, count = (
            stmt.where(AuditEvent.action == action),
            count.where(AuditEvent.action == action),
        )
    if actor:
        stmt, count = stmt.where(AuditEvent.actor == actor), count.where(AuditEvent.actor == actor)
    rows = session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit).offset(offset))
    return list(rows), session.scalar(count) or 0
