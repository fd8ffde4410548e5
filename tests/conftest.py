"""Shared fixtures: every database test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# tests hash passwords with a cheap argon2id cost (the production default is argon2-cffi's)
os.environ.setdefault("KEFU_PASSWORD_HASH_TIME_COST", "1")
os.environ.setdefault("KEFU_PASSWORD_HASH_MEMORY_KIB", "1024")
os.environ.setdefault("KEFU_PASSWORD_HASH_PARALLELISM", "1")

from sqlalchemy import Engine, create_engine, text
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


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, migrated database: a SQLite file, or a new PostgreSQL schema dropped afterwards.

    PostgreSQL is the production database: when it is unreachable the test fails (CI starts it),
    unless KEFU_TEST_SKIP_PG=1 is set on a developer machine without it.
    """
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'kefu.sqlite3'}")
        migrate(eng)
        yield eng
        eng.dispose()
        return
    if os.environ.get("KEFU_TEST_SKIP_PG") == "1" and not _pg_available():
        pytest.skip("PostgreSQL not reachable and KEFU_TEST_SKIP_PG=1")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng = make_engine(f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}")
    migrate(eng)
    try:
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
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
