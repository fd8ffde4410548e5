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


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that reads floats as exact Decimals and rejects duplicate keys."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node))
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise _BadNumber(f"第 {node.start_mark.line + 1} 行: 「{text}」不是有限的十进制数")
    return value


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise _DuplicateKey(f"第 {line} 行: 重复的键「{key}」")
        seen[key] = loader.construct_object(value_node, deep=True)
    return seen


class _DuplicateKey(Exception):
    pass


class _BadNumber(Exception):
    pass


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
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
        shown = "" if item["type"] in {"missing", "model_type"} else f" (值: {value!r})"
        detail = f" — {item['msg']}" if zh != item["msg"] else ""
        problems.append(f"{path}: {zh}{shown}{detail}")
    return problems


def parse_policy(text: str, source: str) -> tuple[LoadedPolicy, list[str]]:
    """Parse and validate; returns the policy and its lint problems, or raises PolicyInvalid."""
    from kefu.policy.lint import lint

    try:
        raw = yaml.load(text, Loader=_StrictLoader)
    except (_DuplicateKey, _BadNumber) as exc:
        raise PolicyInvalid(source, [str(exc)]) from None
    except yaml.YAMLError as exc:
        raise PolicyInvalid(source, [f"不是有效的 YAML: {exc}"]) from None
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
