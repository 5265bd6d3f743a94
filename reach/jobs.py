"""Background work: fanning out a new post's mail, and delivering the outbox.

With REDIS_URL, a commit that queued mail enqueues `deliver_job` on the RQ queue,
a commit that deferred work (`defer`) enqueues that, and `flask jobs worker`
processes run them (README: "Mail, digests and background jobs"). Without Redis,
the request does that work itself, after its response has gone out,
and every so often a request delivers what is due for a retry. The outbox in the
database is the truth either way: a job that is lost, retried or run twice sends
nothing twice, and `flask mail deliver` (cron) catches up on anything due.
"""
import time
from datetime import timedelta

from flask import Flask, current_app, g, has_request_context
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import utcnow
from core.transactions import after_commit, collect

from .models import OutboundMail
from .outbox import DELIVER, deliver_due

QUEUE_NAME = "wijkpagina-mail"
_last_sweep = {"at": 0.0}


def queue(app: Flask) -> Queue:
    return Queue(app.config["JOBS_QUEUE"] or QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))


def deliver_job() -> int:
    """The RQ job: deliver what is due, and come back when the next retry is due."""
    app = current_app._get_current_object()
    sent = deliver_due()
    next_due = _next_due(app)
    if next_due is not None:
        delay = max(1.0, (next_due - utcnow()).total_seconds())
        queue(app).enqueue_in(timedelta(seconds=delay), deliver_job)
    return sent


def _next_due(app: Flask):
    """When the next message will be due: a pending retry, or one a dead worker left `sending`."""
    retry = db.session.scalar(select(func.min(OutboundMail.next_attempt_at)).where(OutboundMail.status == "pending"))
    stale = db.session.scalar(select(func.min(OutboundMail.claimed_at)).where(OutboundMail.status == "sending"))
    db.session.rollback()
    if stale is not None:
        stale += timedelta(seconds=app.config["MAIL_CLAIM_TIMEOUT"])
    return min((t for t in (retry, stale) if t is not None), default=None)


def _uses_workers(app: Flask) -> bool:
    return bool(app.config.get("REDIS_URL")) and app.config["JOBS_MODE"] == "rq"


def can_defer() -> bool:
    """Can work wait until after the commit: for a worker, or for the end of this request?"""
    return _uses_workers(current_app) or has_request_context()


def defer(job, *args) -> None:
    """Run `job(*args)` once the current transaction commits: on a worker, or after this response.

    Only when `can_defer()`; a rollback drops it. Jobs take ids, not objects, and check again
    what they find: by the time they run, things may have changed.
    """
    collect("reach.jobs", (job, args))


@after_commit("reach.jobs")
def _after_commit(work: list) -> None:
    jobs = [item for item in work if item != DELIVER]
    new_mail = DELIVER in work
    app = current_app._get_current_object()
    if _uses_workers(app):
        rq_queue = queue(app)
        for job, args in jobs:
            rq_queue.enqueue(job, *args)
        if new_mail:
            rq_queue.enqueue(deliver_job)
    elif has_request_context():
        g.setdefault("jobs_after_response", []).extend(jobs)
        g.deliver_mail_after_response = g.get("deliver_mail_after_response") or new_mail or bool(jobs)
    # Outside a request without workers (command line): the command delivers when it is done.


def register(app: Flask) -> None:
    """After a response: deliver mail the request queued, or what is due, at most every MAIL_SWEEP_SECONDS."""

    @app.after_request
    def _deliver_after_response(response):
        if _uses_workers(app):
            return response
        sweep_due = time.monotonic() - _last_sweep["at"] > app.config["MAIL_SWEEP_SECONDS"]
        jobs = g.pop("jobs_after_response", [])
        if g.pop("deliver_mail_after_response", False) or sweep_due:
            _last_sweep["at"] = time.monotonic()
            response.call_on_close(lambda: _run_in_context(app, jobs))
        return response


def _run_in_context(app: Flask, jobs: list) -> None:
    """After a response: the request's deferred jobs, then the mail that is due."""
    with app.app_context():
        try:
            for job, args in jobs:
                job(*args)
            deliver_due()
        finally:
            db.session.remove()


def run_worker(app: Flask, *, burst: bool = False) -> None:
    """`flask jobs worker`: an RQ worker in this process (no fork, so it has the app), with the scheduler for
    retries. Delivers what is due first, so nothing waits for a new commit after a restart."""
    rq_queue = queue(app)
    rq_queue.enqueue(deliver_job)
    SimpleWorker([rq_queue], connection=rq_queue.connection).work(burst=burst, with_scheduler=True)
