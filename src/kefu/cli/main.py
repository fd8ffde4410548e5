"""The ``kefu`` command (Typer): one module per command group."""

from __future__ import annotations

import typer

from kefu.cli import close as close_cmd
from kefu.cli import data as data_cmd
from kefu.cli import policy as policy_cmd
from kefu.cli import results as results_cmd
from kefu.cli import user as user_cmd

app = typer.Typer(
    name="kefu",
    help="客服 kefu — 客服中心的人员与绩效管理 (people and performance of a customer-service center).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(policy_cmd.app, name="policy")
app.add_typer(close_cmd.app, name="close")
app.add_typer(results_cmd.app, name="results")
app.add_typer(user_cmd.app, name="user")
data_cmd.register(app)
results_cmd.register(app)


if __name__ == "__main__":
    app()
