"""QA monitoring: scorecards, contacts and evaluations

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qa_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("contact_at", sa.DateTime(), nullable=False),
        sa.Column("reference", sa.String(length=128), nullable=False),
        sa.Column("transcript", sa.Text(), nullable=True),
        sa.Column("transcript_format", sa.String(length=8), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_contact")),
    )
    op.create_index(
        "ix_qa_contact_agent_time", "qa_contact", ["employee_no", "contact_at"], unique=False
    )
    op.create_table(
        "qa_scorecard",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_scorecard")),
        sa.UniqueConstraint("family", "version", name="uq_qa_scorecard_version"),
    )
    op.create_table(
        "qa_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("scorecard_id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(length=32), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("evaluator", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("calibration_id", sa.Integer(), nullable=True),
        sa.Column("marks", sa.JSON(), nullable=False),
        sa.Column("score", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column("critical_failed", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("auto_check_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("respond_by", sa.Date(), nullable=True),
        sa.Column("final_score", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column("final_on", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["qa_contact.id"], name=op.f("fk_qa_evaluation_contact_id_qa_contact")
        ),
        sa.ForeignKeyConstraint(
            ["scorecard_id"],
            ["qa_scorecard.id"],
            name=op.f("fk_qa_evaluation_scorecard_id_qa_scorecard"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_evaluation")),
    )
    op.create_index(
        "ix_qa_evaluation_agent_month", "qa_evaluation", ["employee_no", "month"], unique=False
    )
    op.create_index("ix_qa_evaluation_state", "qa_evaluation", ["state"], unique=False)
    op.create_table(
        "qa_evaluation_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("score", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["qa_evaluation.id"],
            name=op.f("fk_qa_evaluation_event_evaluation_id_qa_evaluation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_evaluation_event")),
    )
    op.create_index(
        "ix_qa_evaluation_event_evaluation",
        "qa_evaluation_event",
        ["evaluation_id"],
        unique=False,
    )
    op.create_table(
        "qa_calibration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("scorecard_id", sa.Integer(), nullable=False),
        sa.Column("reference_evaluator", sa.String(length=64), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["qa_contact.id"], name=op.f("fk_qa_calibration_contact_id_qa_contact")
        ),
        sa.ForeignKeyConstraint(
            ["scorecard_id"],
            ["qa_scorecard.id"],
            name=op.f("fk_qa_calibration_scorecard_id_qa_scorecard"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_calibration")),
    )


def downgrade() -> None:
    op.drop_table("qa_calibration")
    op.drop_index("ix_qa_evaluation_event_evaluation", table_name="qa_evaluation_event")
    op.drop_table("qa_evaluation_event")
    op.drop_index("ix_qa_evaluation_state", table_name="qa_evaluation")
    op.drop_index("ix_qa_evaluation_agent_month", table_name="qa_evaluation")
    op.drop_table("qa_evaluation")
    op.drop_table("qa_scorecard")
    op.drop_index("ix_qa_contact_agent_time", table_name="qa_contact")
    op.drop_table("qa_contact")
