"""The question bank sheet (题库): its columns, reading a workbook, writing the blank template.

Read like kefu.imports reads its sheets (python-calamine, every problem collected, Excel row
numbers, headers in Chinese or English): the import is all-or-nothing, and each bad cell or row
is an ``ImportProblem`` naming the sheet, row, column, value and reason.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException

from kefu.errors import ImportProblem, KefuError
from kefu.exams import rules
from kefu.exams.rules import OPTION_LETTERS, QuestionIn
from kefu.imports.sheets import Choice, Column, ColumnType
from kefu.imports.workbook import SheetRefused, WorkbookRefused, open_workbook

SHEET = "题库"
SHEET_ALIASES = ("题库", "question bank", "bank", "questions")
IGNORED_SHEETS = ("说明", "readme")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SHOWN_VALUE_CHARS = 100

KIND_CHOICES = (
    Choice("single", "单选", ("单选题", "单项选择", "单项选择题")),
    Choice("multiple", "多选", ("多选题", "多项选择", "多项选择题")),
    Choice("fill", "填空", ("填空题",)),
    Choice("short", "简答", ("简答题",)),
    Choice("essay", "论述", ("论述题",)),
)
EXAM_KIND_CHOICES = (
    Choice("written", "笔试"),
    Choice("oral", "口试"),
    Choice("practical", "实际操作", ("实操", "操作")),
)
OPTION_COLUMNS = tuple(
    Column(f"选项{letter}", f"option_{letter.lower()}", False, ColumnType.TEXT, f"选项 {letter}")
    for letter in OPTION_LETTERS
)
COLUMNS = (
    Column("知识点", "topic", True, ColumnType.TEXT, "题目所属的知识点，例如 服务用语、退费流程"),
    Column("题型", "kind", True, ColumnType.CHOICE, "单选、多选、填空、简答或论述", KIND_CHOICES),
    Column(
        "考试形式",
        "exam_kind",
        False,
        ColumnType.CHOICE,
        "笔试、口试或实际操作；留空为笔试。口试和实际操作题由考官评分",
        EXAM_KIND_CHOICES,
    ),
    Column(
        "难度",
        "difficulty",
        True,
        ColumnType.NUMBER,
        "1(最容易)到 5(最难)的整数",
        hint="1–5 的整数",
    ),
    Column("分值", "points", True, ColumnType.NUMBER, "本题的分值，大于 0", hint="大于 0 的数字"),
    Column("题干", "stem", True, ColumnType.TEXT, "题目内容"),
    *OPTION_COLUMNS,
    Column(
        "答案",
        "answer",
        False,
        ColumnType.TEXT,
        "单选填一个字母(如 B)；多选填多个字母(如 ACD)；填空填可接受的答案，多个用 | 分隔；"
        "简答、论述可填参考答案",
        hint="文本",
    ),
    Column("解析", "reference", False, ColumnType.TEXT, "参考答案、评分要点或解析(选填)"),
)


@dataclass(frozen=True)
class BankRow:
    """One question read from the sheet, with where it was."""

    sheet: str
    row: int
    question: QuestionIn


@dataclass
class ParsedBank:
    """Every question read and every problem found."""

    rows: list[BankRow]
    problems: list[ImportProblem]


class _CellError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_HEADER_MARK = re.compile(r"\s*(?:[*＊]|[(（]\s*(?:必填|选填|可选)\s*[)）])\s*$")
_HEADER_IGNORED = re.compile(r"[\s()（）]+")


def _header_key(text: str) -> str:
    text = text.strip()
    while (stripped := _HEADER_MARK.sub("", text)) != text:
        text = stripped
    return _HEADER_IGNORED.sub("", text).casefold()


def _match(text: str) -> Column | None:
    wanted = _header_key(text)
    for column in COLUMNS:
        if wanted in (_header_key(column.header), column.key.casefold()):
            return column
    return None


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _display(value: object) -> str:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _shown(value: object) -> str:
    text = _display(value).replace("\x00", "\\x00")
    if len(text) > SHOWN_VALUE_CHARS:
        return text[:SHOWN_VALUE_CHARS] + f"…（共 {len(text)} 个字符）"
    return text


def read_bank(path: Path, source: str | None = None) -> ParsedBank:
    """Read the 题库 sheet of a workbook; never raise on content, collect every problem."""
    shown = source or path.name
    problems: list[ImportProblem] = []
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        reason = f"不支持的文件类型「{path.suffix or '无扩展名'}」，题库请使用 Excel 工作簿(.xlsx)"
        return ParsedBank([], [ImportProblem(shown, None, None, None, reason)])
    try:
        workbook = open_workbook(path)
    except WorkbookRefused as refused:
        return ParsedBank([], [ImportProblem(shown, None, None, None, refused.reason)])
    with workbook:
        names = [n for n in workbook.sheet_names if n.strip().casefold() in SHEET_ALIASES]
        if not names:
            reason = f"找不到工作表「{SHEET}」；题库要放在名为「{SHEET}」的工作表中"
            return ParsedBank([], [ImportProblem(shown, None, None, None, reason)])
        try:
            cells = workbook.rows(names[0])
        except SheetRefused as refused:
            return ParsedBank([], refused.problems)
    rows = _read_rows(names[0], cells, problems)
    return ParsedBank(rows, problems)


def _read_rows(sheet: str, cells: list[list[Any]], problems: list[ImportProblem]) -> list[BankRow]:
    numbered = list(enumerate(cells, start=1))
    header = next(((n, r) for n, r in numbered if any(not _is_empty(c) for c in r)), None)
    if header is None:
        return []
    header_row, header_cells = header
    positions: dict[str, tuple[int, str]] = {}
    for index, cell in enumerate(header_cells):
        text = _display(cell) if not _is_empty(cell) else ""
        column = _match(text) if text else None
        if column is None:
            continue
        if column.key in positions:
            problems.append(
                ImportProblem(sheet, header_row, text, None, f"列「{column.header}」出现了不止一次")
            )
            continue
        positions[column.key] = (index, text)
    missing = [c for c in COLUMNS if c.required and c.key not in positions]
    for column in missing:
        problems.append(
            ImportProblem(
                sheet,
                header_row,
                column.header,
                None,
                f"缺少必填列「{column.header}」(英文列名 {column.key})",
            )
        )
    if missing:
        return []
    headers = {c.key: positions[c.key][1] if c.key in positions else c.header for c in COLUMNS}
    out: list[BankRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row_number, row in numbered:
        if row_number <= header_row:
            continue
        raw = {key: (row[i] if i < len(row) else None) for key, (i, _) in positions.items()}
        if all(_is_empty(v) for v in raw.values()):
            continue
        found = _read_row(sheet, row_number, raw, headers, problems)
        if found is None:
            continue
        key = (found.topic, found.kind, found.stem)
        if key in seen:
            problems.append(
                ImportProblem(
                    sheet,
                    row_number,
                    headers["stem"],
                    _shown(found.stem),
                    f"与第 {seen[key]} 行是同一道题(知识点、题型和题干都相同)",
                )
            )
            continue
        seen[key] = row_number
        out.append(BankRow(sheet, row_number, found))
    return out


def _read_row(
    sheet: str,
    row: int,
    raw: dict[str, object],
    headers: dict[str, str],
    problems: list[ImportProblem],
) -> QuestionIn | None:
    before = len(problems)

    def problem(key: str, value: object, reason: str) -> None:
        shown = _shown(value) if not _is_empty(value) else None
        problems.append(ImportProblem(sheet, row, headers[key], shown, reason))

    def cell(key: str, parse: Any, default: Any = None) -> Any:
        value = raw.get(key)
        if _is_empty(value):
            column = next(c for c in COLUMNS if c.key == key)
            if column.required:
                problem(key, None, f"「{column.header}」为必填项，不能为空")
            return default
        if isinstance(value, str) and "\x00" in value:
            problem(key, value, "含有空字符（\\x00），请删除后重新导入")
            return default
        try:
            return parse(value)
        except _CellError as exc:
            problem(key, value, exc.reason)
            return default

    kind = cell("kind", lambda v: _choice(v, COLUMNS[1]))
    exam_kind = cell("exam_kind", lambda v: _choice(v, COLUMNS[2]), "written")
    difficulty = cell("difficulty", _difficulty)
    points = cell("points", _number)
    topic = cell("topic", _display, "")
    stem = cell("stem", _text, "")
    options: list[str] = []
    gap = False
    for column in OPTION_COLUMNS:
        text = cell(column.key, _text, "")
        if text and gap:
            problem(column.key, text, "选项应从选项A起连续填写，中间不能留空")
        if not text:
            gap = True
        elif not gap:
            options.append(text)
    answer = cell("answer", _text, "")
    reference = cell("reference", _text, "") or None
    if len(problems) > before or kind is None or difficulty is None or points is None:
        return None
    if kind in rules.CHOICE_KINDS:
        key: tuple[str, ...] = tuple(ch for ch in re.sub(r"[\s,，、;；/]", "", answer))
    elif kind == "fill":
        key = rules.split_accepted(answer)
    else:
        key = ()
        if answer:
            reference = answer if reference is None else f"{answer}\n{reference}"
    question = QuestionIn(
        topic=topic,
        kind=kind,
        exam_kind=exam_kind,
        difficulty=difficulty,
        stem=stem,
        options=tuple(options),
        key=key,
        reference=reference,
        points=points,
    )
    field_column = {"options": "option_a", "key": "answer"}
    for name, reason in rules.question_problems(question):
        key_of = field_column.get(name, name)
        problem(key_of, raw.get(key_of), reason)
    if len(problems) > before:
        return None
    return rules.cleaned(question)


def _text(value: object) -> str:
    return _display(value)


def _choice(value: object, column: Column) -> str:
    found = column.choice_for(_display(value))
    if found is None:
        allowed = "、".join(c.label for c in column.choices)
        raise _CellError(f"不是有效的{column.header}；可选值为:{allowed}")
    return found.code


def _decimal(value: object) -> Decimal:
    if isinstance(value, (bool, date, datetime)):
        raise _CellError("应填写数字")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _CellError("应填写数字")
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _CellError("应填写数字，不能是文字") from None
    if not number.is_finite():
        raise _CellError("应填写数字")
    return number


def _difficulty(value: object) -> int:
    number = _decimal(value)
    if number != number.to_integral_value() or not 1 <= number <= 5:
        raise _CellError("难度应为 1 到 5 的整数")
    return int(number)


def _number(value: object) -> Decimal:
    number = _decimal(value)
    if abs(number) > rules.POINTS_MAX * 10:
        raise _CellError(f"分值应大于 0 且不超过 {rules.POINTS_MAX}")
    return Decimal(0) if number.is_zero() else number


# ---------------------------------------------------------------- the blank template


EXAMPLES = (
    ("服务用语", "单选", "笔试", 1, 2, "接听电话的第一句标准问候语是?", "B"),
    ("退费流程", "多选", "笔试", 3, 4, "办理退费前必须核实的信息有哪些?", "ACD"),
    ("系统操作", "填空", "笔试", 2, 2, "工单系统中，查询历史工单的快捷键是____。", "F3 | F3键"),
    ("投诉处理", "简答", "笔试", 4, 10, "简述处理客户投诉的五个步骤。", "倾听、致歉、…"),
)


def write_template(path: Path) -> None:
    """Write the blank bank template: the 题库 sheet with dropdowns, and a 说明 sheet."""
    workbook = xlsxwriter.Workbook(str(path))
    header = {"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "vcenter"}
    required = workbook.add_format(header)
    optional = workbook.add_format({**header, "bg_color": "#F2F2F2"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    text = workbook.add_format({"num_format": "@"})
    sheet = workbook.add_worksheet(SHEET)
    sheet.freeze_panes(1, 0)
    for index, column in enumerate(COLUMNS):
        width = 40 if column.key in ("stem", "reference") else 14
        sheet.set_column(index, index, width, text if column.type is ColumnType.TEXT else None)
        sheet.write_string(0, index, column.header, required if column.required else optional)
        need = "必填" if column.required else "选填"
        sheet.write_comment(
            0,
            index,
            f"{column.header}({column.key}):{need}\n{column.description}",
            {"x_scale": 2, "y_scale": 1.5},
        )
        validation = _validation(column)
        if validation is not None:
            sheet.data_validation(1, index, 2000, index, validation)
    readme = workbook.add_worksheet("说明")
    for index, (title, width) in enumerate(
        (("列名", 12), ("English key", 14), ("必填", 6), ("说明", 70))
    ):
        readme.set_column(index, index, width, wrap)
        readme.write_string(0, index, title, required)
    for row, column in enumerate(COLUMNS, start=1):
        cells = (column.header, column.key, "是" if column.required else "否", column.description)
        for index, value in enumerate(cells):
            readme.write_string(row, index, value)
    row = len(COLUMNS) + 2
    notes = (
        f"题目写在「{SHEET}」工作表中，第 1 行为表头，数据从第 2 行开始；表头可用中文列名或英文 key。",
        "导入要么全部成功，要么一行都不写入:任何一处错误都会列出工作表、行号、列名、值和原因。",
        "已在试卷中的题目不会被修改:在系统中编辑题目会生成新版本，旧版本停用。",
        "示例(请写在「题库」工作表中):",
    )
    for note in notes:
        readme.write_string(row, 0, note)
        row += 1
    for example in EXAMPLES:
        readme.write_string(row, 0, " · ".join(str(v) for v in example))
        row += 1
    try:
        workbook.close()
    except (XlsxWriterException, OSError) as exc:
        raise KefuError(f"无法写入模板文件 {path}:{exc}") from exc


def _validation(column: Column) -> dict[str, Any] | None:
    if column.type is ColumnType.CHOICE:
        return {
            "validate": "list",
            "source": [c.label for c in column.choices],
            "ignore_blank": True,
            "error_type": "warning",
        }
    if column.key == "difficulty":
        return {"validate": "integer", "criteria": "between", "minimum": 1, "maximum": 5}
    if column.key == "points":
        return {"validate": "decimal", "criteria": ">", "value": 0}
    return None
