"""Read an import file (.xlsx or .csv) into typed rows, collecting every problem.

Imports are all-or-nothing: the reader never stops at the first bad cell. It reads the
whole file and returns the good rows together with one ``ImportProblem`` per bad cell or
row (sheet, Excel row number, column header as written, value, reason in Chinese); the
service writes nothing when ``problems`` is not empty. Whether an employee number exists
is not checked here — that needs the database and belongs to the service.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Integer, Numeric, String, inspect

from kefu.careers.models import PerformanceIndicator
from kefu.config import get_settings
from kefu.db import Base
from kefu.errors import ImportProblem, ImportRejected
from kefu.imports.sheets import (
    MONTHLY_SCORES,
    PERFORMANCE_INDICATORS,
    SHEET_KINDS,
    Column,
    ColumnType,
    SheetKind,
    find_kind,
    is_ignored_sheet,
)
from kefu.imports.workbook import SheetRefused, WorkbookRefused, open_workbook
from kefu.people.identifiers import IdentifierInvalid, check_person_name, normalize_staff_no
from kefu.people.models import Employee, EmployeeRecord
from kefu.periods import Month
from kefu.scores.models import AttendanceSummary, AwardEvidence, MonthlyScore

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIX = ".csv"
# Chinese Excel saves "CSV" in the system code page; try it when UTF-8 fails.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")

# Problems kept in memory for one file: a refusal lists the first few hundred (Settings
# import_shown_problems) and counts the rest, so a file bad in every cell costs no more.
KEPT_PROBLEMS = 10_000
# A problem shows at most this many characters of the cell it is about.
SHOWN_VALUE_CHARS = 100
# PostgreSQL's INTEGER, the column type of every count.
_INTEGER_MAX = 2**31 - 1

# The key of every row read so far (kind, 工号, period) → where it was: (sheet, row).
_Seen = dict[tuple[object, ...], tuple[str, int]]


@dataclass(frozen=True)
class RosterRow:
    """One row of the 员工 sheet."""

    sheet: str
    row: int
    employee_no: str
    name: str
    department: str
    team: str | None
    role: str
    level: str | None
    hired_on: date
    converted_on: date | None
    status: str
    left_on: date | None
    leave_reason: str | None
    effective_on: date | None


@dataclass(frozen=True)
class ScoreRow:
    """One row of the 月度成绩 sheet: one employee's component scores for one month."""

    sheet: str
    row: int
    employee_no: str
    month: Month
    call_quality: Decimal | None
    work_ability: Decimal | None
    overall_conduct: Decimal | None


@dataclass(frozen=True)
class AttendanceRow:
    """One row of the 考勤汇总 sheet: one employee's totals for one attendance cycle."""

    sheet: str
    row: int
    employee_no: str
    cycle: Month
    absence_days: Decimal
    personal_leave_days: Decimal
    sick_leave_days: Decimal
    late_count: int
    early_leave_count: int
    shift_swap_count: int
    unapproved_absence_days: Decimal


@dataclass(frozen=True)
class EvidenceRow:
    """One row of the 奖项依据 sheet: one employee's award evidence for one month."""

    sheet: str
    row: int
    employee_no: str
    month: Month
    commendations: int
    erroneous_work_orders: int
    erroneous_refunds: int
    min_monitoring_score: Decimal | None
    min_exam_score: Decimal | None


@dataclass(frozen=True)
class IndicatorRow:
    """One row of the 业绩指标 sheet: one employee's performance indicators for one month."""

    sheet: str
    row: int
    employee_no: str
    month: Month
    satisfaction: Decimal | None
    avg_response_minutes: Decimal | None
    on_time_response_pct: Decimal | None
    resolution_pct: Decimal | None
    complaint_pct: Decimal | None
    kpi_completion_pct: Decimal | None
    skills_exam_score: Decimal | None
    violations: int  # a blank cell is 0


