"""The one way kefu opens an uploaded workbook (.xlsx): checked first, then read by calamine.

python-calamine builds a sheet as one dense block from A1 to its last used cell: a single
cell at XFD1048576 asks for 17 billion cells (549 GB) and kills the process. So before
calamine reads a sheet, the archive is checked (``kefu.imports.archive``) and each sheet's
XML is scanned as a stream, which finds:

- the sheet's used area (its last row and column holding a value or a formula), refused
  beyond the bounds of rows, columns and cells (Settings ``import_max_rows``, …);
- error cells (``#DIV/0!``, ``#N/A`` …) and formulas saved without a calculated value (written
  by a program rather than Excel), which calamine would read as empty: refused by cell.

A sheet is only read by calamine when its scan found nothing to refuse.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any
from xml.parsers import expat

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from kefu.config import get_settings
from kefu.errors import ImportProblem
from kefu.imports.archive import Archive, ArchiveBounds, ArchiveRefused

NOT_A_WORKBOOK = (
    "文件不是有效的 Excel 工作簿(.xlsx)，无法打开；请在 Excel 中另存为 .xlsx 后重新导入"
)
WORKBOOK_XML = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
# The bad cells of one sheet kept as problems; the rest are counted in one more problem.
KEPT_BAD_CELLS = 1_000
DOCTYPE_REFUSED = "工作表含有 DOCTYPE 声明(可定义会无限展开的 XML 实体)，不能导入"
_REF = re.compile(r"^\$?([A-Za-z]{1,10})\$?([0-9]{1,10})$")


class WorkbookRefused(Exception):
    """The file as a whole cannot be read; ``reason`` says why in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SheetRefused(Exception):
    """One sheet cannot be read; ``problems`` name its bound or its bad cells."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(p.describe() for p in problems[:3]))
        self.problems = problems


@dataclass(frozen=True)
class SheetBounds:
    """How large one sheet's used area may be."""

    max_rows: int
    max_columns: int
    max_cells: int

    @classmethod
    def from_settings(cls) -> SheetBounds:
        settings = get_settings()
        return cls(settings.import_max_rows, settings.import_max_columns, settings.import_max_cells)


def column_letters(number: int) -> str:
    """Excel's name of a 1-based column number: 1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class _Stop(Exception):
    """Ends a scan early: the sheet is already past a bound."""


@dataclass
class SheetScan:
    """What the stream over one sheet's XML found."""

    rows: int = 0  # the last row holding a value or a formula (1-based; 0: none)
    columns: int = 0  # the last such column
    beyond: tuple[int, int] | None = None  # the first cell found past the rows/columns bound
    bad: list[tuple[int, int, str | None, str]] = field(default_factory=list)
    more_bad: int = 0  # bad cells past those kept


class _SheetScanner:
    """Streams one worksheet's XML with expat; positions may be implicit (no ``r``)."""

    def __init__(self, bounds: SheetBounds) -> None:
        self.bounds = bounds
        self.scan = SheetScan()
        self.row = 0
        self.column = 0
        self.in_cell = False
        self.cell_type: str | None = None
        self.has_value = False
        self.has_formula = False
        self.error_text: list[str] | None = None
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.StartDoctypeDeclHandler = self._doctype
        parser.buffer_text = True
        self.parser = parser

    @staticmethod
    def _doctype(*_: Any) -> None:
        # a worksheet never declares a DTD; entities are how XML bombs grow
        raise ValueError(DOCTYPE_REFUSED)

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag[tag.rfind(":") + 1 :]
        if name == "c":
            given = attrs.get("r")
            if given is None:
                self.column += 1
            else:
                ref = _REF.match(given)
                if ref is None:
                    # calamine would read it some other way: refuse rather than guess
                    raise ValueError(f"单元格位置「{given[:20]}」无效，无法读取该工作表")
                self.column = _column_number(ref.group(1))
                self.row = int(ref.group(2))
            self.in_cell = True
            self.cell_type = attrs.get("t")
            self.has_value = self.has_formula = False
        elif name == "row":
            number = attrs.get("r")
            if number is None:
                self.row += 1
            elif number.isascii() and number.isdigit() and len(number) <= 10:
                self.row = int(number)
            else:
                raise ValueError(f"行号「{number[:20]}」无效，无法读取该工作表")
            self.column = 0
        elif self.in_cell:
            if name in ("v", "is"):
                self.has_value = True
                if name == "v" and self.cell_type == "e":
                    self.error_text = []
                    self.parser.CharacterDataHandler = self._text
            elif name == "f":
                self.has_formula = True

    def _text(self, data: str) -> None:
        if self.error_text is not None:
            self.error_text.append(data)

    def _end(self, tag: str) -> None:
        name = tag[tag.rfind(":") + 1 :]
        if name == "v" and self.error_text is not None:
            self._bad("".join(self.error_text).strip()[:20] or "#ERROR", "error")
            self.error_text = None
            self.parser.CharacterDataHandler = None
        elif name == "c" and self.in_cell:
            self.in_cell = False
            if self.has_value or self.has_formula:
                self._used()
            if self.has_formula and not self.has_value:
                self._bad(None, "formula")
            elif self.cell_type == "e" and not self.has_value:
                self._bad("#ERROR", "error")

    def _used(self) -> None:
        scan, bounds = self.scan, self.bounds
        if self.row > bounds.max_rows or self.column > bounds.max_columns:
            scan.beyond = (self.row, self.column)
            raise _Stop
        scan.rows = max(scan.rows, self.row)
        scan.columns = max(scan.columns, self.column)

    def _bad(self, value: str | None, why: str) -> None:
        if len(self.scan.bad) < KEPT_BAD_CELLS:
            self.scan.bad.append((self.row, self.column, value, why))
        else:
            self.scan.more_bad += 1

    def feed(self, chunk: bytes) -> None:
        self.parser.Parse(chunk, False)

    def close(self) -> None:
        self.parser.Parse(b"", True)


