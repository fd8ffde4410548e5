"""The automatic check of one transcript against a phrase library (R-QA-2), pure.

A transcript is read into turns (plain text, JSON or CSV). Only the agent's turns are checked for
standard phrases, script steps and forbidden phrases; the customer's turns make situations due.
Each library is compiled once into a few trie-shaped regular expressions (one scan of the
agent's text for what should be said, one for what must not be said, one per speaker for the
cues that make a situation due) and cached. A forbidden phrase that the agent quotes or negates
(我们不会说"这事不归我们管") is a mention, not a use. Every finding quotes the original text
(turn, offsets, time) and the suggested score is the library's full score less the library's
points for each missing or forbidden thing, never below zero.
"""

from __future__ import annotations

import csv
import io
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from kefu.autoqa.library import FORBIDDEN, STANDARD, STEP, Entry, Library, Trigger
from kefu.autoqa.normalize import (
    GAP,
    GAP_PATTERN,
    NUMBER,
    NUMBER_PATTERN,
    QUOTE,
    SEP,
    Normaliser,
)
from kefu.errors import KefuError
from kefu.explain.trace import Step, TraceValue, num

RULE = "R-QA-2"
AGENT = "agent"
CUSTOMER = "customer"
FORMATS = ("text", "json", "csv")
SPEAKERS = {
    "坐席": AGENT,
    "座席": AGENT,
    "客服": AGENT,
    "坐席代表": AGENT,
    "座席代表": AGENT,
    "话务员": AGENT,
    "agent": AGENT,
    "客户": CUSTOMER,
    "顾客": CUSTOMER,
    "用户": CUSTOMER,
    "来电人": CUSTOMER,
    "customer": CUSTOMER,
}
MENTION_WINDOW = 12
MAX_TRANSCRIPT = 200_000
_TIME = r"\[?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\]?"
_LINE = re.compile(rf"^\s*(?:{_TIME}\s*)?(?P<who>[^:：\s]{{1,8}})\s*[:：]\s?(?P<text>.*)$")


class TranscriptInvalid(KefuError):
    """A transcript could not be read into turns."""

    http_status = 422
    exit_code = 2


class Turn(NamedTuple):
    speaker: str
    text: str
    start: str | None = None
    end: str | None = None
    origin: int | None = None
    """Where ``text`` starts in the whole transcript, when it is a plain substring of it."""


# ---------------------------------------------------------------- reading transcripts


def detect_format(raw: str) -> str:
    head = raw.lstrip()[:200]
    if head.startswith(("[{", "{", "[\n", "[ ")) or head == "[]" or head.startswith("[\r"):
        return "json"
    first = head.splitlines()[0].strip().lower() if head else ""
    if first.startswith("speaker,text") or first.startswith("说话人,内容"):
        return "csv"
    return "text"


def _speaker(value: object, where: str) -> str:
    name = str(value or "").strip()
    speaker = SPEAKERS.get(name.lower()) or SPEAKERS.get(name)
    if speaker is None:
        raise TranscriptInvalid(
            f"{where}: 说话人「{name}」不认识(坐席/客服/客户 或 agent/customer)"
        )
    return speaker


def _time(value: object) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _colon(line: str) -> int:
    """Where the speaker's colon is in a plain-text line (-1: none near the start)."""
    ascii_colon = line.find(":", 0, 24)
    wide_colon = line.find("：", 0, 24)
    if ascii_colon < 0:
        return wide_colon
    if wide_colon < 0:
        return ascii_colon
    return min(ascii_colon, wide_colon)


