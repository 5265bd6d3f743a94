"""The themes as RQ jobs on the worker queue (`reach.jobs.queue`, which `flask jobs worker` runs with its
scheduler): `run_job` for one scope or all, and `nightly_job`, which runs every scope and schedules itself for
the next night (`flask themes schedule` puts it on the queue once; its fixed job id keeps it single)."""
from datetime import UTC, datetime, time, timedelta

from flask import Flask, current_app

from core.timeutil import utcnow
from reach.jobs import queue

from . import services

NIGHTLY_ID = "themes-nightly"
NIGHTLY_AT = time(2, 30)  # UTC: after midnight in the Netherlands, before anyone reads the page


def run_job(wijk: str | None = None, municipality: str | None = None, days: int = services.DEFAULT_DAYS) -> int:
    """The RQ job: the themes of one wijk, one municipality, or every scope. Returns the scopes run."""
    return len(services.run(wijk, municipality, days))


def nightly_job() -> int:
    """Every scope's themes; then the same job again at NIGHTLY_AT tomorrow."""
    count = run_job()
    schedule_nightly(current_app._get_current_object())
    return count


def next_night(now: datetime) -> datetime:
    """The next NIGHTLY_AT after `now` (naive UTC), as an aware UTC moment for RQ's scheduler."""
    moment = datetime.combine(now.date(), NIGHTLY_AT)
    if moment <= now:
        moment += timedelta(days=1)
    return moment.replace(tzinfo=UTC)


def schedule_nightly(app: Flask) -> datetime:
    when = next_night(utcnow())
    queue(app).enqueue_at(when, nightly_job, job_id=NIGHTLY_ID)
    return when


def enqueue_run(app: Flask, **scope) -> str:
    """`flask themes run --queue`: the run as a job for the workers; returns the job's id."""
    return queue(app).enqueue(run_job, **scope, job_timeout=3600).id
