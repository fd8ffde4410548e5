"""meetings, their attendees and follow-ups; shift handover notes

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=True),
        sa.Column("shift_code", sa.String(length=8), nullable=True),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("chair_no", sa.String(length=32), nullable=False),
        sa.Column("chair_name", sa.String(length=64), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_held_on", ["held_on"], unique=False)
        batch_op.create_index("ix_meeting_scope", ["department", "team", "held_on"], unique=False)

    op.create_table(
        "meeting_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_attendee_meeting_id_meeting"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendee")),
        sa.UniqueConstraint(
            "meeting_id", "employee_no", name=op.f("uq_meeting_attendee_meeting_id")
        ),
    )
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_attendee_employee", ["employee_no"], unique=False)

    op.create_table(
        "meeting_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=2000), nullable=False),
        sa.Column("owner_no", sa.String(length=32), nullable=False),
        sa.Column("owner_name", sa.String(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_note", sa.String(length=2000), nullable=True),
        sa.Column("done_by", sa.String(length=64), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_follow_up_meeting_id_meeting"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_follow_up")),
    )
    with op.batch_alter_table("meeting_follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_follow_up_meeting", ["meeting_id"], unique=False)
        batch_op.create_index("ix_meeting_follow_up_status", ["status", "due_on"], unique=False)

    op.create_table(
        "shift_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_date", sa.Date(), nullable=False),
        sa.Column("shift_code", sa.String(length=8), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("from_no", sa.String(length=32), nullable=False),
        sa.Column("from_name", sa.String(length=64), nullable=False),
        sa.Column("to_no", sa.String(length=32), nullable=True),
        sa.Column("to_name", sa.String(length=64), nullable=True),
        sa.Column("to_shift", sa.String(length=8), nullable=True),
        sa.Column("open_items", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(length=64), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_note", sa.String(length=2000), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_handover")),
    )
    with op.batch_alter_table("shift_handover", schema=None) as batch_op:
        batch_op.create_index("ix_shift_handover_shift_date", ["shift_date"], unique=False)
        batch_op.create_index("ix_shift_handover_to_no", ["to_no"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("shift_handover", schema=None) as batch_op:
        batch_op.drop_index("ix_shift_handover_to_no")
        batch_op.drop_index("ix_shift_handover_shift_date")

    op.drop_table("shift_handover")
    with op.batch_alter_table("meeting_follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_follow_up_status")
        batch_op.drop_index("ix_meeting_follow_up_meeting")

    op.drop_table("meeting_follow_up")
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_attendee_employee")

    op.drop_table("meeting_attendee")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_scope")
        batch_op.drop_index("ix_meeting_held_on")

    op.drop_table("meeting")
