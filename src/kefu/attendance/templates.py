"""Import templates for the shift roster (a month grid) and attendance records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from kefu.attendance.imports import EVENT_KINDS, EVENTS_SHEET, REST_MARKS, ROSTER_SHEET
from kefu.policy.schema import ShiftType


def write_roster_template(
    path: Path,
    start: date,
    end: date,
    people: Sequence[tuple[str, str, str | None]],
    shift_types: Sequence[ShiftType],
    filled: dict[tuple[str, date], str] | None = None,
) -> None:
    """排班 grid: one row a person (工号, 姓名, 班组), one column a day; cells are shift codes."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center"})
    weekend = wb.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "align": "center"})
    center = wb.add_format({"align": "center"})
    ws = wb.add_worksheet(ROSTER_SHEET)
    ws.write(0, 0, "工号", head)
    ws.write(0, 1, "姓名", head)
    ws.write(0, 2, "班组", head)
    ws.set_column(0, 0, 10)
    ws.set_column(1, 2, 12)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    for c, day in enumerate(days, start=3):
        ws.write_string(0, c, day.isoformat(), weekend if day.weekday() >= 5 else head)
        ws.set_column(c, c, 11)
    codes = [s.code for s in shift_types]
    for r, (no, name, team) in enumerate(people, start=1):
        ws.write_string(r, 0, no)
        ws.write_string(r, 1, name)
        ws.write_string(r, 2, team or "")
        for c, day in enumerate(days, start=3):
            code = (filled or {}).get((no, day))
            if code:
                ws.write_string(r, c, code, center)
    if people:
        ws.data_validation(
            1,
            3,
            len(people),
            2 + len(days),
            {"validate": "list", "source": [*codes, REST_MARKS[0]], "ignore_blank": True},
        )
    ws.freeze_panes(1, 3)
    info = wb.add_worksheet("说明")
    info.set_column(0, 0, 16)
    info.set_column(1, 1, 80)
    lines = [
        ("用途", "排班表:每行一名员工，每列一天；单元格填写班次代码，休息留空或填「休」"),
        (
            "班次",
            "；".join(
                f"{s.code} {s.starts}–{s.ends}（在岗 {s.on_site_hours} 小时，计 {s.counted_hours} 小时）"
                for s in shift_types
            ),
        ),
        ("通宵班", "跨零点的班次记在开始的那一天 (R-SHF-1)，工时按实际跨越的日期拆分"),
        (
            "导入",
            "kefu roster import 文件.xlsx；表中列出的员工和日期以本表为准(原有排班被替换)，全部正确才写入",
        ),
    ]
    for i, (k, v) in enumerate(lines):
        info.write(i, 0, k, head)
        info.write(i, 1, v)
    wb.close()


def write_events_template(path: Path) -> None:
    """考勤记录: one row a punch or an exception."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    ws = wb.add_worksheet(EVENTS_SHEET)
    headers = [
        ("工号", 10),
        ("日期", 12),
        ("类型", 12),
        ("时间", 18),
        ("分钟", 8),
        ("天数", 8),
        ("主动", 8),
        ("已批准", 8),
        ("备注", 30),
    ]
    for c, (text, width) in enumerate(headers):
        ws.write(0, c, text, head)
        ws.set_column(c, c, width)
    kinds = [names[0] for names in EVENT_KINDS.values()]
    ws.data_validation(1, 2, 5000, 2, {"validate": "list", "source": kinds})
    ws.data_validation(1, 6, 5000, 7, {"validate": "list", "source": ["是", "否"]})
    ws.freeze_panes(1, 0)
    info = wb.add_worksheet("说明")
    info.set_column(0, 0, 12)
    info.set_column(1, 1, 90)
    lines = [
        ("工号", "员工工号(必填)"),
        ("日期", "班次开始的日期 YYYY-MM-DD(必填)；通宵班的下班打卡也记在开始的那一天"),
        ("类型", "、".join(kinds) + "(必填)"),
        ("时间", "打卡时间 HH:MM 或 YYYY-MM-DD HH:MM；打卡上班/打卡下班必填"),
        ("分钟", "迟到、早退的分钟数；只记录例外(不打卡)时填写"),
        ("天数", "请假天数，1 或 0.5；默认 1"),
        ("主动", "换班是否为本人主动申请(是/否)；全勤奖只计主动换班 (R-AWD-1)"),
        (
            "已批准",
            "请假是否已获批准(是/否)；留空则以系统中已批准的申请为准；未批准的请假按旷工处理 (R-HRS-2)",
        ),
        (
            "规则",
            "有打卡记录的员工，排班日没有打卡也没有请假，按旷工 1 天计；只记录例外的员工，排班日默认出勤",
        ),
    ]
    for i, (k, v) in enumerate(lines):
        info.write(i, 0, k, head)
        info.write(i, 1, v)
    wb.close()
