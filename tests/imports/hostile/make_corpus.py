"""Write the hostile-import corpus: small files built to break an import, each named for its trick.

Run from the repository root to (re)create the committed files:

    python tests/imports/hostile/make_corpus.py            # into tests/imports/hostile/
    python tests/imports/hostile/make_corpus.py --big DIR  # also the large cases, into DIR

Every workbook is written here byte by byte (no spreadsheet library), so each trick is exactly
what the file holds. The output is the same on every run (fixed zip dates, no randomness
beyond a seeded generator). The large cases (a 1,000,000-row CSV, a 40,000-row valid
workbook, an archive of 10,001 files) are only written on request, into a temporary folder:
they are too big to commit.
"""

from __future__ import annotations

import argparse
import io
import random
import struct
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
DATE = (2026, 1, 1, 0, 0, 0)

SCORES = ["工号", "月份", "通话评估成绩", "工作评估成绩", "综合工作表现"]
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
# The employee every valid row is about; the bench loads it into its database first.
EMPLOYEE = ["H0001", "测试员", "客服一部", "一组", "客服代表", "初级", "2024-01-02", "2024-04-02"]
GOOD_SCORES = [["H0001", "2025-01", 90, 85, 88], ["H0001", "2025-02", 91, 86, 87]]

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell(ref: str, value: object) -> str:
    """One cell: a number, or an inline string."""
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def rows_xml(rows: Sequence[Sequence[object]], first: int = 1) -> str:
    out = []
    for number, row in enumerate(rows, start=first):
        cells = "".join(
            cell(f"{column_letters(i)}{number}", v) for i, v in enumerate(row, 1) if v != ""
        )
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def sheet_xml(data: str, head: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{head}<worksheet xmlns="{_NS}">'
        f"<sheetData>{data}</sheetData></worksheet>"
    )


