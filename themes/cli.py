"""`flask themes run` (from cron nightly, or at once for one wijk or municipality) and `flask themes schedule`
(the nightly RQ job, for sites with workers)."""
import click
from flask import current_app
from flask.cli import AppGroup

from . import jobs, services

themes_cli = AppGroup("themes", help="Themes: what residents are talking about.")


@themes_cli.command("run")
@click.option("--wijk", help="Only this wijk (its slug).")
@click.option("--municipality", help="Only this municipality (the name its wijken carry).")
@click.option("--days", type=click.IntRange(services.MIN_DAYS, services.MAX_DAYS), default=services.DEFAULT_DAYS,
              show_default=True, help="The period: the last this many days.")
@click.option("--queue", "on_queue", is_flag=True, help="Leave the run to the workers (needs REDIS_URL).")
def run_command(wijk, municipality, days, on_queue):
    """Find the themes of one wijk, one municipality, or (neither given) every wijk and municipality."""
    if wijk and municipality:
        raise click.UsageError("Give --wijk or --municipality, not both.")
    if on_queue:
        _needs_redis()
        job_id = jobs.enqueue_run(current_app._get_current_object(), wijk=wijk, municipality=municipality, days=days)
        click.echo(f"Queued as job {job_id}.")
        return
    for run in services.run(wijk, municipality, days):
        click.echo(f"{run.scope}: {len(run.themes)} themes from {run.text_count} texts.")


@themes_cli.command("schedule")
def schedule_command():
    """Put the nightly job on the workers' queue (it schedules itself after each run)."""
    _needs_redis()
    click.echo(f"Next run at {jobs.schedule_nightly(current_app._get_current_object()):%Y-%m-%d %H:%M} UTC.")


def _needs_redis():
    if not current_app.config.get("REDIS_URL"):
        raise click.UsageError("REDIS_URL is not set: run `flask themes run` from cron instead.")