# The quick scan: regular expressions over whole rows of the XML, in C. It is used only when
# conclusive: every cell carries its position (``r``, as Excel writes it), tags have no
# namespace prefix, and the area of all cells (empty styled ones too) is within the bounds.
# Anything else is scanned again by expat, exactly.
_QUICK_CHUNK = 1024 * 1024  # also the longest the interpreter lock is held by one search
_CELL_TAG = re.compile(rb"<c[\s/>]")
# A cell's position: its attributes are read one whole attribute at a time, so an "r=" inside
# another attribute's value is never taken for the position.
_ATTRIBUTES_BEFORE_R = rb"""(?:\s+(?!r\s*=)[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*"""
_CELL_REF = re.compile(
    rb"<c" + _ATTRIBUTES_BEFORE_R + rb"""\s+r\s*=\s*(["'])([A-Za-z]{1,10})([0-9]{1,10})\1"""
)
_ROW_REF = re.compile(rb"<row" + _ATTRIBUTES_BEFORE_R + rb"""\s+r\s*=\s*["']""")
# Every "r=" that looks like an attribute: more than the cells' and rows' positions means one
# is repeated or hidden; the exact scan decides then.
_ANY_R = re.compile(rb"""\sr\s*=\s*["']""")
_ERROR_CELL = re.compile(rb"""<c\s[^>]*?\bt=["']e["'][^>]*>""")
_FORMULA = re.compile(rb"<f[\s/>]")
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_ROW_END = b"</row>"
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|v|f|is|row)[\s/>]")


class _NotQuick(Exception):
    """The quick scan cannot decide this sheet: scan it exactly."""


def _quick_part(part: bytes, scan: SheetScan) -> None:
    """Add one run of whole rows to ``scan``; raise _NotQuick when it cannot decide."""
    if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
        raise ValueError(DOCTYPE_REFUSED)
    if _PREFIXED_CELL.search(part):
        raise _NotQuick  # <x:c …>: calamine reads it, the expressions would not see it
    refs = _CELL_REF.findall(part)
    if len(refs) != len(_CELL_TAG.findall(part)):
        raise _NotQuick  # a cell without its position, or one written otherwise
    if len(_ANY_R.findall(part)) != len(refs) + len(_ROW_REF.findall(part)):
        raise _NotQuick  # a position repeated, or "r=" where it is not a cell's or row's
    if refs:
        scan.rows = max(scan.rows, max(map(int, (number for _, _, number in refs))))
        letters = {name.upper() for _, name, _ in refs}
        scan.columns = max(scan.columns, max(_column_number(n.decode()) for n in letters))
    for found in _ERROR_CELL.finditer(part):
        end = part.find(b"</c>", found.end())
        value = _VALUE.search(part, found.end(), end if end >= 0 else len(part))
        shown = value.group(1).decode("utf-8", "replace").strip()[:20] if value else ""
        _quick_bad(part, found.start(), shown or "#ERROR", "error", scan)
    for found in _FORMULA.finditer(part):
        start = part.rfind(b"<c", 0, found.start())
        end = part.find(b"</c>", found.end())
        if start < 0 or end < 0:
            raise _NotQuick
        if part.find(b"<v", found.end(), end) < 0:
            _quick_bad(part, start, None, "formula", scan)


