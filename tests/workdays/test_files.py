"""The center's schedule files: a sound file loads, every malformed one is refused by key and value.

All years written here are fixtures (see tests/workdays/__init__.py), not real notices.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kefu.errors import KefuError, NotFound
from kefu.periods import Month
from kefu.workdays.calendar import PACKAGE_SOURCE, CalendarYearMissing
from kefu.workdays.files import (
    MAX_FILE_BYTES,
    CalendarFileInvalid,
    load_calendar,
    load_schedule_file,
    parse_schedule,
)
from tests.workdays import (
    FIXTURE_2026,
    FIXTURE_2027,
    FIXTURE_2028,
    FIXTURE_NOTICE,
    d,
    dates,
    edited,
    weekdays_between,
    write_file,
)

EIGHT = Decimal(8)


def problems_of(text: str) -> list[str]:
    """The problems a file's text is refused with (it must be refused)."""
    with pytest.raises(CalendarFileInvalid) as caught:
        parse_schedule(text, "2027.yaml")
    assert caught.value.message.startswith("节假日安排文件 2027.yaml 有 ")
    return caught.value.problems


def only_problem(text: str) -> str:
    problems = problems_of(text)
    assert len(problems) == 1, problems
    return problems[0]


# --- sound files ----------------------------------------------------------------------------


def test_a_sound_file_gives_its_days_off_statutory_days_and_worked_weekends(
    tmp_path: Path,
) -> None:
    path = write_file(tmp_path, "2027.yaml", FIXTURE_2027)
    schedule = load_schedule_file(path)
    assert schedule.year == 2027
    assert list(schedule.days_off)[:3] == dates("2027-01-01", "2027-01-02", "2027-01-03")
    assert schedule.days_off[d("2027-02-08")] == "春节"
    assert len(schedule.days_off) == 3 + 7
    assert schedule.statutory == frozenset(
        dates("2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08")
    )
    assert schedule.adjusted_workdays == {d("2027-02-20"): "春节"}
    assert schedule.source == f"{path}: {FIXTURE_NOTICE}"


def test_quoted_dates_and_a_file_without_worked_weekends_are_accepted() -> None:
    text = edited(FIXTURE_2028, ("[2028-02-28, 2028-02-29]", "['2028-02-28', '2028-02-29']"))
    schedule = parse_schedule(text, "2028.yaml")
    assert schedule.adjusted_workdays == {}
    assert d("2028-02-28") in schedule.days_off


def test_a_leap_day_is_a_valid_date_in_a_leap_year(tmp_path: Path) -> None:
    write_file(tmp_path, "2028.yaml", FIXTURE_2028)
    calendar = load_calendar(tmp_path)
    assert calendar.is_statutory_holiday(d("2028-02-29"))
    assert not calendar.is_working_day(d("2028-02-28"))
    # February 2028 has 29 days; its weekdays less Monday 2-28 and Tuesday 2-29
    expected = weekdays_between(d("2028-02-01"), d("2028-02-29")) - 2
    assert calendar.month(Month(2028, 2), EIGHT).working_days == expected


def test_the_calendar_directory_overrides_2026_and_adds_2027(tmp_path: Path) -> None:
    write_file(tmp_path, "2026.yaml", FIXTURE_2026)
    write_file(tmp_path, "2027.yaml", FIXTURE_2027)
    calendar = load_calendar(tmp_path)
    # the made-up 2026 has only 10-1..10-3 off: 10-5 is worked and 10-10 is a plain Saturday
    assert calendar.is_working_day(d("2026-10-05"))
    assert not calendar.is_working_day(d("2026-10-10"))
    assert calendar.holiday_name(d("2026-02-17")) is None
    october = calendar.month(Month(2026, 10), EIGHT)
    assert october.working_days == weekdays_between(d("2026-10-01"), d("2026-10-31")) - 2
    assert october.sources == [f"{tmp_path / '2026.yaml'}: {FIXTURE_NOTICE}"]
    assert calendar.is_working_day(d("2027-02-20"))  # Saturday worked by 调休 in the fixture
    assert calendar.schedule(2025).source == PACKAGE_SOURCE


def test_a_cycle_across_the_year_end_names_both_sources(tmp_path: Path) -> None:
    write_file(tmp_path, "2027.yaml", FIXTURE_2027)
    days = load_calendar(tmp_path).period(d("2026-12-26"), d("2027-01-25"), EIGHT)
    assert days.sources == [PACKAGE_SOURCE, f"{tmp_path / '2027.yaml'}: {FIXTURE_NOTICE}"]
    # no 2026 holiday falls after 12-26; 2027-01-01 (Fri) is the only weekday off
    assert days.working_days == weekdays_between(d("2026-12-26"), d("2027-01-25")) - 1


