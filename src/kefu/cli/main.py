"""The ``kefu`` command (Typer): one module per command group."""

from __future__ import annotations

import typer

from kefu.cli import attendance as attendance_cmd
from kefu.cli import calendar as calendar_cmd
from kefu.cli import careers as careers_cmd
from kefu.cli import close as close_cmd
from kefu.cli import conduct as conduct_cmd
from kefu.cli import data as data_cmd
from kefu.cli import eagle as eagle_cmd
from kefu.cli import election as election_cmd
from kefu.cli import elimination as elimination_cmd
from kefu.cli import exams as exams_cmd
from kefu.cli import meetings as meetings_cmd
from kefu.cli import pay as pay_cmd
from kefu.cli import policy as policy_cmd
from kefu.cli import qa as qa_cmd
from kefu.cli import recruitment as recruitment_cmd
from kefu.cli import results as results_cmd
from kefu.cli import training as training_cmd
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
app.add_typer(calendar_cmd.app, name="calendar")
app.add_typer(attendance_cmd.roster_app, name="roster")
app.add_typer(attendance_cmd.attendance_app, name="attendance")
app.add_typer(attendance_cmd.comp_time_app, name="comp-time")
app.add_typer(pay_cmd.app, name="pay")
app.add_typer(careers_cmd.promotion_app, name="promotion")
app.add_typer(election_cmd.election_app, name="election")
app.add_typer(eagle_cmd.eagle_app, name="eagle")
app.add_typer(exams_cmd.app, name="exam")
app.add_typer(training_cmd.app, name="training")
app.add_typer(elimination_cmd.app, name="bottom")
app.add_typer(recruitment_cmd.app, name="recruit")
app.add_typer(qa_cmd.app, name="qa")
app.add_typer(conduct_cmd.app, name="conduct")
app.add_typer(meetings_cmd.app, name="meeting")
data_cmd.register(app)
results_cmd.register(app)


if __name__ == "__main__":
    app()
