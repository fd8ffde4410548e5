"""Production database roles: ``kefu init --create-roles`` on PostgreSQL (docs/security.md).

The app connects as a role that owns nothing: it reads and writes rows, appends to the audit
log, and can neither empty, delete from, unprotect nor drop a table. An owner role owns the
schema and runs the migrations. Each test makes roles of its own (roles belong to the whole
PostgreSQL server) and drops them afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner, Result

from kefu.audit import service as audit
from kefu.audit.models import AuditEvent
from kefu.cli.main import app
from kefu.config import get_settings
from kefu.db import engine_for, make_engine, migrate, unit_of_work
from tests.cli.test_commands import failed, succeeded
from tests.conftest import PG_ADMIN_URL

PASSWORD = "Kefu-app-" + uuid.uuid4().hex  # must never appear in what the command prints


@dataclass(frozen=True)
class Roles:
    schema: str
    owner: str
    app: str

    def url(self, role: str) -> str:
        """A URL signing in as ``role`` (the test server trusts local connections)."""
        return PG_ADMIN_URL.replace("postgres@", f"{role}@", 1)


def kefu(*args: str, **env: str) -> Result:
    get_settings.cache_clear()  # settings are read once per process; re-read the env
    try:
        return CliRunner().invoke(app, list(args), env={"KEFU_USER": "dba", **env})
    finally:
        get_settings.cache_clear()


def create_roles(roles: Roles, **env: str) -> Result:
    return kefu(
        "init",
        "--create-roles",
        "--schema",
        roles.schema,
        "--owner-role",
        roles.owner,
        "--app-role",
        roles.app,
        **({"KEFU_DATABASE_URL": PG_ADMIN_URL} | env),
    )


@pytest.fixture
def roles() -> Iterator[Roles]:
    tag = uuid.uuid4().hex[:10]
    made = Roles(f"kefu_{tag}", f"kefu_owner_{tag}", f"kefu_app_{tag}")
    yield made
    for role in (made.app, made.owner):
        engine_for(made.url(role)).dispose()
    engine_for.cache_clear()
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{made.schema}" CASCADE'))
        for role in (made.app, made.owner):
            exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
            if exists:
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


@pytest.fixture
def app_engine(roles: Roles) -> Iterator[Engine]:
    """The database as the app sees it, after the roles were made."""
    out = succeeded(create_roles(roles, KEFU_APP_ROLE_PASSWORD=PASSWORD))
    assert PASSWORD not in out
    engine = make_engine(roles.url(roles.app))
    yield engine
    engine.dispose()


def refused(engine: Engine, statement: str) -> str:
    """The database's refusal of ``statement`` run as the app."""
    with pytest.raises(DBAPIError) as refusal, engine.begin() as conn:
        conn.execute(text(statement))
    return str(refusal.value.orig)


def test_the_app_role_does_its_work_and_appends_to_the_audit_log(app_engine: Engine) -> None:
    with unit_of_work(app_engine) as session:
        audit.record(session, "admin", "user.add", "zhang")
    with unit_of_work(app_engine) as session:
        assert [e.target for e in session.query(AuditEvent)] == ["zhang"]


def test_the_app_role_cannot_empty_delete_from_unprotect_or_drop_the_audit_log(
    app_engine: Engine,
) -> None:
    with unit_of_work(app_engine) as session:
        audit.record(session, "admin", "user.add", "zhang")
    for statement in (
        "TRUNCATE audit_event",
        "DELETE FROM audit_event",
        "UPDATE audit_event SET actor = 'mallory'",
        "ALTER TABLE audit_event DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_event_append_only ON audit_event",
        "DROP TABLE audit_event",
        "DROP TABLE comp_time_entry",
        "CREATE TABLE shadow (id int)",
        "SET session_replication_role = replica",
        "UPDATE alembic_version SET version_num = '0001'",
    ):
        message = refused(app_engine, statement)
        assert "permission denied" in message or "must be owner" in message, statement
    with unit_of_work(app_engine) as session:
        assert [(e.actor, e.target) for e in session.query(AuditEvent)] == [("admin", "zhang")]


