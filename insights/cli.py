"""`flask insights rollup` (cron, or by hand) and `flask insights schedule` (the nightly job on the RQ workers)."""
import click
from flask import current_app
from flask.cli import AppGroup

from .jobs import schedule
from .rollup import rollup

insights_cli = AppGroup("insights", help="Dashboards: the daily roll-up of counts per wijk.")


@insights_cli.command("rollup")
def rollup_command():
    """Count the days since the last roll-up (and today again) into the daily counts."""
    click.echo(f"{rollup()} daily counts written.")


@insights_cli.command("schedule")
def schedule_command():
    """Schedule the nightly roll-up on the job queue (needs REDIS_URL and `flask jobs worker`)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.UsageError("REDIS_URL is not set: run `flask insights rollup` from cron instead.")
    click.echo(f"Scheduled {schedule(current_app._get_current_object())}.")
