"""Cases that pass reviews, a public notice and objections (R-PRO-3, R-PUB-1) — pure.

One mechanism serves promotion, the team-leader election, the Eagle plan and, later,
elimination: a ``Flow`` names its review stages in order and who may act at each; a case
approved at the last stage goes on public notice (公示) for a number of working days of the
statutory calendar; anyone may object (申诉) until the notice's last working day; the case
becomes final only after the notice has ended and every objection has been answered.

States of a case: a stage key (waiting for that review), ``notice``, and the ends ``final``,
``rejected`` and ``withdrawn``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Protocol

from kefu.accounts.rules import ROLE_NAMES
from kefu.errors import Conflict as Conflict  # the one 409 of every flow, named here too
from kefu.errors import Forbidden, KefuError
from kefu.explain.trace import Step

NOTICE = "notice"
FINAL = "final"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
ENDS = frozenset({FINAL, REJECTED, WITHDRAWN})
Decision = Literal["approve", "reject"]

STATE_NAMES: dict[str, tuple[str, str]] = {
    NOTICE: ("公示中", "on public notice"),
    FINAL: ("已生效", "final"),
    REJECTED: ("未通过", "rejected"),
    WITHDRAWN: ("已撤回", "withdrawn"),
}


class Calendar(Protocol):
    """What the rules need of the statutory calendar (kefu.workdays.WorkCalendar)."""

    def is_working_day(self, day: date) -> bool: ...


@dataclass(frozen=True)
class Stage:
    """One review of a flow: its name, the access roles that may act, the rule it applies.

    ``team_scope``: a team leader may act only on cases of their own team (the service
    checks the subject's team); other roles act on the whole center.
    """

    key: str
    name_zh: str
    name_en: str
    roles: frozenset[str]
    rule: str
    team_scope: bool = False


@dataclass(frozen=True)
class Flow:
    """A kind of case: its reviews in order, whether it goes on notice, who answers objections."""

    kind: str
    name_zh: str
    name_en: str
    stages: tuple[Stage, ...]
    notice: bool
    answer_roles: frozenset[str]
    rule: str
    separate_deciders: bool = True
    """A person decides at most one stage of a case (separate pairs of eyes)."""

    def stage(self, key: str) -> Stage:
        for stage in self.stages:
            if stage.key == key:
                return stage
        raise KeyError(key)

    @property
    def first_state(self) -> str:
        return self.stages[0].key if self.stages else (NOTICE if self.notice else FINAL)

    def state_name(self, state: str, lang: Literal["zh", "en"] = "zh") -> str:
        """A state in words: 待部门初审, on public notice, …"""
        for stage in self.stages:
            if stage.key == state:
                return f"待{stage.name_zh}" if lang == "zh" else f"awaiting {stage.name_en}"
        zh, en = STATE_NAMES.get(state, (state, state))
        return zh if lang == "zh" else en


def next_state(flow: Flow, state: str, decision: Decision) -> str:
    """Where a decision at ``state`` leads: the next stage, the notice, final or rejected."""
    keys = [s.key for s in flow.stages]
    if state not in keys:
        raise KefuError(
            f"此案件当前为「{flow.state_name(state)}」，没有待审的环节 "
            f"(the case is {flow.state_name(state, 'en')}: nothing to review)"
        )
    if decision == "reject":
        return REJECTED
    at = keys.index(state)
    if at + 1 < len(keys):
        return keys[at + 1]
    return NOTICE if flow.notice else FINAL


def check_actor(
    flow: Flow,
    state: str,
    *,
    role: str,
    actor: str,
    actor_no: str | None,
    subject_nos: Collection[str],
    earlier_actors: Collection[str],
) -> Step:
    """May this account decide at this stage? Refuses with the reason, or says why it may.

    Nobody decides their own case; a person decides at most one stage of a case (the
    reviews are separate pairs of eyes, R-PRO-3); the stage names the roles that decide.
    """
    stage = flow.stage(state) if state in {s.key for s in flow.stages} else None
    if stage is None:
        raise KefuError(
            f"此案件当前为「{flow.state_name(state)}」，没有待审的环节 "
            f"(the case is {flow.state_name(state, 'en')}: nothing to review)"
        )
    if actor_no is not None and actor_no in subject_nos:
        raise Forbidden(
            f"不能审批与自己有关的案件（{stage.name_zh}）(nobody decides their own case)"
        )
    if role not in stage.roles:
        raise Forbidden(
            f"「{stage.name_zh}」只能由{_roles_zh(stage.roles)}办理 "
            f"({stage.name_en} is decided by {', '.join(sorted(stage.roles))})"
        )
    if flow.separate_deciders and actor in earlier_actors:
        raise Forbidden(
            f"您已在本案件的前一环节作出决定，「{stage.name_zh}」须由另一位审批人办理 "
            f"(one person decides one stage of a case)"
        )
    return Step(stage.rule, "workflow.may_decide", {"stage": stage.key, "actor": actor})


def _roles_zh(roles: Collection[str]) -> str:
    return "、".join(ROLE_NAMES[r]["zh"] if r in ROLE_NAMES else r for r in sorted(roles))


@dataclass(frozen=True)
class NoticeWindow:
    """A public notice: published on a day, open from its first to its last working day."""

    published_on: date
    first_day: date
    last_day: date
    working_days: int

    def step(self, rule: str) -> Step:
        return Step(
            rule,
            "workflow.notice",
            {
                "published_on": self.published_on.isoformat(),
                "first_day": self.first_day.isoformat(),
                "last_day": self.last_day.isoformat(),
                "working_days": self.working_days,
            },
        )


def notice_window(calendar: Calendar, published_on: date, working_days: int) -> NoticeWindow:
    """N working days from the publishing day (the next working day if it is a rest day).

    Weekends, statutory holidays and the rest days around them don't count; an adjusted
    workday (调休上班) does (R-PUB-1).
    """
    if working_days < 1:
        raise KefuError(
            f"公示期应至少 1 个工作日，而不是 {working_days} (a notice lasts at least a working day)"
        )
    day = published_on
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    first = day
    counted = 1
    while counted < working_days:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return NoticeWindow(published_on, first, day, working_days)


def check_objection(window: NoticeWindow, on: date, rule: str) -> Step:
    """An objection is taken from the publishing day through the notice's last day."""
    if on < window.published_on:
        raise KefuError(
            f"公示自 {window.published_on.isoformat()} 起，{on.isoformat()} 尚未公示 "
            f"(the notice is not published yet)"
        )
    if on > window.last_day:
        raise KefuError(
            f"公示期已于 {window.last_day.isoformat()} 结束，不能再提出申诉 "
            f"(the notice ended on {window.last_day.isoformat()})"
        )
    return Step(
        rule,
        "workflow.objection_in_time",
        {"on": on.isoformat(), "last_day": window.last_day.isoformat()},
    )


def check_final(window: NoticeWindow, today: date, open_objections: int, rule: str) -> Step:
    """A case on notice becomes final after the last notice day, with no objection open."""
    if today <= window.last_day:
        raise KefuError(
            f"公示期到 {window.last_day.isoformat()} 才结束，之后才能生效 "
            f"(the notice runs until {window.last_day.isoformat()})"
        )
    if open_objections:
        raise KefuError(
            f"还有 {open_objections} 条申诉未答复：答复后才能生效 "
            f"({open_objections} objection(s) still open)"
        )
    return Step(
        rule, "workflow.final", {"on": today.isoformat(), "last_day": window.last_day.isoformat()}
    )
