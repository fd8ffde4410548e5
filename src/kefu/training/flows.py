"""The flow of a training elimination (培训淘汰, R-NEW-4): who decides which step.

Seed 002 淘汰流程: the trainer's preliminary list (初步评估) opens the case; the trainer talks
with the trainee face to face and records the reasons (沟通面谈 — QA is 品管培训岗, the trainer;
HR may hold the talk too); the result goes on public notice (结果公示) for the policy's
working days, during which anyone may object and HR investigates and answers (培训负责人或上级
领导 … 调查核实); HR makes the final decision after the notice (最终决定) and handles the
leaving (离职手续), the offboarding checklist and the exit talk (沟通与反馈、职业指导).
"""

from __future__ import annotations

from kefu.workflow.rules import Flow, Stage

TALK = "talk"

TRAINING_ELIMINATION = Flow(
    kind="training",
    name_zh="培训淘汰",
    name_en="Training elimination",
    stages=(Stage(TALK, "沟通面谈", "face-to-face talk", frozenset({"qa", "hr"}), "R-NEW-4"),),
    notice=True,
    answer_roles=frozenset({"hr"}),
    rule="R-NEW-4",
)

FLOWS = (TRAINING_ELIMINATION,)
