"""The phrase library (话术库) as data: parse and validate its YAML, line by line (R-QA-2).

A library names the channels it applies to, the score a perfect contact gets, the fillers and
the mention cues of its language, and its entries: situational standard phrases (标准用语, due
when their trigger fires or always), forbidden phrases (服务忌语) and the ordered steps of a call
script (话术流程). Every number (points, full score) comes from here, never from Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kefu.errors import KefuError

STANDARD = "standard_phrase"
FORBIDDEN = "forbidden"
STEP = "script_step"
KINDS = (STANDARD, FORBIDDEN, STEP)
CHANNELS = ("phone", "email", "fax", "chat")
KIND_NAMES = {
    STANDARD: ("标准用语", "standard phrase"),
    FORBIDDEN: ("服务忌语", "forbidden phrase"),
    STEP: ("话术步骤", "script step"),
}
MAX_VARIANT = 80


class LibraryInvalid(KefuError):
    """A phrase library's YAML failed validation; ``problems`` has one line each."""

    http_status = 422
    exit_code = 2

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"话术库 {source} 有 {len(problems)} 个问题:\n" + "\n".join(problems))
        self.source = source
        self.problems = problems


@dataclass(frozen=True)
class Trigger:
    """When an entry is due: always, on a rest day, or when a cue is heard."""

    always: bool = False
    customer: tuple[str, ...] = ()
    agent: tuple[str, ...] = ()
    rest_day: bool = False


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str
    name: str
    name_en: str
    variants: tuple[str, ...]
    points: Decimal
    order: int | None = None
    when: Trigger | None = None
    exceptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Library:
    key: str
    name: str
    name_en: str
    applies_to: tuple[str, ...]
    full_score: Decimal
    entries: tuple[Entry, ...]
    extends: tuple[str, ...] = ()
    out_of_order_points: Decimal = Decimal(0)
    fillers: tuple[str, ...] = ()
    mention_cues: tuple[str, ...] = ()
    script_when: Trigger | None = None
    version: int = 0
    """The stored version (0 for a file not yet stored)."""
    parts: tuple[tuple[str, int], ...] = field(default=())
    """(key, version) of every library merged into this one, itself first."""

    def entry(self, key: str) -> Entry:
        for entry in self.entries:
            if entry.key == key:
                return entry
        raise KeyError(key)

    def of_kind(self, kind: str) -> Iterator[Entry]:
        return (e for e in self.entries if e.kind == kind)


def combine(main: Library, others: list[Library]) -> Library:
    """``main`` with the entries, fillers and cues of the libraries it extends."""
    entries = list(main.entries)
    seen = {e.key for e in entries}
    fillers = list(main.fillers)
    cues = list(main.mention_cues)
    parts = [(main.key, main.version)]
    for other in others:
        parts.append((other.key, other.version))
        for entry in other.entries:
            if entry.key not in seen:
                seen.add(entry.key)
                entries.append(entry)
        fillers += [f for f in other.fillers if f not in fillers]
        cues += [c for c in other.mention_cues if c not in cues]
    return Library(
        key=main.key,
        name=main.name,
        name_en=main.name_en,
        applies_to=main.applies_to,
        full_score=main.full_score,
        entries=tuple(entries),
        extends=main.extends,
        out_of_order_points=main.out_of_order_points,
        fillers=tuple(fillers),
        mention_cues=tuple(cues),
        script_when=main.script_when,
        version=main.version,
        parts=tuple(parts),
    )