def parse_transcript(raw: str, fmt: str | None = None) -> list[Turn]:
    """The turns of a transcript; ``fmt`` is text | json | csv (None: guess from the text)."""
    if len(raw) > MAX_TRANSCRIPT:
        raise TranscriptInvalid(f"转写文本过长(最多 {MAX_TRANSCRIPT} 字)")
    fmt = fmt or detect_format(raw)
    if fmt == "json":
        return _from_json(raw)
    if fmt == "csv":
        return _from_csv(raw)
    if fmt != "text":
        raise TranscriptInvalid(f"转写格式 {fmt} 不认识(可用: {' | '.join(FORMATS)})")
    turns: list[Turn] = []
    offset = 0
    for number, line in enumerate(raw.splitlines(keepends=True), start=1):
        body = line.rstrip("\r\n")
        here = offset
        offset += len(line)
        if not body.strip():
            continue
        colon = _colon(body)
        who = body[:colon].strip() if colon > 0 else ""
        if who and who.lower() in SPEAKERS:
            turns.append(
                Turn(SPEAKERS[who.lower()], body[colon + 1 :], None, None, here + colon + 1)
            )
            continue
        found = _LINE.match(body) if colon > 0 else None
        if found and found.group("who").strip().lower() in SPEAKERS:
            text = found.group("text")
            turns.append(
                Turn(
                    _speaker(found.group("who"), f"第 {number} 行"),
                    text,
                    found.group("time"),
                    None,
                    here + found.start("text"),
                )
            )
        else:
            turns.append(Turn(AGENT, body, None, None, here))
    return turns


def _from_json(raw: str) -> list[Turn]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise TranscriptInvalid(f"第 {error.lineno} 行: JSON 格式错误: {error.msg}") from None
    if isinstance(data, dict):
        data = data.get("turns")
    if not isinstance(data, list):
        raise TranscriptInvalid('JSON 转写应为发言列表, 或 {"turns": [...]}')
    turns: list[Turn] = []
    for index, item in enumerate(data, start=1):
        where = f"第 {index} 段发言"
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise TranscriptInvalid(f"{where}: 应为 {{speaker, text, start?, end?}}")
        turns.append(
            Turn(
                _speaker(item.get("speaker"), where),
                item["text"],
                _time(item.get("start")),
                _time(item.get("end")),
            )
        )
    return turns


def _from_csv(raw: str) -> list[Turn]:
    rows = list(csv.reader(io.StringIO(raw)))
    if rows and [c.strip().lower() for c in rows[0][:2]] in (
        ["speaker", "text"],
        ["说话人", "内容"],
    ):
        rows = rows[1:]
        first = 2
    else:
        first = 1
    turns: list[Turn] = []
    for number, row in enumerate(rows, start=first):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2:
            raise TranscriptInvalid(f"第 {number} 行: 应为 说话人,内容[,开始,结束]")
        start = row[2] if len(row) > 2 else None
        end = row[3] if len(row) > 3 else None
        turns.append(Turn(_speaker(row[0], f"第 {number} 行"), row[1], _time(start), _time(end)))
    return turns


# ---------------------------------------------------------------- compiling a library


def _tokens(phrase: str, normaliser: Normaliser) -> tuple[str, ...]:
    """A library phrase as tokens: folded characters, GAP and NUMBER."""
    out: list[str] = []
    for piece in re.split(f"({re.escape(GAP)}|\\.\\.\\.|{re.escape(NUMBER)})", phrase):
        if piece in (GAP, "..."):
            if out and out[-1] != GAP:
                out.append(GAP)
        elif piece == NUMBER:
            out.append(NUMBER)
        else:
            out.extend(normaliser.text(piece))
    while out and out[-1] == GAP:
        out.pop()
    return tuple(out)


class _Trie:
    """Phrases → one regex whose empty named groups tell which phrase ended where."""

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}
        self.ends: dict[tuple[str, ...], list[Any]] = {}

    def add(self, tokens: tuple[str, ...], payload: Any) -> None:
        if not tokens:
            return
        node = self.root
        for token in tokens:
            node = node.setdefault(token, {})
        node[""] = tokens
        self.ends.setdefault(tokens, []).append(payload)

    def compile(self) -> tuple[re.Pattern[str] | None, dict[str, list[Any]]]:
        names: dict[str, list[Any]] = {}

        def atom(token: str) -> str:
            if token == GAP:
                return GAP_PATTERN
            if token == NUMBER:
                return NUMBER_PATTERN
            return re.escape(token)

        def build(node: dict[str, Any]) -> str:
            alternatives = [atom(t) + build(child) for t, child in node.items() if t != ""]
            if "" in node:
                name = f"p{len(names)}"
                names[name] = self.ends[node[""]]
                alternatives.append(f"(?P<{name}>)")
            if len(alternatives) == 1:
                return alternatives[0]
            return "(?:" + "|".join(alternatives) + ")"

        if not self.root:
            return None, names
        return re.compile(build(self.root)), names


