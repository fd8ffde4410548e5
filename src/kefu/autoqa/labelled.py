"""Precision and recall of the automatic check on hand-labelled transcripts (R-QA-2).

A labelled file is YAML: ``library`` (the preset key its cases are checked with, extended as
the library says), optional ``rest_day``, and ``cases``, each with ``id``, ``text`` and what a
careful reviewer found: ``due`` (situations made due by a cue; the always-due greeting and
closing are not listed), ``missing`` (due standard phrases and script steps not said),
``forbidden`` (forbidden phrases used, not mentioned) and, for call scripts, ``steps`` (the
steps said). Each kind is compared as sets per case and counted over all cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from kefu.autoqa.library import STEP, Library, combine, load_preset
from kefu.autoqa.rules import CheckResult, check, compile_library, parse_transcript

KINDS = ("due", "missing", "forbidden", "steps")
KIND_NAMES = {
    "due": ("情形触发", "situations due"),
    "missing": ("缺少的标准用语/步骤", "missing phrases and steps"),
    "forbidden": ("使用的服务忌语", "forbidden phrases used"),
    "steps": ("说到的话术步骤", "script steps said"),
}
THRESHOLD = Decimal("0.95")
"""The lowest precision and recall the test suite accepts, per kind and overall."""


@dataclass(frozen=True)
class Case:
    source: str
    id: str
    library: str
    text: str
    rest_day: bool
    expected: dict[str, frozenset[str]]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> Decimal:
        return Decimal(self.tp) / Decimal(self.tp + self.fp) if self.tp + self.fp else Decimal(1)

    @property
    def recall(self) -> Decimal:
        return Decimal(self.tp) / Decimal(self.tp + self.fn) if self.tp + self.fn else Decimal(1)


@dataclass
class Report:
    cases: int = 0
    kinds: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    errors: list[str] = field(default_factory=list)
    """One line per case and kind that differs: id, kind, extra and missed keys."""

    @property
    def overall(self) -> Tally:
        total = Tally()
        for tally in self.kinds.values():
            total.tp += tally.tp
            total.fp += tally.fp
            total.fn += tally.fn
        return total

    @property
    def passed(self) -> bool:
        return all(
            t.precision >= THRESHOLD and t.recall >= THRESHOLD
            for t in (*self.kinds.values(), self.overall)
        )


def _keys(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: 应为键的列表")
    return frozenset(value)


def load_file(path: Path) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    library = str(data["library"])
    rest_day = bool(data.get("rest_day", False))
    cases = []
    for item in data["cases"]:
        where = f"{path.name} {item.get('id')}"
        expected = {k: _keys(item.get(k), f"{where} {k}") for k in KINDS if k in item}
        if "steps" not in item:
            expected.pop("steps", None)
        cases.append(
            Case(
                path.name,
                str(item["id"]),
                str(item.get("library", library)),
                str(item["text"]),
                bool(item.get("rest_day", rest_day)),
                expected,
            )
        )
    return cases


def load_dir(directory: Path) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(directory.glob("*.yaml")):
        cases.extend(load_file(path))
    return cases


def _library(key: str, cache: dict[str, Library]) -> Library:
    if key not in cache:
        main = load_preset(key)
        cache[key] = combine(main, [load_preset(k) for k in main.extends])
    return cache[key]


def found(result: CheckResult, library: Library) -> dict[str, frozenset[str]]:
    """What the check found, in the labelled kinds."""
    always = {
        e.key for e in library.entries if e.when is not None and (e.when.always or e.when.rest_day)
    }
    return {
        "due": frozenset(f.key for f in result.situations if f.due and f.key not in always),
        "missing": frozenset(
            f.key for f in (*result.situations, *result.steps) if f.due and not f.found
        ),
        "forbidden": frozenset(f.key for f in result.forbidden),
        "steps": frozenset(f.key for f in result.steps if f.found and f.kind == STEP),
    }


def evaluate(cases: Iterable[Case], libraries: dict[str, Library] | None = None) -> Report:
    cache: dict[str, Library] = dict(libraries or {})
    report = Report()
    for case in cases:
        library = _library(case.library, cache)
        result = check(compile_library(library), parse_transcript(case.text), case.rest_day)
        got = found(result, library)
        report.cases += 1
        for kind, expected in case.expected.items():
            predicted = got[kind]
            tally = report.kinds[kind]
            tally.tp += len(predicted & expected)
            tally.fp += len(predicted - expected)
            tally.fn += len(expected - predicted)
            if predicted != expected:
                report.errors.append(
                    f"{case.source} {case.id} {kind}: 多出 {sorted(predicted - expected)} "
                    f"漏掉 {sorted(expected - predicted)}"
                )
    return report


def format_report(report: Report, lang: str = "zh") -> str:
    lines = [f"标注集 {report.cases} 份转写 (阈值 {THRESHOLD}):"]
    rows = [(KIND_NAMES[k][0 if lang == "zh" else 1], t) for k, t in report.kinds.items()]
    rows.append(("合计" if lang == "zh" else "overall", report.overall))
    for name, tally in rows:
        lines.append(
            f"  {name}: 精确率 {tally.precision:.3f} 召回率 {tally.recall:.3f} "
            f"(对 {tally.tp}, 误报 {tally.fp}, 漏报 {tally.fn})"
        )
    lines.extend(f"  ✗ {e}" for e in report.errors)
    return "\n".join(lines)


def report_dict(report: Report) -> dict[str, Any]:
    def one(t: Tally) -> dict[str, Any]:
        return {
            "precision": f"{t.precision:.4f}",
            "recall": f"{t.recall:.4f}",
            "tp": t.tp,
            "fp": t.fp,
            "fn": t.fn,
        }

    return {
        "cases": report.cases,
        "threshold": str(THRESHOLD),
        "kinds": {k: one(t) for k, t in report.kinds.items()},
        "overall": one(report.overall),
        "errors": report.errors,
        "passed": report.passed,
    }
