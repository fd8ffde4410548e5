"""Read the shift roster (排班, a month grid) and attendance records (考勤记录) from Excel.

Like every import, reading never stops at the first bad cell: it returns the good rows and one
``ImportProblem`` per bad cell (sheet, Excel row, column, value, reason). Whether an employee
number or a shift code exists needs the database and the policy: the service checks those.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from kefu.errors import ImportProblem, ImportRejected
from kefu.imports.reader import _CellError, _date, _decimal, _display, _is_empty, _shown
from kefu.imports.workbook import SheetRefused, WorkbookRefused, open_workbook
from kefu.people.identifiers import IdentifierInvalid, normalize_staff_no

ROSTER_SHEET = "排班"
ROSTER_ALIASES = ("shift-roster", "shift_roster", "roster-grid")
EVENTS_SHEET = "考勤记录"
EVENTS_ALIASES = ("attendance-events", "attendance_events", "events")
# A roster cell that means "no shift that day" (休息)
REST_MARKS = ("休", "休息", "-", "—", "rest", "off")
# the longest span one roster sheet may cover: a month, or an attendance cycle across two
MAX_ROSTER_DAYS = 62
MAX_LEAVE_DAYS = Decimal(1)

EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "clock_in": ("打卡上班", "上班打卡", "签到"),
    "clock_out": ("打卡下班", "下班打卡", "签退"),
    "late": ("迟到",),
    "early_leave": ("早退",),
    "absence": ("缺勤",),
    "personal_leave": ("事假",),
    "sick_leave": ("病假",),
    "comp_time_leave": ("换休", "调休"),
    "shift_swap": ("换班",),
    "unapproved_absence": ("旷工", "未批准缺勤"),
}
EVENT_LABELS = {kind: names[0] for kind, names in EVENT_KINDS.items()}
LEAVE_KINDS = ("personal_leave", "sick_leave", "comp_time_leave")
_YES = ("是", "y", "yes", "true", "1", "已批准", "主动")
_NO = ("否", "n", "no", "false", "0", "未批准", "被动")
Report = Callable[[str, object, str], None]
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class RosterCell:
    """One person's shift (or rest) on one day, as the grid says it."""

    sheet: str
    row: int
    column: str
    employee_no: str
    day: date
    shift_code: str | None


@dataclass(frozen=True)
class EventRow:
    """One attendance record as read."""

    sheet: str
    row: int
    employee_no: str
    day: date
    kind: str
    at: datetime | None
    minutes: int | None
    days: Decimal
    voluntary: bool | None
    approved: bool | None
    note: str | None


@dataclass
class ParsedAttendance:
    """The roster cells and event rows of one file, and every problem found."""

    roster: list[RosterCell] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    sheets: set[str] = field(default_factory=set)
    """The kinds of sheet with rows under their header: "roster", "events" (good or bad rows)."""

    def raise_for_problems(self) -> None:
        if self.problems:
            raise ImportRejected(self.problems)


def read_attendance_file(path: Path) -> ParsedAttendance:
    """Every 排班 and 考勤记录 sheet of a workbook; other sheets are named as problems."""
    result = ParsedAttendance()
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        result.problems.append(
            ImportProblem(path.name, None, None, None, "排班和考勤记录请用 Excel 工作簿(.xlsx)导入")
        )
        return result
    try:
        workbook = open_workbook(path)
    except WorkbookRefused as refused:
        result.problems.append(ImportProblem(path.name, None, None, None, refused.reason))
        return result
    with workbook:
        for name in workbook.sheet_names:
            wanted = name.strip().casefold()
            if wanted in ("说明", "readme"):
                continue
            try:
                rows = workbook.rows(name)
            except SheetRefused as refused:
                result.problems.extend(refused.problems)
                continue
            if not any(not _is_empty(c) for r in rows for c in r):
                continue
            with_rows = sum(1 for r in rows if any(not _is_empty(c) for c in r)) > 1
            if wanted in (ROSTER_SHEET, *ROSTER_ALIASES):
                _read_roster(name, rows, result)
                if with_rows:
                    result.sheets.add("roster")
            elif wanted in (EVENTS_SHEET, *EVENTS_ALIASES):
                _read_events(name, rows, result)
                if with_rows:
                    result.sheets.add("events")
            else:
                result.problems.append(
                    ImportProblem(
                        name,
                        None,
                        None,
                        None,
                        f"无法识别的工作表名；可导入的工作表为:{ROSTER_SHEET}、{EVENTS_SHEET}",
                    )
                )
    if not result.roster and not result.events and not result.problems:
        result.problems.append(ImportProblem(path.name, None, None, None, "文件中没有可导入的数据"))
    return result


