"""Background work: fanning out a new post's mail, and delivering the outbox.

With REDIS_URL, a commit that queued mail enqueues `deliver_job` on the RQ queue,
a commit that deferred work (`defer`) enqueues that, and `flask jobs worker`
processes run them (README: "Mail, digests and background jobs"). Without Redis,
the request does that work itself, after its response has gone out,
and every so often a request delivers what is due for a retry. The outbox in the
database is the truth either way: a job that is lost, retried or run twice sends
nothing twice, and `flask mail deliver` (cron) catches up on anything due.

Redis may be away when a commit wants to enqueue: every job is therefore first written as a PendingJob
row in the committing transaction and deleted once RQ has it. What Redis refused waits in the database
(nothing is lost, and the request that committed answers as usual); `enqueue_waiting` puts it on the
queue when Redis answers again: when a worker starts, whenever it delivers, and from the web processes'
sweep every MAIL_SWEEP_SECONDS.
"""
import time
from datetime import timedelta

from flask import Flask, current_app, g, has_request_context
from redis import Redis, RedisError
from rq import Queue, SimpleWorker
from sqlalchemy import delete, func, inspect, select

from core.extensions import db
from core.timeutil import utcnow
from core.transactions import after_commit, before_commit, collect

from .models import OutboundMail, PendingJob
from .outbox import DELIVER, deliver_due

QUEUE_NAME = "wijkpagina-mail"
# A job still waiting this long was not enqueued by its own commit (Redis was away): the sweeps take it.
WAITING_GRACE_SECONDS = 30
_last_sweep = {"at": 0.0}


def queue(app: Flask, *, worker: bool = False) -> Queue:
    """The job queue. Enqueueing gives up after REDIS_TIMEOUT (Redis away: the job waits in the database); a
    worker's connection has no read timeout, as it blocks waiting for jobs."""
    timeout = app.config["REDIS_TIMEOUT"]
    return Queue(app.config["JOBS_QUEUE"] or QUEUE_NAME, connection=Redis.from_url(
        app.config["REDIS_URL"], socket_connect_timeout=timeout, socket_timeout=None if worker else timeout))


def deliver_job() -> int:
    """The RQ job: deliver what is due, and come back when the next retry is due."""
    app = current_app._get_current_object()
    enqueue_waiting(app, older_than=WAITING_GRACE_SECONDS)
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


def _dotted(job) -> str:
    return f"{job.__module__}.{job.__qualname__}"


@before_commit("reach.jobs")
def _keep_jobs(work: list) -> None:
    """In the committing transaction: with workers, each job becomes a PendingJob row (enqueued after the
    commit); without, the request runs the jobs after its response."""
    if not _uses_workers(current_app):
        for item in work:
            collect("reach.jobs.after_response", item)
        return
    jobs = [(_dotted(job), tuple(args)) for job, args in (item for item in work if item != DELIVER)]
    jobs.append((_dotted(deliver_job), ()))  # new mail, or jobs that write mail: deliver after them
    for name, args in dict.fromkeys(jobs):
        row = PendingJob(func=name, args=list(args))
        db.session.add(row)
        collect("reach.jobs.enqueue", (row, name, args))


@after_commit("reach.jobs.enqueue")
def _enqueue_after_commit(kept: list) -> None:
    app = current_app._get_current_object()
    jobs = [(inspect(row).identity[0], name, args) for row, name, args in kept]
    if _enqueue(app, jobs):
        with db.engine.begin() as connection:  # the session's transaction is over: a short one of its own
            connection.execute(delete(PendingJob.__table__).where(PendingJob.id.in_([i for i, _n, _a in jobs])))


def _enqueue(app: Flask, jobs: list) -> bool:
    """Put (id, name, args) jobs on the queue; False, logged, when Redis cannot be reached."""
    try:
        rq_queue = queue(app)
        for _id, name, args in jobs:
            rq_queue.enqueue(name, *args)
    except RedisError as exc:
        app.logger.warning("Redis unreachable (%s): %d job(s) wait in the database until it is back",
                           type(exc).__name__, len(jobs))
        return False
    return True


def enqueue_waiting(app: Flask, *, older_than: float = 0) -> int:
    """Put the jobs that wait in the database (Redis was away when they were committed) on the queue.

    Only jobs older than `older_than` seconds, so a commit that is enqueueing its own jobs right now is left
    alone (a job run twice does no harm, but needs no encouraging). Returns how many went to the queue."""
    cutoff = utcnow() - timedelta(seconds=older_than)
    rows = db.session.execute(select(PendingJob.id, PendingJob.func, PendingJob.args)
                              .where(PendingJob.created_at <= cutoff).order_by(PendingJob.id).limit(1000)).all()
    if rows and _enqueue(app, [tuple(row) for row in rows]):
        db.session.execute(delete(PendingJob).where(PendingJob.id.in_([row.id for row in rows])))
        db.session.commit()
        return len(rows)
    db.session.rollback()
    return 0


@after_commit("reach.jobs.after_response")
def _after_response(work: list) -> None:
    if has_request_context():
        g.setdefault("jobs_after_response", []).extend(item for item in work if item != DELIVER)
        g.deliver_mail_after_response = True
    # Outside a request without workers (command line): the command delivers when it is done.


def register(app: Flask) -> None:
    """After a response: deliver mail the request queued, or what is due, at most every MAIL_SWEEP_SECONDS."""

    @app.after_request
    def _deliver_after_response(response):
        sweep_due = time.monotonic() - _last_sweep["at"] > app.config["MAIL_SWEEP_SECONDS"]
        if _uses_workers(app):
            if sweep_due:  # jobs that Redis refused earlier go to the queue once it answers again
                _last_sweep["at"] = time.monotonic()
                response.call_on_close(lambda: _enqueue_waiting_in_context(app))
            return response
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


def _enqueue_waiting_in_context(app: Flask) -> None:
    with app.app_context():
        try:
            enqueue_waiting(app, older_than=WAITING_GRACE_SECONDS)
        finally:
            db.session.remove()


def run_worker(app: Flask, *, burst: bool = False) -> None:
    """`flask jobs worker`: an RQ worker in this process (no fork, so it has the app), with the scheduler for
    retries. Delivers what is due first, so nothing waits for a new commit after a restart."""
    rq_queue = queue(app, worker=True)
    enqueue_waiting(app)
    rq_queue.enqueue(deliver_job)
    SimpleWorker([rq_queue], connection=rq_queue.connection).work(burst=burst, with_scheduler=True)
