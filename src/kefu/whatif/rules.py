"""What-if (假设测算): a draft of the policy in force, and a closed month under both.

Pure, no database. A draft is the policy text with some numbers changed in place (comments,
references and layout kept); ``compare`` lines up two runs of the monthly close on the same
frozen inputs, person by person, and totals what the draft would cost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import yaml

from kefu.bonuses.monthly import Group, MonthlyOutcome
from kefu.bonuses.rules import display_score
from kefu.errors import KefuError, PolicyInvalid
from kefu.explain.messages import COMPONENT_NAMES
from kefu.explain.trace import num
from kefu.policy.loader import (
    OPEN_MARKER,
    LoadedPolicy,
    number_problem,
    parse_policy,
)
from kefu.policy.schema import Band, Component, Display, Policy

# The sections the monthly close reads from the policy (R-BON-1..4, R-LQA-1..4, R-AWD-1..2).
# Everything else a month uses is frozen with its inputs (the attendance cycle, the star wage
# earned last quarter), so an edit elsewhere would not show in a what-if.
MONTH_SECTIONS = ("monthly_bonus", "leader_qa_bonus", "awards")
_METADATA = ("kefu_policy", "name", "version", "title", "reference", "effective_from", "display")
DRAFT_SUFFIX = "-draft"
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:null"}
_INDEX = re.compile(r"\[(\d+)\]")
_FLOOR = re.compile(r"^(?P<table>.+\.bands)\.(?P<i>\d+)\.score_from$")
_SHOWN_CHARS = 40  # of an edit's path or value quoted in a problem

FieldKind = Literal["weight", "floor", "quota", "amount"]


class DraftInvalid(PolicyInvalid):
    """A draft cannot be tested: an edit names no number of the policy, is not a number, or
    the edited policy fails its checks; ``problems`` lists one line each."""

    http_status = 422

    def __init__(self, problems: list[str], source: str = "") -> None:
        # Skip PolicyInvalid's wording: a draft is not yet a policy file.
        named = f"「{source}」" if source else ""
        KefuError.__init__(
            self, f"政策草案{named}有 {len(problems)} 个问题：\n" + "\n".join(problems)
        )
        self.source = source
        self.problems = problems


# --- drafts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditableField:
    """One number of the policy a manager may change in a draft (for the what-if form)."""

    path: str
    label_zh: str
    label_en: str
    value: str
    kind: FieldKind

    def label(self, lang: Literal["zh", "en"]) -> str:
        return self.label_zh if lang == "zh" else self.label_en


def editable_fields(policy: LoadedPolicy) -> list[EditableField]:
    """The weights, tier floors, quotas and amounts of the monthly close, with their values."""
    p = policy.model
    fields: list[EditableField] = []
    if p.monthly_bonus is not None:
        mb = p.monthly_bonus
        fields += _weight_fields("monthly_bonus", mb.weights, "月度奖金", "Monthly bonus")
        fields += _band_fields("monthly_bonus.bands", mb.bands)
    if p.leader_qa_bonus is not None:
        lq = p.leader_qa_bonus
        fields += _weight_fields("leader_qa_bonus", lq.weights, "组长及QA奖金", "Leader/QA bonus")
        for i, amount in enumerate(lq.place_amounts):
            fields.append(
                EditableField(
                    f"leader_qa_bonus.place_amounts.{i}",
                    f"组长及QA奖金：第 {i + 1} 名金额（元）",
                    f"Leader/QA bonus: place {i + 1} amount (yuan)",
                    _text(amount),
                    "amount",
                )
            )
    if p.awards is not None:
        for i, theme in enumerate(p.awards.themes):
            fields.append(
                EditableField(
                    f"awards.themes.{i}.amount",
                    f"表现优异奖「{theme.name}」：金额（元）",
                    f"Award “{theme.name_en}”: amount (yuan)",
                    _text(theme.amount),
                    "amount",
                )
            )
    return fields


def _weight_fields(
    section: str, weights: Mapping[Component, Decimal], zh: str, en: str
) -> list[EditableField]:
    return [
        EditableField(
            f"{section}.weights.{name}",
            f"{zh}权重：{COMPONENT_NAMES[name]['zh']}",
            f"{en} weight: {COMPONENT_NAMES[name]['en']}",
            _text(weight),
            "weight",
        )
        for name, weight in weights.items()
    ]


def _band_fields(path: str, bands: Sequence[Band]) -> list[EditableField]:
    """Floors (not the lowest band's, which is 0 by R-BON-3), quotas where set, amounts."""
    fields = []
    for i, band in enumerate(bands):
        at = f"{path}.{i}"
        zh, en = f"月度奖金档位 {band.label}", f"Monthly bonus tier {band.label}"
        if i < len(bands) - 1:
            fields.append(
                EditableField(
                    f"{at}.score_from",
                    f"{zh}：起始分数",
                    f"{en}: score from",
                    _text(band.score_from),
                    "floor",
                )
            )
        if band.rank_share_at_most is not None:
            fields.append(
                EditableField(
                    f"{at}.rank_share_at_most",
                    f"{zh}：累计名次比例上限",
                    f"{en}: rank share at most",
                    _text(band.rank_share_at_most),
                    "quota",
                )
            )
        fields.append(
            EditableField(
                f"{at}.amount",
                f"{zh}：金额（元）",
                f"{en}: amount (yuan)",
                _text(band.amount),
                "amount",
            )
        )
    return fields


def _text(value: Decimal) -> str:
    """A policy number as written (``0.30`` stays ``0.30``), never in exponent form."""
    return format(value, "f")


def apply_edits(text: str, edits: Mapping[str, str]) -> str:
    """The policy text with the numbers at the given paths changed, as a checked draft.

    Paths are dotted (``monthly_bonus.bands.0.amount``; ``bands[0]`` is accepted too) and must
    name a number (or null) already in one of the sections a month is computed from. Values are
    decimal text; empty means null. Each value replaces the old one in the text itself, so
    comments and layout are kept and numbers stay exact. Moving a tier's floor
    (``….bands.N.score_from``) moves the top of the band below it too, unless the edits set that
    ``score_below`` themselves, so the table stays tiled (R-BON-3). The draft's ``version`` gets
    ``-draft`` appended. Raises DraftInvalid listing every bad edit, or every problem the
    edited policy has.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise DraftInvalid([f"不是有效的 YAML：{exc}"]) from None
    except RecursionError:  # the strict loader refuses such a text too; say so, not a 500
        raise DraftInvalid(["嵌套层数过多"]) from None
    if not isinstance(root, yaml.MappingNode):
        raise DraftInvalid(["政策内容应为键值表 (mapping)"])
    problems: list[str] = []
    changes: dict[str, tuple[yaml.Node, str]] = {}
    for full_path, raw_value in edits.items():
        raw_path = _cut(full_path)
        path = _normal_path(full_path)
        node = _node_at(root, path)
        if path.split(".")[0] not in MONTH_SECTIONS:
            problems.append(
                f"{raw_path}：只能修改月度测算所用的部分（{'、'.join(MONTH_SECTIONS)}）"
            )
        elif node is None:
            problems.append(f"{raw_path}：政策中没有这一项，只能修改已有的数值")
        elif not _holds_number(node):
            problems.append(f"{raw_path}：这一项不是数值，不能在草案中修改")
        elif path in changes:
            problems.append(f"{raw_path}：同一项被修改了两次")
        else:
            value = _number_text(raw_value)
            if isinstance(value, _Refused):
                problems.append(f"{raw_path}：「{_cut(raw_value)}」{value.reason}")
            else:
                changes[path] = (node, value)
    if problems:
        raise DraftInvalid(problems)
    changes |= _floors_follow(root, changes)
    version = _node_at(root, "version")
    if isinstance(version, yaml.ScalarNode) and not version.value.endswith(DRAFT_SUFFIX):
        changes["version"] = (version, json.dumps(version.value + DRAFT_SUFFIX, ensure_ascii=False))
    draft = text
    spans = sorted(((n.start_mark.index, n.end_mark.index, v) for n, v in changes.values()))
    for start, end, value in reversed(spans):
        draft = draft[:start] + value + draft[end:]
    parse_draft(draft)
    return draft


def parse_draft(text: str, source: str = "") -> LoadedPolicy:
    """A draft checked like any policy file (schema and lint); problems raise DraftInvalid."""
    try:
        loaded, problems = parse_policy(text, source or "草案")
    except PolicyInvalid as exc:
        raise DraftInvalid(exc.problems, source) from None
    if problems:
        raise DraftInvalid(problems, source)
    return loaded


def _normal_path(path: str) -> str:
    """``bands[0].amount`` and ``bands.0.amount`` alike, without stray spaces."""
    return ".".join(part.strip() for part in _INDEX.sub(r".\1", path.strip()).split("."))


def _node_at(root: yaml.Node, path: str) -> yaml.Node | None:
    node: yaml.Node | None = root
    for part in path.split("."):
        if isinstance(node, yaml.MappingNode):
            node = next(
                (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part),
                None,
            )
        elif isinstance(node, yaml.SequenceNode) and part.isascii() and part.isdigit():
            index = int(part)
            node = node.value[index] if index < len(node.value) else None
        else:
            return None
    return node


def _holds_number(node: yaml.Node) -> bool:
    """A number, null, or an open parameter (``[X]`` quoted or bare)."""
    if isinstance(node, yaml.ScalarNode):
        return node.tag in _NUMBER_TAGS or node.value == OPEN_MARKER
    return isinstance(node, yaml.SequenceNode) and [
        getattr(n, "value", None) for n in node.value
    ] == ["X"]


def _cut(text: str) -> str:
    """An edit's path or value short enough to quote in a problem."""
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


@dataclass(frozen=True)
class _Refused:
    """Why an edit's value cannot go into the draft."""

    reason: str


def _number_text(value: str) -> str | _Refused:
    """Decimal text as YAML reads it back exactly (no exponent); ``null`` for empty.

    The size is checked before the exponent is written out: ``1e999999`` would become a
    million digits.
    """
    text = value.strip()
    if not text:
        return "null"
    try:
        number = Decimal(text)
    except InvalidOperation:
        return _Refused("不是数字")
    if not number.is_finite():
        return _Refused("不是数字")
    problem = number_problem(number)
    return _Refused(problem) if problem is not None else format(number, "f")


def _decimal(node: yaml.Node) -> Decimal | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return None
    try:
        return Decimal(node.value.replace("_", ""))
    except InvalidOperation:
        return None


def _floors_follow(
    root: yaml.Node, changes: Mapping[str, tuple[yaml.Node, str]]
) -> dict[str, tuple[yaml.Node, str]]:
    """For each moved floor, the band below's ``score_below`` that stood on the old floor."""
    follow = {}
    for path, (node, value) in changes.items():
        floor = _FLOOR.match(path)
        if floor is None or value == "null":
            continue
        below = f"{floor['table']}.{int(floor['i']) + 1}.score_below"
        top = _node_at(root, below)
        old = _decimal(node)
        if below not in changes and top is not None and old is not None and _decimal(top) == old:
            follow[below] = (top, value)
    return follow


def unreflected_sections(current: LoadedPolicy, draft: LoadedPolicy) -> tuple[str, ...]:
    """Sections the draft changes that a month's figures do not read (frozen with the inputs)."""
    skip = set(MONTH_SECTIONS) | set(_METADATA)
    return tuple(
        name
        for name in Policy.model_fields
        if name not in skip and getattr(current.model, name) != getattr(draft.model, name)
    )


# --- comparing two runs of a month --------------------------------------------------------


@dataclass(frozen=True)
class PersonChange:
    """One person's month under the policy of the close (old) and under the draft (new)."""

    employee_no: str
    name: str
    department: str
    team: str | None
    group: Group
    old_score: Decimal | None
    new_score: Decimal | None
    old_rank: int | None
    new_rank: int | None
    old_tier: str | None
    new_tier: str | None
    old_bonus: Decimal
    new_bonus: Decimal
    old_awards: Decimal
    new_awards: Decimal
    old_star_wage: Decimal
    new_star_wage: Decimal

    @property
    def old_total(self) -> Decimal:
        """Pay of the month: bonus + awards + star wage."""
        return self.old_bonus + self.old_awards + self.old_star_wage

    @property
    def new_total(self) -> Decimal:
        return self.new_bonus + self.new_awards + self.new_star_wage

    @property
    def delta(self) -> Decimal:
        """What the draft adds to (or takes from) the person's pay of the month."""
        return self.new_total - self.old_total

    @property
    def changed(self) -> bool:
        """Whether the tier or any amount differs (a score alone does not count)."""
        return (self.old_tier, self.old_bonus, self.old_awards, self.old_star_wage) != (
            self.new_tier,
            self.new_bonus,
            self.new_awards,
            self.new_star_wage,
        )


@dataclass(frozen=True)
class WhatIf:
    """Who gains or loses under a draft, by how much, and what it costs in total.

    ``people`` run from the largest loss to the largest gain (then by 工号). The context
    fields are filled by the service: the month and revision, both policies' labels, the
    close's display rule, whether today's rules reproduce the frozen figures, and the sections
    the draft changes that a month does not read.
    """

    people: tuple[PersonChange, ...]
    old_bonus: Decimal
    new_bonus: Decimal
    old_cost: Decimal
    new_cost: Decimal
    gainers: int
    losers: int
    unchanged: int
    month: str = ""
    revision: int | None = None
    old_policy: str = ""
    new_policy: str = ""
    display: Display | None = None
    baseline_matches_close: bool = True
    unreflected_sections: tuple[str, ...] = ()

    @property
    def bonus_delta(self) -> Decimal:
        return self.new_bonus - self.old_bonus

    @property
    def cost_delta(self) -> Decimal:
        """Change of the month's total cost: bonuses, awards and star wages."""
        return self.new_cost - self.old_cost

    @property
    def changed(self) -> tuple[PersonChange, ...]:
        return tuple(p for p in self.people if p.changed)

    def shown_score(self, score: Decimal | None) -> str | None:
        """A score as the close's policy displays it (exact when no rule is known)."""
        if score is None:
            return None
        return display_score(score, self.display) if self.display else num(score)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON: money as exact decimal text (e.g. ``"500"``, ``"-100"``)."""

        return {
            "month": self.month,
            "revision": self.revision,
            "policy": {"old": self.old_policy, "new": self.new_policy},
            "totals": {
                "bonus": _delta_dict(self.old_bonus, self.new_bonus),
                "cost": _delta_dict(self.old_cost, self.new_cost),
            },
            "counts": {
                "gainers": self.gainers,
                "losers": self.losers,
                "unchanged": self.unchanged,
            },
            "baseline_matches_close": self.baseline_matches_close,
            "unreflected_sections": list(self.unreflected_sections),
            "people": [
                {
                    "employee_no": p.employee_no,
                    "name": p.name,
                    "department": p.department,
                    "team": p.team,
                    "group": p.group,
                    "old": self._side(p, old=True),
                    "new": self._side(p, old=False),
                    "delta": money(p.delta),
                    "changed": p.changed,
                }
                for p in self.people
            ],
        }

    def _side(self, p: PersonChange, old: bool) -> dict[str, Any]:
        """One side of a person's comparison as plain data."""
        if old:
            score, rank, tier = p.old_score, p.old_rank, p.old_tier
            amounts = (p.old_bonus, p.old_awards, p.old_star_wage, p.old_total)
        else:
            score, rank, tier = p.new_score, p.new_rank, p.new_tier
            amounts = (p.new_bonus, p.new_awards, p.new_star_wage, p.new_total)
        bonus, awards, star_wage, total = (money(a) for a in amounts)
        return {
            "score": self.shown_score(score),
            "rank": rank,
            "tier": tier,
            "bonus": bonus,
            "awards": awards,
            "star_wage": star_wage,
            "total": total,
        }


def money(value: Decimal) -> str:
    """Yuan as exact text, no exponent and no trailing zeros (``500``, ``-0.5``)."""
    text = num(value)
    assert text is not None
    return text


def _delta_dict(old: Decimal, new: Decimal) -> dict[str, str]:
    return {"old": money(old), "new": money(new), "delta": money(new - old)}


def compare(
    old: Sequence[MonthlyOutcome],
    new: Sequence[MonthlyOutcome],
    *,
    teams: Mapping[str, str | None] | None = None,
) -> WhatIf:
    """Line up two runs of one month on the same people; ``teams`` adds each person's 班组."""
    after = {o.employee_no: o for o in new}
    if (
        len(after) != len(new)
        or len(old) != len(new)
        or any(o.employee_no not in after for o in old)
    ):
        raise ValueError("a what-if compares two runs of the same month on the same people")
    people = []
    for before in old:
        now = after[before.employee_no]
        people.append(
            PersonChange(
                employee_no=before.employee_no,
                name=before.name,
                department=before.department,
                team=(teams or {}).get(before.employee_no),
                group=before.group,
                old_score=before.score,
                new_score=now.score,
                old_rank=before.rank,
                new_rank=now.rank,
                old_tier=before.tier,
                new_tier=now.tier,
                old_bonus=before.bonus,
                new_bonus=now.bonus,
                old_awards=_awards(before),
                new_awards=_awards(now),
                old_star_wage=before.star_wage,
                new_star_wage=now.star_wage,
            )
        )
    people.sort(key=lambda p: (p.delta, p.employee_no))
    zero = Decimal(0)
    return WhatIf(
        people=tuple(people),
        old_bonus=sum((o.bonus for o in old), zero),
        new_bonus=sum((o.bonus for o in new), zero),
        old_cost=sum((o.total for o in old), zero),
        new_cost=sum((o.total for o in new), zero),
        gainers=sum(p.delta > 0 for p in people),
        losers=sum(p.delta < 0 for p in people),
        unchanged=sum(p.delta == 0 for p in people),
    )


def _awards(outcome: MonthlyOutcome) -> Decimal:
    return sum((a.amount for a in outcome.awards), Decimal(0))
