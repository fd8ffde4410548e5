"""question bank, papers, sittings and answers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

POINTS = sa.Numeric(precision=9, scale=4)


def upgrade() -> None:
    op.create_table(
        "exam_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("exam_kind", sa.String(length=16), nullable=False),
        sa.Column("difficulty", sa.Integer(), nullable=False),
        sa.Column("stem", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("key", sa.JSON(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("points", POINTS, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=True),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.Column("retired_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_question")),
    )
    with op.batch_alter_table("exam_question", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exam_question_bank", ["exam_kind", "topic", "difficulty"], unique=False
        )
        batch_op.create_index("ix_exam_question_family", ["family_id"], unique=False)

    op.create_table(
        "exam_paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("exam_kind", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=24), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("time_limit_minutes", sa.Integer(), nullable=True),
        sa.Column("pass_mark", POINTS, nullable=False),
        sa.Column("total_points", POINTS, nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("drawn_by", sa.String(length=64), nullable=False),
        sa.Column("drawn_on", sa.Date(), nullable=False),
        sa.Column("policy_name", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_paper")),
    )
    op.create_table(
        "exam_paper_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("points", POINTS, nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["exam_paper.id"], name=op.f("fk_exam_paper_question_paper_id_exam_paper")
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["exam_question.id"],
            name=op.f("fk_exam_paper_question_question_id_exam_question"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_paper_question")),
        sa.UniqueConstraint("paper_id", "position", name="uq_exam_paper_question_position"),
        sa.UniqueConstraint("paper_id", "question_id", name="uq_exam_paper_question_question"),
    )
    op.create_table(
        "exam_sitting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=24), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("time_limit_minutes", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("assigned_by", sa.String(length=64), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("deadline_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("ended_how", sa.String(length=16), nullable=True),
        sa.Column("taken_on", sa.Date(), nullable=True),
        sa.Column("earned", POINTS, nullable=True),
        sa.Column("score", POINTS, nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["exam_paper.id"], name=op.f("fk_exam_sitting_paper_id_exam_paper")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_sitting")),
        sa.UniqueConstraint("paper_id", "employee_no", name=op.f("uq_exam_sitting_paper_id")),
    )
    with op.batch_alter_table("exam_sitting", schema=None) as batch_op:
        batch_op.create_index("ix_exam_sitting_employee", ["employee_no", "status"], unique=False)
        batch_op.create_index("ix_exam_sitting_status", ["status"], unique=False)

    op.create_table(
        "exam_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sitting_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("points", POINTS, nullable=True),
        sa.Column("marked_by", sa.String(length=64), nullable=True),
        sa.Column("marked_at", sa.DateTime(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["exam_question.id"],
            name=op.f("fk_exam_answer_question_id_exam_question"),
        ),
        sa.ForeignKeyConstraint(
            ["sitting_id"], ["exam_sitting.id"], name=op.f("fk_exam_answer_sitting_id_exam_sitting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_answer")),
        sa.UniqueConstraint("sitting_id", "question_id", name=op.f("uq_exam_answer_sitting_id")),
    )


def downgrade() -> None:
    op.drop_table("exam_answer")
    with op.batch_alter_table("exam_sitting", schema=None) as batch_op:
        batch_op.drop_index("ix_exam_sitting_status")
        batch_op.drop_index("ix_exam_sitting_employee")
    op.drop_table("exam_sitting")
    op.drop_table("exam_paper_question")
    op.drop_table("exam_paper")
    with op.batch_alter_table("exam_question", schema=None) as batch_op:
        batch_op.drop_index("ix_exam_question_family")
        batch_op.drop_index("ix_exam_question_bank")
    op.drop_table("exam_question")