def _quick_bad(part: bytes, start: int, value: str | None, why: str, scan: SheetScan) -> None:
    ref = _CELL_REF.match(part, start)
    if ref is None:
        raise _NotQuick
    row, column = int(ref.group(3)), _column_number(ref.group(2).decode())
    if len(scan.bad) < KEPT_BAD_CELLS:
        scan.bad.append((row, column, value, why))
    else:
        scan.more_bad += 1


def _quick_scan(archive: Archive, info: zipfile.ZipInfo, bounds: SheetBounds) -> SheetScan:
    """The used area and bad cells of a sheet from its XML, row runs at a time."""
    scan = SheetScan()
    buffer = b""
    pending: list[bytes] = []  # chunks not yet joined to the buffer (joined once per run)
    size = 0
    first = True
    for chunk in archive.stream(info):
        pending.append(chunk)
        size += len(chunk)
        if size < _QUICK_CHUNK:
            continue
        buffer += b"".join(pending)
        pending, size = [], 0
        if first:
            if b"<sheetData" not in buffer[:65536] and b"<worksheet" not in buffer[:65536]:
                raise _NotQuick  # prefixed tags (x:c) or not a worksheet as Excel writes it
            first = False
        cut = buffer.rfind(_ROW_END)
        if cut < 0:
            raise _NotQuick  # one very long row
        cut += len(_ROW_END)
        _quick_part(buffer[:cut], scan)
        buffer = buffer[cut:]
    buffer += b"".join(pending)
    if first and b"<sheetData" not in buffer[:65536] and b"<worksheet" not in buffer[:65536]:
        raise _NotQuick
    _quick_part(buffer, scan)
    if (
        scan.rows > bounds.max_rows
        or scan.columns > bounds.max_columns
        or scan.rows * scan.columns > bounds.max_cells
    ):
        raise _NotQuick  # beyond a bound: the exact scan names the first cell with content
    return scan


def scan_sheet(archive: Archive, info: zipfile.ZipInfo, bounds: SheetBounds) -> SheetScan:
    """Stream one worksheet's XML: its used area and bad cells (stops past a bound).

    The quick scan decides most sheets; the exact one (expat) decides the rest.
    """
    unpacked = archive.unpacked
    try:
        return _quick_scan(archive, info, bounds)
    except _NotQuick:
        archive.unpacked = unpacked  # the same bytes are unpacked again, not more of them
    except ValueError as exc:
        raise ArchiveRefused(str(exc)[:200]) from None
    scanner = _SheetScanner(bounds)
    try:
        for chunk in archive.stream(info):
            scanner.feed(chunk)
        scanner.close()
    except _Stop:
        pass
    except ValueError as exc:
        raise ArchiveRefused(str(exc)[:200]) from None
    except expat.ExpatError as exc:
        raise ArchiveRefused(f"工作表内容(XML)有误，无法读取:{exc}"[:200]) from None
    return scanner.scan


