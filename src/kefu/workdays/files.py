"""The center's holiday schedule files (节假日安排文件): strict YAML, one year a file.

A file states one year as the State Council's notice (国务院办公厅关于 YYYY 年部分节假日安排
的通知) gives it; docs/calendar.md describes the format. Reading is strict: unknown or duplicate
keys, YAML anchors and aliases, bad dates, dates outside the file's year and contradictions are
refused with every problem named by key and value.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kefu.errors import KefuError, NotFound
from kefu.workdays.calendar import WorkCalendar, YearSchedule, is_weekend

FORMAT_VERSION = 1
MAX_FILE_BYTES = 200_000  # a year's schedule is a few hundred bytes
MAX_DEPTH = 10  # levels of nested mappings and lists; a schedule needs four
_SHOWN_CHARS = 60
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIRST_YEAR, _LAST_YEAR = 1900, 9999
_WEEKDAYS = "一二三四五六日"

_TOP_KEYS = ("kefu_calendar", "year", "source", "holidays", "adjusted_workdays")
_TOP_REQUIRED = ("kefu_calendar", "year", "source", "holidays")
_HOLIDAY_KEYS = ("name", "days_off", "statutory")
_WORKDAY_KEYS = ("date", "name")


class CalendarFileInvalid(KefuError):
    """A schedule file failed validation; ``problems`` lists one line each."""

    http_status = 422

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(
            f"节假日安排文件 {source} 有 {len(problems)} 个问题:\n" + "\n".join(problems)
        )
        self.source = source
        self.problems = problems


class _Refused(Exception):
    """A YAML construct the strict reader will not build; the message names its line."""


def _cut(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


class _ScheduleLoader(yaml.SafeLoader):
    """SafeLoader without anchors, aliases or duplicate keys; dates stay text to be checked."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            # a few hundred bytes of aliases expand to billions of nodes; a schedule needs none
            raise _Refused(f"第 {line} 行: 节假日安排文件不能使用 YAML 锚点或别名 (& / *)")
        if self._depth >= MAX_DEPTH:
            raise _Refused(f"第 {line} 行: 嵌套层数过多，最多 {MAX_DEPTH} 层")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    # A date is checked by _as_date, so that 2027-02-30 is reported with its key, not a line.
    return str(loader.construct_scalar(node))


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Refused(f"第 {line} 行: 键只能是文字，不能是列表或键值表")
        key = loader.construct_object(key_node)
        if key in seen:
            raise _Refused(f"第 {line} 行: 重复的键「{_cut(str(key))}」")
        seen[key] = loader.construct_object(value_node, deep=True)
    return seen


_ScheduleLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
_ScheduleLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(text: str, source: str) -> object:
    try:
        return yaml.load(text, Loader=_ScheduleLoader)
    except _Refused as exc:
        raise CalendarFileInvalid(source, [str(exc)]) from None
    except yaml.YAMLError as exc:
        raise CalendarFileInvalid(source, [f"不是有效的 YAML: {exc}"]) from None
    except (ValueError, TypeError, ArithmeticError, RecursionError) as exc:
        raise CalendarFileInvalid(source, [f"无法读取: {_cut(str(exc))}"]) from None


class _Checker:
    """Collects every problem of one file, each naming its key and value."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def say(self, path: str, value: object, reason: str) -> None:
        self.problems.append(f"{path} = 「{_cut(str(value))}」: {reason}")

    def missing(self, path: str) -> None:
        self.problems.append(f"{path}: 缺少必填项")

    def mapping(
        self, value: object, path: str, keys: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[Any, Any] | None:
        """``value`` as a mapping with only ``keys`` and every ``required`` one, else None."""
        if not isinstance(value, dict):
            self.say(path, value, "应为键值表 (mapping)")
            return None
        for key in value:
            if key not in keys:
                where = f"{path}.{key}" if path else str(key)
                self.problems.append(f"{where}: 未知的键 (可用的键: {', '.join(keys)})")
        for key in required:
            if key not in value:
                self.missing(f"{path}.{key}" if path else key)
        return value

    def text(self, value: object, path: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.say(path, value, "应为非空文字")
            return None
        return value.strip()

    def items(self, value: object, path: str, *, allow_empty: bool) -> list[Any]:
        if not isinstance(value, list):
            self.say(path, value, "应为列表")
            return []
        if not value and not allow_empty:
            self.say(path, value, "至少需要一项")
        return value

    def day(self, value: object, path: str, year: int | None) -> date | None:
        """A date written YYYY-MM-DD inside the file's year, else None (problem recorded)."""
        if not isinstance(value, str) or not _DATE.match(value):
            self.say(path, value, "不是日期，应写作 YYYY-MM-DD，例如 2027-01-01")
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.say(path, value, "不是有效的日期 (没有这一天)")
            return None
        if year is not None and day.year != year:
            self.say(path, value, f"不在本文件的年份 {year} 内 (跨年的假期分别写在两年的文件里)")
            return None
        return day