def _header_row(rows: list[list[object]]) -> int | None:
    """The index of the first row that is not empty (the header)."""
    for i, row in enumerate(rows):
        if any(not _is_empty(c) for c in row):
            return i
    return None


def _read_roster(sheet: str, rows: list[list[object]], result: ParsedAttendance) -> None:
    """The grid: 工号 | 姓名 (optional) | one column a date, each cell a shift code or 休."""
    h = _header_row(rows)
    assert h is not None
    header = rows[h]
    no_col: int | None = None
    days: dict[int, date] = {}
    seen_days: dict[date, str] = {}
    for c, cell in enumerate(header):
        if _is_empty(cell):
            continue
        text = _display(cell)
        if text in ("工号", "employee_no"):
            no_col = c
            continue
        if text in ("姓名", "name", "班组", "team"):
            continue
        try:
            day = _date(cell)
        except _CellError:
            result.problems.append(
                ImportProblem(
                    sheet, h + 1, text, _shown(cell), "表头应为 工号、姓名 或日期 YYYY-MM-DD"
                )
            )
            continue
        if day in seen_days:
            # named by day and Excel column letter: a date cell reads "2026-10-01 00:00:00"
            result.problems.append(
                ImportProblem(
                    sheet,
                    h + 1,
                    day.isoformat(),
                    None,
                    f"第 {_column_letter(c)} 列的日期与第 {seen_days[day]} 列重复",
                )
            )
            continue
        seen_days[day] = _column_letter(c)
        days[c] = day
    if no_col is None:
        result.problems.append(ImportProblem(sheet, h + 1, "工号", None, "缺少「工号」列"))
        return
    if not days:
        result.problems.append(ImportProblem(sheet, h + 1, None, None, "没有日期列"))
        return
    span = (max(days.values()) - min(days.values())).days + 1
    if span > MAX_ROSTER_DAYS:
        result.problems.append(
            ImportProblem(
                sheet, h + 1, None, None, f"一张排班表最多 {MAX_ROSTER_DAYS} 天，这里跨 {span} 天"
            )
        )
        return
    people: dict[str, int] = {}
    for r in range(h + 1, len(rows)):
        row = rows[r]
        if not any(not _is_empty(c) for c in row):
            continue
        number = r + 1
        raw_no = row[no_col] if no_col < len(row) else None
        if _is_empty(raw_no):
            result.problems.append(ImportProblem(sheet, number, "工号", None, "工号不能为空"))
            continue
        try:
            employee_no = normalize_staff_no(_display(raw_no))
        except IdentifierInvalid as exc:
            result.problems.append(ImportProblem(sheet, number, "工号", None, exc.message))
            continue
        if employee_no in people:
            result.problems.append(
                ImportProblem(
                    sheet, number, "工号", employee_no, f"与第 {people[employee_no]} 行重复"
                )
            )
            continue
        people[employee_no] = number
        for c, day in days.items():
            raw = row[c] if c < len(row) else None
            column = day.isoformat()  # a date cell as the user reads it, not 00:00:00
            code: str | None
            if _is_empty(raw) or _display(raw).casefold() in REST_MARKS:
                code = None
            else:
                code = _display(raw)
                if "\x00" in code or len(code) > 8:
                    result.problems.append(
                        ImportProblem(sheet, number, column, _shown(raw), "不是班次代码")
                    )
                    continue
            result.roster.append(RosterCell(sheet, number, column, employee_no, day, code))


