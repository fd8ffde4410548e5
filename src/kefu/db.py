"""Engine, sessions and the unit of work; the schema itself is managed by Alembic."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import orjson
from sqlalchemy import (
    Boolean,
    Connection,
    CursorResult,
    Date,
    DateTime,
    Engine,
    MetaData,
    Numeric,
    Select,
    create_engine,
    event,
    inspect,
    update,
)
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from kefu.errors import KefuError

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table."""

    metadata = MetaData(naming_convention=NAMING)


def _json_dumps(value: object) -> str:
    return orjson.dumps(value).decode("utf-8")


# column types whose converted values are immutable and repeat a lot (days, amounts, scores)
_REPEATING = (Numeric, Date, DateTime, Boolean)


def run_on_driver(
    session: Session, stmt: Select[*tuple[Any, ...]]
) -> CursorResult[*tuple[Any, ...]]:
    """Run a SELECT as SQLAlchemy compiles it, with no result processing (raw driver values)."""
    conn = session.connection()
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positiontup is not None:
        params = tuple(params[name] for name in compiled.positiontup)
    return conn.exec_driver_sql(compiled.string, params)


def fetch_rows(session: Session, stmt: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """A SELECT's rows as plain tuples, for reads of up to 100,000 rows in one go.

    The statement runs on the driver as SQLAlchemy compiles it; each value is then converted by
    its column type's own result processor, the way SQLAlchemy would, but once per distinct raw
    value: a register's dates and a month's scores take a few thousand values between them.
    On PostgreSQL the driver already returns dates and decimals and nothing is converted.
    """
    conn = session.connection()
    dialect = conn.dialect
    result = run_on_driver(session, stmt)
    described = result.cursor.description or ()
    convert = []
    for i, column in enumerate(stmt.selected_columns):
        kind = column.type.dialect_impl(dialect)
        proc = kind.result_processor(dialect, described[i][1])
        if proc is not None:
            memo: dict[Any, Any] | None = {} if isinstance(kind, _REPEATING) else None
            convert.append((i, proc, memo))
    rows = result.fetchall()
    if not convert:
        return [tuple(r) for r in rows]
    out = []
    for row in rows:
        values = list(row)
        for i, proc, memo in convert:
            raw = values[i]
            if raw is None:
                continue
            if memo is None:
                values[i] = proc(raw)
                continue
            value = memo.get(raw)
            if value is None:
                value = memo[raw] = proc(raw)
            values[i] = value
        out.append(tuple(values))
    return out


Row = TypeVar("Row", bound=Base)


def claim(
    session: Session,
    row: Row,
    expected: Mapping[str, object],
    values: Mapping[str, object],
    refusal: Callable[[Row], KefuError] | None,
) -> bool:
    """Change ``row`` to ``values`` only while its columns still hold ``expected`` (one winner).

    One ``UPDATE … WHERE id = :id AND status = :expected`` (compare-and-set): of two people
    deciding the same record at once, the database lets exactly one through; the other finds the
    record already moved, and ``refusal(row)`` — with ``row`` as the first one left it — is
    raised (a 409 :class:`kefu.errors.Conflict` that names what happened). A value of
    ``expected`` that is a tuple, list, set or frozenset means "any of these"; ``None`` means
    the column is empty. On success the row is reloaded with ``values`` and True is returned;
    with no ``refusal`` a lost claim returns False (for sweeps that skip what others took).
    """
    model = type(row)
    mapper = inspect(model)
    identity = mapper.primary_key_from_instance(row)
    conditions = [
        column == value for column, value in zip(mapper.primary_key, identity, strict=True)
    ]
    for name, value in expected.items():
        column = getattr(model, name)
        if value is None:
            conditions.append(column.is_(None))
        elif isinstance(value, (tuple, list, set, frozenset)):
            conditions.append(column.in_(list(value)))
        else:
            conditions.append(column == value)
    session.flush()
    moved = session.execute(
        update(model)
        .where(*conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    if moved.rowcount == 1:  # type: ignore[attr-defined]
        return True
    if refusal is not None:
        raise refusal(row)
    return False


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets foreign keys on and a busy timeout. JSON is written by orjson."""
    from kefu.config import get_settings

    # as many connections as the web server has worker threads, so no request waits for one
    size = max(1, get_settings().db_pool_size)
    pool = {"pool_size": min(size, 10), "max_overflow": max(size - 10, 0)}
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = create_engine(
            url,
            connect_args={"timeout": 30},
            json_serializer=_json_dumps,
            json_deserializer=orjson.loads,
            **({} if memory else pool),
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        json_serializer=_json_dumps,
        json_deserializer=orjson.loads,
        **pool,
    )


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return make_engine(url)


def default_engine() -> Engine:
    from kefu.config import get_settings

    return engine_for(get_settings().resolved_database_url())


@contextmanager
def unit_of_work(engine: Engine | None = None) -> Iterator[Session]:
    """A session that rolls back unless the block finishes; the caller owns the commit."""
    factory = sessionmaker(bind=engine or default_engine(), expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return cfg


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision (idempotent)."""
    with engine.begin() as conn:
        migrate_on(conn)


def migrate_on(conn: Connection) -> None:
    """Upgrade the schema on an open connection, inside the caller's transaction."""
    from alembic import command

    cfg = _alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def ensure_schema(engine: Engine) -> None:
    """Make sure the schema is up to date before the app or a command uses the database.

    Normally the schema is migrated here. When migrations run under a URL of their own
    (KEFU_MIGRATION_DATABASE_URL: the owner role, see docs/security.md), the app's role may not
    change the schema, so this only checks it is current and otherwise asks for ``kefu init``.
    """
    from kefu.config import get_settings

    if not get_settings().migration_database_url:
        migrate(engine)
        return
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    newest = set(ScriptDirectory.from_config(_alembic_config()).get_heads())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if current != newest:
        shown = ", ".join(sorted(current)) or "空"
        raise KefuError(
            f"数据库结构不是最新版本 (当前 {shown}，需要 {', '.join(sorted(newest))}):"
            "请先用迁移账号运行 kefu init (KEFU_MIGRATION_DATABASE_URL)"
        )