class Padded(str):
    """A worksheet's XML with ``pad`` spaces before its end, written in chunks (a bomb)."""

    pad: int = 0

    @classmethod
    def of(cls, xml: str, pad: int) -> Padded:
        made = cls(xml)
        made.pad = pad
        return made

    def chunks(self) -> Iterable[bytes]:
        head, tail = self.split("</worksheet>", 1)
        yield head.encode()
        block = b" " * (1024 * 1024)
        for _ in range(self.pad // len(block)):
            yield block
        yield b" " * (self.pad % len(block))
        yield ("</worksheet>" + tail).encode()


def workbook_bytes(sheets: dict[str, str], extra: Iterable[tuple[str, bytes]] = ()) -> bytes:
    """An .xlsx archive from sheet name → worksheet XML."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    listed = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    parts = [
        ("[Content_Types].xml", _CONTENT_TYPES.format(overrides=overrides).encode()),
        ("_rels/.rels", _ROOT_RELS.encode()),
        (
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}" '
            f'xmlns:r="{_REL_NS}"><sheets>{listed}</sheets></workbook>'.encode(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>'.encode(),
        ),
    ]
    parts += [
        (f"xl/worksheets/sheet{i}.xml", b"" if isinstance(xml, Padded) else xml.encode())
        for i, xml in enumerate(sheets.values(), 1)
    ]
    parts += list(extra)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            source = sheets.get(_sheet_of(name, sheets))
            if isinstance(source, Padded):
                # streamed, so that a bomb's 300 MB are never held in memory at once
                with archive.open(info, "w") as entry:
                    for chunk in source.chunks():
                        entry.write(chunk)
            else:
                archive.writestr(info, data, zipfile.ZIP_DEFLATED, 9)
    return buffer.getvalue()


def _sheet_of(part: str, sheets: dict[str, str]) -> str:
    """The sheet name whose XML is ``part`` (xl/worksheets/sheetN.xml), or ""."""
    names = list(sheets)
    for i, name in enumerate(names, 1):
        if part == f"xl/worksheets/sheet{i}.xml":
            return name
    return ""


def scores_sheet(extra: str = "", rows: Sequence[Sequence[object]] = GOOD_SCORES) -> str:
    return sheet_xml(rows_xml([SCORES, *rows]) + extra)


def _set_sizes(data: bytes, name: bytes, file_size: int) -> bytes:
    """Rewrite the unpacked size an archive declares for ``name`` (local and central)."""
    out = bytearray(data)
    at = 0
    while (at := out.find(b"PK\x03\x04", at)) >= 0:
        length = struct.unpack("<H", out[at + 26 : at + 28])[0]
        if out[at + 30 : at + 30 + length] == name:
            out[at + 22 : at + 26] = struct.pack("<I", file_size)
        at += 4
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) >= 0:
        length = struct.unpack("<H", out[at + 28 : at + 30])[0]
        if out[at + 46 : at + 46 + length] == name:
            out[at + 24 : at + 28] = struct.pack("<I", file_size)
        at += 4
    return bytes(out)


def _set_entry_count(data: bytes, count: int) -> bytes:
    out = bytearray(data)
    at = out.rfind(b"PK\x05\x06")
    out[at + 8 : at + 12] = struct.pack("<HH", count, count)
    return bytes(out)


def corpus() -> dict[str, bytes]:
    """Every committed file: name → bytes."""
    rng = random.Random(2026)
    valid = workbook_bytes({"月度成绩": scores_sheet()})
    bomb_sheet = Padded.of(sheet_xml(rows_xml([SCORES, *GOOD_SCORES])), 300 * 1024 * 1024)
    # Formulas as a program writes them: no cached value.
    formula = scores_sheet(
        '<row r="4"><c r="A4" t="inlineStr"><is><t>H0001</t></is></c>'
        '<c r="B4" t="inlineStr"><is><t>2025-03</t></is></c>'
        '<c r="C4"><f>AVERAGE(C2:C3)</f></c><c r="D4"><v>80</v></c>'
        '<c r="E4"><v>81</v></c></row>'
    )
    errors = scores_sheet(
        '<row r="4"><c r="A4" t="inlineStr"><is><t>H0001</t></is></c>'
        '<c r="B4" t="inlineStr"><is><t>2025-03</t></is></c>'
        '<c r="C4" t="e"><f>C2/0</f><v>#DIV/0!</v></c>'
        '<c r="D4" t="e"><v>#N/A</v></c><c r="E4"><v>88</v></c></row>'
    )
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + "]>"
    )
    doctype = sheet_xml(
        rows_xml([SCORES]) + '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
        head=laughs,
    )
    many_bad = "\n".join(
        ["工号,月份,通话评估成绩,工作评估成绩,综合工作表现"]
        + [f"H0001,2025-{(i % 12) + 1:02d},{200 + i},x,-1" for i in range(1000)]
    )
    files = {
        "valid_scores.xlsx": valid,
        "dense_range_xfd1048576.xlsx": workbook_bytes(
            {"月度成绩": scores_sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')}
        ),
        "last_row_a1048576.xlsx": workbook_bytes(
            {"月度成绩": scores_sheet('<row r="1048576"><c r="A1048576"><v>1</v></c></row>')}
        ),
        "too_many_rows_sparse.xlsx": workbook_bytes(
            {"月度成绩": scores_sheet('<row r="200001"><c r="A200001"><v>1</v></c></row>')}
        ),
        "too_many_columns.xlsx": workbook_bytes(
            {"月度成绩": scores_sheet('<row r="2"><c r="GS2"><v>1</v></c></row>')}
        ),
        "dense_implicit_positions.xlsx": workbook_bytes(
            # no r attributes: the position of each row and cell is counted
            {
                "月度成绩": sheet_xml(
                    rows_xml([SCORES])
                    + "<row><c><v>1</v></c></row>" * 3
                    + "<row>"
                    + "<c><v>1</v></c>" * 300
                    + "</row>"
                )
            }
        ),
        "invalid_cell_reference.xlsx": workbook_bytes(
            {"月度成绩": scores_sheet('<row r="4"><c r="A99999999999"><v>1</v></c></row>')}
        ),
        "prefixed_cell_xfd1048576.xlsx": workbook_bytes(
            {
                "月度成绩": scores_sheet(
                    f'<row r="1048576" xmlns:x="{_NS}"><x:c r="XFD1048576"><x:v>1</x:v></x:c></row>'
                )
            }
        ),
        "implicit_positions_bad_cells.xlsx": workbook_bytes(
            # no r attributes: C4 holds an error, D4 a formula without its value
            {
                "月度成绩": sheet_xml(
                    rows_xml([SCORES, *GOOD_SCORES]).replace(' r="', ' x="')
                    + '<row><c t="inlineStr"><is><t>H0001</t></is></c>'
                    '<c t="inlineStr"><is><t>2025-03</t></is></c>'
                    '<c t="e"><v>#VALUE!</v></c><c><f>1/0</f></c><c><v>80</v></c></row>'
                )
            }
        ),
        "position_hidden_in_attribute.xlsx": workbook_bytes(
            {
                "月度成绩": scores_sheet(
                    """<row r="4"><c foo='r="A4"' r="XFD1048576"><v>1</v></c></row>"""
                )
            }
        ),
        "zip_bomb_300mb.xlsx": workbook_bytes({"月度成绩": bomb_sheet}),
        "lying_declared_size.xlsx": _set_sizes(
            workbook_bytes(
                {"月度成绩": sheet_xml(rows_xml([SCORES, *GOOD_SCORES]) + " " * 2_000_000)}
            ),
            b"xl/worksheets/sheet1.xml",
            1000,
        ),
        "declares_60000_entries.xlsx": _set_entry_count(valid, 60_000),
        "formula_without_cached_value.xlsx": workbook_bytes({"月度成绩": formula}),
        "error_cells.xlsx": workbook_bytes({"月度成绩": errors}),
        "xml_entity_bomb.xlsx": workbook_bytes({"月度成绩": doctype}),
        "truncated.xlsx": valid[: len(valid) // 2],
        "garbage_after_zip_magic.xlsx": b"PK\x03\x04" + rng.randbytes(4096),
        "pdf_named_xlsx.xlsx": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n",
        "zip_without_workbook.xlsx": _plain_zip({"word/document.xml": b"<w:document/>"}),
        "huge_line.csv": (
            "工号,月份,通话评估成绩\n" + "H0001,2025-01," + "9" * 300_000 + "\n"
        ).encode(),
        "wide_row.csv": (",".join(SCORES) + "\n" + ",".join(["1"] * 300) + "\n").encode(),
        "binary_junk.csv": rng.randbytes(8192),
        "many_problems.csv": many_bad.encode(),
    }
    return files


def _plain_zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, DATE), data)
    return buffer.getvalue()


def big_corpus() -> dict[str, bytes]:
    """The large cases, written at run time only: name → bytes."""
    lines = ["工号,月份,通话评估成绩,工作评估成绩,综合工作表现"]
    lines += [f"H{i:07d},2025-01,90,85,88" for i in range(1_000_000)]
    roster = [ROSTER] + [
        [
            f"B{i:06d}",
            f"员工{i}",
            "客服一部",
            "一组",
            "客服代表",
            "初级",
            "2024-01-02",
            "2024-04-02",
            "正式",
        ]
        for i in range(40_000)
    ]
    entries = {f"t{i}.txt": b"" for i in range(10_001)}
    return {
        "million_rows.csv": ("\n".join(lines) + "\n").encode(),
        "valid_roster_40000.xlsx": workbook_bytes({"员工": sheet_xml(rows_xml(roster))}),
        "too_many_entries.xlsx": workbook_bytes(
            {"月度成绩": scores_sheet()}, ((n, d) for n, d in entries.items())
        ),
    }


def write(folder: Path, files: dict[str, bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "files")
    parser.add_argument("--big", type=Path, help="also write the large cases into this folder")
    args = parser.parse_args()
    for path in write(args.out, corpus()):
        print(f"{path.stat().st_size:>10,}  {path}")
    if args.big:
        for path in write(args.big, big_corpus()):
            print(f"{path.stat().st_size:>10,}  {path}")


if __name__ == "__main__":
    main()