def _column_letter(index: int) -> str:
    """A 0-based column index as Excel names it (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


_EVENT_COLUMNS = {
    "工号": "employee_no",
    "employee_no": "employee_no",
    "日期": "day",
    "day": "day",
    "类型": "kind",
    "kind": "kind",
    "时间": "at",
    "time": "at",
    "分钟": "minutes",
    "minutes": "minutes",
    "天数": "days",
    "days": "days",
    "主动": "voluntary",
    "voluntary": "voluntary",
    "已批准": "approved",
    "approved": "approved",
    "备注": "note",
    "note": "note",
}
_REQUIRED_EVENT_COLUMNS = ("employee_no", "day", "kind")


def _read_events(sheet: str, rows: list[list[object]], result: ParsedAttendance) -> None:
    h = _header_row(rows)
    assert h is not None
    header = rows[h]
    columns: dict[str, int] = {}
    shown: dict[str, str] = {}
    for c, cell in enumerate(header):
        if _is_empty(cell):
            continue
        text = _display(cell)
        key = _EVENT_COLUMNS.get(text) or _EVENT_COLUMNS.get(text.casefold())
        if key is None:
            result.problems.append(ImportProblem(sheet, h + 1, text, None, "无法识别的列名"))
            continue
        columns[key] = c
        shown[key] = text
    missing = [k for k in _REQUIRED_EVENT_COLUMNS if k not in columns]
    if missing:
        names = {"employee_no": "工号", "day": "日期", "kind": "类型"}
        for key in missing:
            result.problems.append(ImportProblem(sheet, h + 1, names[key], None, "缺少必填列"))
        return
    for r in range(h + 1, len(rows)):
        if any(not _is_empty(c) for c in rows[r]):
            _read_event(sheet, r + 1, rows[r], columns, shown, result)


def _read_event(
    sheet: str,
    number: int,
    row: list[object],
    columns: dict[str, int],
    shown: dict[str, str],
    result: ParsedAttendance,
) -> None:
    """One 考勤记录 row into an EventRow, or its problems."""
    bad = False

    def cell(key: str) -> object:
        c = columns.get(key)
        return row[c] if c is not None and c < len(row) else None

    def problem(key: str, value: object, reason: str) -> None:
        nonlocal bad
        bad = True
        result.problems.append(
            ImportProblem(sheet, number, shown.get(key, key), _shown(value), reason)
        )

    employee_no = "" if _is_empty(cell("employee_no")) else _display(cell("employee_no"))
    if not employee_no:
        problem("employee_no", None, "工号不能为空")
    else:
        try:
            employee_no = normalize_staff_no(employee_no)
        except IdentifierInvalid as exc:
            problem("employee_no", None, exc.message)
    day: date | None = None
    try:
        day = _date(cell("day"))
    except _CellError as exc:
        problem("day", cell("day"), exc.reason)
    kind = _event_kind(cell("kind"))
    if kind is None:
        problem("kind", cell("kind"), "类型应为:" + "、".join(EVENT_LABELS.values()))
    at = _at(cell("at"), day, problem)
    minutes = _minutes(cell("minutes"), problem)
    days = Decimal(1)
    if not _is_empty(cell("days")):
        try:
            days = _decimal(cell("days"))
            if not Decimal(0) < days <= MAX_LEAVE_DAYS or days * 2 != (days * 2).to_integral():
                raise _CellError("天数应为 0.5 或 1(一天一行)")
        except _CellError as exc:
            problem("days", cell("days"), exc.reason)
    voluntary = _yes_no(cell("voluntary"), "voluntary", problem)
    approved = _yes_no(cell("approved"), "approved", problem)
    note = None if _is_empty(cell("note")) else _display(cell("note"))[:255]
    if kind in ("clock_in", "clock_out") and at is None and not bad:
        problem("at", None, "打卡记录须填写时间")
    if kind in ("late", "early_leave") and minutes is None and not bad:
        problem("minutes", None, "迟到、早退须填写分钟数")
    if bad or kind is None or day is None:
        return
    result.events.append(
        EventRow(
            sheet, number, employee_no, day, kind, at, minutes, days, voluntary, approved, note
        )
    )


def _event_kind(raw: object) -> str | None:
    if _is_empty(raw):
        return None
    text = _display(raw).casefold()
    for kind, names in EVENT_KINDS.items():
        if text == kind or text in (n.casefold() for n in names):
            return kind
    return None


def _at(raw: object, day: date | None, problem: Report) -> datetime | None:
    """A punch time: a full date-time, or a clock time on the row's day (after midnight: as is)."""
    if _is_empty(raw):
        return None
    if isinstance(raw, datetime):
        return raw.replace(second=0, microsecond=0)
    if isinstance(raw, time) and day is not None:
        return datetime.combine(day, raw.replace(second=0, microsecond=0))
    text = _display(raw)
    m = _TIME.match(text)
    if m and day is not None and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        return datetime.combine(day, time(int(m.group(1)), int(m.group(2))))
    try:
        return datetime.fromisoformat(text).replace(second=0, microsecond=0)
    except ValueError:
        problem("at", raw, "时间应为 HH:MM 或 YYYY-MM-DD HH:MM")
        return None


def _minutes(raw: object, problem: Report) -> int | None:
    if _is_empty(raw):
        return None
    try:
        number = _decimal(raw)
    except _CellError as exc:
        problem("minutes", raw, exc.reason)
        return None
    if number != number.to_integral_value() or not 0 < number <= 24 * 60:
        problem("minutes", raw, "分钟数应为 1 到 1440 的整数")
        return None
    return int(number)


def _yes_no(raw: object, key: str, problem: Report) -> bool | None:
    if _is_empty(raw):
        return None
    text = _display(raw).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    problem(key, raw, "应填 是 或 否")
    return None
