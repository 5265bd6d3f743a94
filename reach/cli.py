"""`flask mail ...` and `flask jobs worker`: deliver the outbox, send digests, run the background worker."""
import click
from flask import current_app
from flask.cli import AppGroup

from .jobs import run_worker
from .mailings import queue_digests
from .outbox import deliver_due

mail_cli = AppGroup("mail", help="The mail outbox and digests.")
jobs_cli = AppGroup("jobs", help="Background jobs (RQ on REDIS_URL).")


@mail_cli.command("deliver")
def deliver():
    """Deliver every message that is due now (for cron, or without workers)."""
    click.echo(f"{deliver_due()} messages tried.")


@mail_cli.command("digests")
@click.option("--frequency", type=click.Choice(["daily", "weekly"]), required=True)
def digests(frequency):
    """Queue this round's digests (run daily, and weekly, from cron), then deliver them unless workers do."""
    click.echo(f"{queue_digests(frequency)} {frequency} digests queued.")
    if not current_app.config.get("REDIS_URL"):
        click.echo(f"{deliver_due()} messages tried.")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst):
    """Run an RQ worker for the mail outbox (needs REDIS_URL)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.UsageError("REDIS_URL is not set: without Redis, mail is delivered by the web process.")
    run_worker(current_app._get_current_object(), burst=burst)