def test_a_missing_directory_means_the_package_alone(tmp_path: Path) -> None:
    calendar = load_calendar(tmp_path / "nowhere")
    assert calendar.is_statutory_holiday(d("2026-10-01"))
    with pytest.raises(CalendarYearMissing) as caught:
        calendar.schedule(2027)
    assert str(tmp_path / "nowhere") in caught.value.message


def test_files_other_than_yaml_are_left_alone_but_a_yml_file_is_refused(tmp_path: Path) -> None:
    write_file(tmp_path, "README.txt", "notes")
    write_file(tmp_path, "2027.yaml", FIXTURE_2027)
    assert 2027 in load_calendar(tmp_path).years
    write_file(tmp_path, "2028.yml", FIXTURE_2028)
    with pytest.raises(CalendarFileInvalid, match=r"2028\.yml.*\n.*\.yaml"):
        load_calendar(tmp_path)


# --- refused files: each problem named by key and value ------------------------------------------


def test_two_files_for_the_same_year_are_refused_naming_both(tmp_path: Path) -> None:
    first = write_file(tmp_path, "a-2027.yaml", FIXTURE_2027)
    write_file(tmp_path, "b-2027.yaml", FIXTURE_2027)
    with pytest.raises(CalendarFileInvalid) as caught:
        load_calendar(tmp_path)
    assert caught.value.source == str(tmp_path / "b-2027.yaml")
    assert caught.value.problems == [f"year = 「2027」: 与 {first} 的年份相同，每年只能有一个文件"]


def test_an_unknown_top_level_key_is_refused() -> None:
    text = edited(FIXTURE_2027, ("year: 2027\n", "year: 2027\ncolour: red\n"))
    problem = only_problem(text)
    assert problem.startswith("colour: 未知的键")
    assert "kefu_calendar, year, source, holidays, adjusted_workdays" in problem


def test_an_unknown_key_inside_a_holiday_is_refused() -> None:
    text = edited(FIXTURE_2027, ("statutory: [2027-01-01]}", "statutory: [2027-01-01], paid: 3}"))
    assert only_problem(text).startswith("holidays[0].paid: 未知的键")


def test_a_date_that_does_not_exist_is_refused() -> None:
    text = edited(FIXTURE_2027, ("2027-02-11]", "2027-02-30]"))
    assert (
        only_problem(text)
        == "holidays[1].days_off[6] = 「2027-02-30」: 不是有效的日期 (没有这一天)"
    )


def test_the_29th_of_february_is_refused_in_a_common_year() -> None:
    text = edited(FIXTURE_2027, ("2027-02-11]", "2027-02-29]"))
    assert "「2027-02-29」: 不是有效的日期" in only_problem(text)


@pytest.mark.parametrize(
    "written", ["明天", "2027/01/02", "2027-1-2", "20270102", "2027-01-02 08:00"]
)
def test_a_value_that_is_not_a_date_is_refused(written: str) -> None:
    text = edited(FIXTURE_2027, ("2027-01-02, 2027-01-03]", f"'{written}', 2027-01-03]"))
    assert only_problem(text) == (
        f"holidays[0].days_off[1] = 「{written}」: 不是日期，应写作 YYYY-MM-DD，例如 2027-01-01"
    )


def test_a_date_outside_the_files_year_is_refused() -> None:
    text = edited(FIXTURE_2027, ("[2027-01-01, 2027-01-02", "[2026-12-31, 2027-01-01, 2027-01-02"))
    assert only_problem(text).startswith(
        "holidays[0].days_off[0] = 「2026-12-31」: 不在本文件的年份 2027 内"
    )


def test_a_day_both_off_and_worked_is_refused() -> None:
    text = edited(FIXTURE_2027, ("{date: 2027-02-20,", "{date: 2027-01-02,"))
    assert only_problem(text) == (
        "adjusted_workdays[0].date = 「2027-01-02」: 这一天已在 holidays[0].days_off[1] 中"
        "列为放假日，不能同时是调休上班日"
    )


def test_a_worked_weekday_is_refused_as_not_a_weekend_day() -> None:
    text = edited(FIXTURE_2027, ("{date: 2027-02-20,", "{date: 2027-02-17,"))
    assert "「2027-02-17」: 是星期三；调休上班日应为周六或周日" in only_problem(text)


def test_a_statutory_day_that_is_not_a_day_off_of_its_holiday_is_refused() -> None:
    text = edited(FIXTURE_2027, ("statutory: [2027-01-01]", "statutory: [2027-02-05]"))
    assert only_problem(text) == (
        "holidays[0].statutory[0] = 「2027-02-05」: 法定节假日也必须列在 holidays[0].days_off 中"
    )


