"""Blank import templates (.xlsx) written from the sheet definitions in sheets.py.

Each template has the data sheet(s) with bold headers, header comments, dropdowns for
choice columns and cell formats, plus a 说明 sheet listing every column. A blank template
reads back with ``read_import`` as zero rows and zero problems.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException

from kefu.errors import KefuError
from kefu.imports.sheets import SHEET_KINDS, Column, ColumnType, SheetKind

TEMPLATE_NAMES = (
    "roster",
    "monthly-scores",
    "attendance",
    "award-evidence",
    "performance-indicators",
    "all",
)

# Rows that carry dropdowns and number checks; enough for a large center's month.
_VALIDATED_ROWS = 5000
_WIDTHS = {
    ColumnType.TEXT: 14,
    ColumnType.DATE: 13,
    ColumnType.MONTH: 11,
    ColumnType.SCORE: 14,
    ColumnType.DAYS: 12,
    ColumnType.COUNT: 12,
    ColumnType.CHOICE: 14,
    ColumnType.NUMBER: 12,
    ColumnType.PERCENT: 12,
}


def write_template(name: str, path: Path) -> None:
    """Write the blank template ``name`` (one of TEMPLATE_NAMES) to ``path``."""
    kinds = _kinds_for(name)
    workbook = xlsxwriter.Workbook(str(path))
    formats = _Formats(workbook)
    for kind in kinds:
        _write_sheet(workbook, formats, kind)
    _write_readme(workbook, formats, kinds)
    try:
        workbook.close()
    except (XlsxWriterException, OSError) as exc:
        raise KefuError(f"无法写入模板文件 {path}:{exc}") from exc


def _kinds_for(name: str) -> tuple[SheetKind, ...]:
    wanted = name.strip().lower().replace("_", "-")
    if wanted == "all":
        return SHEET_KINDS
    for kind in SHEET_KINDS:
        if kind.template_name == wanted:
            return (kind,)
    raise KefuError(f"没有名为「{name}」的模板；可选:{'、'.join(TEMPLATE_NAMES)}")


class _Formats:
    """The cell formats of one workbook (XlsxWriter formats belong to their workbook)."""

    def __init__(self, workbook: Any) -> None:
        header = {"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "vcenter"}
        self.header = workbook.add_format(header)
        self.optional_header = workbook.add_format({**header, "bg_color": "#F2F2F2"})
        self.text = workbook.add_format({"num_format": "@"})
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.number = workbook.add_format({"num_format": "0.##"})
        self.count = workbook.add_format({"num_format": "0"})
        # 96.5 shows as 96.5%: the cell holds the percentage itself, not Excel's 0.965.
        self.percent = workbook.add_format({"num_format": 'General"%"'})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})

    def for_column(self, column: Column) -> Any:
        """The format of a column's data cells."""
        if column.type is ColumnType.DATE:
            return self.date
        if column.type is ColumnType.MONTH or column.key == "employee_no":
            # Text keeps 2026-10 from turning into a date and 工号 0012 its zeros.
            return self.text
        if column.type in (ColumnType.SCORE, ColumnType.DAYS, ColumnType.NUMBER):
            return self.number
        if column.type is ColumnType.PERCENT:
            return self.percent
        if column.type is ColumnType.COUNT:
            return self.count
        return None


def _write_sheet(workbook: Any, formats: _Formats, kind: SheetKind) -> None:
    sheet = workbook.add_worksheet(kind.sheet_name)
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 20)
    for index, column in enumerate(kind.columns):
        width = max(_WIDTHS[column.type], _display_width(column.header) + 4)
        sheet.set_column(index, index, width, formats.for_column(column))
        header_format = formats.header if column.required else formats.optional_header
        sheet.write_string(0, index, column.header, header_format)
        sheet.write_comment(0, index, _comment(column), {"x_scale": 2, "y_scale": 1.5})
        validation = _validation(column)
        if validation is not None:
            sheet.data_validation(1, index, _VALIDATED_ROWS, index, validation)


def _comment(column: Column) -> str:
    need = "必填" if column.required else "选填"
    return f"{column.header}({column.key}):{need}\n格式:{column.format_hint}\n{column.description}"


def _validation(column: Column) -> dict[str, Any] | None:
    """A data validation (dropdown or number range) for the column's cells, if any."""
    rule: dict[str, Any]
    match column.type:
        case ColumnType.CHOICE:
            rule = {"validate": "list", "source": [c.label for c in column.choices]}
        case ColumnType.SCORE:
            rule = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100}
        case ColumnType.DAYS:
            rule = {"validate": "decimal", "criteria": ">=", "value": 0}
        case ColumnType.NUMBER | ColumnType.PERCENT if column.upper is not None:
            rule = {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": float(column.upper),  # Excel's own numbers are doubles
            }
        case ColumnType.NUMBER | ColumnType.PERCENT:
            rule = {"validate": "decimal", "criteria": ">=", "value": 0}
        case ColumnType.COUNT:
            rule = {"validate": "integer", "criteria": ">=", "value": 0}
        case ColumnType.DATE:
            rule = {
                "validate": "date",
                "criteria": "between",
                "minimum": date(1990, 1, 1),
                "maximum": date(2100, 12, 31),
            }
        case _:
            return None
    rule["ignore_blank"] = True
    rule["input_title"] = column.header[:32]
    rule["input_message"] = column.format_hint[:255]
    rule["error_title"] = "取值无效"
    rule["error_message"] = f"{column.header}:{column.format_hint}"[:255]
    if column.type is ColumnType.CHOICE:
        # Still allow the English codes, which the importer accepts too.
        rule["error_type"] = "warning"
    return rule


def _write_readme(workbook: Any, formats: _Formats, kinds: tuple[SheetKind, ...]) -> None:
    sheet = workbook.add_worksheet("说明")
    headers = ("工作表", "列名", "English key", "必填", "格式/取值", "说明")
    widths = (12, 16, 26, 6, 48, 60)
    for index, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.set_column(index, index, width, formats.wrap)
        sheet.write_string(0, index, header, formats.header)
    sheet.freeze_panes(1, 0)
    row = 1
    for kind in kinds:
        for column in kind.columns:
            cells = (
                kind.sheet_name,
                column.header,
                column.key,
                "是" if column.required else "否",
                column.format_hint,
                column.description,
            )
            for index, text in enumerate(cells):
                sheet.write_string(row, index, text)
            row += 1
    notes = (
        "第 1 行为表头，数据从第 2 行开始；表头可用中文列名或英文 key，多余的列会被忽略。",
        "导入要么全部成功，要么一行都不写入:任何一处错误都会列出工作表、行号、列名、值和原因。",
        "「说明」工作表不会被导入。",
    )
    row += 1
    for note in notes:
        sheet.write_string(row, 0, note)
        row += 1


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
