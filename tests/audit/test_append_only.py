"""The append-only tables (the audit log, the comp-time ledger) cannot be rewritten by any SQL path.

Besides UPDATE and DELETE, the database refuses the paths that remove rows without a row
trigger: TRUNCATE on PostgreSQL, and on SQLite INSERT OR REPLACE / REPLACE INTO, which delete
the conflicting row silently. An upsert over an existing id is refused on both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from kefu.audit import service as audit
from kefu.db import unit_of_work
from kefu.pay.service import close_pay
from tests.attendance.test_imports import make_center
from tests.pay.test_service import OCT, close_bonus, surplus_agent

# each append-only table, and a column an attacker would like to rewrite
APPEND_ONLY = {"audit_event": ("actor", "mallory"), "comp_time_entry": ("rule", "forged")}
# a table an append-only one refers to: TRUNCATE … CASCADE on it would empty both
REFERRED = {"comp_time_entry": "period_close"}


@pytest.fixture(params=sorted(APPEND_ONLY))
def table(request: pytest.FixtureRequest, engine: Engine, tmp_path: Path) -> str:
    """An append-only table holding at least one row, written the way kefu writes it."""
    with unit_of_work(engine) as session:
        if request.param == "audit_event":
            audit.record(session, "admin", "user.add", "zhang")
        else:
            make_center(session, tmp_path)
            surplus_agent(session, tmp_path)
            close_bonus(session, tmp_path)
            close_pay(session, OCT, "manager")
    return str(request.param)


def rows(engine: Engine, table: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))]


def forged_copy(engine: Engine, table: str) -> tuple[str, str]:
    """The table's columns, and a SELECT giving every row again, one column rewritten."""
    column, value = APPEND_ONLY[table]
    names = [c["name"] for c in inspect(engine).get_columns(table)]
    picked = ", ".join(f"'{value}'" if n == column else n for n in names)
    return ", ".join(names), f"SELECT {picked} FROM {table} WHERE true"


def rewrites(engine: Engine, table: str) -> list[str]:
    """Every statement that would change or remove existing rows, in this database's SQL."""
    column, value = APPEND_ONLY[table]
    names, copy = forged_copy(engine, table)
    statements = [
        f"UPDATE {table} SET {column} = '{value}'",
        f"DELETE FROM {table}",
        f"INSERT INTO {table} ({names}) {copy} "
        f"ON CONFLICT (id) DO UPDATE SET {column} = excluded.{column}",
    ]
    if engine.dialect.name == "postgresql":
        statements += [f"TRUNCATE {table}", f"TRUNCATE {table} CASCADE"]
        if table in REFERRED:
            statements.append(f"TRUNCATE {REFERRED[table]} CASCADE")
    else:
        statements += [
            f"INSERT OR REPLACE INTO {table} ({names}) {copy}",
            f"REPLACE INTO {table} ({names}) {copy}",
        ]
    return statements


def test_no_statement_can_rewrite_or_remove_an_append_only_row(engine: Engine, table: str) -> None:
    before = rows(engine, table)
    assert before
    for statement in rewrites(engine, table):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
        assert rows(engine, table) == before, statement


def test_new_rows_are_still_appended_after_a_refused_rewrite(engine: Engine, table: str) -> None:
    before = rows(engine, table)
    names, _ = forged_copy(engine, table)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(rewrites(engine, table)[-1]))
    without_id = ", ".join(n for n in names.split(", ") if n != "id")
    with engine.begin() as conn:
        conn.execute(text(f"INSERT INTO {table} ({without_id}) SELECT {without_id} FROM {table}"))
    after = rows(engine, table)
    assert after[: len(before)] == before
    assert len(after) == 2 * len(before)
