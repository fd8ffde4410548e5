"""Strict loading of policy files: exact decimals, no duplicate keys, open ``[X]`` parameters."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kefu.errors import KefuError, NotFound, PolicyInvalid, PolicyParameterMissing
from kefu.policy.schema import Policy

PRESET_DIR = Path(__file__).parent / "presets"
OPEN_MARKER = "[X]"
# Bounds no real policy comes near; past them a file is refused before it costs time or memory.
MAX_POLICY_CHARS = 1_000_000
MAX_DEPTH = 50  # levels of nested mappings and lists
MAX_DIGITS = 30  # significant digits, integer digits and decimal places of a number
MAX_NUMBER_CHARS = 2 * MAX_DIGITS + 12  # the text of a number: digits, sign, point, exponent
_SHOWN_CHARS = 80  # of a value quoted in a problem


class _Refused(Exception):
    """A YAML value the strict loader will not build; the message names its line."""


def _line(node: yaml.Node) -> str:
    return f"第 {node.start_mark.line + 1} 行"


def _cut(text: str) -> str:
    """A text short enough to quote in a problem."""
    if len(text) <= _SHOWN_CHARS:
        return text
    return text[:_SHOWN_CHARS] + f"…（共 {len(text)} 个字符）"


def number_problem(value: Decimal) -> str | None:
    """Why a finite ``value`` is too large or too long for a policy, or None when it fits."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int), value  # finite
    if value.adjusted() >= MAX_DIGITS:
        return f"数值过大，整数部分最多 {MAX_DIGITS} 位"
    if len(digits) > MAX_DIGITS or exponent < -MAX_DIGITS:
        return f"数字过长，有效数字和小数位都不能超过 {MAX_DIGITS} 位"
    return None


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that reads floats as exact Decimals, rejects duplicate keys, and refuses
    aliases, deep nesting and numbers too large to handle."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            # An alias bomb of a few hundred bytes expands to billions of nodes.
            line = event.start_mark.line + 1
            raise _Refused(f"第 {line} 行: 政策文件不能使用 YAML 锚点或别名 (& / *)")
        if self._depth >= MAX_DEPTH:
            line = event.start_mark.line + 1
            raise _Refused(f"第 {line} 行: 嵌套层数过多，最多 {MAX_DEPTH} 层")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # A constructor's own failure (a date such as 2001-13-45) becomes a line of the file.
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, ArithmeticError) as exc:
            shown = _cut(node.value) if isinstance(node, yaml.ScalarNode) else ""
            raise _Refused(f"{_line(node)}: 无法读取「{shown}」({_cut(str(exc))})") from None


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node))
    digits = text.replace("_", "")
    if len(digits) > MAX_NUMBER_CHARS:
        raise _Refused(f"{_line(node)}: 「{_cut(text)}」数字过长，最多 {MAX_DIGITS} 位有效数字")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise _Refused(f"{_line(node)}: 「{text}」不是有限的十进制数")
    problem = number_problem(value)
    if problem is not None:
        raise _Refused(f"{_line(node)}: 「{text}」{problem}")
    return value


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    # Bounded before converting: int() of 5000 digits raises, and a hex or sexagesimal number
    # of thousands of digits is slow to build and cannot be shown.
    too_large = f"{_line(node)}: 「{_cut(text)}」数值过大，最多 {MAX_DIGITS} 位数字"
    if len(text.replace("_", "").lstrip("+-")) > MAX_DIGITS + 2:  # 2: a 0x or 0b prefix
        raise _Refused(too_large)
    value = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    if not isinstance(value, int) or abs(value) >= 10**MAX_DIGITS:
        raise _Refused(too_large)
    return value


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise _Refused(f"{_line(node)}: 「{node.value}」不是有效的日期") from None


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Refused(f"{_line(key_node)}: 键只能是文字，不能是列表或键值表")
        key = loader.construct_object(key_node)
        try:
            repeated = key in seen
        except TypeError:
            raise _Refused(f"{_line(key_node)}: 键只能是文字，不能是列表或键值表") from None
        if repeated:
            raise _Refused(f"{_line(key_node)}: 重复的键「{_cut(str(key))}」")
        seen[key] = loader.construct_object(value_node, deep=True)
    return seen


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _is_open(value: object) -> bool:
    """``[X]`` quoted, or written bare (which YAML reads as a list holding "X")."""
    return value == OPEN_MARKER or value == ["X"]


def _strip_open(value: object, path: str, found: list[str]) -> object:
    """Replace every open marker by ``None`` and remember where it stood."""
    if _is_open(value):
        found.append(path)
        return None
    if isinstance(value, dict):
        return {
            k: _strip_open(v, f"{path}.{k}" if path else str(k), found) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_strip_open(v, f"{path}[{i}]", found) for i, v in enumerate(value)]
    return value


@dataclass(frozen=True)
class LoadedPolicy:
    """A validated policy with its source text, content hash and open parameters."""

    model: Policy
    source: str
    text: str
    sha256: str
    open_parameters: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def label(self) -> str:
        """What a trace cites: name, version and the first characters of the hash."""
        return f"{self.model.name} {self.model.version} ({self.sha256[:12]})"

    def require(self, path: str, rule_id: str) -> None:
        """Refuse to run ``rule_id`` while ``path`` (or anything under it) is open."""
        for open_path in self.open_parameters:
            if (
                open_path == path
                or open_path.startswith(path + ".")
                or open_path.startswith(path + "[")
            ):
                raise PolicyParameterMissing(self.model.name, open_path, rule_id)


