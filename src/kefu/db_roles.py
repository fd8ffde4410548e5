"""Production database roles on PostgreSQL (数据库角色): an owner that migrates, an app that works.

The owner role owns the schema and every table, sequence and function in it, and runs the
migrations. The app role signs in, reads and writes rows and uses the sequences, and nothing
more: no TRUNCATE, no TRIGGER, no REFERENCES, no CREATE in the schema, not superuser, not a
member of the owner. So it cannot ALTER TABLE … DISABLE TRIGGER (only an owner can), drop a
table, or empty the audit log; on the append-only tables it may only SELECT and INSERT, and
on alembic_version only SELECT. Default privileges give it the same rights on every table a
later migration creates. Running it again changes nothing (and repairs what drifted).

It runs as a PostgreSQL superuser, once at installation and after adding a role; the
migrations run under SET ROLE owner, so what they create belongs to the owner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from kefu.db import migrate_on
from kefu.errors import KefuError

NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
APPEND_ONLY = ("audit_event", "comp_time_entry")  # the app may only read and append
READ_ONLY = ("alembic_version",)  # the migrations' own record
ROW_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
ROLE_LIMITS = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"


@dataclass(frozen=True)
class RolePlan:
    """The names to use: the schema, its owner role and the app's role."""

    schema: str = "public"
    owner: str = "kefu_owner"
    app: str = "kefu_app"
    owner_password: str | None = None
    app_password: str | None = None

    def check(self) -> None:
        for what, name in (("schema", self.schema), ("owner", self.owner), ("app", self.app)):
            if not NAME.match(name):
                raise KefuError(
                    f"{what} 名称「{name}」不可用:只能用小写字母、数字和下划线，且不以数字开头"
                )
        if self.owner == self.app:
            raise KefuError("属主角色和应用角色不能是同一个角色")


def _quoted(name: str) -> str:
    return f'"{name}"'


def _password(conn: Connection, password: str) -> str:
    """A password as an SQL literal, quoted by the driver (never shown, never logged by kefu)."""
    from psycopg import sql

    raw = conn.connection.driver_connection
    return sql.Literal(password).as_string(raw)


def _role(conn: Connection, name: str, password: str | None) -> str:
    """Create the login role, or bring an existing one back to the limits; say which."""
    exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": name})
    verb = "ALTER" if exists else "CREATE"
    secret = f" PASSWORD {_password(conn, password)}" if password else ""
    conn.exec_driver_sql(f"{verb} ROLE {_quoted(name)} LOGIN {ROLE_LIMITS}{secret}")
    return "已更新" if exists else "已创建"


def _superuser(conn: Connection) -> None:
    if not conn.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")):
        raise KefuError(
            "创建数据库角色需要 PostgreSQL 超级用户:请用超级用户的连接地址运行 "
            "(KEFU_DATABASE_URL 或 KEFU_MIGRATION_DATABASE_URL，例如 postgresql+psycopg://postgres@…)"
        )


def _hand_over(conn: Connection, schema: str, owner: str) -> int:
    """Give the owner whatever in the schema belongs to someone else (an earlier install)."""
    rows = conn.execute(
        text(
            "SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' "
            "ELSE 'TABLE' END, c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :s AND c.relkind IN ('r', 'p', 'v', 'S') "
            "AND pg_get_userbyid(c.relowner) <> :o "
            "AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d "
            "WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))"  # owned with their table
        ),
        {"s": schema, "o": owner},
    ).all()
    functions = conn.execute(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = :s AND pg_get_userbyid(p.proowner) <> :o"
        ),
        {"s": schema, "o": owner},
    ).scalars()
    for kind, name in rows:
        conn.exec_driver_sql(
            f"ALTER {kind} {_quoted(schema)}.{_quoted(name)} OWNER TO {_quoted(owner)}"
        )
    count = len(rows)
    for signature in functions:
        conn.exec_driver_sql(f"ALTER FUNCTION {signature} OWNER TO {_quoted(owner)}")
        count += 1
    return count


def _grant(conn: Connection, schema: str, owner: str, app: str) -> None:
    s, o, a = _quoted(schema), _quoted(owner), _quoted(app)
    for statement in (
        f"REVOKE {o} FROM {a}",  # never a member of the owner (a warning if it was not)
        f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA {s} FROM {a}",
        f"GRANT USAGE ON SCHEMA {s} TO {a}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {a}",
        f"GRANT {ROW_RIGHTS} ON ALL TABLES IN SCHEMA {s} TO {a}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {a}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {a}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} GRANT {ROW_RIGHTS} ON TABLES TO {a}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} GRANT USAGE ON SEQUENCES TO {a}",
        f"ALTER ROLE {o} SET search_path = {s}",
        f"ALTER ROLE {a} SET search_path = {s}",
    ):
        conn.exec_driver_sql(statement)
    for table in APPEND_ONLY:
        conn.exec_driver_sql(f"REVOKE UPDATE, DELETE ON {s}.{_quoted(table)} FROM {a}")
    for table in READ_ONLY:
        conn.exec_driver_sql(f"REVOKE INSERT, UPDATE, DELETE ON {s}.{_quoted(table)} FROM {a}")


def create_roles(conn: Connection, plan: RolePlan) -> list[str]:
    """Create or repair the roles, hand the schema to the owner, migrate as it, grant the app.

    Runs inside the caller's transaction on a superuser's connection; returns what was done,
    one line each (never a password).
    """
    plan.check()
    try:
        _superuser(conn)
        done = [
            f"属主角色 {plan.owner}: {_role(conn, plan.owner, plan.owner_password)}",
            f"应用角色 {plan.app}: {_role(conn, plan.app, plan.app_password)}",
        ]
        s, o = _quoted(plan.schema), _quoted(plan.owner)
        conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {s} AUTHORIZATION {o}")
        conn.exec_driver_sql(f"ALTER SCHEMA {s} OWNER TO {o}")
        handed = _hand_over(conn, plan.schema, plan.owner)
        # the migrations run as the owner, on the schema: what they create is the owner's
        conn.exec_driver_sql(f"SET LOCAL ROLE {o}")
        conn.exec_driver_sql(f"SET LOCAL search_path = {s}")
        migrate_on(conn)
        conn.exec_driver_sql("RESET ROLE")
        _grant(conn, plan.schema, plan.owner, plan.app)
    except DBAPIError as exc:
        raise KefuError(f"创建数据库角色失败: {str(exc.orig).strip()}") from None
    done.append(f"schema {plan.schema}: 属于 {plan.owner}，已迁移到最新版本")
    if handed:
        done.append(f"  其中 {handed} 个表、序列或函数原属其他角色，已交给 {plan.owner}")
    done.append(
        f"{plan.app}: 只能读写数据行 (不能清空、删除或修改审计日志，不能停用触发器，不能改表结构)"
    )
    for role, password in ((plan.owner, plan.owner_password), (plan.app, plan.app_password)):
        if not password:
            done.append(f"  {role} 没有设置密码 (已有角色保持原密码)")
    return done
