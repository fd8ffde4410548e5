"""recruitment candidates and their test results

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recruitment_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("contact", sa.String(length=128), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("position", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("stage_since", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(length=32), nullable=True),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("training_starts_on", sa.Date(), nullable=True),
        sa.Column("cohort", sa.String(length=64), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruitment_candidate")),
    )
    with op.batch_alter_table("recruitment_candidate", schema=None) as batch_op:
        batch_op.create_index("ix_recruitment_candidate_stage", ["stage"], unique=False)

    op.create_table(
        "recruitment_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=24), nullable=False),
        sa.Column("interviewer", sa.String(length=64), nullable=True),
        sa.Column("dimension", sa.String(length=64), nullable=True),
        sa.Column("value", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["recruitment_candidate.id"],
            name=op.f("fk_recruitment_result_candidate_id_recruitment_candidate"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruitment_result")),
    )
    with op.batch_alter_table("recruitment_result", schema=None) as batch_op:
        batch_op.create_index("ix_recruitment_result_candidate", ["candidate_id"], unique=False)

    op.create_table(
        "recruitment_move",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=16), nullable=True),
        sa.Column("to_stage", sa.String(length=16), nullable=False),
        sa.Column("moved_on", sa.Date(), nullable=False),
        sa.Column("moved_by", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["recruitment_candidate.id"],
            name=op.f("fk_recruitment_move_candidate_id_recruitment_candidate"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruitment_move")),
    )
    with op.batch_alter_table("recruitment_move", schema=None) as batch_op:
        batch_op.create_index("ix_recruitment_move_candidate", ["candidate_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recruitment_move", schema=None) as batch_op:
        batch_op.drop_index("ix_recruitment_move_candidate")

    op.drop_table("recruitment_move")
    with op.batch_alter_table("recruitment_result", schema=None) as batch_op:
        batch_op.drop_index("ix_recruitment_result_candidate")

    op.drop_table("recruitment_result")
    with op.batch_alter_table("recruitment_candidate", schema=None) as batch_op:
        batch_op.drop_index("ix_recruitment_candidate_stage")

    op.drop_table("recruitment_candidate")
