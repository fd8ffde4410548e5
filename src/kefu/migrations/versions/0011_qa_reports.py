"""improvement plans (改进计划) and their follow-ups

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qa_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(length=32), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("problem_text", sa.Text(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("target_score", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("next_follow_up_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_plan")),
    )
    with op.batch_alter_table("qa_plan", schema=None) as batch_op:
        batch_op.create_index("ix_qa_plan_agent", ["employee_no"], unique=False)
        batch_op.create_index("ix_qa_plan_status", ["status"], unique=False)

    op.create_table(
        "qa_plan_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("mean_since_start", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column("evaluations", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["qa_plan.id"], name=op.f("fk_qa_plan_note_plan_id_qa_plan")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_plan_note")),
    )
    with op.batch_alter_table("qa_plan_note", schema=None) as batch_op:
        batch_op.create_index("ix_qa_plan_note_plan", ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("qa_plan_note", schema=None) as batch_op:
        batch_op.drop_index("ix_qa_plan_note_plan")
    op.drop_table("qa_plan_note")
    with op.batch_alter_table("qa_plan", schema=None) as batch_op:
        batch_op.drop_index("ix_qa_plan_status")
        batch_op.drop_index("ix_qa_plan_agent")
    op.drop_table("qa_plan")
