"""conduct events, the people charged and their objections

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conduct_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("on_day", sa.Date(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("rule_code", sa.String(length=64), nullable=False),
        sa.Column("rule_name", sa.String(length=255), nullable=False),
        sa.Column("rule_name_en", sa.String(length=255), nullable=False),
        sa.Column("min_points", sa.Integer(), nullable=False),
        sa.Column("max_points", sa.Integer(), nullable=False),
        sa.Column("each_person", sa.Boolean(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("attachment", sa.String(length=255), nullable=True),
        sa.Column("policy_name", sa.String(length=64), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("withdrawn_by", sa.String(length=64), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdraw_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["conduct_event.id"],
            name=op.f("fk_conduct_event_corrects_id_conduct_event"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conduct_event")),
    )
    with op.batch_alter_table("conduct_event", schema=None) as batch_op:
        batch_op.create_index("ix_conduct_event_month", ["month", "state"], unique=False)
        batch_op.create_index("ix_conduct_event_rule", ["rule_code"], unique=False)

    op.create_table(
        "conduct_charge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("final_points", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["conduct_event.id"],
            name=op.f("fk_conduct_charge_event_id_conduct_event"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conduct_charge")),
        sa.UniqueConstraint("event_id", "employee_no", name=op.f("uq_conduct_charge_person")),
    )
    with op.batch_alter_table("conduct_charge", schema=None) as batch_op:
        batch_op.create_index("ix_conduct_charge_employee", ["employee_no"], unique=False)

    op.create_table(
        "conduct_objection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("charge_id", sa.Integer(), nullable=False),
        sa.Column("filed_by", sa.String(length=64), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column(
            "filed_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("points_after", sa.Integer(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["charge_id"],
            ["conduct_charge.id"],
            name=op.f("fk_conduct_objection_charge_id_conduct_charge"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conduct_objection")),
        sa.UniqueConstraint("charge_id", name=op.f("uq_conduct_objection_charge")),
    )


def downgrade() -> None:
    op.drop_table("conduct_objection")
    with op.batch_alter_table("conduct_charge", schema=None) as batch_op:
        batch_op.drop_index("ix_conduct_charge_employee")

    op.drop_table("conduct_charge")
    with op.batch_alter_table("conduct_event", schema=None) as batch_op:
        batch_op.drop_index("ix_conduct_event_rule")
        batch_op.drop_index("ix_conduct_event_month")

    op.drop_table("conduct_event")