def test_a_day_off_listed_twice_is_refused() -> None:
    text = edited(FIXTURE_2027, ("days_off: [2027-02-05,", "days_off: [2027-01-03, 2027-02-05,"))
    assert only_problem(text).startswith(
        "holidays[1].days_off[0] = 「2027-01-03」: 已在 holidays[0].days_off[2] 中列出"
    )


def test_a_worked_weekend_listed_twice_is_refused() -> None:
    text = FIXTURE_2027 + "  - {date: 2027-02-20, name: 春节}\n"
    assert only_problem(text).startswith("adjusted_workdays[1].date = 「2027-02-20」: 已在")


def test_missing_required_keys_are_each_named() -> None:
    text = edited(
        FIXTURE_2027,
        ("source: " + FIXTURE_NOTICE + "\n", ""),
        (", statutory: [2027-01-01]}", "}"),
    )
    assert problems_of(text) == ["source: 缺少必填项", "holidays[0].statutory: 缺少必填项"]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("kefu_calendar: 1", "kefu_calendar: 2", "kefu_calendar = 「2」: 应为 1"),
        ("year: 2027", "year: '2027'", "year = 「2027」: 应为四位数的年份"),
        ("year: 2027", "year: 12027", "year = 「12027」: 年份应在 1900–9999 之间"),
        ("source: 测试", "source: ''\nx: 测试", "x: 未知的键"),
        ("name: 元旦", "name: ''", "holidays[0].name = 「」: 应为非空文字"),
        (
            "days_off: [2027-01-01, 2027-01-02, 2027-01-03]",
            "days_off: []",
            "holidays[0].days_off = 「[]」: 至少需要一项",
        ),
        (
            "statutory: [2027-01-01]",
            "statutory: 2027-01-01",
            "holidays[0].statutory = 「2027-01-01」: 应为列表",
        ),
    ],
)
def test_wrong_values_are_named_with_their_key(old: str, new: str, problem: str) -> None:
    problems = problems_of(edited(FIXTURE_2027, (old, new)))
    assert any(p.startswith(problem) for p in problems), problems


def test_a_holiday_that_is_not_a_mapping_is_refused() -> None:
    text = edited(FIXTURE_2027, ("  - {name: 元旦,", "  - 元旦\n  - {name: 元旦,"))
    assert only_problem(text) == "holidays[0] = 「元旦」: 应为键值表 (mapping)"


def test_yaml_anchors_and_aliases_are_refused() -> None:
    text = edited(
        FIXTURE_2027,
        ("statutory: [2027-01-01]}", "statutory: &first [2027-01-01]}"),
        ("statutory: [2027-02-05,", "statutory: *first\n    unused: [2027-02-05,"),
    )
    assert only_problem(text).endswith("节假日安排文件不能使用 YAML 锚点或别名 (& / *)")


def test_a_repeated_key_is_refused_with_its_line() -> None:
    text = edited(FIXTURE_2027, ("year: 2027\n", "year: 2027\nyear: 2028\n"))
    assert only_problem(text) == "第 3 行: 重复的键「year」"


def test_text_that_is_not_yaml_or_not_a_mapping_is_refused() -> None:
    assert only_problem("holidays: [unclosed").startswith("不是有效的 YAML")
    assert only_problem("- 2027\n") == "文件内容应为键值表 (mapping)，格式见 docs/calendar.md"
    assert only_problem("") == "文件内容应为键值表 (mapping)，格式见 docs/calendar.md"


def test_deep_nesting_and_huge_numbers_are_refused_without_a_traceback() -> None:
    assert "嵌套层数过多" in only_problem("year: " + "[" * 50 + "]" * 50 + "\n")
    assert only_problem("year: " + "9" * 5000 + "\n").startswith("无法读取")


def test_a_missing_file_an_oversized_file_and_a_non_utf8_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="找不到节假日安排文件"):
        load_schedule_file(tmp_path / "2027.yaml")
    big = write_file(tmp_path, "big.yaml", "#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(CalendarFileInvalid, match="文件过大"):
        load_schedule_file(big)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("source: caf\xe9\n".encode("latin-1"))
    with pytest.raises(CalendarFileInvalid, match="UTF-8"):
        load_schedule_file(latin)


def test_a_calendar_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    path = write_file(tmp_path, "calendar", "")
    with pytest.raises(KefuError, match="不是目录"):
        load_calendar(path)


def test_a_directory_with_a_broken_file_names_that_file(tmp_path: Path) -> None:
    write_file(tmp_path, "2026.yaml", FIXTURE_2026)
    broken = write_file(tmp_path, "2027.yaml", edited(FIXTURE_2027, ("2027-02-11]", "2027-02-30]")))
    with pytest.raises(CalendarFileInvalid) as caught:
        load_calendar(tmp_path)
    assert caught.value.message.startswith(f"节假日安排文件 {broken} 有 1 个问题:")