def _attributes_of(archive: Archive, name: str, element: str) -> list[dict[str, str]]:
    """The attributes of every ``element`` in a small XML part (workbook, relationships)."""
    info = archive.find(name)
    if info is None:
        raise WorkbookRefused(NOT_A_WORKBOOK)
    found: list[dict[str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag[tag.rfind(":") + 1 :] == element:
            found.append({k[k.rfind(":") + 1 :]: v for k, v in attrs.items()})

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _SheetScanner._doctype
    try:
        for chunk in archive.stream(info):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, ValueError):
        raise WorkbookRefused(NOT_A_WORKBOOK) from None
    return found


def _sheet_parts(archive: Archive) -> dict[str, zipfile.ZipInfo | None]:
    """Each sheet's name → its XML part in the archive (None when the part is missing)."""
    targets = {
        rel.get("Id", ""): rel.get("Target", "")
        for rel in _attributes_of(archive, WORKBOOK_RELS, "Relationship")
    }
    parts: dict[str, zipfile.ZipInfo | None] = {}
    for sheet in _attributes_of(archive, WORKBOOK_XML, "sheet"):
        target = targets.get(sheet.get("id", ""), "")
        if target.startswith("/"):
            path = target[1:]
        else:
            path = str(PurePosixPath("xl") / target) if target else ""
        parts[sheet.get("name", "")] = archive.find(path) if path else None
    return parts


class SafeWorkbook:
    """A workbook whose archive passed its checks; each sheet is scanned before it is read."""

    def __init__(
        self,
        path: Path,
        sheet_bounds: SheetBounds | None = None,
        archive_bounds: ArchiveBounds | None = None,
    ) -> None:
        self.path = path
        self.bounds = sheet_bounds or SheetBounds.from_settings()
        try:
            self._archive = Archive(path, archive_bounds)
        except ArchiveRefused as refused:
            raise WorkbookRefused(_workbook_reason(refused.reason)) from None
        try:
            self._parts = _sheet_parts(self._archive)
            # every other part calamine may read (shared strings, styles …) is unpacked
            # once, counted, so none is larger than it declares
            for info in self._archive.infos():
                if not info.filename.lower().startswith("xl/worksheets/"):
                    for _ in self._archive.stream(info):
                        pass
            self._book = CalamineWorkbook.from_path(str(path))
        except ArchiveRefused as refused:
            self._archive.close()
            raise WorkbookRefused(_workbook_reason(refused.reason)) from None
        except (CalamineError, OSError, ValueError):
            self._archive.close()
            raise WorkbookRefused(NOT_A_WORKBOOK) from None
        except BaseException:
            self._archive.close()
            raise
        self.sheet_names: list[str] = list(self._book.sheet_names)

    def rows(self, name: str) -> list[list[object]]:
        """The cells of sheet ``name`` from A1 (rows numbered as in Excel), once checked.

        Raise SheetRefused naming the bound passed, or every error cell and every formula
        without a calculated value.
        """
        info = self._parts.get(name)
        if info is None:
            raise SheetRefused([ImportProblem(name, None, None, None, "无法读取该工作表")])
        try:
            scan = scan_sheet(self._archive, info, self.bounds)
        except ArchiveRefused as refused:
            raise SheetRefused([ImportProblem(name, None, None, None, refused.reason)]) from None
        self._check_area(name, scan)
        problems = [_bad_cell(name, *bad) for bad in scan.bad]
        if scan.more_bad:
            problems.append(
                ImportProblem(
                    name,
                    None,
                    None,
                    None,
                    f"另有 {scan.more_bad:,} 个单元格是错误值或没有计算结果的公式",
                )
            )
        if problems:
            raise SheetRefused(problems)
        try:
            return _rows_from_a1(self._book.get_sheet_by_name(name))
        except (CalamineError, ValueError) as exc:
            reason = f"无法读取该工作表:{exc}"[:200]
            raise SheetRefused([ImportProblem(name, None, None, None, reason)]) from None

    def _check_area(self, name: str, scan: SheetScan) -> None:
        bounds = self.bounds
        if scan.beyond is not None:
            row, column = scan.beyond
            if row > bounds.max_rows:
                bound = f"每张工作表最多 {bounds.max_rows:,} 行"
            else:
                bound = f"每张工作表最多 {bounds.max_columns:,} 列"
            reason = (
                f"「{name}」表第 {row} 行 {column_letters(column)} 列有内容，超出上限"
                f"({bound})；请删除多余的行列或拆分成几个文件"
            )
            raise SheetRefused([ImportProblem(name, row, column_letters(column), None, reason)])
        if scan.rows * scan.columns > bounds.max_cells:
            reason = (
                f"「{name}」表的已用区域为 {scan.rows:,} 行 × {scan.columns:,} 列，"
                f"超出每张工作表最多 {bounds.max_cells:,} 个单元格的上限；请拆分成几个文件"
            )
            raise SheetRefused([ImportProblem(name, None, None, None, reason)])

    def close(self) -> None:
        self._book.close()
        self._archive.close()

    def __enter__(self) -> SafeWorkbook:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _rows_from_a1(sheet: CalamineSheet) -> list[list[object]]:
    """The sheet's rows from A1, so row numbers and columns match Excel's.

    Read row by row (``iter_rows``) rather than with ``to_python``, which holds the
    interpreter lock while it converts the whole sheet and so stalls the web server.
    """
    start, end = sheet.start, sheet.end
    if start is None or end is None:
        return []
    pad: list[object] = [""] * start[1]
    rows: list[list[object]] = [pad + list(row) for row in sheet.iter_rows()]
    missing = end[0] + 1 - len(rows)  # leading empty rows, if they were left out
    return [[] for _ in range(missing)] + rows if missing > 0 else rows


def _workbook_reason(reason: str) -> str:
    if reason.startswith("不是有效的 zip"):
        return NOT_A_WORKBOOK
    return f"无法导入该工作簿:{reason}"


def _bad_cell(sheet: str, row: int, column: int, value: str | None, why: str) -> ImportProblem:
    cell = f"{column_letters(column)}{row}"
    if why == "error":
        reason = f"单元格 {cell} 是错误值 {value}，不能导入；请改正公式或填写数值后重新导入"
    else:
        reason = (
            f"单元格 {cell} 是公式但没有保存计算结果(文件可能由程序生成)；"
            "请在 Excel 中打开并保存，或改为填写数值后重新导入"
        )
    return ImportProblem(sheet, row, column_letters(column), value, reason)


def open_workbook(path: Path) -> SafeWorkbook:
    """Open ``path`` as a checked workbook; raise WorkbookRefused with the reason otherwise."""
    return SafeWorkbook(path)
