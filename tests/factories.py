"""Small builders of import workbooks and centers for database tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

ROSTER = [
    "工号",
    "姓名",
    "部门",
    "班组",
    "岗位",
    "职级",
    "入职日期",
    "转正日期",
    "状态",
    "离职日期",
    "离职原因",
    "生效日期",
]
SCORES = ["工号", "月份", "通话评估成绩", "工作评估成绩", "综合工作表现"]
ATTENDANCE = [
    "工号",
    "考勤周期",
    "缺勤天数",
    "事假天数",
    "病假天数",
    "迟到次数",
    "早退次数",
    "主动换班次数",
    "未批准缺勤天数",
]
EVIDENCE = [
    "工号",
    "月份",
    "书面表扬次数",
    "错误工单数",
    "错误退费登记数",
    "最低监控成绩",
    "最低考试成绩",
]
HEADERS = {"员工": ROSTER, "月度成绩": SCORES, "考勤汇总": ATTENDANCE, "奖项依据": EVIDENCE}


def make_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """An .xlsx with the given sheets (Chinese names) and rows under the standard headers."""
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(HEADERS[name])
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def make_person(
    no: str,
    name: str,
    role: str = "客服代表",
    department: str = "客服一部",
    team: str = "一组",
    hired: date = date(2024, 1, 2),
    converted: date | None = date(2024, 4, 2),
    status: str = "正式",
    left: date | None = None,
    reason: str | None = None,
    effective: date | None = None,
) -> list[Any]:
    """One 员工 row."""
    return [
        no,
        name,
        department,
        team,
        role,
        "中级客服",
        hired,
        converted,
        status,
        left,
        reason,
        effective,
    ]


def make_scores(no: str, month: str, call: float | None, work: float, conduct: float) -> list[Any]:
    return [no, month, call, work, conduct]


def make_attendance(
    no: str,
    cycle: str,
    absence: float = 0,
    personal: float = 0,
    sick: float = 0,
    late: int = 0,
    early: int = 0,
    swaps: int = 0,
    unapproved: float = 0,
) -> list[Any]:
    return [no, cycle, absence, personal, sick, late, early, swaps, unapproved]


def make_evidence(
    no: str,
    month: str,
    commendations: int = 0,
    work_orders: int = 0,
    refunds: int = 0,
    monitoring: float | None = 80,
    exam: float | None = 80,
) -> list[Any]:
    return [no, month, commendations, work_orders, refunds, monitoring, exam]


def month_sheets(
    month: str, scores: dict[str, tuple[float | None, float, float]], **attendance: dict[str, Any]
) -> dict[str, list[list[Any]]]:
    """Scores for the given people and a clean attendance line for each (overrides by 工号)."""
    return {
        "月度成绩": [make_scores(no, month, *parts) for no, parts in scores.items()],
        "考勤汇总": [make_attendance(no, month, **attendance.get(f"p{no}", {})) for no in scores],
        "奖项依据": [make_evidence(no, month) for no in scores if scores[no][0] is not None],
    }
