"""``kefu init``, ``kefu template``, ``kefu import``, ``kefu demo``, ``kefu serve``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from kefu.cli.common import actor, echo, handles_errors, refusal_recorded, session
from kefu.config import get_settings
from kefu.db import default_engine, engine_for, ensure_schema, migrate
from kefu.errors import KefuError

KIND_NAMES = {
    "roster": "员工",
    "monthly_scores": "月度成绩",
    "attendance": "考勤汇总",
    "award_evidence": "奖项依据",
    "performance_indicators": "业绩指标",
}
KINDS_HELP = "roster | monthly-scores | attendance | award-evidence | performance-indicators"


def register(app: typer.Typer) -> None:
    """Add the data commands to the root app."""

    @app.command("init")
    @handles_errors
    def init(
        create_roles: Annotated[
            bool,
            typer.Option(
                "--create-roles",
                help="PostgreSQL: 创建属主角色和应用角色 (以超级用户运行; 见 docs/security.md)",
            ),
        ] = False,
        schema: Annotated[str, typer.Option("--schema", help="schema 名称")] = "public",
        owner_role: Annotated[
            str, typer.Option("--owner-role", help="属主角色: 拥有 schema 和表，运行迁移")
        ] = "kefu_owner",
        app_role: Annotated[
            str, typer.Option("--app-role", help="应用角色: 网页和命令用它连接，只能读写数据行")
        ] = "kefu_app",
        owner_password: Annotated[
            str | None,
            typer.Option(
                "--owner-password",
                envvar="KEFU_OWNER_ROLE_PASSWORD",
                help="属主角色的密码 (建议用环境变量 KEFU_OWNER_ROLE_PASSWORD)",
                show_default=False,
            ),
        ] = None,
        app_password: Annotated[
            str | None,
            typer.Option(
                "--app-password",
                envvar="KEFU_APP_ROLE_PASSWORD",
                help="应用角色的密码 (建议用环境变量 KEFU_APP_ROLE_PASSWORD)",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """创建或升级数据库结构 (create or upgrade the schema; idempotent)."""
        engine = engine_for(get_settings().resolved_migration_database_url())
        shown = engine.url.render_as_string(hide_password=True)
        if create_roles and engine.dialect.name != "postgresql":
            echo(
                "数据库角色不适用于 SQLite (只用于 PostgreSQL):SQLite 数据库是一个文件，由文件的访问权限保护"
            )
        elif create_roles:
            from kefu.db_roles import RolePlan
            from kefu.db_roles import create_roles as make_roles

            plan = RolePlan(schema, owner_role, app_role, owner_password, app_password)
            with engine.begin() as conn:
                for line in make_roles(conn, plan):
                    echo(line)
            echo(f"数据库已就绪: {shown} (schema {schema})")
            echo(f"网页和命令: KEFU_DATABASE_URL 用 {app_role} 连接")
            echo(f"升级 (kefu init): KEFU_MIGRATION_DATABASE_URL 用 {owner_role} 连接")
            return
        migrate(engine)
        echo(f"数据库已就绪: {shown}")
        from kefu.people.service import staff_number_problems

        with session() as s:
            found = len(staff_number_problems(s))
        if found:
            # reported, never rewritten: see kefu check-staff-numbers
            echo(
                f"注意: 登记册中有 {found} 个工号不是规范形式 (全角数字或隐藏字符)，"
                "请运行 kefu check-staff-numbers 查看"
            )

    @app.command("check-staff-numbers")
    @handles_errors
    def check_staff_numbers() -> None:
        """检查登记册中的工号是否均为规范形式 (全角数字、隐藏字符…); 只报告，不修改。"""
        from kefu.people.service import employee_ids, staff_number_problems

        with session() as s:
            problems = staff_number_problems(s)
            count = len(employee_ids(s))
        if problems:
            raise KefuError(
                f"登记册中有 {len(problems)} 个工号不是规范形式 (not in normal form):\n"
                + "\n".join(p.describe() for p in problems)
            )
        echo(f"登记册中的 {count} 个工号均为规范形式 (all staff numbers are in normal form)")

    @app.command("template")
    @handles_errors
    def template(
        name: Annotated[str, typer.Argument(help=f"{KINDS_HELP} | all")],
        output: Annotated[Path, typer.Option("-o", "--output", help="FILE.xlsx")],
    ) -> None:
        """下载空白导入模板 (中文表头，带说明页)。"""
        from kefu.imports.templates import write_template

        write_template(name, output)
        echo(f"已写入模板 {output}")

    @app.command("import")
    @handles_errors
    def import_(
        path: Annotated[Path, typer.Argument(help=".xlsx (按工作表名识别) 或 .csv (需 --kind)")],
        kind: Annotated[
            str | None,
            typer.Option("--kind", help=f"CSV 的类型: {KINDS_HELP}"),
        ] = None,
        correct: Annotated[
            bool, typer.Option("--correct", help="更正已结算期间的数据 (之后需重新结算)")
        ] = False,
    ) -> None:
        """导入员工、月度成绩、考勤汇总、奖项依据、业绩指标: 全部正确才写入，否则列出每处错误 (exit 2)。"""
        from kefu.imports.service import import_file

        with refusal_recorded(path.name, kind), session() as s:
            report = import_file(s, path, kind, actor(), date.today(), correct)
        echo(f"导入成功: 共 {report.rows} 行 (imported {report.rows} rows)")
        for k, c in report.counts.items():
            if any(c.values()):
                echo(
                    f"  {KIND_NAMES.get(k, k)}: 新增 {c['inserted']}，更新 {c['updated']}，未变 {c['unchanged']}"
                )
        if report.corrections:
            echo(f"已更正已结算期间 {', '.join(report.corrections)}:请重新结算以生成新的修订")

    @app.command("demo")
    @handles_errors
    def demo(
        seed: Annotated[int, typer.Option(help="随机种子")] = 2026,
        if_empty: Annotated[
            bool,
            typer.Option(
                "--if-empty", help="数据库已有员工时不再载入 (load only into an empty database)"
            ),
        ] = False,
    ) -> None:
        """载入演示客服中心 (4 个部门、≥120 人、7 个月数据) 并逐月结算。"""
        from kefu.demo import load_demo
        from kefu.people.service import employee_ids

        with session() as s:
            if employee_ids(s):
                if if_empty:
                    echo("数据库中已有员工，跳过演示数据 (database not empty; demo not loaded)")
                    return
                raise KefuError(
                    "数据库中已有员工:演示数据只能载入空数据库 (用 KEFU_DATABASE_URL 指定另一个数据库)"
                )
            lines = load_demo(s, actor(), seed)
        for line in lines:
            echo(line)

    @app.command("roles")
    @handles_errors
    def roles(
        lang: Annotated[str, typer.Option("--lang", help="zh | en")] = "zh",
    ) -> None:
        """岗位职责: 各岗位及其职责 (R-ORG-2)。"""
        from kefu.people.roles import role_duties

        en = lang == "en"
        for role in role_duties():
            echo(f"{role.name_en if en else role.name} ({role.role}) — {role.source}")
            if role.channels:
                echo(("  Channels: " if en else "  渠道: ") + "、".join(role.channels))
            for group in role.duties:
                echo(f"  {group.title_en if en else group.title}")
                for zh, english in group.items:
                    echo(f"    - {english if en else zh}")

    @app.command("serve")
    @handles_errors
    def serve(
        host: Annotated[str, typer.Option(help="地址")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="端口")] = 8000,
    ) -> None:
        """启动网页 (start the web app)."""
        import uvicorn

        ensure_schema(default_engine())
        echo(f"kefu 已启动: http://{host}:{port}/")
        uvicorn.run(
            "kefu.web.app:create_app", factory=True, host=host, port=port, log_level="warning"
        )