@dataclass
class ParsedImport:
    """Everything read from one file: typed rows by sheet kind, and every problem found."""

    roster: list[RosterRow] = field(default_factory=list)
    monthly_scores: list[ScoreRow] = field(default_factory=list)
    attendance: list[AttendanceRow] = field(default_factory=list)
    award_evidence: list[EvidenceRow] = field(default_factory=list)
    performance_indicators: list[IndicatorRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    # problems found past the KEPT_PROBLEMS kept in ``problems``: counted, not kept
    unlisted: int = 0

    @property
    def count(self) -> int:
        """The number of rows read, over all sheets."""
        return (
            len(self.roster)
            + len(self.monthly_scores)
            + len(self.attendance)
            + len(self.award_evidence)
            + len(self.performance_indicators)
        )

    def raise_for_problems(self) -> None:
        """Raise ImportRejected listing every problem, if there is any."""
        if self.problems:
            raise ImportRejected(self.problems, self.unlisted)

    def add_problems(self, problems: list[ImportProblem]) -> None:
        """Keep a row's problems while fewer than KEPT_PROBLEMS are kept; count the rest."""
        room = max(0, KEPT_PROBLEMS - len(self.problems))
        self.problems.extend(problems[:room])
        self.unlisted += len(problems[room:])


def read_import(path: Path, kind: str | None = None) -> ParsedImport:
    """Read ``path`` (.xlsx by sheet names, .csv as sheet kind ``kind``); never raise on content."""
    result = ParsedImport()
    suffix = path.suffix.lower()
    if suffix not in (*WORKBOOK_SUFFIXES, CSV_SUFFIX):
        result.problems.append(
            ImportProblem(
                path.name,
                None,
                None,
                None,
                f"不支持的文件类型「{path.suffix or '无扩展名'}」，请使用 Excel 工作簿(.xlsx)"
                "或 CSV 文件(.csv)",
            )
        )
        return result
    if not path.is_file():
        result.problems.append(ImportProblem(path.name, None, None, None, "找不到该文件"))
        return result
    if suffix == CSV_SUFFIX:
        tables = _csv_tables(path, kind, result.problems)
    else:
        tables = _workbook_tables(path, result.problems)
    seen: _Seen = {}
    for table in tables:
        _read_table(table, result, seen)
    return result


# --- files into tables ---------------------------------------------------------------


@dataclass
class _Table:
    """One sheet (or CSV file) of a known kind: its rows with their Excel row numbers."""

    sheet: str
    kind: SheetKind
    rows: list[tuple[int, list[object]]]


def _numbered(rows: list[list[object]]) -> list[tuple[int, list[object]]]:
    return [(number, row) for number, row in enumerate(rows, start=1)]


def _workbook_tables(path: Path, problems: list[ImportProblem]) -> list[_Table]:
    try:
        workbook = open_workbook(path)
    except WorkbookRefused as refused:
        problems.append(ImportProblem(path.name, None, None, None, refused.reason))
        return []
    tables: list[_Table] = []
    with workbook:
        for name in workbook.sheet_names:
            if is_ignored_sheet(name):
                continue
            try:
                # Keep empty leading rows and columns so row numbers match Excel's.
                rows = workbook.rows(name)
            except SheetRefused as refused:
                problems.extend(refused.problems)
                continue
            if not any(not _is_empty(cell) for row in rows for cell in row):
                continue  # an empty sheet holds nothing to import
            sheet_kind = find_kind(name)
            if sheet_kind is None:
                known = "、".join(k.sheet_name for k in SHEET_KINDS)
                problems.append(
                    ImportProblem(
                        name,
                        None,
                        None,
                        None,
                        f"无法识别的工作表名；可导入的工作表为:{known}(「说明」工作表会被忽略)",
                    )
                )
                continue
            tables.append(_Table(name, sheet_kind, _numbered(rows)))
    return tables


def _csv_tables(path: Path, kind: str | None, problems: list[ImportProblem]) -> list[_Table]:
    sheet_kind = find_kind(kind) if kind else None
    if sheet_kind is None:
        names = "、".join(k.template_name for k in SHEET_KINDS)
        given = f"「{kind}」无法识别" if kind else "未指明"
        problems.append(
            ImportProblem(
                path.name,
                None,
                None,
                kind,
                f"CSV 文件需要指明导入类型，当前{given}；可选:{names}",
            )
        )
        return []
    for encoding in CSV_ENCODINGS:
        try:
            rows = _csv_rows(path, encoding)
            break
        except UnicodeDecodeError:
            continue
        except _CsvRefused as refused:
            problems.append(ImportProblem(path.name, refused.row, None, None, refused.reason))
            return []
        except csv.Error as exc:
            problems.append(ImportProblem(path.name, None, None, None, f"CSV 格式有误:{exc}"))
            return []
    else:
        problems.append(
            ImportProblem(
                path.name, None, None, None, "无法识别文件编码；请将 CSV 保存为 UTF-8 编码"
            )
        )
        return []
    return [_Table(path.name, sheet_kind, _numbered(rows))]


class _CsvRefused(Exception):
    """A CSV file past a bound of lines, rows or columns; ``reason`` names the bound."""

    def __init__(self, reason: str, row: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.row = row


def _bounded_lines(handle: io.TextIOBase, most: int) -> Iterator[str]:
    """The file's lines, each read with a cap: a line longer than ``most`` is refused."""
    number = 0
    while line := handle.readline(most + 1):
        number += 1
        if len(line.rstrip("\r\n")) > most:
            raise _CsvRefused(
                f"第 {number} 行过长:超过 {most:,} 个字符；请检查文件是否为正确的 CSV 表格",
                number,
            )
        yield line


def _csv_rows(path: Path, encoding: str) -> list[list[object]]:
    """The rows of a CSV file read as ``encoding``, streamed within the bounds of Settings."""
    settings = get_settings()
    most_rows, most_columns = settings.import_max_rows, settings.import_max_columns
    rows: list[list[object]] = []
    with path.open(encoding=encoding, newline="") as handle:
        for row in csv.reader(_bounded_lines(handle, settings.import_max_line_chars)):
            if len(rows) == most_rows:
                raise _CsvRefused(
                    f"文件超过 {most_rows:,} 行的上限(每个文件最多 {most_rows:,} 行)；"
                    "请拆分成几个文件后分别导入"
                )
            if len(row) > most_columns:
                raise _CsvRefused(
                    f"第 {len(rows) + 1} 行有 {len(row):,} 列，超出每行最多 {most_columns:,} 列的上限",
                    len(rows) + 1,
                )
            rows.append(list(row))
    return rows


# --- tables into rows ----------------------------------------------------------------


@dataclass(frozen=True)
class _Limits:
    """What the database column behind a sheet column can hold (read from its SQLAlchemy type)."""

    length: int | None = None  # characters of a text column
    largest: Decimal | None = None  # the largest number, either sign
    places: int | None = None  # decimal places of a number


# The table each sheet kind is written to; 工号 always goes to the register (employee).
_TABLES: dict[str, type[Base]] = {
    "roster": EmployeeRecord,
    "monthly_scores": MonthlyScore,
    "attendance": AttendanceSummary,
    "award_evidence": AwardEvidence,
    "performance_indicators": PerformanceIndicator,
}


def _limits_of(kind: SheetKind, column: Column) -> _Limits:
    """The limits of the database column that ``column`` of ``kind`` is written to.

    Only the table definitions are read (no database): a cell the column cannot hold is a
    problem of the file, reported with the others, rather than a failed write.
    """
    model = Employee if column.key == "employee_no" else _TABLES[kind.kind]
    db_type = inspect(model).columns[column.key].type
    if isinstance(db_type, String):
        return _Limits(length=db_type.length)
    if isinstance(db_type, Numeric) and db_type.precision is not None:
        scale = db_type.scale or 0
        step = Decimal(1).scaleb(-scale)
        return _Limits(largest=Decimal(10) ** (db_type.precision - scale) - step, places=scale)
    if isinstance(db_type, Integer):
        return _Limits(largest=Decimal(_INTEGER_MAX), places=0)
    return _Limits()


_LIMITS = {(k.kind, c.key): _limits_of(k, c) for k in SHEET_KINDS for c in k.columns}


class _CellError(Exception):
    """A cell that cannot be read as its column's type; ``reason`` is shown to the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_HEADER_SUFFIX = re.compile(r"\s*(?:[*＊]|[(（]\s*(?:必填|选填|可选)\s*[)）])\s*$")
_FULL_WIDTH = str.maketrans({"％": "%"})
# Left out of a header as compared: spaces, and the brackets around a unit such as （分钟）.
_HEADER_IGNORED = re.compile(r"[\s()（）]+")


def _header_key(text: str) -> str:
    """A header as compared: without a 必填 mark, spaces or brackets; English case-insensitive.

    问题解决率（%）, 问题解决率(%), 问题解决率 % and 问题解决率％ compare the same.
    """
    text = text.strip()
    while (stripped := _HEADER_SUFFIX.sub("", text)) != text:
        text = stripped
    return _HEADER_IGNORED.sub("", text.translate(_FULL_WIDTH)).casefold()


def _header_names(column: Column) -> tuple[str, ...]:
    """The compared forms of a column's header: Chinese, Chinese without its unit, English key.

    平均响应时间（分钟）, 平均响应时间(分钟) and 平均响应时间 all name the same column.
    """
    return (_header_key(column.header), _header_key(column.name), column.key.casefold())


def _match_header(kind: SheetKind, text: str) -> Column | None:
    wanted = _header_key(text)
    for column in kind.columns:
        if wanted in _header_names(column):
            return column
    return None


def _read_table(table: _Table, result: ParsedImport, seen: _Seen) -> None:
    """Read one table's rows into ``result``; problems go to ``result.problems``."""
    problems = result.problems
    rows = iter(table.rows)
    header = next(((n, cells) for n, cells in rows if any(not _is_empty(c) for c in cells)), None)
    if header is None:
        return
    header_row, header_cells = header
    positions: dict[str, tuple[int, str]] = {}  # key → (cell index, header as written)
    for index, cell in enumerate(header_cells):
        text = _text(cell) if not _is_empty(cell) else ""
        column = _match_header(table.kind, text) if text else None
        if column is None:
            continue  # extra columns are allowed and ignored
        if column.key in positions:
            problems.append(
                ImportProblem(
                    table.sheet,
                    header_row,
                    text,
                    None,
                    f"列「{column.header}」出现了不止一次(首次为「{positions[column.key][1]}」);"
                    "每列只能出现一次",
                )
            )
            continue
        positions[column.key] = (index, text)
    missing = [c for c in table.kind.columns if c.required and c.key not in positions]
    for column in missing:
        required = "、".join(c.header for c in table.kind.columns if c.required)
        problems.append(
            ImportProblem(
                table.sheet,
                header_row,
                column.header,
                None,
                f"缺少必填列「{column.header}」(英文列名 {column.key});"
                f"工作表「{table.kind.sheet_name}」的必填列为:{required}",
            )
        )
    if missing:
        return
    headers = {
        c.key: positions[c.key][1] if c.key in positions else c.header for c in table.kind.columns
    }
    for row_number, cells in rows:
        raw = {
            key: (cells[index] if index < len(cells) else "")
            for key, (index, _) in positions.items()
        }
        if all(_is_empty(value) for value in raw.values()):
            continue
        values = _RowValues(table.sheet, row_number, headers)
        for column in table.kind.columns:
            values.read(
                column,
                raw.get(column.key, ""),
                present=column.key in positions,
                limits=_LIMITS[(table.kind.kind, column.key)],
            )
        _check_duplicate(values, table.kind, seen)
        if not values.problems:
            _BUILDERS[table.kind.kind](values, result)
        result.add_problems(values.problems)


T = TypeVar("T")


class _RowValues:
    """The parsed cells of one row, with typed getters and a list of this row's problems."""

    def __init__(self, sheet: str, row: int, headers: dict[str, str]) -> None:
        self.sheet = sheet
        self.row = row
        self.headers = headers
        self.values: dict[str, object] = {}
        self.problems: list[ImportProblem] = []

    def problem(self, key: str | None, value: object, reason: str) -> None:
        column = self.headers[key] if key is not None else None
        shown = _shown(value) if value is not None and not _is_empty(value) else None
        self.problems.append(ImportProblem(self.sheet, self.row, column, shown, reason))

    def read(self, column: Column, raw: object, *, present: bool, limits: _Limits) -> None:
        """Parse ``raw`` as ``column``; record a problem instead of raising."""
        self.values[column.key] = None
        if _is_empty(raw):
            if column.required and present:
                self.problem(column.key, None, f"「{column.header}」为必填项，不能为空")
            return
        try:
            self.values[column.key] = _parse(column, raw, limits)
        except _CellError as exc:
            self.problem(column.key, raw, exc.reason)

    def _get(self, key: str, expected: type[T]) -> T | None:
        value = self.values[key]
        if value is None:
            return None
        assert isinstance(value, expected), (key, value)
        return value

    def _need(self, key: str, expected: type[T]) -> T:
        value = self._get(key, expected)
        assert value is not None, key  # required cells are checked in read()
        return value

    def text(self, key: str) -> str:
        return self._need(key, str)

    def opt_text(self, key: str) -> str | None:
        return self._get(key, str)

    def day(self, key: str) -> date:
        return self._need(key, date)

    def opt_day(self, key: str) -> date | None:
        return self._get(key, date)

    def month(self, key: str) -> Month:
        return self._need(key, Month)

    def decimal(self, key: str) -> Decimal:
        return self._need(key, Decimal)

    def opt_decimal(self, key: str) -> Decimal | None:
        return self._get(key, Decimal)

    def count(self, key: str) -> int:
        return self._need(key, int)

    def opt_count(self, key: str) -> int | None:
        return self._get(key, int)


def _check_duplicate(values: _RowValues, kind: SheetKind, seen: _Seen) -> None:
    """Record the row's key; report a problem when an earlier row had the same key."""
    key_values = tuple(values.values[k] for k in kind.key_columns)
    if any(v is None for v in key_values):
        return  # a key cell was empty or bad, already reported
    first = seen.get((kind.kind, *key_values))
    if first is None:
        seen[(kind.kind, *key_values)] = (values.sheet, values.row)
        return
    first_sheet, first_row = first
    where = f"第 {first_row} 行"
    if first_sheet != values.sheet:
        where = f"工作表「{first_sheet}」{where}"
    described = "、".join(
        f"{kind.column(k).header} {v}" for k, v in zip(kind.key_columns, key_values, strict=True)
    )
    per = "".join(f"每个{kind.column(k).header}" for k in kind.key_columns[1:])
    values.problem(
        kind.key_columns[0], key_values[0], f"与{where}重复({described})；每名员工{per}只能有一行"
    )


def _add_roster(values: _RowValues, result: ParsedImport) -> None:
    hired_on = values.day("hired_on")
    converted_on = values.opt_day("converted_on")
    status = values.text("status")
    left_on = values.opt_day("left_on")
    if converted_on is not None and converted_on < hired_on:
        values.problem("converted_on", converted_on, f"转正日期不能早于入职日期 {hired_on}")
    if left_on is not None and left_on < hired_on:
        values.problem("left_on", left_on, f"离职日期不能早于入职日期 {hired_on}")
    if status == "regular" and converted_on is None:
        values.problem("converted_on", None, "状态为「正式」时必须填写转正日期")
    if status == "left" and left_on is None:
        values.problem("left_on", None, "状态为「离职」时必须填写离职日期")
    if values.problems:
        return
    result.roster.append(
        RosterRow(
            sheet=values.sheet,
            row=values.row,
            employee_no=values.text("employee_no"),
            name=values.text("name"),
            department=values.text("department"),
            team=values.opt_text("team"),
            role=values.text("role"),
            level=values.opt_text("level"),
            hired_on=hired_on,
            converted_on=converted_on,
            status=status,
            left_on=left_on,
            leave_reason=values.opt_text("leave_reason"),
            effective_on=values.opt_day("effective_on"),
        )
    )


def _add_score(values: _RowValues, result: ParsedImport) -> None:
    components = ("call_quality", "work_ability", "overall_conduct")
    if all(values.values[k] is None for k in components):
        names = "、".join(MONTHLY_SCORES.column(k).header for k in components)
        values.problem(None, None, f"{names}至少要填写一项")
    if values.problems:
        return
    result.monthly_scores.append(
        ScoreRow(
            sheet=values.sheet,
            row=values.row,
            employee_no=values.text("employee_no"),
            month=values.month("month"),
            call_quality=values.opt_decimal("call_quality"),
            work_ability=values.opt_decimal("work_ability"),
            overall_conduct=values.opt_decimal("overall_conduct"),
        )
    )


def _add_attendance(values: _RowValues, result: ParsedImport) -> None:
    absence = values.decimal("absence_days")
    personal = values.decimal("personal_leave_days")
    sick = values.decimal("sick_leave_days")
    unapproved = values.decimal("unapproved_absence_days")
    if personal + sick + unapproved > absence:
        values.problem(
            "absence_days",
            absence,
            f"缺勤天数应包括事假、病假和未批准缺勤:事假 {personal} + 病假 {sick} + "
            f"未批准缺勤 {unapproved} = {personal + sick + unapproved} 天，"
            f"大于缺勤天数 {absence}",
        )
    if values.problems:
        return
    result.attendance.append(
        AttendanceRow(
            sheet=values.sheet,
            row=values.row,
            employee_no=values.text("employee_no"),
            cycle=values.month("cycle"),
            absence_days=absence,
            personal_leave_days=personal,
            sick_leave_days=sick,
            late_count=values.count("late_count"),
            early_leave_count=values.count("early_leave_count"),
            shift_swap_count=values.count("shift_swap_count"),
            unapproved_absence_days=unapproved,
        )
    )


def _add_evidence(values: _RowValues, result: ParsedImport) -> None:
    result.award_evidence.append(
        EvidenceRow(
            sheet=values.sheet,
            row=values.row,
            employee_no=values.text("employee_no"),
            month=values.month("month"),
            commendations=values.count("commendations"),
            erroneous_work_orders=values.count("erroneous_work_orders"),
            erroneous_refunds=values.count("erroneous_refunds"),
            min_monitoring_score=values.opt_decimal("min_monitoring_score"),
            min_exam_score=values.opt_decimal("min_exam_score"),
        )
    )


# The figures of a 业绩指标 row, in sheet order (each row needs at least one).
INDICATOR_FIELDS = (
    "satisfaction",
    "avg_response_minutes",
    "on_time_response_pct",
    "resolution_pct",
    "complaint_pct",
    "kpi_completion_pct",
    "skills_exam_score",
    "violations",
)


def _add_indicator(values: _RowValues, result: ParsedImport) -> None:
    if all(values.values[k] is None for k in INDICATOR_FIELDS):
        names = "、".join(PERFORMANCE_INDICATORS.column(k).header for k in INDICATOR_FIELDS)
        values.problem(None, None, f"{names}至少要填写一项")
    if values.problems:
        return
    result.performance_indicators.append(
        IndicatorRow(
            sheet=values.sheet,
            row=values.row,
            employee_no=values.text("employee_no"),
            month=values.month("month"),
            satisfaction=values.opt_decimal("satisfaction"),
            avg_response_minutes=values.opt_decimal("avg_response_minutes"),
            on_time_response_pct=values.opt_decimal("on_time_response_pct"),
            resolution_pct=values.opt_decimal("resolution_pct"),
            complaint_pct=values.opt_decimal("complaint_pct"),
            kpi_completion_pct=values.opt_decimal("kpi_completion_pct"),
            skills_exam_score=values.opt_decimal("skills_exam_score"),
            violations=values.opt_count("violations") or 0,
        )
    )


_BUILDERS = {
    "roster": _add_roster,
    "monthly_scores": _add_score,
    "attendance": _add_attendance,
    "award_evidence": _add_evidence,
    "performance_indicators": _add_indicator,
}


# --- cells ---------------------------------------------------------------------------


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _display(value: object) -> str:
    """A cell value as the user would recognise it (1001.0 → 1001, dates ISO)."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _shown(value: object) -> str:
    """A cell value for a problem: as the user would recognise it, NUL visible, cut if long."""
    text = _display(value).replace("\x00", "\\x00")
    if len(text) > SHOWN_VALUE_CHARS:
        return text[:SHOWN_VALUE_CHARS] + f"…（共 {len(text)} 个字符）"
    return text


def _parse(column: Column, raw: object, limits: _Limits) -> object:
    """The cell ``raw`` as ``column``'s type; raise _CellError with a reason otherwise."""
    if isinstance(raw, str) and "\x00" in raw:
        # A NUL cannot be stored in PostgreSQL text and is never typed on purpose.
        raise _CellError("含有空字符（\\x00），请删除后重新导入")
    match column.type:
        case ColumnType.TEXT:
            text = _identity_text(column, _text(raw))
            if limits.length is not None and len(text) > limits.length:
                raise _CellError(
                    f"「{column.header}」最多 {limits.length} 个字符，此处有 {len(text)} 个"
                )
            return text
        case ColumnType.DATE:
            return _date(raw)
        case ColumnType.MONTH:
            return _month(raw)
        case ColumnType.SCORE:
            score = _decimal(raw)
            if not Decimal(0) <= score <= Decimal(100):
                raise _CellError("成绩必须在 0 到 100 之间")
            if _finer_than(score, limits.places):
                # an Excel formula's 83.33333333: kept to the stored precision, half up
                assert limits.places is not None
                return score.quantize(Decimal(1).scaleb(-limits.places), rounding=ROUND_HALF_UP)
            return score
        case ColumnType.DAYS:
            days = _decimal(raw)
            if days < 0:
                raise _CellError("天数不能为负数")
            _check_largest(days, limits, "天数")
            # Bounded first: (days * 2) % 1 on 1e30 raises InvalidOperation.
            if _finer_than(days, limits.places) or (days * 2) % 1 != 0:
                raise _CellError("天数只能精确到半天，例如 1 或 1.5")
            return days
        case ColumnType.COUNT:
            return _count(raw, limits)
        case ColumnType.NUMBER:
            return _bounded(_decimal(raw), column, limits, "")
        case ColumnType.PERCENT:
            return _bounded(_percent(raw), column, limits, "%")
        case ColumnType.CHOICE:
            choice = column.choice_for(_text(raw))
            if choice is None:
                allowed = "、".join(f"{c.label}({c.code})" for c in column.choices)
                raise _CellError(f"不是有效的{column.header}；可选值为:{allowed}")
            return choice.code
    raise AssertionError(column.type)  # pragma: no cover


def _identity_text(column: Column, text: str) -> str:
    """A 工号 in its one form (１００５ is 1005); a name refused if it hides a control character."""
    try:
        if column.key == "employee_no":
            return normalize_staff_no(text, column.header)
        if column.key == "name":
            return check_person_name(text, column.header)
    except IdentifierInvalid as exc:
        raise _CellError(exc.message) from None
    return text


def _text(raw: object) -> str:
    # A number typed into a text column (工号 1001) comes back from Excel as 1001.0.
    return _display(raw)


def _decimal(raw: object) -> Decimal:
    """A number cell as an exact Decimal: 84.99 stays 84.99, 85.0 becomes 85."""
    if isinstance(raw, (bool, date)):
        raise _CellError("应填写数字")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise _CellError("应填写数字")
        return Decimal(int(raw)) if raw.is_integer() else Decimal(repr(raw))
    if not isinstance(raw, str):
        raise _CellError("应填写数字")
    try:
        number = Decimal(raw.strip())
    except InvalidOperation:
        raise _CellError("应填写数字，不能是文字") from None
    if not number.is_finite():
        raise _CellError("应填写数字")
    # 0E+1000000 is zero, but its exponent would overflow any arithmetic on it.
    return Decimal(0) if number.is_zero() else number


def _percent(raw: object) -> Decimal:
    """A percentage cell: a number, or text such as 96.5% (the % sign is optional)."""
    if isinstance(raw, str):
        text = raw.strip()
        if text.endswith(("%", "％")):
            raw = text[:-1]
    return _decimal(raw)


def _bounded(number: Decimal, column: Column, limits: _Limits, unit: str) -> Decimal:
    """A number of a NUMBER or PERCENT column: from 0 to its upper bound, kept to its places."""
    upper = column.upper
    if upper is not None and not Decimal(0) <= number <= upper:
        raise _CellError(f"{column.name}必须在 0{unit} 到 {upper}{unit} 之间")
    if number < 0:
        raise _CellError(f"{column.name}不能为负数")
    _check_largest(number, limits, column.name)
    if _finer_than(number, limits.places):
        # an Excel formula's 1.33333333 minutes: kept to the stored precision, half up
        assert limits.places is not None
        return number.quantize(Decimal(1).scaleb(-limits.places), rounding=ROUND_HALF_UP)
    return number


def _check_largest(number: Decimal, limits: _Limits, what: str) -> None:
    """Refuse a number larger than its column holds, before any arithmetic on it.

    Only comparisons are safe on a number such as 1e1000000: ``int()`` of it runs for
    minutes and rounding it overflows.
    """
    if limits.largest is not None and number.copy_abs() > limits.largest:
        raise _CellError(f"数值超出范围，{what}不能大于 {limits.largest}")


def _finer_than(number: Decimal, places: int | None) -> bool:
    """Whether a bounded ``number`` has non-zero digits beyond ``places`` decimal places."""
    if places is None:
        return False
    return number != number.quantize(Decimal(1).scaleb(-places))


def _count(raw: object, limits: _Limits) -> int:
    number = _decimal(raw)
    _check_largest(number, limits, "次数")
    if number != number.to_integral_value():
        raise _CellError("次数必须是整数")
    if number < 0:
        raise _CellError("次数不能为负数")
    return int(number)


_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_MONTH_TEXT = re.compile(r"^(\d{4})\s*[-/年]\s*(\d{1,2})\s*月?$")


def _date(raw: object) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    parsed = _date_from_text(raw) if isinstance(raw, str) else None
    if parsed is None:
        raise _CellError("不是有效的日期，应为 YYYY-MM-DD，例如 2026-03-01")
    return parsed


def _date_from_text(text: str) -> date | None:
    m = _DATE_TEXT.match(text.strip())
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _month(raw: object) -> Month:
    if isinstance(raw, date):  # a date cell (Excel turns 2026-10 into 2026-10-01)
        return Month.of(raw)
    if isinstance(raw, str):
        m = _MONTH_TEXT.match(raw.strip())
        if m is not None and 1 <= int(m.group(2)) <= 12 and int(m.group(1)) >= 1900:
            return Month(int(m.group(1)), int(m.group(2)))
        day = _date_from_text(raw)
        if day is not None:
            return Month.of(day)
    raise _CellError("不是有效的月份，应为 YYYY-MM，例如 2026-10")