@dataclass
class Compiled:
    """A library made ready to check: its normaliser, scans and lookups."""

    library: Library
    normaliser: Normaliser
    said: re.Pattern[str] | None
    said_names: dict[str, list[Any]]
    banned: re.Pattern[str] | None
    banned_names: dict[str, list[Any]]
    agent_cues: re.Pattern[str] | None
    agent_cue_names: dict[str, list[Any]]
    customer_cues: re.Pattern[str] | None
    customer_cue_names: dict[str, list[Any]]
    mention: re.Pattern[str] | None
    single: dict[str, re.Pattern[str]] = field(default_factory=dict)
    standard: tuple[Entry, ...] = ()
    steps: tuple[Entry, ...] = ()
    """The script steps in their order."""
    idle: dict[str, Finding] = field(default_factory=dict)
    """Entry key → its finding when not due (shared: findings are immutable)."""
    """Entry key → the regex of its variants alone (for an entry hidden by an overlapping one)."""


SCRIPT = "__script__"


def compile_problems(library: Library) -> list[str]:
    """Phrases that fold to nothing (only punctuation or fillers): one line each."""
    normaliser = Normaliser(library.fillers)
    problems = []
    for entry in library.entries:
        for phrase in (*entry.variants, *entry.exceptions):
            tokens = _tokens(phrase, normaliser)
            if not any(t not in (GAP, NUMBER) for t in tokens):
                problems.append(f"条目 {entry.key}: 短语「{phrase}」去掉标点和语气词后是空的")
    return problems


def _cue_triggers(library: Library) -> Iterable[tuple[str, Trigger]]:
    for entry in library.entries:
        if entry.when is not None:
            yield entry.key, entry.when
    if library.script_when is not None:
        yield SCRIPT, library.script_when


@lru_cache(maxsize=64)
def compile_library(library: Library) -> Compiled:
    normaliser = Normaliser(library.fillers)
    said, banned, agent_cues, customer_cues = _Trie(), _Trie(), _Trie(), _Trie()
    single: dict[str, re.Pattern[str]] = {}
    for entry in library.entries:
        if entry.kind == FORBIDDEN:
            for phrase in entry.variants:
                banned.add(_tokens(phrase, normaliser), (entry.key, False))
            for phrase in entry.exceptions:
                banned.add(_tokens(phrase, normaliser), (entry.key, True))
        else:
            own = _Trie()
            for phrase in entry.variants:
                said.add(_tokens(phrase, normaliser), entry.key)
                own.add(_tokens(phrase, normaliser), entry.key)
            pattern, _names = own.compile()
            if pattern is not None:
                single[entry.key] = pattern
    for key, trigger in _cue_triggers(library):
        for cue in trigger.customer:
            customer_cues.add(_tokens(cue, normaliser), key)
        for cue in trigger.agent:
            agent_cues.add(_tokens(cue, normaliser), key)
    mention_trie = _Trie()
    for cue in library.mention_cues:
        mention_trie.add(_tokens(cue, normaliser), cue)
    mention_pattern, _ = mention_trie.compile()
    mention = re.compile(f"(?:{mention_pattern.pattern}){QUOTE}?$") if mention_pattern else None
    s, sn = said.compile()
    b, bn = banned.compile()
    a, an = agent_cues.compile()
    c, cn = customer_cues.compile()
    standard = tuple(library.of_kind(STANDARD))
    steps = tuple(sorted(library.of_kind(STEP), key=lambda e: (e.order or 0, e.key)))
    idle = {
        e.key: Finding(e.key, e.kind, e.name, e.name_en, e.points, due=False, order=e.order)
        for e in (*standard, *steps)
    }
    return Compiled(
        library, normaliser, s, sn, b, bn, a, an, c, cn, mention, single, standard, steps, idle
    )


# ---------------------------------------------------------------- results


