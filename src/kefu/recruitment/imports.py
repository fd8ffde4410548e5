"""Import candidates' test results from Excel (招聘测试, R-REC-1): all rows or none.

One row a candidate's sitting: 应聘者编号, 姓名 (optional: checked against the candidate),
测试日期, then the first test's figures (中文输入速度 … 朗读准确度) and/or one interviewer's
sheet (面试官 and a column for each interview dimension of the policy). Like every import the
file is read to the end: each bad cell or row becomes one problem (sheet, row, column, value,
reason), and nothing is written while there is any.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.errors import ImportProblem, ImportRejected, KefuError
from kefu.imports.reader import _CellError, _date, _decimal, _display, _is_empty, _shown
from kefu.imports.workbook import SheetRefused, WorkbookRefused, open_workbook
from kefu.recruitment import rules
from kefu.recruitment import service as recruitment
from kefu.recruitment.messages import ITEM_NAMES
from kefu.recruitment.rules import InterviewSheet, Item

SHEET = "招聘测试"
ALIASES = ("recruitment-tests", "recruitment_tests")
ID_COLUMN = "应聘者编号"
NAME_COLUMN = "姓名"
DAY_COLUMN = "测试日期"
INTERVIEWER_COLUMN = "面试官"
ITEM_COLUMNS: dict[str, Item] = {ITEM_NAMES[i]["zh"]: i for i in rules.SCORED_ITEMS}
# input limits, not policy: the largest file one import reads
MAX_ROWS = 5000
_ID_MAX = 2**31 - 1


@dataclass(frozen=True)
class ResultRow:
    """One row as read: whose results, which day, the figures and the interview sheet."""

    sheet: str
    row: int
    candidate_id: int
    name: str | None
    taken_on: date
    figures: dict[Item, Decimal]
    interviewer: str | None
    scores: dict[str, Decimal]


@dataclass
class ParsedTests:
    """The rows of the file and every problem found while reading it."""

    rows: list[ResultRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


@dataclass(frozen=True)
class ResultsImport:
    """What an import wrote."""

    rows: int
    results: int
    candidates: int


def columns(dimensions: tuple[str, ...]) -> list[str]:
    """The sheet's header: the columns a template has, in order."""
    return [ID_COLUMN, NAME_COLUMN, DAY_COLUMN, *ITEM_COLUMNS, INTERVIEWER_COLUMN, *dimensions]


