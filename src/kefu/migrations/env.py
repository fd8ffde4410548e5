"""Alembic environment: runs on the connection kefu hands it (see kefu.db.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import kefu.models  # noqa: F401 - registers every table on the metadata
from kefu.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "set sqlalchemy.url or pass a connection"
    with make_engine(url).begin() as conn:
        _run(conn)
