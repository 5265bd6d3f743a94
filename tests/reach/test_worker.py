"""RQ workers on Redis deliver the outbox; a worker killed mid-batch and restarted sends each mail once."""
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from core.extensions import db
from reach.models import OutboundMail

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def queue_name():
    return f"wp-test-mail-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def app(make_app, redis_url, queue_name):
    """Commits enqueue delivery jobs on a queue of this test's own."""
    app = make_app(REDIS_URL=redis_url, JOBS_QUEUE=queue_name)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def start_worker(app, redis_url, queue_name, smtp, tmp_path):
    workers = []

    def start() -> subprocess.Popen:
        env = os.environ | {
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": redis_url, "JOBS_QUEUE": queue_name,
            "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "SECRET_KEY": "worker-test",
            "BASE_URL": "http://localhost", "MAIL_CLAIM_TIMEOUT": "2",
        }
        log = (tmp_path / f"worker-{len(workers)}.log").open("w")
        worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "jobs", "worker"], cwd=ROOT,
                                  env=env, stdout=log, stderr=subprocess.STDOUT)
        workers.append((worker, log))
        return worker

    yield start
    for worker, log in workers:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:  # RQ's warm shutdown sometimes hangs unsubscribing from its pubsub
                worker.kill()
                worker.wait(timeout=10)
        log.close()


def wait_for(condition, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_worker_killed_mid_batch_and_restarted_sends_each_mail_once(app, smtp, start_worker, make_user,
                                                                      make_wijk, make_post):
    from wijken.services import follow
    wijk = make_wijk("centrum")
    followers = [make_user(two_factor_on=False) for _ in range(6)]
    for person in followers:
        follow(person, wijk, "all")
    smtp.rcpt_delay = 0.4  # a slow mail server: the batch takes seconds
    make_post(make_user(two_factor_on=False), wijk, title="Straatfeest")  # commits, enqueues the job

    first = start_worker()
    # Kill it mid-batch: two messages delivered, the third being handed over (the server is still
    # thinking about its recipient). No clean shutdown: that message stays claimed by a dead worker.
    assert wait_for(lambda: len(smtp.messages) == 2 and smtp.rcpts_started == 3), "the worker delivered nothing"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert len(smtp.messages) == 2

    start_worker()
    assert wait_for(lambda: len(smtp.messages) >= len(followers)), "the restarted worker did not finish the batch"
    time.sleep(3)  # anything sent twice would arrive by now (the claim timeout is 2 s)
    received = sorted(r for rcpts, _m in smtp.messages for r in rcpts)
    assert received == sorted(p.email for p in followers)  # everyone once, nobody twice
    db.session.rollback()
    assert set(db.session.scalars(select(OutboundMail.status))) == {"sent"}