def read_tests(path: Path, dimensions: tuple[str, ...]) -> ParsedTests:
    """Every row of the 招聘测试 sheet; other sheets (but 说明) are named as problems."""
    result = ParsedTests()
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        result.problems.append(
            ImportProblem(path.name, None, None, None, "招聘测试成绩请用 Excel 工作簿(.xlsx)导入")
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
            if wanted not in (SHEET, *ALIASES):
                result.problems.append(
                    ImportProblem(name, None, None, None, f"无法识别的工作表名；应为「{SHEET}」")
                )
                continue
            _read_sheet(name, rows, dimensions, result)
    if not result.rows and not result.problems:
        result.problems.append(ImportProblem(path.name, None, None, None, "文件中没有可导入的成绩"))
    return result


def _read_sheet(
    sheet: str, rows: list[list[object]], dimensions: tuple[str, ...], result: ParsedTests
) -> None:
    header_at = next(i for i, r in enumerate(rows) if any(not _is_empty(c) for c in r))
    known = set(columns(dimensions))
    where: dict[str, int] = {}
    for c, cell in enumerate(rows[header_at]):
        if _is_empty(cell):
            continue
        text = _display(cell)
        if text not in known:
            result.problems.append(
                ImportProblem(
                    sheet,
                    header_at + 1,
                    text,
                    None,
                    f"无法识别的列；可用的列为:{'、'.join(columns(dimensions))}"
                    f"(面试考察内容以政策为准)",
                )
            )
        elif text in where:
            result.problems.append(ImportProblem(sheet, header_at + 1, text, None, "列名重复"))
        else:
            where[text] = c
    for needed in (ID_COLUMN, DAY_COLUMN):
        if needed not in where:
            result.problems.append(
                ImportProblem(sheet, header_at + 1, needed, None, f"缺少「{needed}」列")
            )
    if ID_COLUMN not in where or DAY_COLUMN not in where:
        return
    body = rows[header_at + 1 :]
    if len(body) > MAX_ROWS:
        result.problems.append(
            ImportProblem(sheet, None, None, None, f"一次最多导入 {MAX_ROWS} 行")
        )
        return
    for offset, cells in enumerate(body):
        if all(_is_empty(c) for c in cells):
            continue
        _read_row(sheet, header_at + 2 + offset, cells, where, dimensions, result)


def _read_row(
    sheet: str,
    number: int,
    cells: list[object],
    where: dict[str, int],
    dimensions: tuple[str, ...],
    result: ParsedTests,
) -> None:
    before = len(result.problems)

    def cell(column: str) -> object:
        at = where.get(column)
        return None if at is None or at >= len(cells) else cells[at]

    def problem(column: str | None, raw: object, reason: str) -> None:
        result.problems.append(ImportProblem(sheet, number, column, _shown(raw), reason))

    candidate_id = 0
    raw_id = cell(ID_COLUMN)
    try:
        value = _decimal(raw_id) if not _is_empty(raw_id) else None
        if value is None:
            raise _CellError("必填")
        if value != value.to_integral_value() or not 1 <= value <= _ID_MAX:
            raise _CellError("应为应聘者编号(正整数)")
        candidate_id = int(value)
    except _CellError as exc:
        problem(ID_COLUMN, raw_id, str(exc))
    taken_on = date.min
    raw_day = cell(DAY_COLUMN)
    try:
        if _is_empty(raw_day):
            raise _CellError("必填")
        taken_on = _date(raw_day)
    except _CellError as exc:
        problem(DAY_COLUMN, raw_day, str(exc))
    figures: dict[Item, Decimal] = {}
    for column, item in ITEM_COLUMNS.items():
        raw = cell(column)
        if _is_empty(raw):
            continue
        try:
            figures[item] = rules.check_value(item, _decimal(raw))
        except (_CellError, KefuError) as exc:
            problem(column, raw, exc.message if isinstance(exc, KefuError) else str(exc))
    raw_interviewer = cell(INTERVIEWER_COLUMN)
    interviewer = None if _is_empty(raw_interviewer) else _display(raw_interviewer)
    scores: dict[str, Decimal] = {}
    for dimension in dimensions:
        raw = cell(dimension)
        if _is_empty(raw):
            if interviewer is not None:
                problem(dimension, None, f"面试官「{interviewer}」的评分缺少这一项")
            continue
        if interviewer is None:
            problem(dimension, raw, "面试评分须在「面试官」列写明面试官")
            continue
        try:
            scores[dimension] = rules.check_value("interview", _decimal(raw))
        except (_CellError, KefuError) as exc:
            problem(dimension, raw, exc.message if isinstance(exc, KefuError) else str(exc))
    if interviewer is not None and len(interviewer) > recruitment.NAME_MAX:
        problem(INTERVIEWER_COLUMN, raw_interviewer, f"最多 {recruitment.NAME_MAX} 个字")
    if not figures and interviewer is None and len(result.problems) == before:
        problem(None, None, "该行没有测试成绩")
    if len(result.problems) > before:
        return
    raw_name = cell(NAME_COLUMN)
    result.rows.append(
        ResultRow(
            sheet,
            number,
            candidate_id,
            None if _is_empty(raw_name) else _display(raw_name),
            taken_on,
            figures,
            interviewer,
            scores,
        )
    )


def import_tests(session: Session, viewer: Viewer, path: Path, *, today: date) -> ResultsImport:
    """Record every row's results through the service (R-REC-1), or none: a row the service
    refuses (unknown candidate, wrong stage, a date out of range) is a problem of the file."""
    recruitment.may_manage(viewer)
    parsed = read_tests(path, recruitment.pass_marks(session, today).dimensions)
    problems = list(parsed.problems)
    written = 0
    sheets_seen: dict[tuple[int, str], int] = {}
    candidates: set[int] = set()
    for row in parsed.rows if not problems else []:
        try:
            candidate = recruitment.get_candidate(session, row.candidate_id)
        except KefuError as exc:
            problems.append(
                ImportProblem(row.sheet, row.row, ID_COLUMN, row.candidate_id, exc.message)
            )
            continue
        if row.name is not None and row.name != candidate.name:
            problems.append(
                ImportProblem(
                    row.sheet,
                    row.row,
                    NAME_COLUMN,
                    row.name,
                    f"应聘者 #{candidate.id} 的姓名是「{candidate.name}」，与本行不符",
                )
            )
            continue
        if row.interviewer is not None:
            key = (candidate.id, row.interviewer)
            if key in sheets_seen:
                problems.append(
                    ImportProblem(
                        row.sheet,
                        row.row,
                        INTERVIEWER_COLUMN,
                        row.interviewer,
                        f"与第 {sheets_seen[key]} 行重复:每位面试官对一名应聘者只录一份评分",
                    )
                )
                continue
            sheets_seen[key] = row.row
        try:
            if row.figures:
                written += len(
                    recruitment.record_results(
                        session,
                        viewer,
                        candidate.id,
                        row.figures,
                        taken_on=row.taken_on,
                        today=today,
                    )
                )
            if row.interviewer is not None:
                sheet = InterviewSheet(row.interviewer, row.scores)
                written += len(
                    recruitment.record_interview(
                        session, viewer, candidate.id, sheet, taken_on=row.taken_on, today=today
                    )
                )
        except KefuError as exc:
            problems.append(ImportProblem(row.sheet, row.row, None, None, exc.message))
            continue
        candidates.add(candidate.id)
    if problems:
        raise ImportRejected(problems)
    return ResultsImport(len(parsed.rows), written, len(candidates))


def template(dimensions: tuple[str, ...]) -> bytes:
    """An empty 招聘测试 workbook (.xlsx) with its header and a 说明 sheet."""
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(columns(dimensions))
    notes = workbook.create_sheet("说明")
    for line in (
        f"每行一名应聘者的一次测试；「{ID_COLUMN}」和「{DAY_COLUMN}」(YYYY-MM-DD)必填，「姓名」可填以便核对。",
        "初试(上机测试、朗读测试)的成绩在应聘者处于初试阶段时导入:中文、数字输入速度按每分钟字数，"
        "其余各项 0–100 分；只填本次测得的项目。",
        "面试评分在应聘者处于复试阶段时导入:每位面试官一行，写明面试官，每项考察内容 0–100 分。",
        "导入要么全部写入，要么一行也不写入:有任何错误时会列出工作表、行、列、值和原因。",
    ):
        notes.append([line])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