def _year(check: _Checker, value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        check.say("year", value, "应为四位数的年份，例如 2027")
        return None
    if not _FIRST_YEAR <= value <= _LAST_YEAR:
        check.say("year", value, f"年份应在 {_FIRST_YEAR}–{_LAST_YEAR} 之间")
        return None
    return value


def parse_schedule(text: str, source: str) -> YearSchedule:
    """One schedule file's text as a YearSchedule; raise CalendarFileInvalid with every problem."""
    raw = _read_yaml(text, source)
    check = _Checker()
    top = check.mapping(raw, "", _TOP_KEYS, _TOP_REQUIRED)
    if top is None:
        raise CalendarFileInvalid(source, ["文件内容应为键值表 (mapping)，格式见 docs/calendar.md"])
    version = top.get("kefu_calendar")
    if "kefu_calendar" in top and (isinstance(version, bool) or version != FORMAT_VERSION):
        check.say("kefu_calendar", version, f"应为 {FORMAT_VERSION} (本版 kefu 读取的文件格式)")
    year = _year(check, top["year"]) if "year" in top else None
    notice = check.text(top["source"], "source") if "source" in top else None

    days_off: dict[date, str] = {}
    statutory: set[date] = set()
    listed_at: dict[date, str] = {}
    holidays = check.items(top.get("holidays", []), "holidays", allow_empty="holidays" not in top)
    for i, entry in enumerate(holidays):
        path = f"holidays[{i}]"
        holiday = check.mapping(entry, path, _HOLIDAY_KEYS, _HOLIDAY_KEYS)
        if holiday is None:
            continue
        name = check.text(holiday["name"], f"{path}.name") if "name" in holiday else None
        own: set[date] = set()
        offs = check.items(holiday.get("days_off", []), f"{path}.days_off", allow_empty=False)
        for j, value in enumerate(offs):
            at = f"{path}.days_off[{j}]"
            day = check.day(value, at, year)
            if day is None:
                continue
            if day in listed_at:
                check.say(at, value, f"已在 {listed_at[day]} 中列出，同一天不能列为放假日两次")
                continue
            listed_at[day] = at
            own.add(day)
            if name is not None:
                days_off[day] = name
        for j, value in enumerate(
            check.items(holiday.get("statutory", []), f"{path}.statutory", allow_empty=True)
        ):
            at = f"{path}.statutory[{j}]"
            day = check.day(value, at, year)
            if day is None:
                continue
            if day in statutory:
                check.say(at, value, "重复列出的法定节假日")
            elif day not in own:
                check.say(at, value, f"法定节假日也必须列在 {path}.days_off 中")
            else:
                statutory.add(day)

    workdays: dict[date, str] = {}
    workday_at: dict[date, str] = {}
    for i, entry in enumerate(
        check.items(top.get("adjusted_workdays", []), "adjusted_workdays", allow_empty=True)
    ):
        path = f"adjusted_workdays[{i}]"
        workday = check.mapping(entry, path, _WORKDAY_KEYS, _WORKDAY_KEYS)
        if workday is None:
            continue
        name = check.text(workday["name"], f"{path}.name") if "name" in workday else None
        if "date" not in workday:
            continue
        value = workday["date"]
        day = check.day(value, f"{path}.date", year)
        if day is None:
            continue
        if day in listed_at:
            check.say(
                f"{path}.date",
                value,
                f"这一天已在 {listed_at[day]} 中列为放假日，不能同时是调休上班日",
            )
        elif day in workday_at:
            check.say(f"{path}.date", value, f"已在 {workday_at[day]} 中列出")
        elif not is_weekend(day):
            check.say(
                f"{path}.date",
                value,
                f"是星期{_WEEKDAYS[day.weekday()]}；调休上班日应为周六或周日 (平常的工作日不必列出)",
            )
        else:
            workday_at[day] = f"{path}.date"
            if name is not None:
                workdays[day] = name

    if check.problems or year is None or notice is None:
        raise CalendarFileInvalid(source, check.problems)
    return YearSchedule(
        year=year,
        days_off=dict(sorted(days_off.items())),
        statutory=frozenset(statutory),
        adjusted_workdays=dict(sorted(workdays.items())),
        source=f"{source}: {notice}",
    )


def load_schedule_file(path: Path) -> YearSchedule:
    """Read and check one schedule file; CalendarFileInvalid names every problem."""
    if not path.is_file():
        raise NotFound(f"找不到节假日安排文件 {path}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise CalendarFileInvalid(str(path), [f"文件过大: {size} 字节，最多 {MAX_FILE_BYTES} 字节"])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CalendarFileInvalid(str(path), ["文件不是 UTF-8 文本"]) from None
    return parse_schedule(text, str(path))


def load_calendar(directory: Path) -> WorkCalendar:
    """The package's calendar with every ``*.yaml`` of ``directory`` (one year a file) over it."""
    if not directory.exists():
        return WorkCalendar(where=str(directory))  # no center files: the package's years only
    if not directory.is_dir():
        raise KefuError(f"节假日安排目录 {directory} 不是目录 (KEFU_CALENDAR_DIR)")
    misnamed = sorted(directory.glob("*.yml"))
    if misnamed:
        # read every *.yaml; a .yml file would be ignored without a word
        raise CalendarFileInvalid(str(misnamed[0]), ["文件扩展名应为 .yaml，请改名后再用"])
    overrides: dict[int, YearSchedule] = {}
    files: dict[int, Path] = {}
    for path in sorted(directory.glob("*.yaml")):
        schedule = load_schedule_file(path)
        if schedule.year in files:
            raise CalendarFileInvalid(
                str(path),
                [
                    f"year = 「{schedule.year}」: 与 {files[schedule.year]} 的年份相同，每年只能有一个文件"
                ],
            )
        files[schedule.year] = path
        overrides[schedule.year] = schedule
    return WorkCalendar(overrides, where=str(directory))
