"""append-only tables refuse TRUNCATE (PostgreSQL) and INSERT OR REPLACE (SQLite)

The row triggers of 0002 and 0003 refuse UPDATE and DELETE on the audit log and the comp-time
ledger. Two paths remove rows without firing them: TRUNCATE on PostgreSQL, and on SQLite the
REPLACE conflict resolution (INSERT OR REPLACE, REPLACE INTO), which deletes the conflicting
row without DELETE triggers. PostgreSQL gets a statement trigger refusing TRUNCATE; SQLite a
BEFORE INSERT trigger refusing a row whose id is already taken (an ordinary insert has a new
id, so the check is one primary-key lookup). An upsert over an existing id is refused on both
(PostgreSQL's ON CONFLICT DO UPDATE fires the UPDATE trigger; SQLite's hits the insert check).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 00:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# every append-only table (0002: the audit log; 0003: the comp-time ledger); their only unique
# key is the primary key id
APPEND_ONLY = ("audit_event", "comp_time_entry")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION kefu_no_truncate() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION '% is append-only: TRUNCATE is refused', TG_TABLE_NAME; "
            "END; $$ LANGUAGE plpgsql"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION kefu_no_truncate()"
            )
        return
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
            f"WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: a row cannot be replaced'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION kefu_no_truncate()")
        return
    for table in APPEND_ONLY:
        op.execute(f"DROP TRIGGER {table}_no_replace")