class Quote(NamedTuple):
    """The exact original words of a finding: turn index, offsets inside the turn, time."""

    turn: int
    speaker: str
    start: int
    end: int
    text: str
    at: str | None = None
    position: int | None = None
    """Offset of ``text`` in the whole transcript (plain-text and CSV-free transcripts only)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "speaker": self.speaker,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "at": self.at,
            "position": self.position,
        }


class Finding(NamedTuple):
    """One library entry in this transcript."""

    key: str
    kind: str
    name: str
    name_en: str
    points: Decimal
    due: bool = True
    found: bool = False
    in_order: bool = True
    order: int | None = None
    quote: Quote | None = None
    trigger: Quote | None = None
    quotes: tuple[Quote, ...] = ()
    """Forbidden phrases: every use."""

    @property
    def deduction(self) -> Decimal:
        if self.kind == FORBIDDEN:
            return self.points if self.found else Decimal(0)
        return self.points if self.due and not self.found else Decimal(0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "name": self.name,
            "name_en": self.name_en,
            "points": num(self.points),
            "due": self.due,
            "found": self.found,
            "in_order": self.in_order,
            "order": self.order,
            "quote": self.quote.as_dict() if self.quote else None,
            "trigger": self.trigger.as_dict() if self.trigger else None,
            "quotes": [q.as_dict() for q in self.quotes],
            "deduction": num(self.deduction),
        }


@dataclass(frozen=True)
class CheckResult:
    library: str
    version: int
    parts: tuple[tuple[str, int], ...]
    turns: int
    script_due: bool
    situations: tuple[Finding, ...]
    steps: tuple[Finding, ...]
    forbidden: tuple[Finding, ...]
    mentions: tuple[Finding, ...]
    full_score: Decimal
    deductions: Decimal
    suggested_score: Decimal
    order_points: Decimal = Decimal(0)
    script_quote: Quote | None = None

    @property
    def steps_trace(self) -> list[Step]:
        """The explanation (R-EXP-1): library, each due or used entry, the score."""
        return explain(self)

    @property
    def used(self) -> list[str]:
        return [f.key for f in self.forbidden]

    def as_dict(self) -> dict[str, Any]:
        return {
            "library": self.library,
            "version": self.version,
            "libraries": [{"key": k, "version": v} for k, v in self.parts],
            "turns": self.turns,
            "script_due": self.script_due,
            "situations": [f.as_dict() for f in self.situations],
            "steps": [f.as_dict() for f in self.steps],
            "forbidden": [f.as_dict() for f in self.forbidden],
            "mentions": [f.as_dict() for f in self.mentions],
            "full_score": num(self.full_score),
            "deductions": num(self.deductions),
            "suggested_score": num(self.suggested_score),
            "trace": [s.as_dict() for s in self.steps_trace],
        }


# ---------------------------------------------------------------- checking


class _Side:
    """The folded text of one speaker's turns, joined by SEP, with the way back."""

    __slots__ = ("ids", "normaliser", "starts", "text", "turns")

    def __init__(self, turns: Sequence[Turn], ids: list[int], normaliser: Normaliser) -> None:
        self.turns = turns
        self.ids = ids
        self.normaliser = normaliser
        self.text = normaliser.text(SEP.join(turns[i].text for i in ids))
        starts = [0]
        if len(ids) > 1:
            find = self.text.find
            at = -1
            for _ in range(len(ids) - 1):
                at = find(SEP, at + 1)
                starts.append(at + 1)
        self.starts = starts

    def local(self, start: int) -> int:
        """Index into ``ids`` of the turn holding folded offset ``start``."""
        return bisect_right(self.starts, start) - 1

    def quote(self, start: int, end: int) -> Quote:
        local = self.local(start)
        turn = self.turns[self.ids[local]]
        base = self.starts[local]
        first, last = self.normaliser.span(turn.text, start - base, end - base)
        position = turn.origin + first if turn.origin is not None else None
        return Quote(
            self.ids[local],
            turn.speaker,
            first,
            last,
            turn.text[first:last],
            turn.start,
            position,
        )


def _scan(
    pattern: re.Pattern[str] | None, names: dict[str, list[Any]], text: str
) -> list[tuple[int, int, list[Any]]]:
    if pattern is None or not text:
        return []
    out = []
    for found in pattern.finditer(text):
        name = found.lastgroup
        if name is not None:
            out.append((found.start(), found.end(), names[name]))
    return out