# ---------------------------------------------------------------- reading YAML with line numbers


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def fail(self, node: yaml.Node | None, message: str) -> None:
        line = f"第 {node.start_mark.line + 1} 行: " if node is not None else ""
        self.problems.append(f"{line}{message}")

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} 应为键值表")
            return {}
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                self.fail(key_node, f"{what} 的键 {key} 重复")
            out[key] = (key_node, value_node)
        return out

    def text(self, node: yaml.Node, what: str, limit: int = 200) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(("null", "bool", "map")):
            self.fail(node, f"{what} 应为文字")
            return ""
        value = str(node.value).strip()
        if not value:
            self.fail(node, f"{what} 不能为空")
        elif len(value) > limit:
            self.fail(node, f"{what} 过长(最多 {limit} 字)")
        return value

    def texts(self, node: yaml.Node, what: str, allow_empty: bool = False) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} 应为列表")
            return ()
        values = tuple(self.text(item, what, MAX_VARIANT) for item in node.value)
        if not values and not allow_empty:
            self.fail(node, f"{what} 至少要有一项")
        for item, value in zip(node.value, values, strict=True):
            if value and values.count(value) > 1 and values.index(value) != node.value.index(item):
                self.fail(item, f"{what} 中「{value}」重复")
        return values

    def number(self, node: yaml.Node, what: str) -> Decimal:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, f"{what} 应为数字")
            return Decimal(0)
        try:
            value = Decimal(str(node.value))
        except InvalidOperation:
            self.fail(node, f"{what} 应为数字, 而不是「{node.value}」")
            return Decimal(0)
        if not value.is_finite() or value < 0 or value > 1000:
            self.fail(node, f"{what} 应在 0 到 1000 之间")
            return Decimal(0)
        return value

    def integer(self, node: yaml.Node, what: str) -> int:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).isdigit():
            self.fail(node, f"{what} 应为正整数")
            return 0
        return int(node.value)

    def flag(self, node: yaml.Node, what: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith("bool"):
            self.fail(node, f"{what} 应为 true 或 false")
            return False
        return str(node.value).lower() in ("true", "yes", "on")

    def unknown(
        self, fields: dict[str, tuple[yaml.Node, yaml.Node]], known: set[str], what: str
    ) -> None:
        for key, (key_node, _value) in fields.items():
            if key not in known:
                self.fail(key_node, f"{what} 不认识的键 {key}(可用: {', '.join(sorted(known))})")


_TOP = {
    "key",
    "name",
    "name_en",
    "applies_to",
    "extends",
    "full_score",
    "out_of_order_points",
    "fillers",
    "mention_cues",
    "script_when",
    "entries",
}
_ENTRY = {"key", "kind", "name", "name_en", "variants", "points", "order", "when", "except"}
_WHEN = {"always", "customer", "agent", "rest_day"}


def _key(reader: _Reader, node: yaml.Node, what: str) -> str:
    value = reader.text(node, what, 64)
    if value and not all(c.isascii() and (c.isalnum() or c in "-_") for c in value):
        reader.fail(node, f"{what}「{value}」只能用英文字母、数字、- 和 _")
    return value


def _trigger(reader: _Reader, node: yaml.Node, what: str) -> Trigger:
    if isinstance(node, yaml.ScalarNode) and node.value == "always":
        return Trigger(always=True)
    fields = reader.mapping(node, what)
    reader.unknown(fields, _WHEN, what)
    always = reader.flag(fields["always"][1], f"{what}.always") if "always" in fields else False
    rest = reader.flag(fields["rest_day"][1], f"{what}.rest_day") if "rest_day" in fields else False
    customer = (
        reader.texts(fields["customer"][1], f"{what}.customer") if "customer" in fields else ()
    )
    agent = reader.texts(fields["agent"][1], f"{what}.agent") if "agent" in fields else ()
    if fields and not (always or rest or customer or agent):
        reader.fail(node, f"{what} 至少要有 always、rest_day、customer 或 agent 之一")
    return Trigger(always=always, customer=customer, agent=agent, rest_day=rest)


def _entry(reader: _Reader, node: yaml.Node, index: int) -> Entry | None:
    what = f"entries 第 {index + 1} 项"
    fields = reader.mapping(node, what)
    if not fields:
        return None
    reader.unknown(fields, _ENTRY, what)
    for needed in ("key", "kind", "name", "name_en", "variants", "points"):
        if needed not in fields:
            reader.fail(node, f"{what} 缺少 {needed}")
    if any(n not in fields for n in ("key", "kind", "variants", "points")):
        return None
    key = _key(reader, fields["key"][1], f"{what} 的 key")
    what = f"条目 {key}"
    kind = reader.text(fields["kind"][1], f"{what} 的 kind")
    if kind and kind not in KINDS:
        reader.fail(fields["kind"][1], f"{what} 的 kind 应为 {' | '.join(KINDS)}, 而不是 {kind}")
    name = reader.text(fields["name"][1], f"{what} 的 name") if "name" in fields else key
    name_en = (
        reader.text(fields["name_en"][1], f"{what} 的 name_en") if "name_en" in fields else key
    )
    variants = reader.texts(fields["variants"][1], f"{what} 的 variants")
    points = reader.number(fields["points"][1], f"{what} 的 points")
    order: int | None = None
    if "order" in fields:
        order = reader.integer(fields["order"][1], f"{what} 的 order")
        if kind != STEP:
            reader.fail(fields["order"][0], f"{what}: 只有 script_step 有 order")
    elif kind == STEP:
        reader.fail(node, f"{what}: script_step 需要 order(第几步)")
    when = _trigger(reader, fields["when"][1], f"{what} 的 when") if "when" in fields else None
    if kind == STANDARD and when is None:
        reader.fail(node, f"{what}: standard_phrase 需要 when(always 或触发词)")
    if kind == FORBIDDEN and when is not None:
        reader.fail(fields["when"][0], f"{what}: 服务忌语任何时候都不能说, 不要 when")
    exceptions = (
        reader.texts(fields["except"][1], f"{what} 的 except") if "except" in fields else ()
    )
    if exceptions and kind != FORBIDDEN:
        reader.fail(fields["except"][0], f"{what}: 只有 forbidden 有 except")
    return Entry(key, kind, name, name_en, variants, points, order, when, exceptions)


def parse_library(text: str, source: str = "话术库") -> Library:
    """The library in ``text``, or LibraryInvalid listing every problem with its line."""
    reader = _Reader(source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"第 {mark.line + 1} 行: " if mark is not None else ""
        raise LibraryInvalid(
            source, [f"{where}YAML 格式错误: {getattr(error, 'problem', error)}"]
        ) from None
    if root is None:
        raise LibraryInvalid(source, ["文件是空的"])
    fields = reader.mapping(root, "话术库")
    reader.unknown(fields, _TOP, "话术库")
    for needed in ("key", "name", "name_en", "applies_to", "full_score", "entries"):
        if needed not in fields:
            reader.fail(root, f"话术库缺少 {needed}")
    if reader.problems:
        raise LibraryInvalid(source, reader.problems)

    def get(name: str) -> yaml.Node:
        return fields[name][1]

    key = _key(reader, get("key"), "key")
    applies_to = reader.texts(get("applies_to"), "applies_to", allow_empty=True)
    for channel, item in zip(applies_to, get("applies_to").value, strict=False):
        if channel and channel not in CHANNELS:
            reader.fail(item, f"渠道 {channel} 不存在(可用: {', '.join(CHANNELS)})")
    extends = (
        reader.texts(get("extends"), "extends", allow_empty=True) if "extends" in fields else ()
    )
    if key in extends:
        reader.fail(get("extends"), "话术库不能扩展它自己")
    fillers = (
        reader.texts(get("fillers"), "fillers", allow_empty=True) if "fillers" in fields else ()
    )
    cues = (
        reader.texts(get("mention_cues"), "mention_cues", allow_empty=True)
        if "mention_cues" in fields
        else ()
    )
    order_points = (
        reader.number(get("out_of_order_points"), "out_of_order_points")
        if "out_of_order_points" in fields
        else Decimal(0)
    )
    script_when = (
        _trigger(reader, get("script_when"), "script_when") if "script_when" in fields else None
    )
    entries_node = get("entries")
    entries: list[Entry] = []
    if not isinstance(entries_node, yaml.SequenceNode):
        reader.fail(entries_node, "entries 应为列表")
    else:
        keys: set[str] = set()
        orders: dict[int, str] = {}
        for index, item in enumerate(entries_node.value):
            entry = _entry(reader, item, index)
            if entry is None:
                continue
            if entry.key in keys:
                reader.fail(item, f"条目 key {entry.key} 重复")
            keys.add(entry.key)
            if entry.order is not None and entry.when is None:
                if entry.order in orders:
                    reader.fail(item, f"条目 {entry.key} 与 {orders[entry.order]} 的 order 相同")
                orders[entry.order] = entry.key
            entries.append(entry)
    library = Library(
        key=key,
        name=reader.text(get("name"), "name"),
        name_en=reader.text(get("name_en"), "name_en"),
        applies_to=applies_to,
        full_score=reader.number(get("full_score"), "full_score"),
        entries=tuple(entries),
        extends=extends,
        out_of_order_points=order_points,
        fillers=fillers,
        mention_cues=cues,
        script_when=script_when,
    )
    if not reader.problems:
        from kefu.autoqa.rules import compile_problems

        reader.problems.extend(compile_problems(library))
    if reader.problems:
        raise LibraryInvalid(source, reader.problems)
    return library


# ---------------------------------------------------------------- presets shipped with kefu


def preset_dir() -> Path:
    return Path(str(resources.files("kefu.autoqa") / "libraries"))


def preset_texts() -> dict[str, str]:
    """file stem → YAML text of every preset library."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(preset_dir().glob("*.yaml"))}


def load_preset(name: str) -> Library:
    return parse_library(preset_texts()[name], f"{name}.yaml")


def as_yaml_value(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
