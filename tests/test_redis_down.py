"""Redis away: logins, writes and commands keep working; limits fall back to memory; jobs wait in the database.

The apps here point at a port where nothing listens, as a production server does when Redis is down.
"""
import logging
import uuid

import pytest
from sqlalchemy import func, select

from core.extensions import db, limiter
from reach.models import PendingJob
from tests.conftest import Api, log_in
from tests.helpers import free_port


def _dead_redis_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"  # a port that was free a moment ago: nothing answers there


@pytest.fixture
def dead_redis():
    return _dead_redis_url()


@pytest.fixture
def limiter_recovers():
    """The limiter is one object for every app of the test run: the next app's counters start in its storage."""
    yield
    limiter._storage_dead = False  # noqa: SLF001  (Flask-Limiter's own flag; it resets only on recovery)


def test_logins_and_writes_work_and_limits_fall_back_to_memory(make_user, make_wijk, make_post, make_app,
                                                               dead_redis, limiter_recovers, caplog):
    wijk = make_wijk("centrum")
    user = make_user(two_factor_on=False)
    post = make_post(make_user(two_factor_on=False), wijk)
    app = make_app(REDIS_URL=dead_redis, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=dead_redis,
                   AUTH_LIMIT_PER_ACCOUNT="3 per minute")
    with app.app_context(), caplog.at_level(logging.WARNING):
        client = app.test_client()
        log_in(client, user)  # the password form, limited per IP and per account
        assert client.get("/").status_code == 200
        comment = client.post(f"/w/centrum/p/{post.id}/reageren", data={"body": "Eens!"})
        assert comment.status_code == 302
        api = Api(app.test_client(), user)
        assert api.post(f"/api/v1/posts/{post.id}/comments", json={"body": "Ook via de API"}).status_code == 201
        assert "falling back to in-memory storage" in caplog.text
        # The limits still hold, counted in this process's memory.
        stranger = app.test_client()
        wrong = [stranger.post("/login", data={"email": "x@example.test", "password": "fout"}).status_code
                 for _ in range(4)]
        assert wrong == [422, 422, 422, 429]


def test_a_post_stored_while_redis_is_away_is_mailed_when_it_returns(make_user, make_wijk, make_app, dead_redis,
                                                                   redis_url, smtp):
    from rq import SimpleWorker

    from reach.jobs import enqueue_waiting, queue
    from wijken.services import follow
    wijk = make_wijk("centrum")
    follower = make_user("Volger", two_factor_on=False)
    follow(follower, wijk, "all")
    poster = make_user("Schrijver", two_factor_on=False)
    down = make_app(REDIS_URL=dead_redis)
    with down.app_context():
        response = Api(down.test_client(), poster).post("/api/v1/wijken/centrum/posts", json={
            "kind": "bericht", "title": "Straatfeest zaterdag", "body": "Iedereen welkom."})
        assert response.status_code == 201  # stored, so answered as stored
        waiting = db.session.scalars(select(PendingJob.func).order_by(PendingJob.id)).all()
        assert waiting == ["reach.mailings.fan_out", "reach.jobs.deliver_job"]
    assert smtp.messages == []

    up = make_app(REDIS_URL=redis_url, JOBS_QUEUE=f"wp-test-jobs-{uuid.uuid4().hex[:8]}")
    with up.app_context():
        assert enqueue_waiting(up) == 2  # as a worker starting, or a sweep, does once Redis answers again
        assert db.session.scalar(select(func.count()).select_from(PendingJob)) == 0
        rq_queue = queue(up)
        SimpleWorker([rq_queue], connection=rq_queue.connection).work(burst=True)
    subjects = [m["Subject"] for m in smtp.to(follower.email)]
    assert len(subjects) == 1 and "Straatfeest zaterdag" in subjects[0], subjects


def test_jobs_go_to_the_queue_after_the_commit_when_redis_is_there(make_user, make_wijk, make_app, redis_url):
    from wijken.services import follow
    wijk = make_wijk("centrum")
    follow(make_user(two_factor_on=False), wijk, "all")
    poster = make_user(two_factor_on=False)
    up = make_app(REDIS_URL=redis_url, JOBS_QUEUE=f"wp-test-jobs-{uuid.uuid4().hex[:8]}")
    with up.app_context():
        from reach.jobs import queue
        response = Api(up.test_client(), poster).post("/api/v1/wijken/centrum/posts", json={
            "kind": "bericht", "title": "Straatfeest", "body": "Welkom."})
        assert response.status_code == 201
        assert db.session.scalar(select(func.count()).select_from(PendingJob)) == 0
        assert [job.func_name for job in queue(up).jobs] == ["reach.mailings.fan_out", "reach.jobs.deliver_job"]
        queue(up).empty()


def test_seed_demo_works_with_redis_away(make_app, dead_redis):
    from demo.seed import seed_demo_command
    app = make_app(REDIS_URL=dead_redis)
    with app.app_context():
        result = app.test_cli_runner().invoke(seed_demo_command)
        assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
        assert db.session.scalar(select(func.count()).select_from(PendingJob)) > 0  # the demo's mail waits
