"""Live tallies: `participation_updated` to the rooms of the participation's wijk post, at most once a second per
participation.

Every write that changes a participation's counts collects its id (`services.TALLIES_CHANGED`). Just before that
transaction commits, the `Throttle` says whether to send now: when nothing went out for the participation in the last
second, the event is published in the writing transaction itself (its seq and log row, emitted after the commit, like
every live event). Otherwise one send is made sure of when the second is over, in the background, in its own short
transaction — however many answers came in meanwhile, that one send carries the counts as they are then.

What is sent is decided at the moment of sending, from the rules as they are then: the tallies go out only when
everyone may see them (results visibility `live`, or the participation is closed); otherwise only the counts. The
wijk's event log keeps the counts alone, never the tallies, so a client resuming later (or after the results became
stricter) reads nothing from it it may not see now. Someone who may see the results on other grounds (the owner,
a person who answered under `after_answering`) fetches them with GET .../results when the count changes.

The throttle lives in each server process: with several processes, each sends at most once a second.
"""
import threading
import time
from collections.abc import Callable

from flask import current_app

from core.extensions import db, socketio
from core.transactions import before_commit, commit
from wijken.live import register_event

from .models import Participation
from .services import TALLIES_CHANGED, announce_to_post, results

INTERVAL = 1.0  # seconds between two sends for one participation
register_event("participation_updated")


class Throttle:
    """At most one send per `interval` per key: `claim(key)` is True when the caller may send now; otherwise one
    `send(key)` is scheduled for when the interval is over, and claims until then are coalesced into it.

    `clock()` gives the time in seconds and `schedule(delay, job)` runs `job()` after `delay` seconds in the
    background; tests give both, so they need no sleeping."""

    def __init__(self, send: Callable, schedule: Callable, clock: Callable = time.monotonic,
                 interval: float = INTERVAL):
        self.send, self.schedule, self.clock, self.interval = send, schedule, clock, interval
        self._last: dict = {}
        self._waiting: set = set()
        self._lock = threading.Lock()

    def claim(self, key) -> bool:
        with self._lock:
            if key in self._waiting:
                return False  # a send is coming, and it will carry this change too
            now = self.clock()
            delay = self._last.get(key, float("-inf")) + self.interval - now
            if delay <= 0:
                self._last[key] = now
                return True
            self._waiting.add(key)
        self.schedule(delay, lambda: self._run(key))
        return False

    def _run(self, key) -> None:
        with self._lock:
            self._waiting.discard(key)
            self._last[key] = self.clock()
        self.send(key)


def payload(participation: Participation) -> tuple[dict, dict]:
    """(what is sent, what the log keeps): the counts, and the tallies only while everyone may see them."""
    counts = {"participation_id": participation.id, "post_id": participation.post_id,
              "status": participation.status, "participant_count": participation.participant_count}
    public = participation.results_visibility == "live" or participation.status == "closed"
    return (counts | {"results": results(participation)} if public else counts), counts


def _publish(participation_id: int) -> None:
    participation = db.session.get(Participation, participation_id)
    if participation is not None and participation.post_id is not None:
        sent, logged = payload(participation)
        announce_to_post(participation, "participation_updated", sent, logged=logged)


def send_tallies(participation_id: int) -> None:
    """A send after the interval, in its own transaction (the event's seq and log row)."""
    _publish(participation_id)
    commit()


def _in_background(app) -> Callable:
    def schedule(delay: float, job: Callable) -> None:
        def run():
            socketio.sleep(delay)
            with app.app_context():
                try:
                    job()
                except Exception:  # a lost update is made good by the next one; never a dead thread's traceback
                    app.logger.exception("live tallies could not be sent")
                    db.session.rollback()
                finally:
                    db.session.remove()
        socketio.start_background_task(run)
    return schedule


def throttle() -> Throttle:
    """The app's throttle (made on first use, with LIVE_TALLY_INTERVAL; a test may put its own in first)."""
    app = current_app._get_current_object()
    if "participation_live" not in app.extensions:
        app.extensions["participation_live"] = Throttle(send_tallies, _in_background(app),
                                                        interval=app.config["LIVE_TALLY_INTERVAL"])
    return app.extensions["participation_live"]


@before_commit(TALLIES_CHANGED)
def _tallies_changed(participation_ids: list) -> None:
    current = throttle()
    for participation_id in dict.fromkeys(participation_ids):
        if current.claim(participation_id):
            _publish(participation_id)
