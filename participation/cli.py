"""`flask participation tick`: the daily work of participations (run from cron, like the digests)."""
import click
from flask.cli import AppGroup

from .services import tick

participation_cli = AppGroup("participation", help="Participations: closing and feedback reminders.")


@participation_cli.command("tick")
def tick_command():
    """Close participations that reached their end; remind owners of feedback due in a week or today, and the
    tools' daily work (ideas past their answer date)."""
    closed, reminded = tick()
    click.echo(f"{closed} closed, {reminded} reminded.")
