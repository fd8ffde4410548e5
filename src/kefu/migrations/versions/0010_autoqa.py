"""autoqa: phrase library versions and automatic checks

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "autoqa_library",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_autoqa_library")),
        sa.UniqueConstraint("key", "version", name="uq_autoqa_library_version"),
    )
    op.create_table(
        "autoqa_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("library_key", sa.String(length=64), nullable=False),
        sa.Column("library_version", sa.Integer(), nullable=False),
        sa.Column("suggested_score", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column(
            "checked_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["qa_contact.id"],
            name=op.f("fk_autoqa_check_contact_id_qa_contact"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_autoqa_check")),
    )
    op.create_index("ix_autoqa_check_contact", "autoqa_check", ["contact_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_autoqa_check_contact", table_name="autoqa_check")
    op.drop_table("autoqa_check")
    op.drop_table("autoqa_library")
