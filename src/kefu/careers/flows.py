"""The flows of the career cases (R-PRO-3, R-ELE-1, R-EGL-1): their reviews and who decides.

Who decides which review is the product's reading of the seeds, not a policy number: the
department review (部门初审) is the applicant's team leader or a manager; HR re-checks the
figures (人力资源部复审); management approves (管理层审批 — kefu's manager role); HR
investigates and answers objections and makes a case final after its notice.
"""

from __future__ import annotations

from kefu.workflow.rules import Flow, Stage

PROMOTION = Flow(
    kind="promotion",
    name_zh="晋升申请",
    name_en="Promotion",
    stages=(
        Stage(
            "dept_review",
            "部门初审",
            "department review",
            frozenset({"team_leader", "manager"}),
            "R-PRO-3",
            team_scope=True,
        ),
        Stage("hr_review", "人力资源部复审", "HR review", frozenset({"hr"}), "R-PRO-3"),
        Stage("approval", "管理层审批", "management approval", frozenset({"manager"}), "R-PRO-3"),
    ),
    notice=True,
    answer_roles=frozenset({"hr"}),
    rule="R-PRO-3",
)

ELECTION = Flow(
    kind="election",
    name_zh="组长竞聘",
    name_en="Team-leader election",
    stages=(
        Stage("scoring", "评分录入", "scoring", frozenset({"hr"}), "R-ELE-1"),
        Stage("approval", "经理审定", "manager's approval", frozenset({"manager"}), "R-ELE-1"),
    ),
    notice=True,
    answer_roles=frozenset({"hr"}),
    rule="R-ELE-1",
)

EAGLE = Flow(
    kind="eagle",
    name_zh="雏鹰计划",
    name_en="Eagle plan",
    stages=(
        Stage("applying", "报名", "applications", frozenset({"hr"}), "R-EGL-1"),
        Stage("screening", "初审筛选", "screening", frozenset({"hr"}), "R-EGL-1"),
        Stage("interview", "面试评审", "panel interview", frozenset({"manager"}), "R-EGL-1"),
    ),
    notice=True,
    answer_roles=frozenset({"hr"}),
    rule="R-EGL-1",
    separate_deciders=False,
)

FLOWS = (PROMOTION, ELECTION, EAGLE)
