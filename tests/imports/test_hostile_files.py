"""Files built to break an import: each is refused quickly, with a message naming what is wrong.

The corpus lives in tests/imports/hostile/files/ and is written by make_corpus.py there.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from kefu.audit.models import AuditEvent
from kefu.cli.main import app
from kefu.config import get_settings
from kefu.errors import ImportProblem, ImportRejected
from kefu.imports.archive import Archive, ArchiveBounds, ArchiveRefused
from kefu.imports.reader import ParsedImport, read_import
from tests.imports.hostile import make_corpus

CORPUS = Path(__file__).parent / "hostile" / "files"
# A correctness bound, not a benchmark: each refusal is found before anything large is built.
QUICK_SECONDS = 2.0


def read(name: str, kind: str | None = "monthly-scores") -> tuple[ParsedImport, float]:
    started = time.perf_counter()
    parsed = read_import(CORPUS / name, kind)
    return parsed, time.perf_counter() - started


def only_problem(parsed: ParsedImport) -> ImportProblem:
    assert parsed.count == 0
    assert len(parsed.problems) == 1, [p.describe() for p in parsed.problems]
    return parsed.problems[0]


@pytest.fixture
def small_bounds(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Bounds small enough to reach with a small file."""
    monkeypatch.setenv("KEFU_IMPORT_MAX_ROWS", "50")
    monkeypatch.setenv("KEFU_IMPORT_MAX_ENTRIES", "20")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def ten_shown(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A refusal lists ten problems."""
    monkeypatch.setenv("KEFU_IMPORT_SHOWN_PROBLEMS", "10")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_committed_corpus_is_what_its_generator_writes() -> None:
    made = make_corpus.corpus()
    on_disk = {p.name: p.read_bytes() for p in CORPUS.iterdir()}
    assert on_disk == made
    assert sum(len(b) for b in made.values()) < 1024 * 1024  # well under 2 MB


def test_a_valid_workbook_of_the_corpus_is_read() -> None:
    parsed, _ = read("valid_scores.xlsx")
    assert parsed.problems == []
    assert parsed.count == 2


@pytest.mark.parametrize(
    ("name", "row", "column", "bound"),
    [
        ("dense_range_xfd1048576.xlsx", 1048576, "XFD", "每张工作表最多 200,000 行"),
        ("last_row_a1048576.xlsx", 1048576, "A", "每张工作表最多 200,000 行"),
        ("too_many_rows_sparse.xlsx", 200001, "A", "每张工作表最多 200,000 行"),
        ("too_many_columns.xlsx", 2, "GS", "每张工作表最多 200 列"),
        ("dense_implicit_positions.xlsx", 5, "GS", "每张工作表最多 200 列"),
        ("prefixed_cell_xfd1048576.xlsx", 1048576, "XFD", "每张工作表最多 200,000 行"),
        ("position_hidden_in_attribute.xlsx", 1048576, "XFD", "每张工作表最多 200,000 行"),
    ],
)
def test_a_cell_beyond_the_sheet_bounds_is_refused_naming_sheet_row_and_column(
    name: str, row: int, column: str, bound: str
) -> None:
    parsed, seconds = read(name)
    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column) == ("月度成绩", row, column)
    assert f"「月度成绩」表第 {row} 行 {column} 列有内容" in problem.reason
    assert bound in problem.reason
    assert seconds < QUICK_SECONDS


def test_a_dense_range_workbook_no_longer_kills_the_import_command(database_url: str) -> None:
    # it used to abort the process: "memory allocation of 549755813888 bytes failed", exit 134
    env = os.environ | {"KEFU_DATABASE_URL": database_url, "KEFU_USER": "tester"}
    env["PYTHONPATH"] = str(Path(__file__).parents[2] / "src")
    done = subprocess.run(
        [sys.executable, "-m", "kefu.cli.main", "import", CORPUS / "dense_range_xfd1048576.xlsx"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "「月度成绩」表第 1048576 行 XFD 列有内容" in done.stderr
    assert "每张工作表最多 200,000 行" in done.stderr


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("zip_bomb_300mb.xlsx", "压缩文件解压后过大:声明的解压大小共 300 MB，最多 256 MB"),
        (
            "declares_60000_entries.xlsx",
            "压缩文件中的文件过多:最多 10,000 个，此文件声明了 60,000 个",
        ),
        (
            "lying_declared_size.xlsx",
            "压缩文件中的「xl/worksheets/sheet1.xml」与它声明的大小或校验码不符",
        ),
        ("xml_entity_bomb.xlsx", "工作表含有 DOCTYPE 声明"),
        ("invalid_cell_reference.xlsx", "单元格位置「A99999999999」无效"),
        ("truncated.xlsx", "文件不是有效的 Excel 工作簿(.xlsx)"),
        ("garbage_after_zip_magic.xlsx", "文件不是有效的 Excel 工作簿(.xlsx)"),
        ("pdf_named_xlsx.xlsx", "文件不是有效的 Excel 工作簿(.xlsx)"),
        ("zip_without_workbook.xlsx", "文件不是有效的 Excel 工作簿(.xlsx)"),
    ],
)
def test_a_hostile_archive_is_refused_before_it_is_unpacked(name: str, reason: str) -> None:
    parsed, seconds = read(name)
    assert reason in only_problem(parsed).reason
    assert seconds < QUICK_SECONDS


def test_an_archive_with_too_many_files_is_refused(tmp_path: Path, small_bounds: None) -> None:
    extra = [(f"t{i}.txt", b"") for i in range(30)]
    path = tmp_path / "many.xlsx"
    path.write_bytes(make_corpus.workbook_bytes({"月度成绩": make_corpus.scores_sheet()}, extra))
    parsed = read_import(path)
    assert "压缩文件中的文件过多:最多 20 个，此文件声明了 35 个" in only_problem(parsed).reason


def test_a_file_unpacking_past_its_declared_size_is_stopped_at_the_bound() -> None:
    # zipfile itself stops at the declared size; the count is the second line of defence
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", b" " * 5_000_000)
    bounds = ArchiveBounds(max_entries=10, max_unpacked_bytes=1_000_000, max_ratio=10_000)
    with Archive(io.BytesIO(buffer.getvalue()), ArchiveBounds(10, 10_000_000, 10_000)) as ok:
        assert len(ok.read(ok.infos()[0])) == 5_000_000
    with pytest.raises(ArchiveRefused, match="解压后过大"):
        Archive(io.BytesIO(buffer.getvalue()), bounds)


def test_a_highly_compressed_large_entry_is_refused_as_a_bomb() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.xml", b"\x00" * 5_000_000)
    with pytest.raises(ArchiveRefused, match="压缩比异常"):
        Archive(io.BytesIO(buffer.getvalue()), ArchiveBounds(10, 10_000_000, 200))


def test_a_formula_without_a_cached_value_is_refused_naming_its_cell() -> None:
    # it used to be stored as an empty score while the import said 导入成功
    parsed, _ = read("formula_without_cached_value.xlsx")
    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column) == ("月度成绩", 4, "C")
    assert "单元格 C4 是公式但没有保存计算结果" in problem.reason


def test_bad_cells_are_found_where_positions_are_implicit() -> None:
    parsed, _ = read("implicit_positions_bad_cells.xlsx")
    assert parsed.count == 0
    assert [(p.row, p.column, p.value) for p in parsed.problems] == [
        (4, "C", "#VALUE!"),
        (4, "D", None),
    ]


def test_error_cells_are_refused_naming_each_cell_and_its_error() -> None:
    parsed, _ = read("error_cells.xlsx")
    assert parsed.count == 0
    assert [(p.row, p.column, p.value) for p in parsed.problems] == [
        (4, "C", "#DIV/0!"),
        (4, "D", "#N/A"),
    ]
    assert "单元格 C4 是错误值 #DIV/0!" in parsed.problems[0].reason


@pytest.mark.parametrize(
    ("name", "row", "reason"),
    [
        ("huge_line.csv", 2, "第 2 行过长:超过 200,000 个字符"),
        ("wide_row.csv", 2, "第 2 行有 300 列，超出每行最多 200 列的上限"),
        ("binary_junk.csv", None, "无法识别文件编码"),
    ],
)
def test_a_hostile_csv_is_refused_naming_the_bound(name: str, row: int | None, reason: str) -> None:
    parsed, seconds = read(name)
    problem = only_problem(parsed)
    assert problem.row == row
    assert reason in problem.reason
    assert seconds < QUICK_SECONDS


def test_a_csv_with_more_rows_than_the_bound_is_refused(tmp_path: Path, small_bounds: None) -> None:
    path = tmp_path / "long.csv"
    lines = ["工号,月份,通话评估成绩"] + [f"H{i},2025-01,90" for i in range(60)]
    path.write_text("\n".join(lines), encoding="utf-8")
    problem = only_problem(read_import(path, "monthly-scores"))
    assert "文件超过 50 行的上限" in problem.reason


def test_a_refusal_lists_the_first_problems_and_counts_the_rest(ten_shown: None) -> None:
    parsed, _ = read("many_problems.csv")
    with pytest.raises(ImportRejected) as refused:
        parsed.raise_for_problems()
    total = len(parsed.problems)
    lines = refused.value.message.splitlines()
    assert lines[0] == f"导入失败，共 {total} 处错误，未写入任何数据:"
    assert lines[1:11] == [p.describe() for p in parsed.problems[:10]]
    assert (
        lines[11] == f"另有 {total - 10:,} 条问题未列出 ({total - 10:,} more problems not listed)"
    )
    assert len(lines) == 12


def test_a_file_bad_in_every_cell_keeps_a_bounded_list_but_counts_every_problem(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.csv"
    lines = ["工号,月份,通话评估成绩,工作评估成绩,综合工作表现"]
    lines += [f"H{i},2025-13,x,y,z" for i in range(5000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    parsed = read_import(path, "monthly-scores")
    assert len(parsed.problems) == 10_000
    assert len(parsed.problems) + parsed.unlisted == 5000 * 4
    with pytest.raises(ImportRejected) as refused:
        parsed.raise_for_problems()
    assert refused.value.total == 20_000
    assert "共 20000 处错误" in refused.value.message


# --- through the command line (a database) -------------------------------------------------


def kefu(url: str, *args: str | Path) -> tuple[int, str]:
    get_settings.cache_clear()
    env = {"KEFU_DATABASE_URL": url, "KEFU_USER": "manager"}
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    get_settings.cache_clear()
    return result.exit_code, result.output


def test_the_import_command_lists_200_problems_of_many(database_url: str) -> None:
    code, output = kefu(
        database_url, "import", CORPUS / "many_problems.csv", "--kind", "monthly-scores"
    )
    assert code == 2
    listed = [
        line for line in output.splitlines() if line.startswith("工作表「many_problems.csv」")
    ]
    assert len(listed) == 200
    assert "条问题未列出" in output


def test_a_refused_import_is_audited_and_writes_no_data(database_url: str, engine: Engine) -> None:
    code, _ = kefu(database_url, "import", CORPUS / "error_cells.xlsx")
    assert code == 2
    with engine.connect() as connection:
        events = connection.execute(
            select(AuditEvent.actor, AuditEvent.action, AuditEvent.target, AuditEvent.detail)
        ).all()
    refused = [e for e in events if e.action == "import.refused"]
    assert len(refused) == 1
    assert refused[0].actor == "manager"
    assert refused[0].target == "error_cells.xlsx"
    assert refused[0].detail["problems"] == 2
    assert "单元格 C4 是错误值 #DIV/0!" in refused[0].detail["first"][0]
    assert [e for e in events if e.action == "import"] == []


# --- every other reader of uploads ----------------------------------------------------------


def _read_roster_file(path: Path) -> list[ImportProblem]:
    from kefu.attendance.imports import read_attendance_file

    return read_attendance_file(path).problems


def _read_bank(path: Path) -> list[ImportProblem]:
    from kefu.exams.imports import read_bank

    return read_bank(path).problems


def _read_tests(path: Path) -> list[ImportProblem]:
    from kefu.recruitment.imports import read_tests

    return read_tests(path, ("沟通",)).problems


@pytest.mark.parametrize(
    ("sheet", "reader"),
    [("排班", _read_roster_file), ("题库", _read_bank), ("招聘测试", _read_tests)],
)
@pytest.mark.parametrize(
    ("trick", "reason"),
    [
        ('<row r="1048576"><c r="A1048576"><v>1</v></c></row>', "表第 1048576 行 A 列有内容"),
        ('<row r="3"><c r="B3" t="e"><v>#N/A</v></c></row>', "单元格 B3 是错误值 #N/A"),
        ('<row r="3"><c r="B3"><f>1+1</f></c></row>', "单元格 B3 是公式但没有保存计算结果"),
    ],
)
def test_every_workbook_reader_refuses_what_the_import_refuses(
    tmp_path: Path, sheet: str, reader: Any, trick: str, reason: str
) -> None:
    path = tmp_path / "upload.xlsx"
    body = make_corpus.rows_xml([["工号", "姓名"], ["1001", "张三"]]) + trick
    path.write_bytes(make_corpus.workbook_bytes({sheet: make_corpus.sheet_xml(body)}))
    started = time.perf_counter()
    problems = reader(path)
    assert time.perf_counter() - started < QUICK_SECONDS
    assert [p.sheet for p in problems] == [sheet]
    assert reason in problems[0].reason


def test_a_zip_of_transcripts_is_checked_like_a_workbook(small_bounds: None) -> None:
    from kefu.autoqa.service import read_zip

    bomb = (CORPUS / "zip_bomb_300mb.xlsx").read_bytes()
    with pytest.raises(ImportRejected, match="压缩文件解压后过大"):
        read_zip(bomb)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for i in range(30):
            bundle.writestr(f"1001_phone_20261001-0900_{i}.txt", "坐席:您好")
    with pytest.raises(ImportRejected, match="压缩文件中的文件过多:最多 20 个"):
        read_zip(buffer.getvalue())