def _first_cues(
    pattern: re.Pattern[str] | None, names: dict[str, list[Any]], side: _Side
) -> dict[str, tuple[int, int]]:
    first: dict[str, tuple[int, int]] = {}
    for start, end, keys in _scan(pattern, names, side.text):
        for key in keys:
            first.setdefault(key, (start, end))
    return first


def check(
    compiled: Compiled,
    turns: Sequence[Turn],
    rest_day: bool = False,
) -> CheckResult:
    """Check ``turns`` against the compiled library; ``rest_day`` makes rest-day steps due."""
    library = compiled.library
    normaliser = compiled.normaliser
    agent_ids = [i for i, t in enumerate(turns) if t.speaker == AGENT]
    customer_ids = [i for i, t in enumerate(turns) if t.speaker == CUSTOMER]
    agent = _Side(turns, agent_ids, normaliser)
    customer = _Side(turns, customer_ids, normaliser)

    said: dict[str, list[tuple[int, int]]] = {}
    for start, end, keys in _scan(compiled.said, compiled.said_names, agent.text):
        for key in keys:
            said.setdefault(key, []).append((start, end))
    agent_cues = _first_cues(compiled.agent_cues, compiled.agent_cue_names, agent)
    customer_cues = _first_cues(compiled.customer_cues, compiled.customer_cue_names, customer)

    def fired(key: str, trigger: Trigger) -> tuple[bool, Quote | None, int]:
        """Due?, the words that made it due, and the first agent offset where it counts."""
        if trigger.always or (trigger.rest_day and rest_day):
            return True, None, 0
        best: tuple[int, Quote] | None = None
        if key in customer_cues:
            start, end = customer_cues[key]
            turn = customer_ids[customer.local(start)]
            best = (turn, customer.quote(start, end))
        if key in agent_cues:
            start, end = agent_cues[key]
            turn = agent_ids[agent.local(start)]
            if best is None or turn < best[0]:
                best = (turn, agent.quote(start, end))
        if best is None:
            return False, None, 0
        # the phrase counts from the first agent turn at or after the cue
        local = bisect_right(agent_ids, best[0] - 1)
        offset = agent.starts[local] if local < len(agent.starts) else len(agent.text)
        return True, best[1], offset

    def found_at(entry: Entry, since: int) -> tuple[int, int] | None:
        for start, end in said.get(entry.key, ()):
            if start >= since:
                return start, end
        pattern = compiled.single.get(entry.key)
        if pattern is None:
            return None
        hit = pattern.search(agent.text, since)
        return (hit.start(), hit.end()) if hit else None

    idle = compiled.idle
    situations: list[Finding] = []
    for entry in compiled.standard:
        assert entry.when is not None
        due, trigger, since = fired(entry.key, entry.when)
        if not due:
            situations.append(idle[entry.key])
            continue
        hit = found_at(entry, since)
        finding = Finding(
            entry.key,
            STANDARD,
            entry.name,
            entry.name_en,
            entry.points,
            due=due,
            found=hit is not None,
            quote=agent.quote(*hit) if hit else None,
            trigger=trigger,
        )
        situations.append(finding)

    script_due = True
    script_quote: Quote | None = None
    if library.script_when is not None:
        script_due, script_quote, _since = fired(SCRIPT, library.script_when)
    steps: list[Finding] = []
    latest = -1
    order_points = Decimal(0)
    for entry in compiled.steps:
        due = script_due
        trigger = None
        since = 0
        if due and entry.when is not None:
            due, trigger, since = fired(entry.key, entry.when)
        if not due:
            steps.append(idle[entry.key])
            continue
        hit = found_at(entry, since)
        in_order = True
        if hit is not None:
            if hit[0] < latest:
                in_order = False
                order_points += library.out_of_order_points
            latest = max(latest, hit[0])
        finding = Finding(
            entry.key,
            STEP,
            entry.name,
            entry.name_en,
            entry.points,
            due=due,
            found=hit is not None,
            in_order=in_order,
            order=entry.order,
            quote=agent.quote(*hit) if hit else None,
            trigger=trigger,
        )
        steps.append(finding)

    forbidden, mentions = _forbidden(compiled, agent)

    deductions = (
        sum((f.deduction for f in (*situations, *steps, *forbidden)), start=Decimal(0))
        + order_points
    )
    score = max(Decimal(0), library.full_score - deductions)
    return CheckResult(
        library.key,
        library.version,
        library.parts or ((library.key, library.version),),
        len(turns),
        script_due,
        tuple(situations),
        tuple(steps),
        tuple(forbidden),
        tuple(mentions),
        library.full_score,
        deductions,
        score,
        order_points,
        script_quote,
    )