def _format_location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(文件)"


_PYDANTIC_ZH = {
    "extra_forbidden": "未知的键",
    "missing": "缺少必填项",
    "literal_error": "取值不在允许范围内",
    "decimal_parsing": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文字",
    "string_pattern_mismatch": "格式不正确",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "less_than": "数值过大",
    "decimal_type": "应为数字",
    "list_type": "应为列表",
    "dict_type": "应为键值表",
    "model_type": "应为键值表",
    "too_short": "至少需要一项",
    "none_required": "应为空",
}


def _validation_problems(err: ValidationError, open_paths: list[str]) -> list[str]:
    problems = []
    for item in err.errors():
        path = _format_location(tuple(item["loc"]))
        zh = _PYDANTIC_ZH.get(item["type"], item["msg"])
        if path in open_paths:
            problems.append(f"{path}: 此项不能留作 [X]，必须填写")
            continue
        value = item.get("input")
        shown = "" if item["type"] in {"missing", "model_type"} else f" (值: {_shown(value)})"
        detail = f" — {item['msg']}" if zh != item["msg"] else ""
        problems.append(f"{path}: {zh}{shown}{detail}")
    return problems


def _shown(value: object) -> str:
    """A value as written in a problem: its repr, cut when long."""
    try:
        return _cut(repr(value))
    except ValueError:  # an int too long to print
        return "(过长的数值)"


def parse_policy(text: str, source: str) -> tuple[LoadedPolicy, list[str]]:
    """Parse and validate; returns the policy and its lint problems, or raises PolicyInvalid."""
    from kefu.policy.lint import lint

    if len(text) > MAX_POLICY_CHARS:
        raise PolicyInvalid(
            source, [f"政策文件过大: 共 {len(text)} 个字符，最多 {MAX_POLICY_CHARS} 个"]
        )
    try:
        raw = yaml.load(text, Loader=_StrictLoader)
    except _Refused as exc:
        raise PolicyInvalid(source, [str(exc)]) from None
    except yaml.YAMLError as exc:
        raise PolicyInvalid(source, [f"不是有效的 YAML: {exc}"]) from None
    except RecursionError:  # MAX_DEPTH stops nesting first; kept so no text ends in a 500
        raise PolicyInvalid(source, [f"嵌套层数过多，最多 {MAX_DEPTH} 层"]) from None
    if not isinstance(raw, dict):
        raise PolicyInvalid(source, ["文件内容应为键值表 (mapping)"])
    open_paths: list[str] = []
    cleaned = _strip_open(raw, "", open_paths)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        model = Policy.model_validate(cleaned)
    except ValidationError as exc:
        problems = _validation_problems(exc, open_paths)
        # Unknown keys alone should not hide the file's other problems: drop them and lint the rest.
        unknown = [tuple(e["loc"]) for e in exc.errors() if e["type"] == "extra_forbidden"]
        if len(unknown) == len(exc.errors()):
            for loc in unknown:
                _drop(cleaned, loc)
            try:
                rest = Policy.model_validate(cleaned)
            except ValidationError:
                rest = None
            if rest is not None:
                problems += lint(LoadedPolicy(rest, source, text, sha, tuple(open_paths)))
        raise PolicyInvalid(source, problems) from None
    loaded = LoadedPolicy(
        model=model, source=source, text=text, sha256=sha, open_parameters=tuple(open_paths)
    )
    return loaded, lint(loaded)


def _drop(tree: object, loc: tuple[int | str, ...]) -> None:
    """Remove the value at ``loc`` from nested dicts and lists."""
    node = tree
    for part in loc[:-1]:
        node = node[part]  # type: ignore[index]
    if isinstance(node, dict):
        node.pop(loc[-1], None)


def load_policy(path_or_preset: str) -> LoadedPolicy:
    """Load a file path or a preset name; lint problems make it invalid."""
    text, source = read_policy_text(path_or_preset)
    loaded, problems = parse_policy(text, source)
    if problems:
        raise PolicyInvalid(source, problems)
    return loaded


def read_policy_text(path_or_preset: str) -> tuple[str, str]:
    """The text of a policy file or preset, and a name for messages."""
    preset = PRESET_DIR / f"{path_or_preset}.yaml"
    if "/" not in path_or_preset and not path_or_preset.endswith((".yaml", ".yml")):
        if preset.is_file():
            return preset.read_text(encoding="utf-8"), path_or_preset
        raise NotFound(f"没有名为 {path_or_preset} 的预置政策；可用: {', '.join(preset_names())}")
    path = Path(path_or_preset)
    if not path.is_file():
        raise NotFound(f"找不到政策文件 {path}")
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except UnicodeDecodeError:
        raise KefuError(f"政策文件 {path} 不是 UTF-8 文本") from None


def preset_names() -> list[str]:
    """Names of the shipped presets."""
    return sorted(p.stem for p in PRESET_DIR.glob("*.yaml"))
