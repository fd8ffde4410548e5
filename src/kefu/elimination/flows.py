"""The flows of bottom elimination (末位淘汰, R-BOT-1): the standby case and the dismissal case.

Who acts is the product's reading of seed 004, not a policy number: HR (人事) opens a case for
a person the monthly rankings make due, the center's manager (客服经理) approves it, it goes
on public notice (公示) where anyone on staff — the person first — may object (申诉); HR
investigates, answers and makes the case final after the notice (R-PUB-1).
"""

from __future__ import annotations

from kefu.workflow.rules import Flow, Stage

RULE = "R-BOT-1"
OPENERS = frozenset({"hr"})
"""Who opens a standby or dismissal case, records a re-entry exam and the return."""
CHOOSERS = frozenset({"manager"})
"""Who chooses after a failed re-entry exam: extend the standby or dismiss."""

STANDBY = Flow(
    kind="bottom_standby",
    name_zh="待岗培训",
    name_en="Standby retraining",
    stages=(Stage("approval", "经理审批", "manager's approval", frozenset({"manager"}), RULE),),
    notice=True,
    answer_roles=frozenset({"hr"}),
    rule=RULE,
)

DISMISSAL = Flow(
    kind="bottom_dismissal",
    name_zh="末位淘汰辞退",
    name_en="Dismissal for last places",
    stages=(Stage("approval", "经理审批", "manager's approval", frozenset({"manager"}), RULE),),
    notice=True,
    answer_roles=frozenset({"hr"}),
    rule=RULE,
)

FLOWS = (STANDBY, DISMISSAL)
