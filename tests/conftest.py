"""Shared fixtures: every database test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# tests hash passwords with a cheap argon2id cost (the production default is argon2-cffi's)
os.environ.setdefault("KEFU_PASSWORD_HASH_TIME_COST", "1")
os.environ.setdefault("KEFU_PASSWORD_HASH_MEMORY_KIB", "1024")
os.environ.setdefault("KEFU_PASSWORD_HASH_PARALLELISM", "1")

from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session

from kefu.db import make_engine, migrate, unit_of_work

PG_ADMIN_URL = os.environ.get(
    "KEFU_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _pg_available() -> bool:
    try:
        eng = create_engine(PG_ADMIN_URL)
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
        return True
    except Exception:
        return False


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy a SQLite database whole, whatever its journal holds (the backup API, not a file copy)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated once per test process; each test gets a copy of it."""
    path = tmp_path_factory.mktemp("sqlite_template") / "kefu.sqlite3"
    eng = make_engine(f"sqlite:///{path}")
    migrate(eng)
    eng.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A PostgreSQL database migrated once per test process, the template of each test's own.

    Cloning a migrated database takes a tenth of the time of migrating a new one. PostgreSQL is
    the production database: when it is unreachable the tests fail (CI starts it), unless
    KEFU_TEST_SKIP_PG=1 is set on a developer machine without it.
    """
    if os.environ.get("KEFU_TEST_SKIP_PG") == "1" and not _pg_available():
        pytest.skip("PostgreSQL not reachable and KEFU_TEST_SKIP_PG=1")
    name = f"kefu_tpl_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng = make_engine(_pg_url(name))
    migrate(eng)
    eng.dispose()
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _pg_url(database: str) -> str:
    return make_url(PG_ADMIN_URL).set(database=database).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, migrated database: a SQLite file, or a new PostgreSQL database dropped afterwards.

    Both are copies of a database migrated once per test process (``sqlite_template``,
    ``postgres_template``): the same tables, triggers and Alembic version as ``migrate`` makes.
    """
    if request.param == "sqlite":
        path = tmp_path / "kefu.sqlite3"
        _sqlite_copy(request.getfixturevalue("sqlite_template"), path)
        eng = make_engine(f"sqlite:///{path}")
        yield eng
        eng.dispose()
        return
    template = request.getfixturevalue("postgres_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    eng = make_engine(_pg_url(name))
    try:
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A unit of work on the test database (committed at the end of the test)."""
    with unit_of_work(engine) as s:
        yield s


@pytest.fixture
def database_url(engine: Engine) -> str:
    """The test database as a URL, for code that opens its own engine (CLI, web)."""
    return engine.url.render_as_string(hide_password=False)
