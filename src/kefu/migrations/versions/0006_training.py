"""training cohorts, their plans, trainees, scores and flags

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")
POINTS = sa.Numeric(precision=9, scale=4)


def upgrade() -> None:
    op.create_table(
        "training_cohort",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("plan_name", sa.String(length=64), nullable=False),
        sa.Column("trainer", sa.String(length=64), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("policy_name", sa.String(length=64), nullable=True),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_cohort")),
    )
    op.create_table(
        "training_cohort_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("lead", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("exam", sa.String(length=16), nullable=True),
        sa.Column("exam_items", sa.JSON(), nullable=False),
        sa.Column("assigns_mentor", sa.Boolean(), nullable=False),
        sa.Column("targeted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["training_cohort.id"],
            name=op.f("fk_training_cohort_day_cohort_id_training_cohort"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_cohort_day")),
        sa.UniqueConstraint("cohort_id", "number", name=op.f("uq_training_cohort_day_cohort_id")),
    )
    op.create_table(
        "training_plan_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["training_cohort.id"],
            name=op.f("fk_training_plan_edit_cohort_id_training_cohort"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_plan_edit")),
    )
    with op.batch_alter_table("training_plan_edit", schema=None) as batch_op:
        batch_op.create_index("ix_training_plan_edit_cohort", ["cohort_id", "id"], unique=False)

    op.create_table(
        "training_trainee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.Column("added_by", sa.String(length=64), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("mentor_no", sa.String(length=32), nullable=True),
        sa.Column("mentor_since", sa.Date(), nullable=True),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("re_exam_on", sa.Date(), nullable=True),
        sa.Column("regular_from", sa.Date(), nullable=True),
        sa.Column("extended_until", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["training_cohort.id"],
            name=op.f("fk_training_trainee_cohort_id_training_cohort"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_trainee")),
        sa.UniqueConstraint("cohort_id", "employee_no", name=op.f("uq_training_trainee_cohort_id")),
    )
    with op.batch_alter_table("training_trainee", schema=None) as batch_op:
        batch_op.create_index("ix_training_trainee_employee", ["employee_no"], unique=False)
        batch_op.create_index("ix_training_trainee_mentor", ["mentor_no"], unique=False)

    op.create_table(
        "training_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("score", POINTS, nullable=False),
        sa.Column("attendance", POINTS, nullable=True),
        sa.Column("attitude", POINTS, nullable=True),
        sa.Column("teamwork", POINTS, nullable=True),
        sa.Column("occasion", sa.String(length=16), nullable=False),
        sa.Column("plan_day", sa.Integer(), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("sitting_id", sa.Integer(), nullable=True),
        sa.Column("paper_id", sa.Integer(), nullable=True),
        sa.Column("paper_label", sa.String(length=200), nullable=True),
        sa.Column("pass_mark", POINTS, nullable=True),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["training_trainee.id"],
            name=op.f("fk_training_score_trainee_id_training_trainee"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_score")),
    )
    with op.batch_alter_table("training_score", schema=None) as batch_op:
        batch_op.create_index("ix_training_score_trainee", ["trainee_id", "kind"], unique=False)

    op.create_table(
        "training_warning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("given_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["training_trainee.id"],
            name=op.f("fk_training_warning_trainee_id_training_trainee"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_warning")),
    )
    with op.batch_alter_table("training_warning", schema=None) as batch_op:
        batch_op.create_index("ix_training_warning_trainee", ["trainee_id"], unique=False)

    op.create_table(
        "training_criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=32), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), server_default=NOW, nullable=False),
        sa.Column("withdrawn_by", sa.String(length=64), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["training_trainee.id"],
            name=op.f("fk_training_criterion_trainee_id_training_trainee"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_criterion")),
    )
    with op.batch_alter_table("training_criterion", schema=None) as batch_op:
        batch_op.create_index("ix_training_criterion_trainee", ["trainee_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("training_criterion", schema=None) as batch_op:
        batch_op.drop_index("ix_training_criterion_trainee")
    op.drop_table("training_criterion")
    with op.batch_alter_table("training_warning", schema=None) as batch_op:
        batch_op.drop_index("ix_training_warning_trainee")
    op.drop_table("training_warning")
    with op.batch_alter_table("training_score", schema=None) as batch_op:
        batch_op.drop_index("ix_training_score_trainee")
    op.drop_table("training_score")
    with op.batch_alter_table("training_trainee", schema=None) as batch_op:
        batch_op.drop_index("ix_training_trainee_mentor")
        batch_op.drop_index("ix_training_trainee_employee")
    op.drop_table("training_trainee")
    with op.batch_alter_table("training_plan_edit", schema=None) as batch_op:
        batch_op.drop_index("ix_training_plan_edit_cohort")
    op.drop_table("training_plan_edit")
    op.drop_table("training_cohort_day")
    op.drop_table("training_cohort")
