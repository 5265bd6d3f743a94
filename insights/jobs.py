"""The nightly roll-up as an RQ job: it runs on the `flask jobs worker` processes and schedules its next night
itself (one job per night: its id names the date, so scheduling twice schedules once)."""
from datetime import datetime, time, timedelta

from flask import Flask, current_app

from core.timeutil import utcnow
from reach.jobs import queue

from .rollup import rollup

NIGHTLY_AT = time(0, 20)  # UTC: yesterday is complete


def next_night(now: datetime) -> datetime:
    at = datetime.combine(now.date(), NIGHTLY_AT)
    return at if at > now else at + timedelta(days=1)


def schedule(app: Flask, now: datetime | None = None) -> str:
    """Put the next nightly roll-up on the queue (RQ's scheduler runs it); returns its job id."""
    when = next_night(now or utcnow())
    job_id = f"insights-rollup-{when:%Y%m%d}"
    queue(app).enqueue_at(when, rollup_job, job_id=job_id)
    return job_id


def rollup_job() -> int:
    app = current_app._get_current_object()
    written = rollup()
    schedule(app)
    return written
