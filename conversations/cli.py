"""`flask conversations tick`: reminders before a spreekuur (run from cron every few minutes)."""
import click
from flask.cli import AppGroup

from .spreekuur import remind

conversations_cli = AppGroup("conversations", help="Spreekuren and debates: reminders.")


@conversations_cli.command("tick")
def tick_command():
    """Remind those who said they would come, an hour before a spreekuur starts."""
    click.echo(f"{remind()} spreekuren reminded.")