def test_the_owner_role_owns_every_table_and_the_app_role_none(
    roles: Roles, app_engine: Engine
) -> None:
    with app_engine.connect() as conn:
        owners = dict(
            conn.execute(
                text("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = :s"),
                {"s": roles.schema},
            ).all()
        )
        app_role = conn.execute(
            text(
                "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles "
                "WHERE rolname = current_user"
            )
        ).one()
    assert "audit_event" in owners and "alembic_version" in owners
    assert set(owners.values()) == {roles.owner}
    assert tuple(app_role) == (False, False, False, False)


def test_an_installation_migrated_as_the_superuser_is_handed_to_the_owner(roles: Roles) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{roles.schema}"'))
    admin.dispose()
    earlier = make_engine(f"{PG_ADMIN_URL}?options=-csearch_path%3D{roles.schema}")
    migrate(earlier)
    with unit_of_work(earlier) as session:
        audit.record(session, "admin", "user.add", "zhang")
    earlier.dispose()

    succeeded(create_roles(roles))
    with engine_for(roles.url(roles.app)).connect() as conn:
        owners = set(
            conn.execute(
                text(
                    "SELECT pg_get_userbyid(c.relowner) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s "
                    "UNION SELECT pg_get_userbyid(p.proowner) FROM pg_proc p "
                    "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :s "
                    "UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = :s"
                ),
                {"s": roles.schema},
            ).scalars()
        )
        assert conn.scalar(text("SELECT target FROM audit_event")) == "zhang"
    assert owners == {roles.owner}


def test_a_table_a_later_migration_adds_is_open_to_the_app_role(
    roles: Roles, app_engine: Engine
) -> None:
    with engine_for(roles.url(roles.owner)).begin() as conn:
        conn.execute(text("CREATE TABLE later_table (id serial PRIMARY KEY, note text)"))
    with app_engine.begin() as conn:
        conn.execute(text("INSERT INTO later_table (note) VALUES ('a row')"))
        assert conn.scalar(text("SELECT note FROM later_table")) == "a row"
    assert "must be owner" in refused(app_engine, "DROP TABLE later_table")


def test_creating_the_roles_again_changes_nothing_and_commands_run_as_the_app(
    roles: Roles, app_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    again = succeeded(create_roles(roles))
    assert roles.owner in again and roles.app in again and PASSWORD not in again
    as_app = {
        "KEFU_DATABASE_URL": roles.url(roles.app),
        "KEFU_MIGRATION_DATABASE_URL": roles.url(roles.owner),
    }
    assert "数据库已就绪" in succeeded(kefu("init", **as_app))
    succeeded(kefu("policy", "use", "demo", "--from", "2026-07", **as_app))
    with unit_of_work(app_engine) as session:
        assert [e.action for e in session.query(AuditEvent)] == ["policy.use"]


def test_roles_cannot_be_made_by_a_role_without_the_right_to(roles: Roles) -> None:
    succeeded(create_roles(roles))
    out = failed(create_roles(roles, KEFU_DATABASE_URL=roles.url(roles.app)), 1)
    assert "超级用户" in out


def test_on_sqlite_the_command_says_roles_do_not_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'kefu.sqlite3'}"
    out = succeeded(kefu("init", "--create-roles", KEFU_DATABASE_URL=url))
    assert "PostgreSQL" in out and "不适用" in out
    assert "数据库已就绪" in out
    engine_for(url).dispose()


def test_with_a_separate_migration_url_the_app_waits_for_kefu_init(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app never migrates under its own role: an out-of-date schema sends you to kefu init."""
    monkeypatch.chdir(tmp_path)
    split = {"KEFU_DATABASE_URL": database_url, "KEFU_MIGRATION_DATABASE_URL": database_url}
    succeeded(kefu("policy", "list", **split))  # up to date: the command just runs
    with engine_for(database_url).begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))  # as if kefu were newer than the schema
    out = failed(kefu("policy", "list", **split), 1)
    assert "kefu init" in out
    engine_for(database_url).dispose()
