"""bottom-elimination runs, standby periods and re-entry exams

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bottom_standby",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(length=32), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("extended_to", sa.Date(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["workflow_case.id"], name=op.f("fk_bottom_standby_case_id_workflow_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bottom_standby")),
        sa.UniqueConstraint("case_id", name=op.f("uq_bottom_standby_case_id")),
    )
    with op.batch_alter_table("bottom_standby", schema=None) as batch_op:
        batch_op.create_index("ix_bottom_standby_employee_no", ["employee_no"], unique=False)

    op.create_table(
        "bottom_re_entry_exam",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(length=32), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Numeric(precision=12, scale=6), nullable=False),
        sa.Column("pass_mark", sa.Numeric(precision=12, scale=6), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("sitting_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["workflow_case.id"],
            name=op.f("fk_bottom_re_entry_exam_case_id_workflow_case"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bottom_re_entry_exam")),
    )
    with op.batch_alter_table("bottom_re_entry_exam", schema=None) as batch_op:
        batch_op.create_index("ix_bottom_re_entry_exam_case", ["case_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("bottom_re_entry_exam", schema=None) as batch_op:
        batch_op.drop_index("ix_bottom_re_entry_exam_case")
    op.drop_table("bottom_re_entry_exam")
    with op.batch_alter_table("bottom_standby", schema=None) as batch_op:
        batch_op.drop_index("ix_bottom_standby_employee_no")
    op.drop_table("bottom_standby")