def _forbidden(compiled: Compiled, agent: _Side) -> tuple[list[Finding], list[Finding]]:
    library = compiled.library
    hits = _scan(compiled.banned, compiled.banned_names, agent.text)
    if not hits:
        return [], []
    excepted = [(s, e) for s, e, payloads in hits if any(p[1] for p in payloads)]
    used: dict[str, list[Quote]] = {}
    mentioned: dict[str, list[Quote]] = {}
    text = agent.text
    for start, end, payloads in hits:
        keys = [key for key, is_exception in payloads if not is_exception]
        if not keys or any(s <= start and end <= e for s, e in excepted):
            continue
        turn_start = agent.starts[agent.local(start)]
        before = text[max(turn_start, start - MENTION_WINDOW) : start]
        quoted = before.endswith(QUOTE) and text[end : end + 1] == QUOTE
        negated = compiled.mention is not None and compiled.mention.search(before) is not None
        bucket = mentioned if quoted or negated else used
        quote = agent.quote(start, end)
        for key in keys:
            bucket.setdefault(key, []).append(quote)

    def findings(bucket: dict[str, list[Quote]], counted: bool) -> list[Finding]:
        out = []
        for key, quotes in bucket.items():
            entry = library.entry(key)
            out.append(
                Finding(
                    key,
                    FORBIDDEN,
                    entry.name,
                    entry.name_en,
                    entry.points if counted else Decimal(0),
                    found=counted,
                    quote=quotes[0],
                    quotes=tuple(quotes),
                )
            )
        return out

    return findings(used, True), findings(mentioned, False)


def explain(result: CheckResult) -> list[Step]:
    """The steps of a check, for its explanation (R-QA-2, R-EXP-1)."""
    steps = [
        Step(
            RULE,
            "autoqa.library",
            {
                "key": result.library,
                "version": result.version,
                "parts": [f"{k} v{v}" for k, v in result.parts],
                "turns": result.turns,
            },
        )
    ]
    steps += [_finding_step(f) for f in result.situations if f.due]
    if any(True for _ in result.steps):
        steps.append(
            Step(
                RULE,
                "autoqa.script",
                {
                    "due": result.script_due,
                    "quote": result.script_quote.text if result.script_quote else None,
                },
            )
        )
    steps += [_finding_step(f) for f in result.steps if f.due]
    steps += [_finding_step(f) for f in (*result.forbidden, *result.mentions)]
    if result.order_points:
        steps.append(Step(RULE, "autoqa.order", {"points": num(result.order_points)}, reason=True))
    steps.append(
        Step(
            RULE,
            "autoqa.score",
            {
                "full": num(result.full_score),
                "deductions": num(result.deductions),
                "score": num(result.suggested_score),
            },
        )
    )
    return steps


def _finding_step(finding: Finding) -> Step:
    args: dict[str, TraceValue] = {
        "key": finding.key,
        "name": finding.name,
        "name_en": finding.name_en,
        "points": num(finding.points),
        "quote": finding.quote.text if finding.quote else None,
        "turn": finding.quote.turn + 1 if finding.quote else None,
        "trigger": finding.trigger.text if finding.trigger else None,
        "order": finding.order,
        "in_order": finding.in_order,
    }
    if finding.kind == FORBIDDEN:
        code = "autoqa.forbidden" if finding.found else "autoqa.mention"
        args["count"] = len(finding.quotes)
        return Step(RULE, code, args, reason=finding.found)
    code = "autoqa.found" if finding.found else "autoqa.missing"
    args["kind"] = finding.kind
    return Step(RULE, code, args, reason=not finding.found)


def check_text(
    library: Library, raw: str, fmt: str | None = None, rest_day: bool = False
) -> CheckResult:
    """Parse and check one transcript (the compiled library is cached)."""
    return check(compile_library(library), parse_transcript(raw, fmt), rest_day)
